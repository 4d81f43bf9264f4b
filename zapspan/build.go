package zapspan

import (
	"maps"
	"slices"

	"go.uber.org/zap"

	"github.com/logspan/logspan"
)

// Build is cfg.Build() with [WrapCore] in place before cfg.InitialFields,
// so that the initial fields reach the spans as well as the output:
//
//	logger, err := zapspan.Build(cfg, logspan.WithTracerProvider(tp))
//
// cfg.Build(zapspan.WrapCore()) would apply WrapCore after the initial
// fields, which keeps them out of the spans. The logger's output is the
// one cfg.Build() gives, byte for byte, apart from trace_id and span_id.
// zap options go on afterwards, logger.WithOptions(opts...), which is what
// cfg.Build(opts...) does with them.
func Build(cfg zap.Config, opts ...logspan.Option) (*zap.Logger, error) {
	initial := cfg.InitialFields
	cfg.InitialFields = nil // cfg is a copy: the caller's map is untouched
	logger, err := cfg.Build(WrapCore(opts...))
	if err != nil {
		return nil, err
	}
	if len(initial) == 0 {
		return logger, nil
	}
	// As zap.Config.Build makes them: zap.Any, in sorted key order.
	fields := make([]zap.Field, 0, len(initial))
	for _, k := range slices.Sorted(maps.Keys(initial)) {
		fields = append(fields, zap.Any(k, initial[k]))
	}
	return logger.WithOptions(zap.Fields(fields...)), nil
}
