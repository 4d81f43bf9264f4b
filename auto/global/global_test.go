package global_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"sort"
	"testing"

	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.uber.org/zap"

	"github.com/logspan/logspan/auto"
	_ "github.com/logspan/logspan/auto/global"
	"github.com/logspan/logspan/otelsetup/otlptest"
	"github.com/logspan/logspan/zapspan"
)

const childEnv = "LOGSPAN_GLOBAL_TEST_CHILD"

// TestGlobalLoggers runs this test binary again with the OTLP variables
// set, since the import's init reads them when the binary starts: the
// child logs through the four global loggers, and each log is one span in
// the request's trace.
func TestGlobalLoggers(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		child()
		return
	}
	recv := otlptest.NewHTTP()
	defer recv.Close()
	for _, disabled := range []bool{false, true} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGlobalLoggers$")
		cmd.Env = append(os.Environ(), childEnv+"=1", "OTEL_EXPORTER_OTLP_ENDPOINT="+recv.URL)
		if disabled {
			cmd.Env = append(cmd.Env, "LOGSPAN_DISABLED=true")
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		if disabled {
			continue
		}
		spans := recv.Spans()
		var names []string
		for _, s := range spans {
			names = append(names, s.Name)
		}
		sort.Strings(names)
		require.Equal(t, []string{"logrus global", "request", "slog global", "zap global", "zerolog global"}, names)
		var request []byte
		for _, s := range spans {
			if s.Name == "request" {
				request = s.SpanId
			}
		}
		for _, s := range spans {
			if s.Name != "request" {
				assert.Equal(t, request, s.ParentSpanId, s.Name)
				assert.Equal(t, s.StartTimeUnixNano, s.EndTimeUnixNano, s.Name)
			}
		}
	}
	assert.Len(t, recv.Spans(), 5, "LOGSPAN_DISABLED=true: no span")
}

func child() {
	ctx, span := otel.Tracer("test").Start(context.Background(), "request")
	zlog.Info().Ctx(ctx).Msg("zerolog global")
	logrus.WithContext(ctx).Info("logrus global")
	zap.L().Info("zap global", zapspan.Context(ctx))
	slog.InfoContext(ctx, "slog global")
	span.End()
	auto.Stop()
}
