package zapspan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

// group is a multi-error the way go.uber.org/multierr exposes one.
type group []error

func (g group) Error() string {
	msgs := make([]string, 0, len(g))
	for _, e := range g {
		if e != nil {
			msgs = append(msgs, e.Error())
		}
	}
	return strings.Join(msgs, "; ")
}

func (g group) Errors() []error { return g }

type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg } // panics on a nil pointer

type panickingErr struct{}

func (panickingErr) Error() string { panic("no message") }

// cycle is a group holding itself, n times: zap would walk it forever.
type cycle struct{ n int }

func (c cycle) Error() string { return "cycle" }
func (c cycle) Errors() []error {
	errs := make([]error, c.n)
	for i := range errs {
		errs[i] = c
	}
	return errs
}

func TestErrorCauses(t *testing.T) {
	a, b, c := errors.New("a"), errors.New("b"), errors.New("c")
	var typedNil *nilErr
	tests := []struct {
		name  string
		field zap.Field
		key   attribute.Key
		want  string
	}{
		{"group", zap.Error(group{a, nil, b}), "errorCauses", `[{"error":"a"},{"error":"b"}]`},
		{"nested group", zap.Error(group{a, group{b, c}}), "errorCauses",
			`[{"error":"a"},{"error":"b; c","errorCauses":[{"error":"b"},{"error":"c"}]}]`},
		{"errors.Join", zap.Error(errors.Join(a, b)), "errorCauses", `[{"error":"a"},{"error":"b"}]`},
		{"join in a group", zap.Error(group{errors.Join(a, b), c}), "errorCauses",
			`[{"error":"a\nb","errorCauses":[{"error":"a"},{"error":"b"}]},{"error":"c"}]`},
		{"named", zap.NamedError("op", group{a}), "opCauses", `[{"error":"a"}]`},
		{"nil pointer cause", zap.Error(group{typedNil, a}), "errorCauses", `[{"error":"<nil>"},{"error":"a"}]`},
		{"panicking cause", zap.Error(errors.Join(panickingErr{}, a)), "errorCauses", `[{"error":"PANIC=no message"},{"error":"a"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, rec, _ := newLogger(t)
			require.NotPanics(t, func() { logger.Error("failed", tt.field) })
			got := spantest.Attributes(spantest.Only(t, rec))
			assert.Equal(t, tt.want, got[tt.key].AsString())
			assert.Contains(t, got[core.KeyJSONSchema].AsString(), `"`+string(tt.key)+`":{"type":"array"}`)
		})
	}
	t.Run("not a group", func(t *testing.T) {
		logger, rec, _ := newLogger(t)
		logger.Error("failed", zap.Error(a), zap.Error(group(nil)))
		for k := range spantest.Attributes(spantest.Only(t, rec)) {
			assert.False(t, strings.HasSuffix(string(k), "Causes"), "%s: only a group with causes has them", k)
		}
	})
	t.Run("from With", func(t *testing.T) {
		logger, rec, _ := newLogger(t)
		logger.With(zap.Error(group{a})).Info("derived")
		assert.Equal(t, `[{"error":"a"}]`, spantest.Attributes(spantest.Only(t, rec))["errorCauses"].AsString())
	})
}

// Where zap itself writes the causes (a group of plain errors), the span's
// attribute is the JSON zap's encoder writes for them.
func TestErrorCausesAsZapWritesThem(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	logger := zap.New(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel), zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	err := group{errors.New("a"), nil, group{errors.New("b"), errors.New(`"quoted"`)}}
	logger.Error("failed", zap.Error(err))
	var line map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out.Bytes(), &line))
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, line["errorCauses"]))
	assert.Equal(t, compact.String(), spantest.Attributes(spantest.Only(t, rec))["errorCauses"].AsString())
}

// A group that holds itself ends at the depth limit, and a wide one at the
// length limit, instead of walking without end.
func TestErrorCausesBounded(t *testing.T) {
	t.Run("deep", func(t *testing.T) {
		tp, rec := spantest.NewRecorder(t)
		logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp), logspan.WithMaxDepth(4)))
		logger.Error("cyclic", zap.Error(cycle{1}))
		got := spantest.Attributes(spantest.Only(t, rec))["errorCauses"].AsString()
		assert.Equal(t, `[{"error":"cycle","errorCauses":[{"error":"cycle","errorCauses":"<max depth exceeded>"}]}]`, got)
	})
	t.Run("wide", func(t *testing.T) {
		tp, rec := spantest.NewRecorder(t)
		const maxBytes = 1024
		logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp), logspan.WithMaxValueBytes(maxBytes)))
		// 64 causes of 64 causes ... 32 levels deep: far beyond any
		// walk, unless the length limit stops it.
		logger.Error("wide", zap.Error(cycle{64}))
		a := spantest.Attributes(spantest.Only(t, rec))
		got := a["errorCauses"].AsString()
		assert.True(t, strings.HasPrefix(got, `[{"error":"cycle","errorCauses":[{"error":"cycle"`), got)
		assert.LessOrEqual(t, len(got), 2*maxBytes, "cut at the length limit")
		assert.Contains(t, a[core.KeyJSONSchema].AsString(), `"errorCauses":{}`, "a cut value is no longer JSON: a plain string")
	})
}
