package slogspan

import (
	"context"
	"io"
	"log"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/logspan/logspan/core"
)

// Wrapping slog's built-in default handler.
//
// That handler (the one slog.Default() has until slog.SetDefault is called)
// writes "LEVEL msg attrs" through package log, which adds its prefix and
// flags (date, time, file:line) and writes to its writer. slog.SetDefault,
// given any other handler, points package log at that handler instead and
// sets log's flags to 0. With the wrapper of the built-in handler as the new
// default, that is a loop: a slog record goes through the built-in handler
// into package log, back into the wrapper, into the built-in handler again,
// which waits for the lock package log holds: the first log hangs. And even
// without the hang, package log's lines would become slog records.
//
// So the wrapper keeps the built-in handler and undoes what slog.SetDefault
// did to package log: the first time it handles a record after becoming the
// default, it gives package log back the writer and flags it had when Wrap
// was called. From then on both outputs are byte for byte what they were
// without logspan: slog records through the built-in handler (plus
// trace_id and span_id), package log's lines untouched (and no spans for
// them, as before the line was added).
//
// Until that first record, and whenever package log still points at a
// handler that leads back here (slog.SetDefault called again, or the default
// is a handler wrapping this one), the lines arrive while package log holds
// its lock. Those are recognised by their caller, slog's log bridge, and
// written here exactly as package log would have written them, without
// going through package log again, so nothing can hang.

// logBridge is what the wrapper of a built-in handler knows of package
// log: its writer and flags when Wrap was called, to give back.
type logBridge struct {
	out   io.Writer
	flags int
	// flush is the span handler's Sync: a line of log.Fatal or log.Panic
	// is the process's last, and what is queued must leave first.
	flush func() error

	mu sync.Mutex
	// seen is the default logger, and seenFlags log's flags, when the
	// bridge last checked package log: while neither changes, slog.SetDefault
	// has not been called since and there is nothing to repair.
	seen      atomic.Pointer[slog.Logger]
	seenFlags atomic.Int64
	pending   atomic.Bool // a repair waits for package log's lock
}

// isBuiltin reports whether h is slog's built-in default handler or one
// derived from it with WithAttrs or WithGroup.
func isBuiltin(h slog.Handler) bool {
	return reflect.TypeOf(h).String() == "*slog.defaultHandler"
}

// builtinStandIn is the application handler under Wrap when that is the
// built-in one: it hands records to the built-in handler and keeps package
// log as it was (see above).
type builtinStandIn struct {
	builtin slog.Handler
	bridge  *logBridge
}

func newBuiltinStandIn(builtin slog.Handler, flush func() error) *builtinStandIn {
	b := &logBridge{out: log.Writer(), flags: log.Flags(), flush: flush}
	b.seenFlags.Store(-1)
	return &builtinStandIn{builtin: builtin, bridge: b}
}

// Enabled is the built-in handler's answer (slog.SetLogLoggerLevel). It
// never touches package log, so it is safe under its lock.
func (b *builtinStandIn) Enabled(ctx context.Context, l slog.Level) bool {
	return b.builtin.Enabled(ctx, l)
}

// Handle passes r to the built-in handler, after repairing package log if
// slog.SetDefault has pointed it back here. The caller (teeHandler.Handle)
// has made sure package log's lock is not held.
func (b *builtinStandIn) Handle(ctx context.Context, r slog.Record) error {
	b.bridge.repair()
	return b.builtin.Handle(ctx, r)
}

func (b *builtinStandIn) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &builtinStandIn{builtin: b.builtin.WithAttrs(attrs), bridge: b.bridge}
}

func (b *builtinStandIn) WithGroup(name string) slog.Handler {
	return &builtinStandIn{builtin: b.builtin.WithGroup(name), bridge: b.bridge}
}

// repair gives package log back its writer and flags when slog.SetDefault
// made a handler of this bridge the default, which pointed package log at
// it. It must not be called under package log's lock.
func (b *logBridge) repair() { b.repairFlags(true) }

// repairFlags is repair, giving the flags back too when flags is true.
// The hand-over that waits for package log's lock (writeLogLine's) gives
// back only the writer: it runs at any moment, and package log reads its
// flags before it takes the lock, so setting them there could meet a line
// already formatted without them. writeLogLine sets the flags itself,
// under the lock, where no line is between formatting and writing.
func (b *logBridge) repairFlags(flags bool) {
	def := slog.Default()
	logFlags := log.Flags()
	if b.seen.Load() == def && b.seenFlags.Load() == int64(logFlags) {
		return
	}
	if !flags && logFlags == 0 && b.flags != 0 {
		// The writer alone cannot go back: lines would be written with
		// log's flags at 0, without their header. The next line through
		// the bridge sets the flags under the lock, and a hand-over after
		// it finds them set.
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.owns(def.Handler()) && isLogBridge(log.Writer()) {
		// Flags first: package log reads them before it takes the lock
		// that SetOutput waits for, so a line formatted from now on has
		// its header, whichever writer it meets.
		if flags && logFlags == 0 { // as slog.SetDefault left them; else the application's
			log.SetFlags(b.flags)
		}
		// Package log writes to its own writer again, through one that
		// flushes the spans when the line is a log.Fatal's or log.Panic's.
		log.SetOutput(&fatalFlusher{out: b.out, flush: b.flush})
	}
	b.seen.Store(def)
	b.seenFlags.Store(int64(log.Flags()))
}

// owns reports whether h is a wrapper of this bridge's built-in handler.
func (b *logBridge) owns(h slog.Handler) bool {
	t, ok := h.(*teeHandler)
	return ok && t.std != nil && t.std.bridge == b
}

// isLogBridge reports whether w is slog's writer feeding package log's
// lines to a handler, the one slog.SetDefault installs.
func isLogBridge(w io.Writer) bool {
	return w != nil && reflect.TypeOf(w).String() == "*slog.handlerWriter"
}

// writeLogLine writes a line package log handed to slog's bridge, which
// holds package log's lock, as package log would have written it: with the
// flags it had when Wrap was called, or, when the application has set flags
// since slog.SetDefault zeroed them, as package log already formatted it.
// It then repairs package log once its lock is free.
func (b *logBridge) writeLogLine(r slog.Record) error {
	var buf []byte
	if log.Flags() == 0 {
		buf = appendLogLine(buf, r.Time, log.Prefix(), b.flags, r.PC, r.Message)
	} else {
		buf = append(buf, r.Message...)
		buf = append(buf, '\n')
	}
	_, err := b.out.Write(buf)
	if core.StdLogFatal() {
		_ = b.flush()
	}
	if b.owns(slog.Default().Handler()) && log.Flags() == 0 && b.flags != 0 {
		// The flags now, under package log's lock (SetFlags takes none):
		// the next line is formatted with its header and passes through
		// here as it is until the writer is given back below. Waiting for
		// that repair to set them would let the lines in between lose
		// their header.
		log.SetFlags(b.flags)
	}
	if b.owns(slog.Default().Handler()) && b.pending.CompareAndSwap(false, true) {
		repairs.Add(1)
		go func() { // waits for package log's lock, which this goroutine holds
			defer repairs.Done()
			b.repairFlags(false)
			b.pending.Store(false)
		}()
	}
	return err
}

// appendLogLine appends the line package log writes for msg with the given
// prefix and flags (log.Logger.Output's format: prefix unless Lmsgprefix,
// date, time, file:line, prefix if Lmsgprefix, msg, newline). msg came
// through slog's bridge, formatted with flags 0: it starts with the prefix
// and lost the final newline package log added.
func appendLogLine(buf []byte, t time.Time, prefix string, flags int, pc uintptr, msg string) []byte {
	msg = strings.TrimPrefix(msg, prefix)
	if flags&log.Lmsgprefix == 0 {
		buf = append(buf, prefix...)
	}
	if flags&(log.Ldate|log.Ltime|log.Lmicroseconds) != 0 {
		if flags&log.LUTC != 0 {
			t = t.UTC()
		}
		if flags&log.Ldate != 0 {
			y, m, d := t.Date()
			buf = appendPadded(buf, y, 4)
			buf = append(buf, '/')
			buf = appendPadded(buf, int(m), 2)
			buf = append(buf, '/')
			buf = appendPadded(buf, d, 2)
			buf = append(buf, ' ')
		}
		if flags&(log.Ltime|log.Lmicroseconds) != 0 {
			h, mi, s := t.Clock()
			buf = appendPadded(buf, h, 2)
			buf = append(buf, ':')
			buf = appendPadded(buf, mi, 2)
			buf = append(buf, ':')
			buf = appendPadded(buf, s, 2)
			if flags&log.Lmicroseconds != 0 {
				buf = append(buf, '.')
				buf = appendPadded(buf, t.Nanosecond()/1e3, 6)
			}
			buf = append(buf, ' ')
		}
	}
	if flags&(log.Lshortfile|log.Llongfile) != 0 {
		file, line := "???", 0
		if pc != 0 {
			f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
			if f.File != "" {
				file = f.File
			}
			line = f.Line
		}
		if flags&log.Lshortfile != 0 {
			if i := strings.LastIndexByte(file, '/'); i >= 0 {
				file = file[i+1:]
			}
		}
		buf = append(buf, file...)
		buf = append(buf, ':')
		buf = appendPadded(buf, line, -1)
		buf = append(buf, ": "...)
	}
	if flags&log.Lmsgprefix != 0 {
		buf = append(buf, prefix...)
	}
	buf = append(buf, msg...)
	return append(buf, '\n')
}

// appendPadded appends i in decimal, zero-padded to width digits (no
// padding for a width below 1).
func appendPadded(buf []byte, i, width int) []byte {
	var b [20]byte
	p := len(b)
	for i >= 10 || width > 1 {
		width--
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	p--
	b[p] = byte('0' + i)
	return append(buf, b[p:]...)
}

// Frames that tell, from the handler's caller, whether package log's lock is
// held: slog's bridge writer calls the handler under it, slog's Logger
// methods and package log's own methods never hold it when they get here.
const (
	frameOther uint8 = iota
	frameBridge
	frameFree
)

var frameKinds sync.Map // program counter -> frame kind

// underLogLock reports whether the goroutine is inside slog's bridge from
// package log, which holds package log's lock: a record arriving that way
// must not be written through package log. skip counts the frames above
// runtime.Callers to leave out.
func underLogLock(skip int) bool {
	var pcs [8]uintptr
	for depth := skip; depth < skip+64; depth += len(pcs) {
		n := runtime.Callers(depth, pcs[:])
		for _, pc := range pcs[:n] {
			switch frameKind(pc) {
			case frameBridge:
				return true
			case frameFree:
				return false
			}
		}
		if n < len(pcs) {
			return false
		}
	}
	return false
}

func frameKind(pc uintptr) uint8 {
	if k, ok := frameKinds.Load(pc); ok {
		return k.(uint8)
	}
	k := frameOther
	if fn := runtime.FuncForPC(pc - 1); fn != nil {
		switch name := fn.Name(); {
		case name == "log/slog.(*handlerWriter).Write":
			k = frameBridge
		case strings.HasPrefix(name, "log/slog.(*Logger)."), strings.HasPrefix(name, "log/slog."),
			strings.HasPrefix(name, "log.(*Logger)."), strings.HasPrefix(name, "runtime."):
			k = frameFree
		}
	}
	frameKinds.Store(pc, k)
	return k
}

// repairs counts the repairs waiting for package log's lock, so that a
// test can wait for the hand-over to finish before it changes package
// log's globals again.
var repairs sync.WaitGroup

// fatalFlusher is package log's writer once the bridge has given it back:
// it writes every line as it is, and flushes the spans after a line that
// log.Fatal or log.Panic wrote (the stack tells, so only package log's
// lines pay for looking).
type fatalFlusher struct {
	out   io.Writer
	flush func() error
}

func (f *fatalFlusher) Write(p []byte) (int, error) {
	n, err := f.out.Write(p)
	if core.StdLogFatal() {
		_ = f.flush()
	}
	return n, err
}
