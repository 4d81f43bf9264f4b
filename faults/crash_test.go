package faults_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/otelsetup/otlptest"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

// childEnv names the crash a re-executed test binary must perform.
const childEnv = "LOGSPAN_FAULTS_CRASH"

// crashes are the ways a process dies right after logging. Each child logs
// "queued" at info (which only a flush delivers, the export delay being
// ten minutes) and then its last words, and dies.
var crashes = map[string]func(){
	"zap-fatal": func() {
		l := zap.New(zapspan.NewCore())
		l.Info("queued")
		l.Fatal("last words")
	},
	"zap-panic": func() {
		l := zap.New(zapspan.NewCore())
		l.Info("queued")
		l.Panic("last words")
	},
	"zerolog-fatal": func() {
		l := zerolog.New(os.Stderr).Hook(zerologspan.NewHook())
		l.Info().Msg("queued")
		l.Fatal().Msg("last words")
	},
	"zerolog-panic": func() {
		l := zerolog.New(os.Stderr).Hook(zerologspan.NewHook())
		l.Info().Msg("queued")
		l.Panic().Msg("last words")
	},
	"logrus-fatal": func() {
		l := logrus.New()
		l.AddHook(logrusspan.NewHook())
		l.Info("queued")
		l.Fatal("last words")
	},
	"logrus-panic": func() {
		l := logrus.New()
		l.AddHook(logrusspan.NewHook())
		l.Info("queued")
		l.Panic("last words")
	},
	// slog has no fatal level: an application logs at error and panics. A
	// level at or above severity 21 (slog.LevelError+4) flushes.
	"slog-panic": func() {
		l := slog.New(slogspan.NewHandler())
		l.Info("queued")
		l.Log(context.Background(), slog.LevelError+4, "last words")
		panic("the application gives up")
	},
}

// stdLogCrashes die by the standard library's log.Fatal, with the log
// package routed through an adapter, and name the spans that must arrive:
// what was queued, and the fatal line where it is a span.
var stdLogCrashes = map[string]struct {
	crash func()
	want  []string
}{
	// The README's one line over slog's built-in handler: log's lines keep
	// their output and are not spans, but the queue is flushed.
	"stdlog-slog-builtin": {func() {
		slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
		slog.Info("queued")
		log.Fatal("last words")
	}, []string{"queued"}},
	"stdlog-slog-json": {func() {
		slog.SetDefault(slog.New(slogspan.Wrap(slog.NewJSONHandler(os.Stderr, nil))))
		slog.Info("queued")
		log.Fatal("last words")
	}, []string{"queued", "last words"}},
	"stdlog-zap": {func() {
		l := zap.New(zapspan.NewCore())
		zapspan.RedirectStdLog(l)
		l.Info("queued")
		log.Fatal("last words")
	}, []string{"queued", "last words"}},
}

func TestMain(m *testing.M) {
	if name := os.Getenv(childEnv); name != "" {
		runChild(name)
		fmt.Fprintln(os.Stderr, "the crash did not end the process")
		os.Exit(3)
	}
	// No goroutine of the pipeline outlives the tests: every provider is
	// shut down, every connection closed.
	goleak.VerifyTestMain(m)
}

func runChild(name string) {
	if _, err := otelsetup.Setup(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	if f, ok := bursts[name]; ok {
		f()
		return
	}
	if c, ok := stdLogCrashes[name]; ok {
		c.crash()
		return
	}
	crashes[name]()
}

func TestCrashDeliversTheLastLog(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for name := range crashes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := otlptest.NewHTTP()
			defer rec.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(),
				childEnv+"="+name,
				"OTEL_EXPORTER_OTLP_ENDPOINT="+rec.URL,
				"OTEL_TRACES_EXPORTER=otlp",
				"OTEL_BSP_SCHEDULE_DELAY=600000", // only a flush can deliver
				"OTEL_SERVICE_NAME=crash-"+name,
			)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 3 || exit.ExitCode() == 4 {
				t.Fatalf("child did not crash as planned: %v\n%s", err, out)
			}
			names := rec.SpanNames()
			if !slices.Contains(names, "last words") || !slices.Contains(names, "queued") {
				t.Errorf("receiver got %q before the process died; want the last words and what was queued\n%s", names, out)
			}
		})
	}
}

// TestStdLogFatalFlushes: log.Fatal routed through slog or zap delivers
// what was queued before the process exits (a ten-minute export delay:
// only a flush can deliver).
func TestStdLogFatalFlushes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for name, c := range stdLogCrashes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := otlptest.NewHTTP()
			defer rec.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(),
				childEnv+"="+name,
				"OTEL_EXPORTER_OTLP_ENDPOINT="+rec.URL,
				"OTEL_TRACES_EXPORTER=otlp",
				"OTEL_BSP_SCHEDULE_DELAY=600000",
				"OTEL_SERVICE_NAME=stdlog-"+name,
			)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("child did not exit by log.Fatal: %v\n%s", err, out)
			}
			names := rec.SpanNames()
			for _, w := range c.want {
				if !slices.Contains(names, w) {
					t.Errorf("receiver got %q before the process exited; want %q\n%s", names, w, out)
				}
			}
		})
	}
}
