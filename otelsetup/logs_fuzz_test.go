package otelsetup

import (
	"strings"
	"testing"
	"time"
)

// FuzzReadLogsEnv feeds arbitrary values to the log-record variables.
// Properties: no panic; an accepted number is within its range; an error
// never quotes a header value; the data model is one of the constants.
func FuzzReadLogsEnv(f *testing.F) {
	f.Add("records", "2048", "500", "30000", "512", "10000", "otlp,console", "Authorization=Bearer s3cretvalue", "s3cretvalue")
	f.Add("BOTH ", "9999999999", "9223372036854775807", "-1", "0", "x", "loki", "a=%zz,b", "%zzsecret")
	f.Add("events", "100000000000000", "1e3", " 5 ", "+7", "0x10", ",,none", "k=v,=v,k", "")
	f.Fuzz(func(t *testing.T, as, queue, delay, timeout, batch, otlpTimeout, exporters, headers, secret string) {
		env := map[string]string{
			"LOGSPAN_LOGS_AS":                 as,
			"OTEL_BLRP_MAX_QUEUE_SIZE":        queue,
			"OTEL_BLRP_SCHEDULE_DELAY":        delay,
			"OTEL_BLRP_EXPORT_TIMEOUT":        timeout,
			"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": batch,
			"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": otlpTimeout,
			"OTEL_LOGS_EXPORTER":              exporters,
			"OTEL_EXPORTER_OTLP_LOGS_HEADERS": headers + ",x-secret=" + secret,
		}
		c, err := readLogsEnv(lookupMap(env), nil)
		if err != nil {
			if len(secret) >= 8 && !strings.ContainsAny(secret, ",=") && strings.Contains(err.Error(), secret) {
				t.Fatalf("the error quotes a header value: %v", err)
			}
			return
		}
		if c.as < 0 || c.as > 3 {
			t.Fatalf("data model out of range: %v", c.as)
		}
		for _, n := range c.exporterList() {
			if n != ExporterOTLP && n != ExporterConsole && n != ExporterNone {
				t.Fatalf("unknown exporter accepted: %q", n)
			}
		}
		b := c.batch
		if b.queueSize < 1 || b.queueSize > maxQueueSize || b.batchSize < 1 || b.batchSize > maxBatchSize {
			t.Fatalf("out of range: %+v", b)
		}
		for _, d := range []time.Duration{b.delay, b.exportTimeout, c.otlp.timeout} {
			if d < time.Millisecond || d > time.Hour {
				t.Fatalf("duration out of range: %v", d)
			}
		}
	})
}
