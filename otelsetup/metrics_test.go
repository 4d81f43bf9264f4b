package otelsetup_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/otelsetup"
)

// failingExporter fails every export.
type failingExporter struct{}

func (failingExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error {
	return errors.New("backend says no")
}
func (failingExporter) Shutdown(context.Context) error { return nil }

func TestStatsAsMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	var diag lockedBuffer
	p, err := otelsetup.New(t.Context(), envOf(nil), otelsetup.WithExporter(failingExporter{}),
		otelsetup.WithMeterProvider(mp), otelsetup.WithErrorOutput(&diag))
	require.NoError(t, err)
	for range 3 {
		logOne(p.TracerProvider(), "lost")
	}
	assert.Error(t, p.ForceFlush(context.Background()))
	assert.Equal(t, otelsetup.Stats{Received: 3, DroppedExportFailed: 3}, p.Stats())

	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		assert.Equal(t, otelsetup.ScopeName, sm.Scope.Name)
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, dp := range d.DataPoints {
					e, _ := dp.Attributes.Value(attribute.Key("error.type"))
					got[m.Name+"/"+e.AsString()] = dp.Value
				}
			}
		}
	}
	assert.Equal(t, map[string]int64{
		"otel.sdk.processor.span.processed/":              0,
		"otel.sdk.processor.span.processed/queue_full":    0,
		"otel.sdk.processor.span.processed/export_failed": 3,
		"otel.sdk.processor.span.processed/shutdown":      0,
		"otel.sdk.processor.span.queue.size/":             0,
		"logspan.processor.span.queue.bytes/":             0,
	}, got)
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Contains(t, diag.String(), "final totals: dropped 3 of 3 spans (queue full 0, export failed 3, shutdown 0)",
		"shutdown states the final totals when anything was lost")
}

// lockedBuffer is a bytes.Buffer safe for the reporter's goroutine and a
// test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
