package spantest

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// idsInOutput matches the trace_id and span_id an adapter writes into its
// logger's output, in JSON ("trace_id":"…") or key=value form.
var idsInOutput = regexp.MustCompile(`,?"(?:trace_id|span_id)":"[0-9a-f]+"|\s?(?:trace_id|span_id)=[0-9a-f]+`)

// checkOutputUnchanged logs every row of Table through the logger with
// logspan and without, and wants the same output apart from the ids; the
// ids, when written, are those of the log's span.
func checkOutputUnchanged(t *testing.T, h Harness) {
	if h.NewOutput == nil {
		t.Skip("the harness gives no output")
	}
	for _, row := range Table {
		t.Run(row.Name, func(t *testing.T) {
			if _, ok := h.level(row.Level); !ok {
				t.Skipf("the logger has no level %d", row.Level)
			}
			rec := tracetest.NewSpanRecorder()
			tp := h.provider(t, rec)
			ctx, parent := tp.Tracer("spantest").Start(context.Background(), "request")
			defer parent.End()
			var plain, teed bytes.Buffer
			logRow(t, h.NewOutput(t, &plain, false), ctx, row)
			logRow(t, h.NewOutput(t, &teed, true, core.WithTracerProvider(tp)), ctx, row)
			if got, want := idsInOutput.ReplaceAllString(teed.String(), ""), plain.String(); got != want {
				t.Errorf("output changed by logspan:\n got %s\nwant %s", got, want)
			}
			spans := rec.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans, want 1", len(spans))
			}
			wantIDs := []string{
				"trace_id", parent.SpanContext().TraceID().String(),
				"span_id", spans[0].SpanContext().SpanID().String(),
			}
			for i := 0; i < len(wantIDs); i += 2 {
				if !strings.Contains(teed.String(), wantIDs[i]) || !strings.Contains(teed.String(), wantIDs[i+1]) {
					t.Errorf("output %s: want %s %s, the log span's", teed.String(), wantIDs[i], wantIDs[i+1])
				}
			}
		})
	}
}

// checkOutputCorrelation: no ids in the output for a log whose context
// holds no span, nor with correlation off.
func checkOutputCorrelation(t *testing.T, h Harness) {
	if h.NewOutput == nil {
		t.Skip("the harness gives no output")
	}
	tp := h.provider(t, tracetest.NewSpanRecorder())
	withSpan, parent := tp.Tracer("spantest").Start(context.Background(), "request")
	defer parent.End()
	tests := []struct {
		name string
		ctx  context.Context
		opts []core.Option
	}{
		{"BareContext", context.Background(), nil},
		{"NoContext", nil, nil},
		{"InvalidSpanContext", trace.ContextWithSpanContext(context.Background(), trace.SpanContext{}), nil},
		{"CorrelationOff", withSpan, []core.Option{core.WithoutTraceCorrelation()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			l := h.NewOutput(t, &out, true, append(tt.opts, core.WithTracerProvider(tp))...)
			l.Log(tt.ctx, core.LevelInfo, "no ids", Field{"k", 1})
			if idsInOutput.MatchString(out.String()) {
				t.Errorf("output %s has ids, want none", out.String())
			}
		})
	}
}

func logRow(t *testing.T, l Logger, ctx context.Context, row Row) {
	t.Helper()
	for _, name := range row.Groups {
		g, ok := l.(Grouper)
		if !ok {
			t.Skip("the logger has no groups")
		}
		l = g.WithGroup(name)
	}
	l.Log(ctx, row.Level, row.Msg, row.Fields...)
}
