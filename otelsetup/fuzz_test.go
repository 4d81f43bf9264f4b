package otelsetup

import (
	"strings"
	"testing"
	"time"
)

// FuzzReadEnv feeds arbitrary values to the numeric variables and the
// headers. Properties: no panic; an accepted number is within its range; an
// error never quotes a header value.
func FuzzReadEnv(f *testing.F) {
	f.Add("2048", "500", "30000", "512", "10000", "Authorization=Bearer s3cretvalue", "s3cretvalue")
	f.Add("9999999999", "9223372036854775807", "-1", "0", "x", "a=%zz,b", "%zzsecret")
	f.Add("100000000000000", "1e3", " 5 ", "+7", "0x10", "k=v,=v,k", "")
	f.Fuzz(func(t *testing.T, queue, delay, timeout, batch, otlpTimeout, headers, secret string) {
		env := map[string]string{
			"OTEL_BSP_MAX_QUEUE_SIZE":        queue,
			"OTEL_BSP_SCHEDULE_DELAY":        delay,
			"OTEL_BSP_EXPORT_TIMEOUT":        timeout,
			"OTEL_BSP_MAX_EXPORT_BATCH_SIZE": batch,
			"OTEL_EXPORTER_OTLP_TIMEOUT":     otlpTimeout,
			"OTEL_EXPORTER_OTLP_HEADERS":     headers + ",x-secret=" + secret,
		}
		c, err := readEnv(lookupMap(env))
		if err != nil {
			// A value the user wrote after '=' never appears in the error
			// (only long enough ones can be told apart from the message).
			if len(secret) >= 8 && !strings.ContainsAny(secret, ",=") && strings.Contains(err.Error(), secret) {
				t.Fatalf("the error quotes a header value: %v", err)
			}
			return
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
