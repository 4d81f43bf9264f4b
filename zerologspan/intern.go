package zerologspan

import (
	"hash/maphash"
	"sync/atomic"
)

// A program logs with a small set of keys; interning them saves the one
// allocation per field that copying the key out of zerolog's buffer would
// cost. The cache is a fixed table of immutable strings, lock-free and
// bounded: a key that collides with another simply replaces it.
var (
	keyCache [512]atomic.Pointer[string]
	keySeed  = maphash.MakeSeed()
)

// maxInternedKey keeps long, probably generated, keys out of the cache.
const maxInternedKey = 64

// internKey returns b as a string that the caller may keep.
func internKey(b []byte) string {
	if len(b) > maxInternedKey {
		return string(b)
	}
	slot := &keyCache[maphash.Bytes(keySeed, b)%uint64(len(keyCache))]
	if p := slot.Load(); p != nil && *p == unsafeString(b) {
		return *p
	}
	s := string(b)
	slot.Store(&s)
	return s
}
