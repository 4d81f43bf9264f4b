// Command httpservice is a net/http service instrumented with the contrib
// otelhttp middleware, logging through zap. Each request's log lines
// become spans under the request's span, and the JSON log output carries
// their trace_id and span_id, so a log line leads to its trace.
//
//	go run ./examples/httpservice &
//	curl 'http://127.0.0.1:8080/greet?name=ada'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.uber.org/zap"

	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	shutdown, err := otelsetup.Setup(ctx, otelsetup.WithServiceName("httpservice"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = shutdown(context.Background()) }()

	logger := zap.Must(zap.NewProduction()).WithOptions(zapspan.WrapCore())
	defer func() { _ = logger.Sync() }()

	srv := &http.Server{Addr: *addr, Handler: newHandler(logger), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	logger.Info("listening", zap.String("addr", *addr))
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		logger.Error("server stopped", zap.Error(err))
	}
}

// newHandler is the service: the otelhttp middleware starts the request's
// span, and every log line made with the request's context becomes a
// child of it.
func newHandler(logger *zap.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /greet", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		name := r.URL.Query().Get("name")
		if name == "" {
			logger.Warn("greeting without a name", zapspan.Context(ctx))
			http.Error(w, "name is required", http.StatusBadRequest)
			return
		}
		logger.Info("greeting", zapspan.Context(ctx), zap.String("name", name))
		fmt.Fprintf(w, "hello, %s\n", name)
	})
	return otelhttp.NewHandler(mux, "greet")
}
