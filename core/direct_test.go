package core_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// seqIDs is a deterministic id generator: both paths, reset to the same
// seed, draw the same ids.
type seqIDs struct {
	mu sync.Mutex
	n  uint64
}

func (g *seqIDs) reset(seed uint64) { g.mu.Lock(); g.n = seed << 20; g.mu.Unlock() }

func (g *seqIDs) next() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return g.n*0x9e3779b97f4a7c15 | 1
}

func (g *seqIDs) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	binary.BigEndian.PutUint64(tid[:8], g.next())
	binary.BigEndian.PutUint64(tid[8:], g.next())
	return tid, g.NewSpanID(ctx, tid)
}

func (g *seqIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	var sid trace.SpanID
	binary.BigEndian.PutUint64(sid[:], g.next())
	return sid
}

// seenParams is what a sampler was asked, kept to compare the two paths.
type seenParams struct {
	Parent  trace.SpanContext
	TraceID trace.TraceID
	Name    string
	Kind    trace.SpanKind
	Attrs   []attribute.KeyValue
	Links   []trace.Link
}

// customSampler decides on the level, adds attributes (one replacing a
// fixed attribute, one without a key, a long one) and edits the trace
// state; it records what it was asked.
type customSampler struct {
	mu   sync.Mutex
	seen []seenParams
}

func (s *customSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	s.mu.Lock()
	s.seen = append(s.seen, seenParams{
		Parent: trace.SpanContextFromContext(p.ParentContext), TraceID: p.TraceID, Name: p.Name,
		Kind: p.Kind, Attrs: append([]attribute.KeyValue(nil), p.Attributes...), Links: p.Links,
	})
	s.mu.Unlock()
	var level int64
	for _, kv := range p.Attributes {
		if kv.Key == core.KeyLevelNum {
			level = kv.Value.AsInt64()
		}
	}
	ts, _ := trace.SpanContextFromContext(p.ParentContext).TraceState().Insert("logspan", fmt.Sprint(level))
	res := sdktrace.SamplingResult{Tracestate: ts, Attributes: []attribute.KeyValue{
		attribute.String("sampler.note", strings.Repeat("sampled ", 4)),
		attribute.String("", "keyless"),
		attribute.Int64(string(core.KeyLevelNum), -level), // replaced by the start attribute
		attribute.StringSlice("sampler.list", []string{"short", strings.Repeat("é", 12)}),
		attribute.String("sampler.invalid", "ab\xffcdefghij\xfe"), // cut the SDK's way
	}}
	switch {
	case level < int64(core.LevelInfo):
		res.Decision = sdktrace.Drop
	case level < int64(core.LevelWarn):
		res.Decision = sdktrace.RecordOnly
	default:
		res.Decision = sdktrace.RecordAndSample
	}
	return res
}

func (s *customSampler) Description() string { return "custom" }

func (s *customSampler) take() []seenParams {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := s.seen
	s.seen = nil
	return seen
}

// stackErr is an error whose %+v differs from its message: it has a stack.
type stackErr struct{ msg string }

func (e stackErr) Error() string { return e.msg }
func (e stackErr) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprintf(f, "%s\n\tmain.go:12\n\tserver.go:40", e.msg)
		return
	}
	fmt.Fprint(f, e.msg)
}

type pathTest struct {
	name   string
	rec    *tracetest.SpanRecorder
	em     *core.Emitter
	tp     *sdktrace.TracerProvider
	direct bool
}

// newPaths builds the same pipeline twice: the SDK path (a provider with a
// recorder) and the direct path (a provider without processors, whose
// registered pipeline has the recorder: a span the SDK made would not be
// seen).
func newPaths(t *testing.T, sampler sdktrace.Sampler, ids sdktrace.IDGenerator, limits sdktrace.SpanLimits, opts ...core.Option) (sdkPath, directPath pathTest) {
	t.Helper()
	res := resource.NewSchemaless(attribute.String("service.name", "equal"))
	sdkPath.rec = tracetest.NewSpanRecorder()
	sdkPath.tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithIDGenerator(ids),
		sdktrace.WithRawSpanLimits(limits), sdktrace.WithResource(res), sdktrace.WithSpanProcessor(sdkPath.rec))
	directPath.rec = tracetest.NewSpanRecorder()
	directPath.tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithIDGenerator(ids),
		sdktrace.WithRawSpanLimits(limits), sdktrace.WithResource(res))
	p := core.NewPipeline(core.PipelineConfig{Sampler: sampler, IDGenerator: ids, SpanLimits: limits,
		Resource: res, Processors: []sdktrace.SpanProcessor{directPath.rec}})
	t.Cleanup(core.RegisterPipeline(directPath.tp, p))
	sdkPath.em = core.NewEmitter("github.com/logspan/logspan/test", "v1.2.3", append(opts, core.WithTracerProvider(sdkPath.tp))...)
	directPath.em = core.NewEmitter("github.com/logspan/logspan/test", "v1.2.3", append(opts, core.WithTracerProvider(directPath.tp))...)
	sdkPath.name, directPath.name, directPath.direct = "sdk", "direct", true
	return sdkPath, directPath
}

// logCase is one generated log: what to log and where.
type logCase struct {
	rec    core.Record
	ctx    context.Context
	base   *core.Fields
	fields func(*core.Encoder)
}

func (lc logCase) emit(em *core.Emitter) (ok, recording bool, sc trace.SpanContext, c core.Correlation) {
	ev := em.Start(lc.ctx, lc.rec, lc.base)
	if ev == nil {
		return false, false, sc, c
	}
	if ev.Recording() {
		lc.fields(ev.Encoder())
	}
	recording, sc = ev.Recording(), ev.SpanContext()
	return true, recording, sc, ev.End()
}

// parents are the contexts a log is made in.
func parents(t *testing.T) map[string]context.Context {
	ts, err := trace.ParseTraceState("vendor=abc,other=1")
	require.NoError(t, err)
	sc := func(flags trace.TraceFlags, remote bool) trace.SpanContext {
		return trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{0xab, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
			SpanID:  trace.SpanID{0xcd, 1, 2, 3, 4, 5, 6, 7}, TraceFlags: flags, TraceState: ts, Remote: remote,
		})
	}
	ptp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = ptp.Shutdown(context.Background()) })
	live, span := ptp.Tracer("parent").Start(context.Background(), "request")
	t.Cleanup(func() { span.End() })
	bg := context.Background()
	return map[string]context.Context{
		"none":             bg,
		"nil":              nil,
		"sampled":          trace.ContextWithSpanContext(bg, sc(trace.FlagsSampled, false)),
		"unsampled":        trace.ContextWithSpanContext(bg, sc(0, false)),
		"remote sampled":   trace.ContextWithRemoteSpanContext(bg, sc(trace.FlagsSampled|0x02, true)),
		"remote unsampled": trace.ContextWithRemoteSpanContext(bg, sc(0x02, true)),
		"live sdk span":    live,
	}
}

// genCase makes the i-th log of a corpus: levels, every kind of field,
// errors with and without stacks, With-fields bases, groups, scrubbed
// values, empty messages, long and invalid values, many fields.
func genCase(r *rand.Rand, em *core.Emitter, ctx context.Context, i int) logCase {
	levels := []core.Level{core.LevelTrace, core.LevelDebug, core.LevelInfo, core.LevelNotice, core.LevelWarn, core.LevelError, core.LevelFatal}
	lc := logCase{ctx: ctx, rec: core.Record{
		Time:  time.Unix(1_700_000_000, int64(i)*1000).UTC(),
		Level: levels[r.IntN(len(levels))],
	}}
	msgs := []string{"", "checkout done", "user {id} logged in", strings.Repeat("long message ", 40), "bad \xff utf8"}
	lc.rec.Message = msgs[r.IntN(len(msgs))]
	if r.IntN(3) == 0 {
		lc.rec.LoggerName = "svc.http"
	}
	if r.IntN(2) == 0 {
		lc.rec.Caller = core.Caller{File: "/src/app/main.go", Line: 42 + i, Function: "main.handle"}
	}
	if r.IntN(5) == 0 {
		lc.rec.Stack = "goroutine 1 [running]:\nmain.main()\n\t/src/app/main.go:42"
	}
	if r.IntN(3) == 0 {
		enc := em.NewEncoder(nil)
		enc.AddString("request_id", fmt.Sprint("req-", i))
		enc.AddString("password", "hunter2")
		if r.IntN(2) == 0 {
			enc.AddError("base_err", stackErr{"base failed"})
		}
		enc.AddAny("route", map[string]any{"path": "/cart", "method": "POST"})
		lc.base = enc.Fields()
	}
	n := r.IntN(40)
	seed := r.Uint64()
	lc.fields = func(enc *core.Encoder) {
		r := rand.New(rand.NewPCG(seed, 7))
		for j := range n {
			key := fmt.Sprint("k", r.IntN(30)) // repeats: the last value wins
			switch r.IntN(18) {
			case 0:
				enc.AddString(key, strings.Repeat("v", r.IntN(20)))
			case 1:
				enc.AddString(key, strings.Repeat("ü€", 10)+"\xfe")
			case 2:
				enc.AddBool(key, r.IntN(2) == 0)
			case 3:
				enc.AddInt64(key, r.Int64())
			case 4:
				enc.AddUint64(key, r.Uint64())
			case 5:
				enc.AddFloat64(key, r.NormFloat64())
			case 6:
				enc.AddTime(key, time.Unix(int64(j), 0).UTC())
			case 7:
				enc.AddDuration(key, time.Duration(r.IntN(1e9)))
			case 8:
				enc.AddBinary(key, []byte{1, 2, byte(j)})
			case 9:
				enc.AddStrings(key, []string{"a", strings.Repeat("bc", 8), "\xff\xfeinvalid"})
			case 10:
				enc.AddInt64s(key, []int64{1, int64(j)})
			case 11:
				enc.AddFloat64s(key, []float64{0.5, float64(j)})
			case 12:
				enc.AddBools(key, []bool{true, false})
			case 13:
				enc.AddError(key, errors.New("plain failure"))
			case 14:
				enc.AddError(key, stackErr{fmt.Sprint("failure ", j)})
			case 15:
				enc.AddAny(key, map[string]any{"nested": []any{1, "two", 3.5}, "token": "secret-value"})
			case 16:
				enc.OpenGroup("g")
				enc.AddString("in_group", "x")
				if r.IntN(2) == 0 {
					enc.CloseGroup()
				}
			case 17:
				enc.AddString("api_key", "abcdef") // scrubbed
			}
		}
	}
	return lc
}

// assertSameSpan compares every exported method of ReadOnlySpan on two
// spans, by reflection so that no method is forgotten.
func assertSameSpan(t *testing.T, want, got sdktrace.ReadOnlySpan, msgAndArgs ...any) {
	t.Helper()
	it := reflect.TypeFor[sdktrace.ReadOnlySpan]()
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(got)
	n := 0
	for i := range it.NumMethod() {
		m := it.Method(i)
		if !m.IsExported() {
			continue
		}
		n++
		w := wv.MethodByName(m.Name).Call(nil)[0].Interface()
		g := gv.MethodByName(m.Name).Call(nil)[0].Interface()
		if !assert.Equal(t, w, g, m.Name+" "+fmt.Sprint(msgAndArgs...)) {
			return
		}
	}
	require.Equal(t, 17, n, "ReadOnlySpan's methods changed: check the direct span")
}

// TestDirectPathSameSpans logs a generated corpus through both paths, for
// every sampler, set of limits and parent, and requires the same spans
// field by field, the same sampling questions, and the same ids and
// correlation handed back to the adapter.
func TestDirectPathSameSpans(t *testing.T) {
	low := sdktrace.NewSpanLimits()
	low.AttributeCountLimit, low.EventCountLimit, low.AttributePerEventCountLimit = 9, 1, 2
	low.AttributeValueLengthLimit = 7
	unlimited := sdktrace.SpanLimits{AttributeValueLengthLimit: -1, AttributeCountLimit: -1,
		EventCountLimit: -1, LinkCountLimit: -1, AttributePerEventCountLimit: -1, AttributePerLinkCountLimit: -1}
	custom := &customSampler{}
	samplers := map[string]sdktrace.Sampler{
		"always":             sdktrace.AlwaysSample(),
		"never":              sdktrace.NeverSample(),
		"parent ratio":       sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.5)),
		"parent always":      sdktrace.ParentBased(sdktrace.AlwaysSample()),
		"custom":             custom,
		"parent then custom": sdktrace.ParentBased(custom, sdktrace.WithRemoteParentNotSampled(custom)),
	}
	limits := map[string]sdktrace.SpanLimits{
		"default":   sdktrace.NewSpanLimits(),
		"low":       low,
		"zero":      {},
		"unlimited": unlimited,
	}
	ctxs := parents(t)
	ids := &seqIDs{}
	spans := 0
	for sname, sampler := range samplers {
		for lname, lim := range limits {
			t.Run(sname+"/"+lname, func(t *testing.T) {
				sdkPath, directPath := newPaths(t, sampler, ids, lim, core.WithMinLevel(core.LevelTrace))
				r := rand.New(rand.NewPCG(uint64(len(sname)), uint64(len(lname))))
				i := 0
				for pname, ctx := range ctxs {
					for range 12 {
						i++
						lc := genCase(r, sdkPath.em, ctx, i)
						ids.reset(uint64(i))
						okA, recA, scA, cA := lc.emit(sdkPath.em)
						seenA := custom.take()
						ids.reset(uint64(i))
						okB, recB, scB, cB := lc.emit(directPath.em)
						seenB := custom.take()
						require.Equal(t, okA, okB, pname)
						assert.Equal(t, recA, recB, "Recording, parent %s", pname)
						assert.Equal(t, scA, scB, "SpanContext, parent %s", pname)
						assert.Equal(t, cA, cB, "Correlation, parent %s", pname)
						assert.Equal(t, seenA, seenB, "sampling parameters, parent %s", pname)
					}
				}
				a, b := sdkPath.rec.Ended(), directPath.rec.Ended()
				require.Equal(t, len(a), len(b), "spans ended")
				for k := range a {
					assertSameSpan(t, a[k], b[k], "span", k)
				}
				spans += len(a)
			})
		}
	}
	t.Logf("%d spans compared", spans)
	require.Greater(t, spans, 1000, "the corpus must record spans")
}

// TestDirectPathGlobalProvider checks that an emitter without a provider
// of its own takes the direct path when the global provider, at the time of
// the log, has a pipeline, and the SDK path again once it is withdrawn.
func TestDirectPathGlobalProvider(t *testing.T) {
	prev := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	em := core.NewEmitter("scope", "v") // before the global provider is set
	sdkRec, directRec := tracetest.NewSpanRecorder(), tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sdkRec))
	otel.SetTracerProvider(tp)
	unregister := core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
		SpanLimits: sdktrace.NewSpanLimits(), Processors: []sdktrace.SpanProcessor{directRec},
	}))
	at := time.Now()
	log := func() {
		ev := em.Start(context.Background(), core.Record{Time: at, Level: core.LevelError, Message: "boom"}, nil)
		ev.Encoder().AddError("error", errors.New("disk full"))
		ev.End()
	}
	log()
	require.Len(t, directRec.Ended(), 1)
	require.Empty(t, sdkRec.Ended())
	got := directRec.Ended()[0]
	assert.Equal(t, "scope", got.InstrumentationScope().Name)
	assert.Equal(t, "v", got.InstrumentationScope().Version)
	assert.Equal(t, sdktrace.Status{Code: codes.Error, Description: "*errors.errorString: disk full"}, got.Status())
	require.Len(t, got.Events(), 1)
	assert.Equal(t, resource.Default(), got.Resource())

	unregister()
	unregister() // twice is harmless
	log()
	require.Len(t, directRec.Ended(), 1)
	require.Len(t, sdkRec.Ended(), 1)
	assertSameSpan(t, got, withIDs(sdkRec.Ended()[0], got))
}

// withIDs returns s with the ids of like: spans of two runs with random ids
// compare equal apart from them.
func withIDs(s, like sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	stub := tracetest.SpanStubFromReadOnlySpan(s)
	stub.SpanContext = like.SpanContext()
	return stub.Snapshot()
}

// TestRegisterPipeline covers the registry: nil and non-comparable
// providers are refused without panicking, a second registration replaces
// the first, and an old unregister does not withdraw its replacement.
func TestRegisterPipeline(t *testing.T) {
	type valueTP struct {
		trace.TracerProvider
		tags []string // not comparable
	}
	rec := tracetest.NewSpanRecorder()
	p := core.NewPipeline(core.PipelineConfig{SpanLimits: sdktrace.NewSpanLimits(), Processors: []sdktrace.SpanProcessor{rec}})
	core.RegisterPipeline(nil, p)()
	vtp := valueTP{TracerProvider: sdktrace.NewTracerProvider()}
	unregisterV := core.RegisterPipeline(vtp, p)
	defer unregisterV()

	// A registered pointer provider next to it; the value provider's
	// emitter must still work (and compare without panicking).
	tp := sdktrace.NewTracerProvider()
	first := core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{SpanLimits: sdktrace.NewSpanLimits()}))
	second := core.RegisterPipeline(tp, p)
	first() // replaced: withdraws nothing
	logTo := func(em *core.Emitter) {
		ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, nil)
		ev.End()
	}
	logTo(core.NewEmitter("s", "v", core.WithTracerProvider(vtp)))
	require.Empty(t, rec.Ended(), "a non-comparable provider is not registered")
	logTo(core.NewEmitter("s", "v", core.WithTracerProvider(tp)))
	require.Len(t, rec.Ended(), 1, "the second registration serves the provider")
	second()
	logTo(core.NewEmitter("s", "v", core.WithTracerProvider(tp)))
	require.Len(t, rec.Ended(), 1, "withdrawn")
}

// TestDirectPathConcurrent logs from many goroutines through one pipeline
// with the random id generator: every span arrives, with distinct ids.
func TestDirectPathConcurrent(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
		IDGenerator: core.RandomIDGenerator{}, SpanLimits: sdktrace.NewSpanLimits(),
		Processors: []sdktrace.SpanProcessor{rec},
	})))
	em := core.NewEmitter("s", "v", core.WithTracerProvider(tp))
	base := em.NewEncoder(nil)
	base.AddString("shared", "yes")
	fields := base.Fields()
	const goroutines, logs = 8, 300
	var wg sync.WaitGroup
	// Other providers come and go meanwhile: the registry changes under
	// the loggers' feet without a lock on their path.
	stop := make(chan struct{})
	var churn sync.WaitGroup
	churn.Go(func() {
		other := sdktrace.NewTracerProvider()
		for {
			select {
			case <-stop:
				return
			default:
				core.RegisterPipeline(other, core.NewPipeline(core.PipelineConfig{}))()
			}
		}
	})
	for g := range goroutines {
		wg.Go(func() {
			for i := range logs {
				ev := em.Start(context.Background(), core.Record{Level: core.LevelError, Message: "m"}, fields)
				enc := ev.Encoder()
				enc.AddInt64("g", int64(g))
				enc.AddInt64("i", int64(i))
				enc.AddError("error", stackErr{"e"})
				ev.End()
			}
		})
	}
	wg.Wait()
	close(stop)
	churn.Wait()
	spans := rec.Ended()
	require.Len(t, spans, goroutines*logs)
	seen := map[trace.SpanID]bool{}
	for _, s := range spans {
		require.False(t, seen[s.SpanContext().SpanID()], "duplicate span id")
		seen[s.SpanContext().SpanID()] = true
		require.Len(t, s.Events(), 1)
		// The model's five, the schema, the fingerprint (a root error
		// log) and the four fields.
		require.Len(t, s.Attributes(), 11)
	}
}

// TestRandomIDGenerator checks the ids are valid and a child keeps no
// state from its trace id.
func TestRandomIDGenerator(t *testing.T) {
	g := core.RandomIDGenerator{}
	seen := map[trace.TraceID]bool{}
	for range 1000 {
		tid, sid := g.NewIDs(context.Background())
		require.True(t, tid.IsValid())
		require.True(t, sid.IsValid())
		require.False(t, seen[tid])
		seen[tid] = true
		require.True(t, g.NewSpanID(context.Background(), tid).IsValid())
	}
}

// countingProcessor counts the calls it gets.
type countingProcessor struct {
	discardProcessor
	mu           sync.Mutex
	starts, ends int
}

func (c *countingProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {
	c.mu.Lock()
	c.starts++
	c.mu.Unlock()
}

func (c *countingProcessor) OnEnd(sdktrace.ReadOnlySpan) {
	c.mu.Lock()
	c.ends++
	c.mu.Unlock()
}

// TestDirectPathDeclaredDifferences pins down what the direct path does
// not do, as its documentation says: processors get OnEnd for every log
// span but no OnStart, and the parent's ChildSpanCount does not count log
// spans.
func TestDirectPathDeclaredDifferences(t *testing.T) {
	for _, direct := range []bool{false, true} {
		procs := &countingProcessor{}
		rec := tracetest.NewSpanRecorder()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(procs), sdktrace.WithSpanProcessor(rec))
		if direct {
			t.Cleanup(core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
				SpanLimits: sdktrace.NewSpanLimits(), Processors: []sdktrace.SpanProcessor{procs, rec},
			})))
		}
		ctx, parent := tp.Tracer("app").Start(context.Background(), "request")
		em := core.NewEmitter("s", "v", core.WithTracerProvider(tp))
		for range 3 {
			ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "m"}, nil)
			ev.End()
		}
		parent.End()
		spans := rec.Ended()
		require.Len(t, spans, 4)
		children := spans[3].ChildSpanCount()
		if direct {
			assert.Equal(t, 1, procs.starts, "direct: OnStart only for the parent")
			assert.Equal(t, 0, children, "direct: log spans are not counted as children")
		} else {
			assert.Equal(t, 4, procs.starts)
			assert.Equal(t, 3, children)
		}
		assert.Equal(t, 4, procs.ends, "OnEnd sees every span")
		for _, s := range spans[:3] {
			assert.Equal(t, parent.SpanContext(), s.Parent())
		}
	}
}
