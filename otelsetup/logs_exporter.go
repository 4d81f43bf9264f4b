package otelsetup

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	sdklog "go.opentelemetry.io/otel/sdk/log"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// newOTLPLogExporter builds the OTLP log exporter o describes, as
// newOTLPExporter does for spans: every value passed explicitly, the
// general endpoint getting /v1/logs appended, the URL's scheme alone
// deciding TLS over HTTP, no redirects followed, and a transport of its
// own whose idle connections Shutdown closes. gRPC uses otlploggrpc.
func newOTLPLogExporter(ctx context.Context, o otlpConfig) (sdklog.Exporter, error) {
	switch o.protocol {
	case ProtocolGRPC:
		opts := []otlploggrpc.Option{otlploggrpc.WithTimeout(o.timeout)}
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
			opts = append(opts, otlploggrpc.WithEndpoint(host))
		}
		if insecure {
			opts = append(opts, otlploggrpc.WithInsecure())
		}
		if len(o.headers) > 0 {
			opts = append(opts, otlploggrpc.WithHeaders(o.headers))
		}
		if o.gzip {
			opts = append(opts, otlploggrpc.WithCompressor("gzip"))
		}
		return otlploggrpc.New(ctx, opts...)
	default:
		// logspan's own exporter (otlpexport.LogExporter) writes the
		// request otlploghttp would send directly from the records, with
		// OTLP's retries inside the export timeout, as for spans.
		tr := newTransport()
		opts := []otlpexport.Option{
			otlpexport.WithEndpointURL(logsEndpointURL(o)),
			otlpexport.WithTimeout(o.timeout),
			// No redirects: following one would send the headers (a token)
			// and the records wherever the response points.
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
		exp, err := otlpexport.NewLogExporter(opts...)
		if err != nil {
			tr.CloseIdleConnections()
			return nil, err
		}
		return &closingLogExporter{Exporter: exp, tr: tr}, nil
	}
}

// logsEndpointURL is the URL logs are posted to: the signal's endpoint as
// given, or the general one with /v1/logs appended, or the default.
func logsEndpointURL(o otlpConfig) string {
	if o.endpoint == "" {
		return strings.TrimSuffix(otlpexport.DefaultEndpointURL, "/v1/traces") + logsSignalPath
	}
	if o.endpointIsTraces { // the signal's own endpoint
		return o.endpoint
	}
	return strings.TrimRight(o.endpoint, "/") + logsSignalPath
}

// closingLogExporter closes its transport's idle connections when it
// shuts down.
type closingLogExporter struct {
	sdklog.Exporter
	tr *http.Transport
}

// Shutdown shuts the exporter down, then closes the idle connections.
func (e *closingLogExporter) Shutdown(ctx context.Context) error {
	err := e.Exporter.Shutdown(ctx)
	e.tr.CloseIdleConnections()
	return err
}
