//go:build unix

package e2e

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

// app is a service in the test process: an otelsetup provider configured
// by OTEL_* (and LOGSPAN_*) variables, and one logger of each kind logging
// through it.
type app struct {
	provider *otelsetup.Provider
	tracer   trace.Tracer
	zap      *zap.Logger
	zerolog  zerolog.Logger
	logrus   *logrus.Logger
	slog     *slog.Logger
}

// newApp builds an app from the variables in env only (the test process's
// own environment is not read).
func newApp(ctx context.Context, env map[string]string, errOut io.Writer) (*app, error) {
	p, err := otelsetup.New(ctx,
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }),
		otelsetup.WithErrorOutput(errOut))
	if err != nil {
		return nil, err
	}
	tp := p.TracerProvider()
	// New touches no global: the adapters get the provider's data model of
	// logs (LOGSPAN_LOGS_AS) and its logger provider as options, as they
	// would get them from Setup through the process defaults.
	opt := logspan.WithOptions(
		logspan.WithTracerProvider(tp),
		logspan.WithLoggerProvider(p.LoggerProvider()),
		logspan.WithLogsAs(p.LogsAs()))
	lr := logrus.New()
	lr.Out = io.Discard
	lr.AddHook(logrusspan.NewHook(opt))
	return &app{
		provider: p,
		tracer:   tp.Tracer("github.com/logspan/logspan/e2e"),
		zap:      zap.New(zapspan.NewCore(opt)),
		zerolog:  zerolog.New(io.Discard).Hook(zerologspan.NewHook(opt)),
		logrus:   lr,
		slog:     slog.New(slogspan.NewHandler(opt)),
	}, nil
}

// requestKind says what a request does besides its four info logs.
type requestKind int

const (
	plainRequest  requestKind = iota // nothing more: kept by chance only
	errorRequest                     // one error log, through one of the loggers
	slowRequest                      // a root span longer than the slow threshold
	levelRequest                     // a root span with logfire.level_num 17 and no error status
	statusRequest                    // a root span with status ERROR and no level
)

func (k requestKind) String() string {
	return [...]string{"plain", "error", "slow", "level", "status"}[k]
}

const (
	requestInfoMsg  = "order loaded"
	requestErrorMsg = "payment failed"
)

var errPayment = errors.New("card expired")

// request makes one trace: a root span holding one info log from each of
// the four loggers and, for an error request, an error log from the
// logger i picks. A slow request's root span starts slowBy earlier; a
// level or status request marks its root span. It
// returns the trace id, the root's span id and the number of spans made.
func (a *app) request(ctx context.Context, i int, kind requestKind, slowBy time.Duration) (trace.TraceID, trace.SpanID, int) {
	start := time.Now()
	if kind == slowRequest {
		start = start.Add(-slowBy)
	}
	ctx, root := a.tracer.Start(ctx, "GET /orders/{id}", trace.WithTimestamp(start),
		trace.WithSpanKind(trace.SpanKindServer))
	defer root.End()
	id := strconv.Itoa(i)
	a.zap.Info(requestInfoMsg, zapspan.Context(ctx), zap.String("order", id))
	a.zerolog.Info().Ctx(ctx).Str("order", id).Msg(requestInfoMsg)
	a.logrus.WithContext(ctx).WithField("order", id).Info(requestInfoMsg)
	a.slog.InfoContext(ctx, requestInfoMsg, "order", id)
	spans := 1 + 4
	switch kind {
	case levelRequest:
		// As a span from another Logfire SDK may carry it: the level alone.
		root.SetAttributes(core.KeyLevelNum.Int(int(core.LevelError)))
	case statusRequest:
		root.SetStatus(codes.Error, "upstream timeout")
	case errorRequest:
		switch i % 4 {
		case 0:
			a.zap.Error(requestErrorMsg, zapspan.Context(ctx), zap.Error(errPayment))
		case 1:
			a.zerolog.Error().Ctx(ctx).Err(errPayment).Msg(requestErrorMsg)
		case 2:
			a.logrus.WithContext(ctx).WithError(errPayment).Error(requestErrorMsg)
		case 3:
			a.slog.ErrorContext(ctx, requestErrorMsg, "error", errPayment)
		}
		spans++
	}
	sc := root.SpanContext()
	return sc.TraceID(), sc.SpanID(), spans
}
