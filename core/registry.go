package core

import (
	"reflect"
	"sync"
	"sync/atomic"
)

// providerRegistry ties providers (a TracerProvider, a LoggerProvider) to
// the pipelines that serve them directly ([RegisterPipeline],
// [RegisterLogPipeline]). Readers on the logging path take no lock: they
// load the current list, which writers replace whole.
type providerRegistry[K, V comparable] struct {
	mu  sync.Mutex // serializes writers
	cur atomic.Pointer[[]providerEntry[K, V]]
}

// providerEntry is one registration; token tells it from a later
// registration of the same provider and pipeline.
type providerEntry[K, V comparable] struct {
	provider K
	pipeline V
	token    *byte
}

// register ties provider to pipeline, replacing an earlier registration of
// the same provider, and returns the function that withdraws it (once, and
// only while it is still the one in force). A provider that cannot be
// compared (of such a type, or a struct holding such a value in an
// interface field) is not registered: looking it up would panic.
func (r *providerRegistry[K, V]) register(provider K, pipeline V) (unregister func()) {
	var zeroV V
	if any(provider) == nil || pipeline == zeroV || !reflect.ValueOf(provider).Comparable() {
		return func() {}
	}
	token := new(byte)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store(append(r.without(provider), providerEntry[K, V]{provider: provider, pipeline: pipeline, token: token}))
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.tokenOf(provider) != token {
				return // replaced since: not ours to withdraw
			}
			r.store(r.without(provider))
		})
	}
}

// tokenOf returns the token of provider's registration, or nil. r.mu must
// be held.
func (r *providerRegistry[K, V]) tokenOf(provider K) *byte {
	if cur := r.cur.Load(); cur != nil {
		for _, e := range *cur {
			if e.provider == provider {
				return e.token
			}
		}
	}
	return nil
}

// store makes entries the current list; an empty one is stored as nil, so
// that an idle registry costs readers one atomic load. r.mu must be held.
func (r *providerRegistry[K, V]) store(entries []providerEntry[K, V]) {
	if len(entries) == 0 {
		r.cur.Store(nil)
		return
	}
	r.cur.Store(&entries)
}

// without returns a copy of the current list without provider's entry.
// r.mu must be held.
func (r *providerRegistry[K, V]) without(provider K) []providerEntry[K, V] {
	var entries []providerEntry[K, V]
	if cur := r.cur.Load(); cur != nil {
		for _, e := range *cur {
			if e.provider != provider {
				entries = append(entries, e)
			}
		}
	}
	return entries
}

// empty reports whether nothing is registered: one atomic load.
func (r *providerRegistry[K, V]) empty() bool { return r.cur.Load() == nil }

// lookup returns the pipeline registered for provider, or the zero V.
// Comparing provider with a registered one cannot panic: only comparable
// types are registered, and interfaces of different dynamic types compare
// unequal without comparing values.
func (r *providerRegistry[K, V]) lookup(provider K) V {
	if cur := r.cur.Load(); cur != nil {
		for _, e := range *cur {
			if e.provider == provider {
				return e.pipeline
			}
		}
	}
	var zero V
	return zero
}
