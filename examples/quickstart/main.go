// Command quickstart shows log lines becoming spans: it opens a request
// span, logs through zap inside it (with fields, an error and a nested
// span), and prints the trace it recorded as an indented tree.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zapspan"
)

func main() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	// The one line: the application's logger, now also making spans.
	logger := zap.NewExample().WithOptions(zapspan.WrapCore(core.WithTracerProvider(tp)))

	handleCheckout(context.Background(), tp.Tracer("quickstart"), logger)

	fmt.Println("\nThe trace, as a backend would show it:")
	printTree(os.Stdout, rec.Ended())
}

func handleCheckout(ctx context.Context, tracer trace.Tracer, logger *zap.Logger) {
	ctx, span := tracer.Start(ctx, "POST /checkout")
	defer span.End()

	log := logger.With(zapspan.Context(ctx), zap.String("user", "ada"))
	log.Info("checkout started", zap.Int("items", 3), zap.Float64("total", 42.5))

	func() {
		ctx, charge := tracer.Start(ctx, "charge card")
		defer charge.End()
		time.Sleep(2 * time.Millisecond)
		logger.Error("card declined", zapspan.Context(ctx),
			zap.Error(errors.New("insufficient funds")),
			zap.Any("card", map[string]string{"brand": "visa", "last4": "4242"}))
	}()

	log.Warn("checkout failed, cart kept", zap.Duration("took", 3*time.Millisecond))
}

// printTree writes spans under their parents, log spans marked by their
// level, with their attributes.
func printTree(w io.Writer, spans []sdktrace.ReadOnlySpan) {
	children := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		children[s.Parent().SpanID()] = append(children[s.Parent().SpanID()], s)
	}
	var walk func(parent trace.SpanID, depth int)
	walk = func(parent trace.SpanID, depth int) {
		kids := children[parent]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTime().Before(kids[j].StartTime()) })
		for _, s := range kids {
			indent := strings.Repeat("  ", depth)
			attrs := map[attribute.Key]attribute.Value{}
			for _, kv := range s.Attributes() {
				attrs[kv.Key] = kv.Value
			}
			if level, ok := attrs[core.KeyLogLevel]; ok {
				fmt.Fprintf(w, "%s%s  %-5s %s  (instant: %v)\n", indent, s.StartTime().Format("15:04:05.000"),
					level.AsString(), s.Name(), s.StartTime().Equal(s.EndTime()))
				for _, kv := range s.Attributes() {
					if !strings.HasPrefix(string(kv.Key), "logfire.") && kv.Key != core.KeyLogLevel {
						fmt.Fprintf(w, "%s    %s=%s\n", indent, kv.Key, kv.Value.Emit())
					}
				}
				for _, ev := range s.Events() {
					fmt.Fprintf(w, "%s    event %s", indent, ev.Name)
					for _, kv := range ev.Attributes {
						fmt.Fprintf(w, " %s=%q", kv.Key, kv.Value.Emit())
					}
					fmt.Fprintln(w)
				}
			} else {
				fmt.Fprintf(w, "%s%s  span  %s (%v)\n", indent, s.StartTime().Format("15:04:05.000"), s.Name(),
					s.EndTime().Sub(s.StartTime()).Round(time.Millisecond))
			}
			walk(s.SpanContext().SpanID(), depth+1)
		}
	}
	walk(trace.SpanID{}, 0)
}
