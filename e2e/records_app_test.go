//go:build unix

package e2e

import (
	"context"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

// recordLogger is one of the app's loggers as its log records name it:
// the instrumentation scope of its adapter.
type recordLogger struct {
	name           string // subtest name
	scope, version string // the adapter's ScopeName and Version
}

// recordLoggers are the app's four loggers, in the order recordsRequest
// logs through them.
var recordLoggers = []recordLogger{
	{"zap", zapspan.ScopeName, zapspan.Version},
	{"zerolog", zerologspan.ScopeName, zerologspan.Version},
	{"logrus", logrusspan.ScopeName, logrusspan.Version},
	{"slog", slogspan.ScopeName, slogspan.Version},
}

// The fields of recordsRequest's info logs, as every adapter converts them:
// one of each OTLP scalar type.
var recordFields = map[string]any{
	"order":   "A-17",
	"items":   int64(3),
	"total":   42.5,
	"express": true,
}

// recordsRequest makes one trace: a root span holding, from each of the
// four loggers in turn, an info log with the recordFields and an error log
// of errPayment. It returns the trace id and the root's span id.
func (a *app) recordsRequest(ctx context.Context) (trace.TraceID, trace.SpanID) {
	ctx, root := a.tracer.Start(ctx, "GET /orders/{id}", trace.WithSpanKind(trace.SpanKindServer))
	defer root.End()

	a.zap.Info(requestInfoMsg, zapspan.Context(ctx),
		zap.String("order", "A-17"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("express", true))
	a.zap.Error(requestErrorMsg, zapspan.Context(ctx), zap.Error(errPayment))

	a.zerolog.Info().Ctx(ctx).
		Str("order", "A-17").Int("items", 3).Float64("total", 42.5).Bool("express", true).
		Msg(requestInfoMsg)
	a.zerolog.Error().Ctx(ctx).Err(errPayment).Msg(requestErrorMsg)

	a.logrus.WithContext(ctx).WithFields(logrus.Fields{
		"order": "A-17", "items": 3, "total": 42.5, "express": true,
	}).Info(requestInfoMsg)
	a.logrus.WithContext(ctx).WithError(errPayment).Error(requestErrorMsg)

	a.slog.InfoContext(ctx, requestInfoMsg, "order", "A-17", "items", 3, "total", 42.5, "express", true)
	a.slog.ErrorContext(ctx, requestErrorMsg, "error", errPayment)

	sc := root.SpanContext()
	return sc.TraceID(), sc.SpanID()
}
