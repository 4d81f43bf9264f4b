package otelsetup

import (
	"strings"
	"sync"
)

// stringsBuilder is a strings.Builder safe for the concurrent writes of a
// batcher goroutine and a test.
type stringsBuilder struct {
	mu  sync.Mutex
	b   strings.Builder
	rep *reporter // the reporter writing here, if a test needs it
}

func (s *stringsBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *stringsBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
