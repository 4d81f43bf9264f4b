package core

import (
	"context"
	"encoding/binary"
	"math/rand/v2"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// RandomIDGenerator is an [sdktrace.IDGenerator] that draws trace and span
// ids from math/rand/v2's runtime source: safe for concurrent use, without
// a lock, and without allocating. Its ids are not cryptographically secure
// (neither are the SDK's default ones).
//
// Pass the same generator to the SDK's TracerProvider
// ([sdktrace.WithIDGenerator]) and to [PipelineConfig], so that spans made
// on either path draw from the same source.
type RandomIDGenerator struct{}

var _ sdktrace.IDGenerator = RandomIDGenerator{}

// NewIDs returns a new non-zero trace id and a new non-zero span id.
func (RandomIDGenerator) NewIDs(context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	for !tid.IsValid() {
		binary.BigEndian.PutUint64(tid[:8], rand.Uint64())
		binary.BigEndian.PutUint64(tid[8:], rand.Uint64())
	}
	return tid, newSpanID()
}

// NewSpanID returns a new non-zero span id.
func (RandomIDGenerator) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	return newSpanID()
}

func newSpanID() trace.SpanID {
	var sid trace.SpanID
	for !sid.IsValid() {
		binary.BigEndian.PutUint64(sid[:], rand.Uint64())
	}
	return sid
}
