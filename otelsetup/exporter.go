package otelsetup

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/otelsetup/otlpexport"
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
					return nil, fmt.Errorf("otelsetup: OTLP endpoint %q is not a URL", redactURL(o.endpoint))
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
		//
		// logspan's own exporter writes the request bytes directly from
		// the spans (otlpexport: the request otlptracehttp would send, for
		// a fraction of the CPU), with OTLP's retries inside the export
		// timeout. It gets a transport of its own, not the one the OTLP
		// exporters share, so that Shutdown can close its idle
		// connections: no connection (and no goroutine) outlives it.
		endpoint := otlpexport.DefaultEndpointURL
		if o.endpoint != "" {
			endpoint = o.endpoint
			if !o.endpointIsTraces {
				// The general endpoint is a base: the signal's path goes
				// after it, as the specification says.
				endpoint = strings.TrimRight(endpoint, "/") + "/v1/traces"
			}
		}
		tr := newTransport()
		opts := []otlpexport.Option{
			otlpexport.WithEndpointURL(endpoint),
			otlpexport.WithTimeout(o.timeout),
			// No redirects: following one would send the headers (a token)
			// and the spans wherever the response points.
			otlpexport.WithHTTPClient(&http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			}}),
			otlpexport.WithUserAgent("logspan-otelsetup/" + otlpexport.Version),
		}
		if len(o.headers) > 0 {
			opts = append(opts, otlpexport.WithHeaders(o.headers))
		}
		if o.gzip {
			opts = append(opts, otlpexport.WithGzip())
		}
		exp, err := otlpexport.New(opts...)
		if err != nil {
			tr.CloseIdleConnections()
			return nil, err
		}
		return &closingExporter{SpanExporter: exp, tr: tr}, nil
	}
}

// newTransport is http.DefaultTransport's configuration, in a transport of
// its own, keeping an idle connection for each export in flight.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2: true,
		MaxIdleConns:      100,
		// One idle connection per export in flight, not the default two:
		// with four exports at once, two would be redialed every round.
		MaxIdleConnsPerHost:   maxExportsInFlight,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// closingExporter closes its transport's idle connections when it shuts
// down.
type closingExporter struct {
	sdktrace.SpanExporter
	tr *http.Transport
}

// Shutdown shuts the exporter down, then closes the idle connections.
func (e *closingExporter) Shutdown(ctx context.Context) error {
	err := e.SpanExporter.Shutdown(ctx)
	e.tr.CloseIdleConnections()
	return err
}
