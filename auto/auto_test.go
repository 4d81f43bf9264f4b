package auto_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/otelsetup/otlptest"
)

func TestDisabled(t *testing.T) {
	tests := []struct {
		give map[string]string
		want bool
	}{
		{give: map[string]string{}, want: false},
		{give: map[string]string{"LOGSPAN_DISABLED": "true"}, want: true},
		{give: map[string]string{"LOGSPAN_DISABLED": "1"}, want: true},
		{give: map[string]string{"OTEL_SDK_DISABLED": "TRUE"}, want: true},
		{give: map[string]string{"LOGSPAN_DISABLED": "false", "OTEL_SDK_DISABLED": "false"}, want: false},
		{give: map[string]string{"LOGSPAN_DISABLED": "yes please"}, want: false},
	}
	for _, tt := range tests {
		t.Setenv("LOGSPAN_DISABLED", "")
		t.Setenv("OTEL_SDK_DISABLED", "")
		for k, v := range tt.give {
			t.Setenv(k, v)
		}
		assert.Equal(t, tt.want, auto.Disabled(), "%v", tt.give)
	}
}

// TestStartStop is the only test that starts the process-wide setup.
func TestStartStop(t *testing.T) {
	recv := otlptest.NewHTTP()
	defer recv.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", recv.URL)
	t.Setenv("OTEL_SERVICE_NAME", "auto-test")
	t.Setenv("LOGSPAN_DISABLED", "")
	t.Setenv("OTEL_SDK_DISABLED", "")
	prev := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	auto.Start()
	tp := otel.GetTracerProvider()
	auto.Start() // idempotent
	assert.Same(t, tp, otel.GetTracerProvider())

	_, span := otel.Tracer("test").Start(context.Background(), "one")
	span.End()
	auto.Stop() // flushes
	require.Equal(t, []string{"one"}, recv.SpanNames())
	auto.Stop() // nothing left to do
	auto.Start()
	assert.Same(t, tp, otel.GetTracerProvider(), "Start after Stop does nothing")
}
