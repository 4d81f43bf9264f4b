package logrusspan_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

func benchProvider(b *testing.B, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	return spantest.NewBenchProvider(b, sampler)
}

var benchErr = errors.New("connection reset")

// fiveFields are the fields of the benchmark log, as an application would
// pass them.
func fiveFields() logrus.Fields {
	return logrus.Fields{
		"user":          "ada",
		"items":         3,
		"total":         42.5,
		"retry":         true,
		logrus.ErrorKey: benchErr,
	}
}

// benchLogger is a logrus logger writing JSON to io.Discard at level, the
// application's logger the hook is added to.
func benchLogger(level logrus.Level) *logrus.Logger {
	logger := logrus.New()
	logger.Out = io.Discard
	logger.Formatter = &logrus.JSONFormatter{}
	logger.SetLevel(level)
	return logger
}

// BenchmarkFloor is the raw SDK instant span carrying the attributes
// logrusspan emits for the same log: the cost the hook adds to logrus is
// measured against it.
func BenchmarkFloor(b *testing.B) { spantest.BenchmarkFloor(b, logrusspan.ScopeName) }

// BenchmarkLogrusJSON is logrus alone, the baseline: the same log written
// as JSON to io.Discard, without the hook.
func BenchmarkLogrusJSON(b *testing.B) {
	logger := benchLogger(logrus.InfoLevel)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		logger.WithContext(ctx).WithFields(fiveFields()).Info("checkout")
	}
}

func BenchmarkLogrusspan(b *testing.B) {
	for _, bc := range []struct {
		name    string
		sampler sdktrace.Sampler
		parent  bool
		level   logrus.Level
	}{
		{"Sampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), true, logrus.InfoLevel},
		{"NoParent", sdktrace.ParentBased(sdktrace.AlwaysSample()), false, logrus.InfoLevel},
		{"Unsampled", sdktrace.ParentBased(sdktrace.NeverSample()), true, logrus.InfoLevel},
		// The logger writes Debug, the hook (from Info) is not fired:
		// compare with BenchmarkLogrusJSON.
		{"Disabled", sdktrace.AlwaysSample(), true, logrus.DebugLevel},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := benchProvider(b, bc.sampler)
			logger := benchLogger(logrus.DebugLevel)
			logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
			ctx := context.Background()
			if bc.parent {
				var parent trace.Span
				ctx, parent = tp.Tracer("bench").Start(ctx, "parent")
				defer parent.End()
			}
			b.ReportAllocs()
			for b.Loop() {
				logger.WithContext(ctx).WithFields(fiveFields()).Log(bc.level, "checkout")
			}
		})
	}
}

// BenchmarkFire is the hook alone, without logrus's formatting and
// writing.
func BenchmarkFire(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	entry := &logrus.Entry{Logger: logrus.New(), Data: fiveFields(), Level: logrus.InfoLevel, Message: "checkout", Context: ctx}
	data := entry.Data
	b.ReportAllocs()
	for b.Loop() {
		entry.Data, entry.Time = data, time.Now()
		_ = hook.Fire(entry)
	}
}

// BenchmarkLogrusspanWith logs through an entry carrying ten fields, the
// logrus form of a derived logger; the hook converts them at every log.
func BenchmarkLogrusspanWith(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := benchLogger(logrus.InfoLevel)
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	entry := logger.WithContext(ctx).WithFields(logrus.Fields{
		"a": "1", "b": "2", "c": "3", "d": "4", "e": "5",
		"f": 6, "g": 7, "h": 8, "i": true, "j": 10.0,
	})
	b.ReportAllocs()
	for b.Loop() {
		entry.WithField("n", 1).Info("checkout")
	}
}

func BenchmarkLogrusspanParallel(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := benchLogger(logrus.InfoLevel)
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			logger.WithContext(ctx).WithFields(fiveFields()).Info("checkout")
		}
	})
}
