package slogspan_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// logGlobals saves slog's default logger and level and package log's
// writer, flags and prefix, and restores them when the test ends (unless
// logging hung, when the stuck goroutine holds package log's lock).
type logGlobals struct{ hung bool }

func saveLogGlobals(t *testing.T) *logGlobals {
	t.Helper()
	// A hand-over of package log left pending by an earlier test would
	// change log's flags in the middle of this one.
	slogspan.WaitRepairs()
	g := &logGlobals{}
	prevDefault, prevOut, prevFlags, prevPrefix := slog.Default(), log.Writer(), log.Flags(), log.Prefix()
	prevLevel := slog.SetLogLoggerLevel(slog.LevelInfo)
	t.Cleanup(func() {
		if g.hung {
			return
		}
		slogspan.WaitRepairs()
		slog.SetDefault(prevDefault)
		slog.SetLogLoggerLevel(prevLevel)
		log.SetOutput(prevOut)
		log.SetFlags(prevFlags)
		log.SetPrefix(prevPrefix)
	})
	return g
}

// run calls f, failing the test if it does not return within 5s.
func (g *logGlobals) run(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		slogspan.WaitRepairs() // the hand-over it started is part of it
	case <-time.After(5 * time.Second):
		g.hung = true
		t.Fatal("logging hung: package log's output looped back into the built-in handler")
	}
}

// oneLine is the README's migration line for slog.
func oneLine(tp *sdktrace.TracerProvider) {
	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler(), logspan.WithTracerProvider(tp))))
}

// emitSlog logs through slog's top-level functions, with and without a
// context, attributes and groups.
func emitSlog(ctx context.Context) {
	slog.Info("after", "k", 1)
	slog.InfoContext(ctx, "ctx", "a", 1, slog.Group("g", "b", "two words", slog.Group("h", "c", 2.5)), "e", fmt.Errorf("boom"))
	slog.Default().WithGroup("wg").With("w", 1).WarnContext(ctx, "grouped", "d", []int{1, 2})
	slog.Debug("below the built-in handler's level")
	slog.Error("no ctx", slog.Group("empty"), "z", nil)
}

// emitLog logs through package log.
func emitLog() {
	log.Print("std after")
	log.Printf("n=%d\n", 3)
	log.Println("two", "args")
	log.Print("ends in two newlines\n\n")
}

var (
	clockRE = regexp.MustCompile(`\d{4}/\d{2}/\d{2} |\d{2}:\d{2}:\d{2}(\.\d{6})? `)
	idsRE   = regexp.MustCompile(` (\S*)trace_id=([0-9a-f]{32}) (\S*)span_id=([0-9a-f]{16})`)
)

// maskClock replaces package log's date and time, the one part two runs of
// the same logs cannot share.
func maskClock(s string) string { return clockRE.ReplaceAllString(s, "<clock> ") }

// The README's one line must leave the application's output byte for byte
// as it was, for slog records (apart from trace_id and span_id) and package
// log's lines alike, under any flags and prefix, whichever logs first.
func TestWrapBuiltinOutputUnchanged(t *testing.T) {
	tests := []struct {
		name   string
		flags  int
		prefix string
	}{
		{"no flags", 0, ""},
		{"std flags", log.LstdFlags, ""},
		{"short file and prefix", log.LstdFlags | log.Lshortfile, "app: "},
		{"long file micro UTC", log.Llongfile | log.Lmicroseconds | log.LUTC, "p "},
		{"msgprefix", log.Lmsgprefix | log.Ltime | log.Lshortfile, "[x] "},
		{"prefix only", 0, "pre|"},
	}
	orders := []struct {
		name string
		emit func(context.Context)
	}{
		{"slog first", func(ctx context.Context) { emitSlog(ctx); emitLog() }},
		{"log first", func(ctx context.Context) { emitLog(); emitSlog(ctx) }},
	}
	for _, tt := range tests {
		for _, order := range orders {
			t.Run(tt.name+"/"+order.name, func(t *testing.T) {
				g := saveLogGlobals(t)
				tp, rec := spantest.NewRecorder(t)
				ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
				defer parent.End()
				var out bytes.Buffer
				log.SetOutput(&out)
				log.SetFlags(tt.flags)
				log.SetPrefix(tt.prefix)

				order.emit(ctx)
				before := out.String()
				out.Reset()
				g.run(t, func() {
					oneLine(tp)
					order.emit(ctx)
				})
				after := out.String()

				if got, want := maskClock(idsRE.ReplaceAllString(after, "")), maskClock(before); got != want {
					t.Errorf("output changed by the one line\nbefore:\n%s\nafter:\n%s", want, got)
				}
				// The writer is the application's behind logspan's flushing
				// writer (a log.Fatal line flushes the spans); the bytes
				// above show it writes through.
				if log.Flags() != tt.flags || log.Prefix() != tt.prefix {
					t.Errorf("package log left with flags %d prefix %q", log.Flags(), log.Prefix())
				}
				checkIDs(t, after, rec.Ended(), parent.SpanContext().SpanID().String())
			})
		}
	}
}

// checkIDs checks the spans the slog records made (package log's lines
// make none), and that the ids in the output are theirs.
func checkIDs(t *testing.T, out string, spans []sdktrace.ReadOnlySpan, parentID string) {
	t.Helper()
	byName := map[string]sdktrace.ReadOnlySpan{}
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
		byName[s.Name()] = s
	}
	if want := []string{"after", "ctx", "grouped", "no ctx"}; strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %q, want %q", names, want)
	}
	m := idsRE.FindAllStringSubmatch(out, -1)
	if len(m) != 2 {
		t.Fatalf("ids in %d lines, want 2 (the records with a span in ctx):\n%s", len(m), out)
	}
	for i, name := range []string{"ctx", "grouped"} {
		sc := byName[name].SpanContext()
		if m[i][2] != sc.TraceID().String() || m[i][4] != sc.SpanID().String() {
			t.Errorf("%s: ids %s/%s, span %s/%s", name, m[i][2], m[i][4], sc.TraceID(), sc.SpanID())
		}
		if got := byName[name].Parent().SpanID().String(); got != parentID {
			t.Errorf("%s: parent %s, want %s", name, got, parentID)
		}
	}
	if m[1][1] != "wg." || m[1][3] != "wg." {
		t.Errorf("ids of the grouped record outside its group: %q", m[1][0])
	}
}

// slog.SetDefault again (it points package log back at the wrapper), a
// default that wraps the wrapper, and loggers derived from the built-in
// handler before wrapping must neither hang nor change the output.
func TestWrapBuiltinAgain(t *testing.T) {
	tests := []struct {
		name  string
		setup func(tp *sdktrace.TracerProvider)
	}{
		{"SetDefault twice", func(tp *sdktrace.TracerProvider) {
			l := slog.New(slogspan.Wrap(slog.Default().Handler(), logspan.WithTracerProvider(tp)))
			slog.SetDefault(l)
			slog.SetDefault(l)
		}},
		{"SetDefault after use", func(tp *sdktrace.TracerProvider) {
			l := slog.New(slogspan.Wrap(slog.Default().Handler(), logspan.WithTracerProvider(tp)))
			slog.SetDefault(l)
			log.Print("std after")
			slog.Info("after", "k", 1)
			slog.SetDefault(l)
		}},
		{"default wraps the wrapper", func(tp *sdktrace.TracerProvider) {
			slog.SetDefault(slog.New(passThrough{slogspan.Wrap(slog.Default().Handler(), logspan.WithTracerProvider(tp))}))
		}},
		{"derived before wrapping", func(tp *sdktrace.TracerProvider) {
			h := slog.Default().Handler().WithAttrs([]slog.Attr{slog.Int("w", 1)}).WithGroup("g")
			slog.SetDefault(slog.New(slogspan.Wrap(h, logspan.WithTracerProvider(tp))))
		}},
	}
	emit := func() {
		log.Print("std after")
		slog.Info("after", "k", 1)
		log.Printf("n=%d", 3)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := saveLogGlobals(t)
			tp, _ := spantest.NewRecorder(t)
			var out bytes.Buffer
			log.SetOutput(&out)
			log.SetFlags(log.LstdFlags)
			log.SetPrefix("app: ")
			emit()
			emit()
			log.Print("-")
			before := out.String()
			out.Reset()
			g.run(t, func() {
				emit()
				tt.setup(tp)
				out.Reset()
				emit()
				emit()
				log.Print("-")
			})
			want := before
			if tt.name == "derived before wrapping" {
				want = strings.ReplaceAll(before, "INFO after k=1", "INFO after w=1 g.k=1")
			}
			if got := maskClock(out.String()); got != maskClock(want) {
				t.Errorf("output\n%s\nwant\n%s", got, maskClock(want))
			}
		})
	}
}

// passThrough is an application handler around the wrapper.
type passThrough struct{ slog.Handler }

func (p passThrough) WithAttrs(as []slog.Attr) slog.Handler {
	return passThrough{p.Handler.WithAttrs(as)}
}
func (p passThrough) WithGroup(name string) slog.Handler {
	return passThrough{p.Handler.WithGroup(name)}
}

// Package log and slog logging at once, right after the one line, while
// the wrapper repairs package log: no hang, no race, no line lost or
// changed.
func TestWrapBuiltinConcurrent(t *testing.T) {
	g := saveLogGlobals(t)
	tp, rec := spantest.NewRecorder(t)
	var out syncBuffer
	log.SetOutput(&out)
	log.SetFlags(0)
	log.SetPrefix("p: ")
	const n = 50
	g.run(t, func() {
		oneLine(tp)
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				for j := range n {
					if i%2 == 0 {
						log.Printf("std %d", j)
					} else {
						slog.Info("rec", "j", j)
					}
				}
			})
		}
		wg.Wait()
	})
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4*n {
		t.Fatalf("%d lines, want %d", len(lines), 4*n)
	}
	lineRE := regexp.MustCompile(`^p: (std \d+|INFO rec j=\d+)$`)
	for _, l := range lines {
		if !lineRE.MatchString(l) {
			t.Errorf("line %q", l)
		}
	}
	if got := len(rec.Ended()); got != 2*n {
		t.Errorf("%d spans, want %d (the slog records)", got, 2*n)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Flags and prefix the application sets after the one line apply to both
// outputs, as they would have without it, whether or not a record has been
// logged in between.
func TestWrapBuiltinFlagsChangedAfter(t *testing.T) {
	for _, logFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("record before the change %v", logFirst), func(t *testing.T) {
			g := saveLogGlobals(t)
			tp, _ := spantest.NewRecorder(t)
			var out bytes.Buffer
			log.SetOutput(&out)
			log.SetFlags(log.LstdFlags)
			emit := func() {
				log.Print("std after")
				slog.Info("after", "k", 1)
			}
			log.SetFlags(log.Lshortfile | log.Lmsgprefix)
			log.SetPrefix("new: ")
			emit()
			want := out.String()
			log.SetFlags(log.LstdFlags)
			log.SetPrefix("")
			out.Reset()
			g.run(t, func() {
				oneLine(tp)
				if logFirst {
					slog.Info("first")
				}
				log.SetFlags(log.Lshortfile | log.Lmsgprefix)
				log.SetPrefix("new: ")
				out.Reset()
				emit()
			})
			if got := out.String(); got != want {
				t.Errorf("output\n%s\nwant\n%s", got, want)
			}
		})
	}
}
