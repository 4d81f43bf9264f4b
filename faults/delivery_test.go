package faults_test

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup/otlptest"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

// burstEnv is the number of error logs a burst child makes before its
// fatal one.
const burstEnv = "LOGSPAN_FAULTS_BURST"

func burstSize() int {
	n, err := strconv.Atoi(os.Getenv(burstEnv))
	if err != nil {
		return 20000
	}
	return n
}

// bursts log a burst of errors as fast as they can, then a fatal log (slog
// has none: a log at severity 21, then os.Exit), through each adapter as
// an application sets it up, with otelsetup's defaults.
var bursts = map[string]func(){
	"burst-zap": func() {
		l := zap.New(zapspan.NewCore())
		for i := range burstSize() {
			l.Error("burst", zap.Int("i", i))
		}
		l.Fatal("last words")
	},
	"burst-zap-wrap": func() {
		l := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel),
			zapspan.WrapCore())
		for i := range burstSize() {
			l.Error("burst", zap.Int("i", i))
		}
		l.Fatal("last words")
	},
	"burst-zerolog": func() {
		l := zerolog.New(io.Discard).Hook(zerologspan.NewHook())
		for i := range burstSize() {
			l.Error().Int("i", i).Msg("burst")
		}
		l.Fatal().Msg("last words")
	},
	"burst-logrus": func() {
		l := logrus.New()
		l.Out = io.Discard
		l.AddHook(logrusspan.NewHook())
		for i := range burstSize() {
			l.WithField("i", i).Error("burst")
		}
		l.Fatal("last words")
	},
	"burst-slog": func() {
		l := slog.New(slogspan.NewHandler())
		for i := range burstSize() {
			l.Error("burst", "i", i)
		}
		l.Log(context.Background(), slog.LevelError+4, "last words")
		os.Exit(1)
	},
}

// slowBackend forwards every request to target after delay: a backend
// far away, or overloaded.
func slowBackend(t *testing.T, target string, delay time.Duration) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // a child dying mid-request is expected
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	proxy.Transport = tr
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A fatal log after a burst of 20,000 error logs is delivered, by every
// adapter, to a healthy backend and to one taking 300 ms per request: the
// burst cannot fill the room the fatal span needs (it evicts an older
// span if it must), and the flush sends it in its first batch.
//
// The same holds when logs are records (LOGSPAN_LOGS_AS=records): the
// record pipeline keeps the same room for error records and flushes the
// fatal one first.
func TestFatalAfterBurstIsDelivered(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	backends := map[string]time.Duration{"healthy": 0, "slow": 300 * time.Millisecond}
	for name := range bursts {
		for backend, delay := range backends {
			for _, model := range []string{"spans", "records"} {
				if model == "records" && delay == 0 {
					continue // the slow backend is the harder case; the spans cover both
				}
				t.Run(name+"/"+backend+"/"+model, func(t *testing.T) {
					t.Parallel()
					burstChild(t, name, delay, model)
				})
			}
		}
	}
}

// burstChild runs the burst child name against a receiver behind a
// backend taking delay per request, its logs as model, and checks that
// the fatal log arrived.
func burstChild(t *testing.T, name string, delay time.Duration, model string) {
	rec := otlptest.NewHTTP()
	defer rec.Close()
	endpoint := rec.URL
	if delay > 0 {
		endpoint = slowBackend(t, rec.URL, delay)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		childEnv+"="+name,
		burstEnv+"=20000",
		"OTEL_EXPORTER_OTLP_ENDPOINT="+endpoint,
		"OTEL_TRACES_EXPORTER=otlp",
		"OTEL_SERVICE_NAME="+name,
		"LOGSPAN_LOGS_AS="+model,
		"OTEL_LOGS_EXPORTER=otlp",
	)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 3 || exit.ExitCode() == 4 {
		t.Fatalf("child did not die as planned: %v\n%s", err, out)
	}
	names := rec.SpanNames()
	if model == "records" {
		names = rec.LogBodies()
	}
	if !slices.Contains(names, "last words") {
		t.Errorf("the fatal log was lost: %d %s received, none is the fatal one\n%s", len(names), model, out)
	}
	t.Logf("%s, %v per request: %d of 20001 %s delivered, fatal delivered: %v, child ran %v",
		name, delay, len(names), model, slices.Contains(names, "last words"), time.Since(start).Round(time.Millisecond))
}
