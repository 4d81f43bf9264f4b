package slogspan_test

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

func benchProvider(b *testing.B, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	return spantest.NewBenchProvider(b, sampler)
}

var benchErr = errors.New("connection reset")

// logFive is the benchmarks' log: a message and five typed attributes, one
// of them an error, through LogAttrs (slog's allocation-free call).
func logFive(ctx context.Context, l *slog.Logger, level slog.Level) {
	l.LogAttrs(ctx, level, "checkout",
		slog.String("user", "ada"),
		slog.Int("items", 3),
		slog.Float64("total", 42.5),
		slog.Bool("retry", true),
		slog.Any("error", benchErr),
	)
}

// BenchmarkFloor is the raw SDK instant span carrying the attributes
// slogspan emits for the same log: the cost slogspan is measured against.
func BenchmarkFloor(b *testing.B) { spantest.BenchmarkFloor(b, slogspan.ScopeName) }

// BenchmarkSlogJSON is slog's own JSON handler writing the same log to
// io.Discard: the baseline a slog user compares with.
func BenchmarkSlogJSON(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		logFive(ctx, logger, slog.LevelInfo)
	}
}

func BenchmarkSlogspan(b *testing.B) {
	for _, bc := range []struct {
		name    string
		sampler sdktrace.Sampler
		parent  bool
		level   slog.Level
		source  bool
	}{
		{"Sampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), true, slog.LevelInfo, false},
		{"NoParent", sdktrace.ParentBased(sdktrace.AlwaysSample()), false, slog.LevelInfo, false},
		{"Unsampled", sdktrace.ParentBased(sdktrace.NeverSample()), true, slog.LevelInfo, false},
		{"Disabled", sdktrace.AlwaysSample(), true, slog.LevelDebug, false},
		{"WithSource", sdktrace.ParentBased(sdktrace.AlwaysSample()), true, slog.LevelInfo, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := benchProvider(b, bc.sampler)
			logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)).WithSource(bc.source))
			ctx := context.Background()
			if bc.parent {
				var parent trace.Span
				ctx, parent = tp.Tracer("bench").Start(ctx, "parent")
				defer parent.End()
			}
			b.ReportAllocs()
			for b.Loop() {
				logFive(ctx, logger, bc.level)
			}
		})
	}
}

func BenchmarkSlogspanWith(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp))).With(
		slog.String("a", "1"), slog.String("b", "2"), slog.String("c", "3"), slog.String("d", "4"), slog.String("e", "5"),
		slog.Int("f", 6), slog.Int("g", 7), slog.Int("h", 8), slog.Bool("i", true), slog.Float64("j", 10),
	)
	b.ReportAllocs()
	for b.Loop() {
		logger.LogAttrs(ctx, slog.LevelInfo, "checkout", slog.Int("n", 1))
	}
}

func BenchmarkSlogspanGroup(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp))).WithGroup("req")
	b.ReportAllocs()
	for b.Loop() {
		logger.LogAttrs(ctx, slog.LevelInfo, "checkout", slog.Group("user", slog.String("name", "ada"), slog.Int("id", 7)))
	}
}

func BenchmarkWrap(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := slog.New(slogspan.Wrap(slog.NewJSONHandler(io.Discard, nil), logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	for b.Loop() {
		logFive(ctx, logger, slog.LevelInfo)
	}
}

func BenchmarkSlogspanParallel(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			logFive(ctx, logger, slog.LevelInfo)
		}
	})
}

// nopWriter discards, without being io.Discard (package log skips the
// formatting for that one).
type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkBuiltin is the README's one line against slog's built-in
// default handler alone: the same record, formatted by the built-in
// handler and package log, without and with the span (sampled parent).
func BenchmarkBuiltin(b *testing.B) {
	for _, wrapped := range []bool{false, true} {
		name := "Plain"
		if wrapped {
			name = "Wrapped"
		}
		b.Run(name, func(b *testing.B) {
			prevDefault, prevOut, prevFlags := slog.Default(), log.Writer(), log.Flags()
			b.Cleanup(func() {
				slog.SetDefault(prevDefault)
				log.SetOutput(prevOut)
				log.SetFlags(prevFlags)
			})
			log.SetOutput(nopWriter{})
			tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
			ctx, span := tp.Tracer("bench").Start(context.Background(), "parent")
			defer span.End()
			if wrapped {
				slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler(), logspan.WithTracerProvider(tp))))
			}
			logger := slog.Default()
			b.ReportAllocs()
			for b.Loop() {
				logFive(ctx, logger, slog.LevelInfo)
			}
		})
	}
}
