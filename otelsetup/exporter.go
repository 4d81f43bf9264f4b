package otelsetup

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// newOTLPExporter builds the OTLP exporter the configuration describes.
// Every value is passed explicitly, so what Setup validated is what the
// exporter uses.
func newOTLPExporter(ctx context.Context, o otlpConfig) (sdktrace.SpanExporter, error) {
	switch o.protocol {
	case ProtocolGRPC:
		opts := []otlptracegrpc.Option{otlptracegrpc.WithTimeout(o.timeout)}
		// The scheme decides between TLS and plain text; the INSECURE
		// variable only speaks for an endpoint without one.
		insecure := o.insecure
		if o.endpoint != "" {
			host := o.endpoint
			if strings.Contains(o.endpoint, "://") {
				u, err := url.Parse(o.endpoint)
				if err != nil {
					return nil, fmt.Errorf("otelsetup: OTLP endpoint %q: %w", o.endpoint, err)
				}
				host, insecure = u.Host, u.Scheme == "http"
			}
			opts = append(opts, otlptracegrpc.WithEndpoint(host))
		}
		if insecure {
			opts = append(opts, otlptracegrpc.WithInsecure())
		}
		if len(o.headers) > 0 {
			opts = append(opts, otlptracegrpc.WithHeaders(o.headers))
		}
		return otlptracegrpc.New(ctx, opts...)
	default:
		// Over HTTP the URL's scheme alone decides: an https endpoint (a
		// Logfire token's, say) is never downgraded to plain text by a
		// leftover INSECURE variable.
		opts := []otlptracehttp.Option{otlptracehttp.WithTimeout(o.timeout)}
		if o.endpoint != "" {
			endpoint := o.endpoint
			if !o.endpointIsTraces {
				// The general endpoint is a base: the signal's path goes
				// after it, as the specification says.
				endpoint = strings.TrimRight(endpoint, "/") + "/v1/traces"
			}
			opts = append(opts, otlptracehttp.WithEndpointURL(endpoint))
		}
		if len(o.headers) > 0 {
			opts = append(opts, otlptracehttp.WithHeaders(o.headers))
		}
		return otlptracehttp.New(ctx, opts...)
	}
}
