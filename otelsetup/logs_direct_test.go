package otelsetup_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

// collectRecords is a log exporter that keeps what it is given.
type collectRecords struct {
	mu      sync.Mutex
	records []sdklog.Record
}

func (c *collectRecords) Export(_ context.Context, records []sdklog.Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range records {
		c.records = append(c.records, r.Clone())
	}
	return nil
}
func (c *collectRecords) Shutdown(context.Context) error   { return nil }
func (c *collectRecords) ForceFlush(context.Context) error { return nil }

func (c *collectRecords) take() []sdklog.Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.records
	c.records = nil
	return out
}

// viaSDK hides the provider from core's registry (a different dynamic
// type), so that its logs take the SDK's path into the same processors.
type viaSDK struct{ log.LoggerProvider }

// recordFields is everything a record carries, for comparison.
type recordFields struct {
	EventName, SeverityText, Body string
	Severity                      log.Severity
	TimeSet, ObservedSet          bool
	TraceID, SpanID, TraceFlags   string
	Attributes                    []attribute.KeyValue
	Dropped                       int
	Scope, Resource               string
}

func fieldsOf(r sdklog.Record) recordFields {
	f := recordFields{
		EventName: r.EventName(), SeverityText: r.SeverityText(), Body: r.Body().Emit(),
		Severity: r.Severity(), TimeSet: !r.Timestamp().IsZero(), ObservedSet: !r.ObservedTimestamp().IsZero(),
		TraceID: r.TraceID().String(), SpanID: r.SpanID().String(), TraceFlags: r.TraceFlags().String(),
		Dropped: r.DroppedAttributes(),
		Scope:   fmt.Sprintf("%+v", r.InstrumentationScope()), Resource: r.Resource().String(),
	}
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		f.Attributes = append(f.Attributes, kv)
		return true
	})
	return f
}

// directScenarios log the same thing through a logger: levels, an error,
// groups, more attributes than the SDK's count limit, long values.
func directScenarios(ctx context.Context, l *slog.Logger) {
	l.InfoContext(ctx, "checkout", "user", "ada", "items", 3, "total", 42.5)
	l.ErrorContext(ctx, "failed", "error", errors.New("connection reset"), slog.Group("req", "id", 7))
	l.DebugContext(ctx, "debug dropped by the level")
	l.WarnContext(ctx, "long", "v", strings.Repeat("x", 300))
	args := make([]any, 0, 400)
	for i := range 200 {
		args = append(args, fmt.Sprintf("f%d", i), i)
	}
	l.InfoContext(ctx, "many", args...)
	l.With("a", 1).WithGroup("g").InfoContext(ctx, "derived", "b", 2)
}

// The direct record path gives the exporter exactly the records the SDK's
// logger gives it for the same logs, in every data model, with the SDK's
// limits (OTEL_LOGRECORD_*) applied the same way.
func TestDirectRecordsSameAsSDK(t *testing.T) {
	t.Setenv("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", "150")
	t.Setenv("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100")
	for _, as := range []logspan.LogsAs{logspan.LogsAsRecords, logspan.LogsAsBoth} {
		t.Run(as.String(), func(t *testing.T) {
			exp := &collectRecords{}
			p, err := otelsetup.New(context.Background(),
				otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
				otelsetup.WithErrorOutput(io.Discard),
				otelsetup.WithLogsAs(as),
				otelsetup.WithLogExporter(exp),
				otelsetup.WithExporter(tracetest.NewNoopExporter()),
			)
			require.NoError(t, err)
			t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
			tp := p.TracerProvider()
			ctx, request := tp.Tracer("test").Start(context.Background(), "request")
			defer request.End()

			run := func(lp log.LoggerProvider) []recordFields {
				directScenarios(ctx, slog.New(slogspan.NewHandler(logspan.WithLogsAs(as),
					logspan.WithTracerProvider(tp), logspan.WithLoggerProvider(lp))))
				require.NoError(t, p.ForceFlush(context.Background()))
				var out []recordFields
				for _, r := range exp.take() {
					out = append(out, fieldsOf(r))
				}
				return out
			}
			direct := run(p.LoggerProvider())
			sdk := run(viaSDK{p.LoggerProvider()})
			require.Len(t, direct, 5)
			require.Equal(t, len(sdk), len(direct))
			for i := range sdk {
				if as == logspan.LogsAsBoth {
					// Both models: each record has its own log span's id.
					assert.NotEqual(t, sdk[i].SpanID, direct[i].SpanID)
					assert.NotEqual(t, request.SpanContext().SpanID().String(), direct[i].SpanID)
					sdk[i].SpanID = direct[i].SpanID
				}
				assert.Equal(t, sdk[i], direct[i], "record %d (%s)", i, sdk[i].Body)
			}
			assert.Equal(t, request.SpanContext().TraceID().String(), direct[0].TraceID)
			assert.Len(t, direct[3].Attributes, 150, "the count limit applied")
			assert.Greater(t, direct[3].Dropped, 50, "the 200 fields and the fixed keys, past the limit, counted")
			assert.Equal(t, uint64(0), p.LogRecordStats().Dropped())
		})
	}
}

// After Shutdown the direct path is withdrawn, whoever shut the SDK's
// provider down: a record goes the SDK's way, to a stopped provider, and
// no processor sees it.
func TestDirectRecordsWithdrawnOnShutdown(t *testing.T) {
	for _, how := range []string{"Provider.Shutdown", "LoggerProvider.Shutdown"} {
		t.Run(how, func(t *testing.T) {
			exp := &collectRecords{}
			p, err := otelsetup.New(context.Background(),
				otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
				otelsetup.WithErrorOutput(io.Discard),
				otelsetup.WithLogsAs(logspan.LogsAsRecords),
				otelsetup.WithLogExporter(exp),
			)
			require.NoError(t, err)
			l := slog.New(slogspan.NewHandler(logspan.WithLogsAs(logspan.LogsAsRecords),
				logspan.WithLoggerProvider(p.LoggerProvider())))
			l.Info("before")
			if how == "Provider.Shutdown" {
				require.NoError(t, p.Shutdown(context.Background()))
			} else {
				require.NoError(t, p.LoggerProvider().(*sdklog.LoggerProvider).Shutdown(context.Background()))
			}
			l.Info("after")
			records := exp.take()
			require.Len(t, records, 1)
			assert.Equal(t, "before", records[0].Body().AsString())
			st := p.LogRecordStats()
			assert.Equal(t, uint64(1), st.Received, "the record after shutdown never reached the batcher")
			_ = p.Shutdown(context.Background())
		})
	}
}

// A log that started before Shutdown and ends after it reaches no
// processor, on either path: the direct path's gate is closed by
// Shutdown, as the SDK's provider stops admitting its loggers' records.
func TestDirectRecordStartedBeforeShutdown(t *testing.T) {
	for _, via := range []string{"direct", "sdk"} {
		t.Run(via, func(t *testing.T) {
			var console bytes.Buffer
			p, err := otelsetup.New(context.Background(),
				otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
				otelsetup.WithErrorOutput(io.Discard),
				otelsetup.WithLogsAs(logspan.LogsAsRecords),
				otelsetup.WithConsole(&console, otelsetup.ConsoleOptions{}),
				otelsetup.WithLogExporter(&collectRecords{}),
			)
			require.NoError(t, err)
			lp := p.LoggerProvider()
			if via == "sdk" {
				lp = viaSDK{lp}
			}
			em := core.NewEmitter("x", "", logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(lp))
			ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "late"}, nil)
			require.NoError(t, p.Shutdown(context.Background()))
			n := console.Len()
			ev.End()
			assert.Equal(t, n, console.Len(), "console written after Shutdown")
			assert.Zero(t, p.LogRecordStats().Received, "a record reached the batcher after Shutdown")
		})
	}
}
