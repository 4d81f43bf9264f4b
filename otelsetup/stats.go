package otelsetup

import "fmt"

// Stats counts what the export pipeline did with the spans it was given.
// Every sampled span that ends is received, then exported, dropped (for
// one reason) or still pending:
//
//	Received == Exported + DroppedQueueFull + DroppedExportFailed + DroppedShutdown + Pending
//
// With more than one destination (an OTLP endpoint and Logfire), each
// counts the spans it was given, and [Provider.Stats] adds them up.
type Stats struct {
	// Received counts the sampled spans that ended.
	Received uint64
	// Exported counts the spans the exporter accepted.
	Exported uint64
	// DroppedQueueFull counts the spans refused, or evicted by an
	// error-level span, because the queue was full (in bytes or in spans).
	DroppedQueueFull uint64
	// DroppedExportFailed counts the spans of exports that failed, after
	// the exporter's own retries.
	DroppedExportFailed uint64
	// DroppedShutdown counts the spans that ended after shutdown began, or
	// were still queued or in flight when its deadline passed.
	DroppedShutdown uint64
	// Pending counts the spans queued or being exported.
	Pending uint64
	// PendingBytes is the estimated memory the pending spans take.
	PendingBytes int64
}

// Dropped returns the spans dropped for any reason.
func (s Stats) Dropped() uint64 {
	return s.DroppedQueueFull + s.DroppedExportFailed + s.DroppedShutdown
}

func (s *Stats) add(o Stats) {
	s.Received += o.Received
	s.Exported += o.Exported
	s.DroppedQueueFull += o.DroppedQueueFull
	s.DroppedExportFailed += o.DroppedExportFailed
	s.DroppedShutdown += o.DroppedShutdown
	s.Pending += o.Pending
	s.PendingBytes += o.PendingBytes
}

// String states the totals, as the stderr reports write them.
func (s Stats) String() string { return s.format("spans") }

// format states the totals of what noun names ("spans" when empty; "log
// records" for [Provider.LogRecordStats]).
func (s Stats) format(noun string) string {
	if noun == "" {
		noun = "spans"
	}
	return fmt.Sprintf("dropped %d of %d %s (queue full %d, export failed %d, shutdown %d), exported %d, pending %d",
		s.Dropped(), s.Received, noun, s.DroppedQueueFull, s.DroppedExportFailed, s.DroppedShutdown, s.Exported, s.Pending)
}
