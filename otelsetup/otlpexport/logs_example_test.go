package otlpexport_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// The log exporter plugs into a LoggerProvider like any sdklog.Exporter;
// here a loopback receiver prints what it gets.
func ExampleNewLogExporter() {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req collogspb.ExportLogsServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, rl := range req.ResourceLogs {
			for _, sl := range rl.ScopeLogs {
				for _, lr := range sl.LogRecords {
					fmt.Printf("%s %s %q from %s\n", r.URL.Path, lr.SeverityNumber, lr.Body.GetStringValue(), sl.Scope.Name)
				}
			}
		}
	}))
	defer receiver.Close()

	exp, err := otlpexport.NewLogExporter(otlpexport.WithEndpointURL(receiver.URL + "/v1/logs"))
	if err != nil {
		panic(err)
	}
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))) // a batcher in production
	var r log.Record
	r.SetSeverity(log.SeverityWarn)
	r.SetBody(attribute.StringValue("disk almost full"))
	lp.Logger("example/app").Emit(context.Background(), r)
	_ = lp.Shutdown(context.Background()) // shuts the exporter down too

	fmt.Println("requests:", exp.Stats().Requests)
	// Output:
	// /v1/logs SEVERITY_NUMBER_WARN "disk almost full" from example/app
	// requests: 1
}
