package otelsetup_test

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/otelsetup/otlptest"
)

// With records, the provider's LoggerProvider sends log records over
// OTLP (Setup would also install it globally, where the adapters emit);
// a flush sends them at once, and LogRecordStats counts them.
func ExampleWithLogsAs() {
	rec := otlptest.NewHTTP()
	defer rec.Close()

	p, err := otelsetup.New(context.Background(),
		otelsetup.WithLogsAs(logspan.LogsAsRecords),
		otelsetup.WithEnv(func(name string) (string, bool) {
			if name == "OTEL_EXPORTER_OTLP_ENDPOINT" {
				return rec.URL, true // records go to rec.URL + "/v1/logs"
			}
			return "", false
		}))
	if err != nil {
		panic(err)
	}
	var r log.Record
	r.SetTimestamp(time.Now())
	r.SetSeverity(log.SeverityError)
	r.SetBody(attribute.StringValue("payment failed"))
	p.LoggerProvider().Logger("example").Emit(context.Background(), r)
	_ = p.ForceFlush(context.Background())
	_ = p.Shutdown(context.Background())

	fmt.Println(p.LogsAs(), rec.LogBodies())
	s := p.LogRecordStats()
	fmt.Println("received", s.Received, "exported", s.Exported, "dropped", s.Dropped())
	// Output:
	// records [payment failed]
	// received 1 exported 1 dropped 0
}
