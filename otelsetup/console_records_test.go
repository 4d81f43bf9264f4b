package otelsetup

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// recordLogger is an SDK logger provider whose only processor is a
// synchronous one exporting to exp.
func recordLogger(t *testing.T, exp sdklog.Exporter) log.Logger {
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	t.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	return lp.Logger("test")
}

var recordTime = time.Date(2026, 1, 1, 10, 0, 0, 0, time.Local)

func emitRecord(ctx context.Context, l log.Logger, sev log.Severity, body string, err error, attrs ...attribute.KeyValue) {
	var r log.Record
	r.SetTimestamp(recordTime)
	r.SetSeverity(sev)
	r.SetBody(attribute.StringValue(body))
	r.SetErr(err)
	r.AddAttributes(attrs...)
	l.Emit(ctx, r)
}

// A record prints the same line as the log span core makes for the same
// log: one formatter.
func TestConsoleRecordSameLineAsSpan(t *testing.T) {
	for _, opts := range []ConsoleOptions{{Color: ColorNever}, {Color: ColorAlways, Verbose: true}} {
		var fromRecord, fromSpan bytes.Buffer
		l := recordLogger(t, newConsoleRecordExporter(&fromRecord, opts))
		emitRecord(context.Background(), l, log.SeverityWarn, "checkout slow", nil,
			attribute.String("user", "ada"), attribute.Int("items", 3), attribute.Float64("total", 42.5),
			attribute.String("code.file.path", "shop/checkout.go"), attribute.Int("code.line.number", 42))

		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewConsoleProcessor(&fromSpan, opts)))
		em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
		ev := em.Start(context.Background(), core.Record{Time: recordTime, Level: core.LevelWarn, Message: "checkout slow",
			Caller: core.Caller{File: "shop/checkout.go", Line: 42}}, nil)
		ev.Encoder().AddString("user", "ada")
		ev.Encoder().AddInt64("items", 3)
		ev.Encoder().AddFloat64("total", 42.5)
		ev.End()
		_ = tp.Shutdown(context.Background())

		want := "10:00:00.000 WARN   checkout slow user=ada items=3 total=42.5\n"
		if opts.Verbose {
			// The span starts a trace (its id shows); the record has none.
			want = strings.SplitAfter(fromSpan.String(), "\n")[0] + "             \x1b[34m│\x1b[0m \x1b[36mshop/checkout.go:42\x1b[0m warn\n"
		}
		assert.Equal(t, want, fromRecord.String())
		assert.True(t, strings.HasPrefix(fromSpan.String(), strings.SplitAfter(want, "\n")[0]), "span: %q", fromSpan.String())
	}
}

// An error record shows the exception the SDK derives from its error; a
// record's message is logfire.msg, else its event name and body; its level
// is logfire.level_num, else its severity; logfire.disable_console_log and
// the minimum level hold as for spans.
func TestConsoleRecordFields(t *testing.T) {
	var out bytes.Buffer
	l := recordLogger(t, newConsoleRecordExporter(&out, ConsoleOptions{HideTimestamp: true}))
	ctx := context.Background()
	emitRecord(ctx, l, log.SeverityError, "payment failed", errors.New("card declined"), attribute.String("error", "card declined"))
	emitRecord(ctx, l, log.SeverityInfo, "body", nil, attribute.String("logfire.msg", "formatted"), attribute.Int("logfire.level_num", 13))
	emitRecord(ctx, l, log.SeverityInfo, "printed already", nil, attribute.Bool("logfire.disable_console_log", true))
	emitRecord(ctx, l, log.SeverityDebug, "below info", nil)

	var ev log.Record
	ev.SetEventName("cart.updated")
	ev.SetBody(attribute.MapValue(attribute.Int("qty", 2)))
	l.Emit(ctx, ev)

	assert.Equal(t, []string{
		`ERROR  payment failed error="card declined"`,
		`│ *errors.errorString: card declined`,
		`WARN   formatted`,
		`INFO   cart.updated: {"qty":2}`,
	}, strings.Split(strings.TrimRight(out.String(), "\n"), "\n"))
}

// The record view a ConsoleProcessor hands out shares its spans: a record
// emitted in a span shows indented under it, and under show-parents the
// span shows again when the lines interleave.
func TestConsoleRecordUnderSpans(t *testing.T) {
	var out bytes.Buffer
	p := NewConsoleProcessor(&out, ConsoleOptions{HideTimestamp: true})
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	l := recordLogger(t, p.recordExporter())
	tracer := tp.Tracer("test")

	ctxA, a := tracer.Start(context.Background(), "request A")
	ctxB, b := tracer.Start(context.Background(), "request B")
	emitRecord(ctxA, l, log.SeverityInfo, "a1", nil)
	emitRecord(ctxB, l, log.SeverityInfo, "b1", nil)
	b.End()
	a.End()
	emitRecord(context.Background(), l, log.SeverityInfo, "after", nil)

	require.Equal(t, []string{
		"request A", "request B",
		"request A", "  INFO   a1",
		"request B", "  INFO   b1",
		"INFO   after",
	}, strings.Split(strings.TrimRight(out.String(), "\n"), "\n"))
}
