package core

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// The verdict cache: a fixed table of cacheSlots slots, filled once (no
// eviction), lock-free to read. Keys of at most maxCachedKeyBytes are
// cached while the entries' bytes (key plus cacheEntryOverhead) stay within
// maxCacheBytes; a key that finds no free slot within cacheProbes is not
// cached. So the cache holds at most 32 KiB of slots plus maxCacheBytes,
// whatever the keys, and a lookup is one hash and a few loads.
const (
	cacheSlots  = 4096 // a power of two
	cacheProbes = 8
)

// cacheSeed is the hash seed, random per process, so that the slots keys
// land in cannot be chosen from outside.
var cacheSeed = maphash.MakeSeed()

type cacheEntry struct {
	key string
	v   keyVerdict
}

type cacheTable [cacheSlots]atomic.Pointer[cacheEntry]

type verdictCache struct {
	table atomic.Pointer[cacheTable] // made at the first store
	bytes atomic.Int64
}

func (c *verdictCache) load(key string) (keyVerdict, bool) {
	t := c.table.Load()
	if t == nil {
		return keyVerdict{}, false
	}
	h := maphash.String(cacheSeed, key)
	for p := range uint64(cacheProbes) {
		e := t[(h+p)&(cacheSlots-1)].Load()
		if e == nil {
			return keyVerdict{}, false
		}
		if e.key == key {
			return e.v, true
		}
	}
	return keyVerdict{}, false
}

func (c *verdictCache) store(key string, v keyVerdict) {
	cost := int64(len(key) + cacheEntryOverhead)
	// Once the budget is spent, a plain load: no write to the shared
	// counter for every new key.
	if c.bytes.Load()+cost > maxCacheBytes {
		return
	}
	if c.bytes.Add(cost) > maxCacheBytes {
		c.bytes.Add(-cost)
		return
	}
	t := c.table.Load()
	if t == nil {
		c.table.CompareAndSwap(nil, new(cacheTable))
		t = c.table.Load()
	}
	e := &cacheEntry{key: strings.Clone(key), v: v}
	h := maphash.String(cacheSeed, key)
	for p := range uint64(cacheProbes) {
		slot := &t[(h+p)&(cacheSlots-1)]
		if slot.CompareAndSwap(nil, e) {
			return
		}
		if slot.Load().key == key {
			break // stored by another goroutine meanwhile
		}
	}
	c.bytes.Add(-cost)
}

// each calls f for every cached key, for tests.
func (c *verdictCache) each(f func(key string)) {
	t := c.table.Load()
	if t == nil {
		return
	}
	for i := range t {
		if e := t[i].Load(); e != nil {
			f(e.key)
		}
	}
}
