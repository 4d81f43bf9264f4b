//go:build !race

package otelsetup_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/log"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

// A record on the direct path costs fewer allocations than the same
// record on the SDK's (the API record's copy and the SDK's growing of its
// own are gone), and stays at a few however many the fields. (Not
// under the race detector, which allocates for itself.)
func TestDirectRecordAllocs(t *testing.T) {
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
		otelsetup.WithErrorOutput(io.Discard),
		otelsetup.WithLogsAs(logspan.LogsAsRecords),
		otelsetup.WithLogExporter(&collectRecords{}),
		otelsetup.WithMaxQueueBytes(1<<30),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.Shutdown(context.Background()) }()
	allocs := func(lp log.LoggerProvider, fields int) float64 {
		l := slog.New(slogspan.NewHandler(logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(lp)))
		as := make([]slog.Attr, fields)
		for i := range as {
			as[i] = slog.Int(fmt.Sprintf("f%d", i), i)
		}
		ctx := context.Background()
		return testing.AllocsPerRun(200, func() { l.LogAttrs(ctx, slog.LevelInfo, "checkout", as...) })
	}
	for _, fields := range []int{5, 50} {
		direct, sdk := allocs(p.LoggerProvider(), fields), allocs(viaSDK{p.LoggerProvider()}, fields)
		t.Logf("%d fields: direct %.0f allocs, SDK path %.0f", fields, direct, sdk)
		if direct >= sdk {
			t.Errorf("%d fields: direct path %.0f allocs, SDK path %.0f: not taken?", fields, direct, sdk)
		}
		if direct > 2 {
			t.Errorf("%d fields: direct path %.0f allocs per record, want at most 2", fields, direct)
		}
	}
}
