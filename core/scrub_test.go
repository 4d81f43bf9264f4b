package core

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScrubPatterns(t *testing.T) {
	tests := []struct {
		give string
		want string // matched substring; "" for no match
	}{
		{"password", "password"},
		{"user_Password", "Password"},
		{"PASSWD", "PASSWD"},
		{"mysql_pwd", "mysql_pwd"},
		{"client_secret", "secret"},
		{"credentials", "credential"},
		{"private_key", "private_key"},
		{"privatekey", "privatekey"},
		{"private key", "private key"},
		{"api-key", "api-key"},
		{"APIKey", "APIKey"},
		{"session_id", "session"},
		{"set-cookie", "cookie"},
		{"social_security_number", "social_security"},
		{"credit.card", "credit.card"},
		{"LOGFIRE_TOKEN", "LOGFIRE_TOKEN"},
		{"logfire token", "logfire token"},
		{"logfiretoken", "logfiretoken"},
		{"pylf_v1_us_abc", "pylf_v1_"},
		{"x pylf_v123_", "pylf_v123_"},
		{"pylf_v_", ""},
		{"pylf_v12", ""},
		{"csrf", "csrf"},
		{"x_csrf_token", "_csrf_"},
		{"xsrf-token", "xsrf"},
		{"jwt", "jwt"},
		{"id_jwt", "_jwt"},
		{"user_ssn", "_ssn"},
		{"jwtoken", ""},
		{"lessness", ""},
		// The auth rule, auth(?!ors?\b):
		{"auth", "auth"},
		{"auth_token", "auth"},
		{"Authorization", "Auth"},
		{"author_id", "auth"},
		{"authorsX", "auth"},
		{"author", ""},
		{"Authors", ""},
		{"co-author", ""},
		{"authors.list", ""},
		// Python's case-insensitive matching and Unicode \b.
		{"has \u017fecret value", "\u017fecret"},
		{"credent\u0131al", "credent\u0131al"},
		{"AP\u0130_KEY", "AP\u0130_KEY"},
		{"api_\u212aey", "api_\u212aey"},
		{"\u00e9jwt", ""},     // é is a word character: no \b before jwt
		{"\u00e9 jwt", "jwt"}, // a space is not
		{"pylf_v\u0663_", "pylf_v\u0663_"},
		// No prefix exemption any more.
		{"logfire.password", "password"},
		{"code.api_key", "api_key"},
		{"exception.secret", "secret"},
		// Not secrets:
		{"user", ""},
		{"passage", ""},
		{"classname", ""},
		{"logfire.msg", ""},
	}
	s := &scrubber{}
	for _, tt := range tests {
		got, ok := s.match(tt.give)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("match(%q) = %q, %v; want %q", tt.give, got, ok, tt.want)
		}
		// Twice: the second answer comes from the cache.
		if again, _ := s.match(tt.give); again != got {
			t.Errorf("cached match(%q) = %q, first %q", tt.give, again, got)
		}
	}
}

// referencePattern is Logfire's default list as one Go regexp, less the
// auth rule (no look-ahead in Go), which authReference adds: the naive
// form matchDefault must agree with on ASCII text (Go's \b and \d are
// ASCII-only, Python's are not).
var referencePattern = regexp.MustCompile(`(?i)` + strings.Join(func() []string {
	var ps []string
	for i, p := range defaultScrubPatterns {
		if i != patAuth {
			ps = append(ps, p)
		}
	}
	return ps
}(), "|"))

var authOrs = regexp.MustCompile(`(?i)^ors?\b`)

// referenceMatch is the leftmost match by the regexp form: the earliest
// of the regexp's and the auth rule's (no other pattern can start at the
// same position as "auth").
func referenceMatch(s string) (int, int) {
	start, end := -1, -1
	if loc := referencePattern.FindStringIndex(s); loc != nil {
		start, end = loc[0], loc[1]
	}
	for i := 0; i+4 <= len(s) && (start < 0 || i < start); i++ {
		if strings.EqualFold(s[i:i+4], "auth") && !authOrs.MatchString(s[i+4:]) {
			return i, i + 4
		}
	}
	return start, end
}

// TestMatchDefaultAgreesWithRegexp checks the one-pass matcher against
// the regexp it replaces, on the table above and on random ASCII text
// built from pattern fragments.
func TestMatchDefaultAgreesWithRegexp(t *testing.T) {
	frags := []string{"pass", "word", "wd", "mysql_", "pwd", "secret", "auth", "or", "ors", "s",
		"credential", "private", "api", "key", "session", "cookie", "social", "security",
		"credit", "card", "logfire", "token", "pylf_v", "12", "_", ".", " ", "-", "csrf", "xsrf",
		"jwt", "ssn", "x", "A", "P", "é", "9"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			f := frags[r.IntN(len(frags))]
			if r.IntN(2) == 0 {
				f = strings.ToUpper(f)
			}
			b.WriteString(f)
		}
		s := b.String()
		if !isASCII(s) {
			continue
		}
		ws, we := referenceMatch(s)
		gs, ge, _ := matchDefault(s)
		if gs != ws || ge != we {
			t.Fatalf("matchDefault(%q) = [%d,%d), regexp [%d,%d)", s, gs, ge, ws, we)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func TestScrubExtraPatterns(t *testing.T) {
	s := &scrubber{extra: []*regexp.Regexp{regexp.MustCompile(`(?i)iban`), regexp.MustCompile(`x*`)}}
	if m, _ := s.match("customer_IBAN"); m != "IBAN" {
		t.Errorf("extra pattern: got %q", m)
	}
	if _, ok := s.match("harmless"); ok {
		t.Error("a pattern matching the empty string must not scrub everything")
	}
	// Logfire's order (tests/test_secret_scrubbing.py,
	// test_optimized_default_patterns_preserve_extra_pattern_order): the
	// leftmost match wins, and at the same position a default pattern.
	for _, tt := range []struct{ extra, give, want string }{
		{"custom", "custom before password", "custom"},
		{"pass", "passwords", "password"},
		{`\d+`, "123 before password", "123"},
	} {
		s := &scrubber{extra: []*regexp.Regexp{regexp.MustCompile(tt.extra)}}
		if m, ok := s.find(tt.give); !ok || m.text(tt.give) != tt.want {
			t.Errorf("extra %q in %q: got %q, want %q", tt.extra, tt.give, m.text(tt.give), tt.want)
		}
	}
}

func TestScrubCacheIsBoundedInBytes(t *testing.T) {
	s := &scrubber{}
	for i := range 20000 {
		s.match("key-" + strconv.Itoa(i) + strings.Repeat("k", i%300))
	}
	if n := s.cache.bytes.Load(); n > maxCacheBytes {
		t.Errorf("cache holds %d bytes, bound %d", n, maxCacheBytes)
	}
	held := 0
	s.cache.each(func(k string) {
		if len(k) > maxCachedKeyBytes {
			t.Errorf("cached a key of %d bytes", len(k))
		}
		held += len(k) + cacheEntryOverhead
	})
	if held > maxCacheBytes || int64(held) != s.cache.bytes.Load() {
		t.Errorf("cache holds %d bytes, counted %d, bound %d", held, s.cache.bytes.Load(), maxCacheBytes)
	}
	// 100 keys of 60 KiB: none cached.
	before := s.cache.bytes.Load()
	for i := range 100 {
		s.match(strconv.Itoa(i) + strings.Repeat("k", 60<<10))
	}
	if s.cache.bytes.Load() != before {
		t.Error("long keys are cached")
	}
	if _, ok := s.match("password"); !ok {
		t.Error("matching must go on past the cache bound")
	}
}

func TestPyRepr(t *testing.T) {
	for _, tt := range []struct{ give, want string }{
		{"password", `'password'`},
		{"it's", `"it's"`},
		{`it's "x"`, `'it\'s "x"'`},
		{"a\\b", `'a\\b'`},
		{"tab\there", `'tab\there'`},
		{"\x01", `'\x01'`},
		{"\u00a0", `'\xa0'`},
		{"ſecret", `'ſecret'`},
	} {
		if got := pyRepr(tt.give); got != tt.want {
			t.Errorf("pyRepr(%q) = %s, want %s", tt.give, got, tt.want)
		}
	}
}

func TestScrubbedAttrIsBounded(t *testing.T) {
	var recs []scrubRecord
	for i := range 5000 {
		recs = append(recs, scrubRecord{Path: []string{"attributes", strings.Repeat("k", 1000), strconv.Itoa(i)}, Matched: "password", index: []bool{false, false, true}})
	}
	kv := scrubbedAttr(recs)
	v := kv.Value.AsString()
	if len(v) > maxScrubbedBytes+200 {
		t.Errorf("logfire.scrubbed is %d bytes", len(v))
	}
	if !strings.Contains(v, `more not listed]"}]`) {
		t.Errorf("the cut is not marked: ...%s", v[len(v)-80:])
	}
	if !strings.Contains(v, `, 0], "matched_substring"`) {
		t.Errorf("indexes are not numbers: %s", v[:200])
	}
}

// TestScrubCacheConcurrent matches the same and different keys from many
// goroutines (run with -race): every answer is the uncached one.
func TestScrubCacheConcurrent(t *testing.T) {
	s := &scrubber{}
	keys := []string{"password", "user", "http.url", "x_csrf_token", "authors", "api-key"}
	for i := range 200 {
		keys = append(keys, "k"+strconv.Itoa(i))
	}
	want := map[string]string{}
	for _, k := range keys {
		m, _ := (&scrubber{}).find(k)
		if m.start >= 0 {
			want[k] = m.text(k)
		}
	}
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for n := range 2000 {
				k := keys[(n*7+g)%len(keys)]
				m, ok, safe := s.matchKey(k)
				got := ""
				if ok {
					got = m.text(k)
				}
				if got != want[k] || safe != isSafeKey(k) {
					t.Errorf("matchKey(%q) = %q, safe %v; want %q", k, got, safe, want[k])
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}
