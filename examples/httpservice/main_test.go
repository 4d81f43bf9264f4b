package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/zapspan"
)

func TestRequestLogsAreChildrenOfTheRequestSpan(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp) // otelhttp and zapspan both use the global provider
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	var out bytes.Buffer
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&out), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore())

	srv := httptest.NewServer(newHandler(logger))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/greet?name=ada")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var request, logSpan sdktrace.ReadOnlySpan
	var names []string
	for _, s := range rec.Ended() {
		names = append(names, s.Name())
		switch {
		case s.SpanKind() == trace.SpanKindServer:
			request = s
		case s.Name() == "greeting":
			logSpan = s
		}
	}
	if request == nil || logSpan == nil {
		t.Fatalf("want the server span and the log span, got %q", names)
	}
	if logSpan.Parent().SpanID() != request.SpanContext().SpanID() {
		t.Error("the log span is not a child of the request span")
	}
	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("log output %q: %v", out.String(), err)
	}
	if line["trace_id"] != request.SpanContext().TraceID().String() || line["span_id"] != logSpan.SpanContext().SpanID().String() {
		t.Errorf("log line %v does not name the log's span %v", line, logSpan.SpanContext())
	}
}
