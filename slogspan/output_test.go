package slogspan_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

type named struct {
	X, Y int
	Name string `json:"name,omitempty"`
}

type secret string

func (secret) LogValue() slog.Value { return slog.StringValue("***") }

var wrappedIDsRE = regexp.MustCompile(`,"trace_id":"[0-9a-f]{32}","span_id":"[0-9a-f]{16}"| (\S*)trace_id=[0-9a-f]{32} (\S*)span_id=[0-9a-f]{16}`)

// The application handler's own output, JSON and text, for a table of
// attributes is byte for byte what it is without Wrap, apart from the ids
// Wrap adds when the context holds a span.
func TestWrapOutputUnchanged(t *testing.T) {
	tests := []struct {
		name   string
		derive func(*slog.Logger) *slog.Logger
		give   []slog.Attr
	}{
		{"scalars", nil, []slog.Attr{slog.String("s", "a b"), slog.Int("i", -3), slog.Uint64("u", 1<<63), slog.Float64("f", 2.5), slog.Bool("b", true), slog.Any("f32", float32(1.1))}},
		{"nil", nil, []slog.Attr{slog.Any("n", nil), slog.Any("p", (*int)(nil))}},
		{"nil slice", nil, []slog.Attr{slog.Any("ints", []int(nil)), slog.Any("anys", []any(nil)), slog.Any("map", map[string]any(nil))}},
		{"empty slices", nil, []slog.Attr{slog.Any("ints", []int{}), slog.Any("strings", []string{}), slog.Any("anys", []any{})}},
		{"mixed slice", nil, []slog.Attr{slog.Any("mixed", []any{1, 2.5}), slog.Any("strs", []any{"a", 1})}},
		{"maps", nil, []slog.Attr{slog.Any("m", map[string]any{"a": 1, "b": []int{1, 2}}), slog.Any("empty", map[string]int{})}},
		{"structs", nil, []slog.Attr{slog.Any("pt", named{X: 1, Y: 2}), slog.Any("ptr", &named{Name: "n"})}},
		{"errors", nil, []slog.Attr{slog.Any("err", errors.New("boom")), slog.Any("joined", errors.Join(errors.New("a"), errors.New("b")))}},
		{"groups", nil, []slog.Attr{slog.Group("g", slog.Int("a", 1), slog.Group("h", slog.String("b", "x"))), slog.Group("empty"), slog.Group("", slog.Int("inline", 2))}},
		{"time and duration", nil, []slog.Attr{slog.Time("at", time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)), slog.Duration("d", 1500*time.Millisecond)}},
		{"LogValuer", nil, []slog.Attr{slog.Any("pw", secret("hunter2"))}},
		{"With and WithGroup", func(l *slog.Logger) *slog.Logger { return l.With("w", 1).WithGroup("wg").With("v", 2) },
			[]slog.Attr{slog.Int("a", 1), slog.Group("g", slog.Int("b", 2))}},
	}
	handlers := map[string]func(io.Writer) slog.Handler{
		"json": func(w io.Writer) slog.Handler {
			return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
		"text": func(w io.Writer) slog.Handler {
			return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
	}
	when := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for hname, newHandler := range handlers {
		for _, tt := range tests {
			t.Run(hname+"/"+tt.name, func(t *testing.T) {
				tp, rec := spantest.NewRecorder(t)
				var want, got bytes.Buffer
				plain := slog.New(newHandler(&want))
				wrapped := slog.New(slogspan.Wrap(newHandler(&got), logspan.WithTracerProvider(tp)))
				if tt.derive != nil {
					plain, wrapped = tt.derive(plain), tt.derive(wrapped)
				}
				ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
				defer parent.End()
				for _, ctx := range []context.Context{ctx, context.Background()} {
					for _, l := range []*slog.Logger{plain, wrapped} {
						r := slog.NewRecord(when, slog.LevelWarn, "table", 0)
						r.AddAttrs(tt.give...)
						if err := l.Handler().Handle(ctx, r); err != nil {
							t.Fatal(err)
						}
					}
				}
				if s := wrappedIDsRE.ReplaceAllString(got.String(), ""); s != want.String() {
					t.Errorf("output\n%s\nwant\n%s", s, want.String())
				}
				if n := len(wrappedIDsRE.FindAllString(got.String(), -1)); n != 1 {
					t.Errorf("ids on %d lines, want 1 (the context with a span):\n%s", n, got.String())
				}
				if n := len(rec.Ended()); n != 2 {
					t.Errorf("%d spans, want 2", n)
				}
			})
		}
	}
}
