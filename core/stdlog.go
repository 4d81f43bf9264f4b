package core

import "runtime"

// stdLogEnds are the functions of the standard library's log package that
// end the process (os.Exit) or panic right after writing their line.
var stdLogEnds = map[string]bool{
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"log.(*Logger).Fatal": true, "log.(*Logger).Fatalf": true, "log.(*Logger).Fatalln": true,
	"log.(*Logger).Panic": true, "log.(*Logger).Panicf": true, "log.(*Logger).Panicln": true,
}

// StdLogFatal reports whether the calling goroutine is inside log.Fatal,
// log.Panic or their *log.Logger and f/ln forms: the line being written
// is the process's last, and the adapter must flush before returning, as
// for its own logger's fatal level. Walking the stack costs about a
// microsecond, so adapters ask only for lines that come from the log
// package (slog's bridge, zapspan.RedirectStdLog).
func StdLogFatal() bool {
	var pcs [32]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if stdLogEnds[f.Function] {
			return true
		}
		if !more {
			return false
		}
	}
}
