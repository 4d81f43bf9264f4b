package core_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// randValue returns a value of any kind the attribute package has, nested
// up to depth levels, with strings that are long, multi-byte, or not valid
// UTF-8, and maps with repeated keys.
func randValue(r *rand.Rand, depth int) attribute.Value {
	strs := []string{"", "short", strings.Repeat("x", 30), strings.Repeat("é€", 9), "ab\xffcd\xfeefghijk",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff", "�������", "abc\xed\xa0\x80defghi"}
	str := func() string { return strs[r.IntN(len(strs))] }
	switch k := r.IntN(13); {
	case k == 0:
		return attribute.BoolValue(r.IntN(2) == 0)
	case k == 1:
		return attribute.Int64Value(r.Int64())
	case k == 2:
		return attribute.Float64Value(r.Float64())
	case k == 3:
		return attribute.BoolSliceValue([]bool{true, false})
	case k == 4:
		return attribute.Int64SliceValue([]int64{1, 2, 3})
	case k == 5:
		return attribute.Float64SliceValue([]float64{0.5})
	case k == 6:
		return attribute.StringSliceValue([]string{str(), str(), str()})
	case k == 7:
		return attribute.ByteSliceValue([]byte(str()))
	case k == 8:
		return attribute.Value{} // INVALID, with a key: valid for the SDK
	case k >= 9 && k <= 10 && depth > 0:
		vs := make([]attribute.Value, r.IntN(7))
		for i := range vs {
			vs[i] = randValue(r, depth-1)
		}
		return attribute.SliceValue(vs...)
	case k >= 11 && depth > 0:
		kvs := make([]attribute.KeyValue, r.IntN(7))
		for i := range kvs {
			kvs[i] = attribute.KeyValue{Key: attribute.Key(fmt.Sprint("m", r.IntN(3))), Value: randValue(r, depth-1)}
		}
		return attribute.MapValue(kvs...)
	}
	return attribute.StringValue(str())
}

func randAttrs(r *rand.Rand, n int) []attribute.KeyValue {
	kvs := make([]attribute.KeyValue, n)
	for i := range kvs {
		key := attribute.Key(fmt.Sprint("k", r.IntN(12)))
		if r.IntN(15) == 0 {
			key = ""
		}
		kvs[i] = attribute.KeyValue{Key: key, Value: randValue(r, 4)}
	}
	return kvs
}

// TestDirectSpanMethodsLikeSDK drives a direct span and an SDK span with
// the same random calls (attributes of every kind in batches, events,
// links, statuses, names, errors) under random limits, and requires the
// same finished span. It covers the SDK rules the log corpus cannot reach:
// nested values, their depth limit and repeated map keys, byte slices,
// values that are not valid UTF-8, links, and an Ok status.
func TestDirectSpanMethodsLikeSDK(t *testing.T) {
	limit := func(r *rand.Rand) int { return []int{-1, 0, 1, 2, 3, 5, 8, 20}[r.IntN(8)] }
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 1))
		lim := sdktrace.SpanLimits{
			AttributeValueLengthLimit:   limit(r),
			AttributeValueDepthLimit:    []int{-1, 0, 1, 2, 3}[r.IntN(5)],
			AttributeCountLimit:         limit(r),
			EventCountLimit:             limit(r),
			LinkCountLimit:              limit(r),
			AttributePerEventCountLimit: limit(r),
			AttributePerLinkCountLimit:  limit(r),
		}
		ids := &seqIDs{}
		rec := tracetest.NewSpanRecorder()
		res := resource.NewSchemaless(attribute.String("service.name", "s"))
		tp := sdktrace.NewTracerProvider(sdktrace.WithIDGenerator(ids), sdktrace.WithRawSpanLimits(lim),
			sdktrace.WithResource(res), sdktrace.WithSpanProcessor(rec))
		directRec := tracetest.NewSpanRecorder()
		p := core.NewPipeline(core.PipelineConfig{IDGenerator: ids, SpanLimits: lim, Resource: res,
			Processors: []sdktrace.SpanProcessor{directRec}})
		at := time.Unix(1_700_000_000, int64(seed))
		start := randAttrs(r, r.IntN(6))

		ids.reset(seed)
		_, sdkSpan := tp.Tracer("scope", trace.WithInstrumentationVersion("v")).Start(context.Background(), "name",
			trace.WithTimestamp(at), trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(start...))
		ids.reset(seed)
		directSpan := core.StartDirectSpan(context.Background(), p, instrumentation.Scope{Name: "scope", Version: "v"}, "name", at, start...)

		ops := r.IntN(12)
		for range ops {
			var do func(trace.Span)
			switch r.IntN(7) {
			case 0, 1, 2:
				attrs := randAttrs(r, r.IntN(10))
				do = func(s trace.Span) { s.SetAttributes(attrs...) }
			case 3:
				attrs := randAttrs(r, r.IntN(6))
				do = func(s trace.Span) {
					s.AddEvent("event", trace.WithTimestamp(at.Add(time.Second)), trace.WithAttributes(attrs...))
				}
			case 4:
				attrs := randAttrs(r, r.IntN(6))
				sc := trace.SpanContext{}
				if r.IntN(2) == 0 {
					sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}})
				}
				do = func(s trace.Span) { s.AddLink(trace.Link{SpanContext: sc, Attributes: attrs}) }
			case 5:
				code := []codes.Code{codes.Unset, codes.Error, codes.Ok}[r.IntN(3)]
				do = func(s trace.Span) { s.SetStatus(code, "why") }
			case 6:
				do = func(s trace.Span) {
					s.RecordError(errors.New("failed"), trace.WithTimestamp(at))
					s.SetName("renamed")
				}
			}
			do(sdkSpan)
			do(directSpan)
		}
		sdkSpan.End(trace.WithTimestamp(at))
		directSpan.End()
		require.Len(t, rec.Ended(), 1)
		require.Len(t, directRec.Ended(), 1)
		assertSameSpan(t, rec.Ended()[0], directRec.Ended()[0], "seed", seed, "limits", lim)
		if t.Failed() {
			return
		}
	}
}

// FuzzDirectSpanValueLimit cuts fuzzed strings, alone and in slices, to a
// fuzzed length limit on both paths: the direct span must hold what the
// SDK's does.
func FuzzDirectSpanValueLimit(f *testing.F) {
	for _, s := range []string{"", "abc", "ab\xffcd", "é€😀", "\xed\xa0\x80x", "�\xff�", strings.Repeat("z", 70)} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%40 - 1 // -1 (no limit) to 38
		lim := sdktrace.NewSpanLimits()
		lim.AttributeValueLengthLimit = limit
		rec, directRec := tracetest.NewSpanRecorder(), tracetest.NewSpanRecorder()
		tp := sdktrace.NewTracerProvider(sdktrace.WithRawSpanLimits(lim), sdktrace.WithSpanProcessor(rec))
		p := core.NewPipeline(core.PipelineConfig{SpanLimits: lim, Processors: []sdktrace.SpanProcessor{directRec}})
		attrs := []attribute.KeyValue{
			attribute.String("s", s), attribute.StringSlice("ss", []string{s, "x" + s}),
			attribute.KeyValue{Key: "b", Value: attribute.ByteSliceValue([]byte(s))},
		}
		_, span := tp.Tracer("t").Start(context.Background(), "n")
		span.SetAttributes(attrs...)
		span.End()
		direct := core.StartDirectSpan(context.Background(), p, instrumentation.Scope{Name: "t"}, "n", time.Now())
		direct.SetAttributes(attrs...)
		direct.End()
		require.Equal(t, rec.Ended()[0].Attributes(), directRec.Ended()[0].Attributes())
	})
}
