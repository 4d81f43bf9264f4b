package core

import (
	"regexp"
	"testing"
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
		{"csrf", "csrf"},
		{"x_csrf_token", "_csrf_"},
		{"xsrf-token", "xsrf"},
		{"jwt", "jwt"},
		{"id_jwt", "_jwt"},
		{"user_ssn", "_ssn"},
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
		// Not secrets:
		{"user", ""},
		{"passage", ""},
		{"jwtoken", ""},
		{"lessness", ""},
		{"classname", ""},
		{"logfire.msg", ""},
		{"code.file.path", ""},
		{"exception.message", ""},
		{"logfire.password", ""},
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

func TestScrubExtraPatterns(t *testing.T) {
	s := &scrubber{extra: []*regexp.Regexp{regexp.MustCompile(`(?i)iban`), regexp.MustCompile(`x*`)}}
	if m, _ := s.match("customer_IBAN"); m != "IBAN" {
		t.Errorf("extra pattern: got %q", m)
	}
	if _, ok := s.match("harmless"); ok {
		t.Error("a pattern matching the empty string must not scrub everything")
	}
}

func TestScrubCacheIsBounded(t *testing.T) {
	s := &scrubber{}
	for i := range maxCachedKeys + 100 {
		s.match("key" + itoa(i))
	}
	if n := s.cached.Load(); n > maxCachedKeys {
		t.Errorf("cache holds %d keys, bound %d", n, maxCachedKeys)
	}
	if _, ok := s.match("password"); !ok {
		t.Error("matching must go on past the cache bound")
	}
}
