package core

import (
	"unicode"
	"unicode/utf8"
)

// defaultScrubPatterns are Logfire's default scrubbing patterns, in its
// order (logfire/_internal/scrubbing.py, DEFAULT_PATTERNS), matched
// case-insensitively. Go's regexp has neither the look-ahead of
// `auth(?!ors?\b)` nor Python's Unicode \b and \d, and its NFA costs about a
// microsecond per byte of input with these alternatives, so matchDefault
// implements them in one pass instead; the strings are kept for
// [ScrubMatch.Pattern].
var defaultScrubPatterns = [...]string{
	`password`,
	`passwd`,
	`mysql_pwd`,
	`secret`,
	`auth(?!ors?\b)`,
	`credential`,
	`private[._ -]?key`,
	`api[._ -]?key`,
	`session`,
	`cookie`,
	`social[._ -]?security`,
	`credit[._ -]?card`,
	`logfire[._ -]?token`,
	`pylf_v\d+_`,
	`(?:\b|_)csrf(?:\b|_)`,
	`(?:\b|_)xsrf(?:\b|_)`,
	`(?:\b|_)jwt(?:\b|_)`,
	`(?:\b|_)ssn(?:\b|_)`,
}

// Indexes into defaultScrubPatterns.
const (
	patPassword = iota
	patPasswd
	patMysqlPwd
	patSecret
	patAuth
	patCredential
	patPrivateKey
	patAPIKey
	patSession
	patCookie
	patSocialSecurity
	patCreditCard
	patLogfireToken
	patPylf
	patCSRF
	patXSRF
	patJWT
	patSSN
)

// letterBit and pairBits reject most positions with two lookups and one
// branch. letterBit[d] is 1<<n for the n-th ASCII letter d (either case,
// from 1), nonASCIIBit for a byte of a multi-byte character, 0 for any
// other byte. pairBits[c] has the bits of the characters that can follow
// c at the start of a default pattern: for an ASCII start byte, the second
// letters of the patterns it starts (every pattern is at least three
// characters long, its second one a letter) and nonASCIIBit (a folded
// letter such as ſ may follow); all bits for 0xC5, the lead byte of ſ; none
// for a byte no pattern starts with (Logfire's `[pmsacljx_]`, in either
// case). thirdBits does the same for the third character, by the letter
// indexes of the first two ('_' is 27).
var letterBit, pairBits, thirdBits = func() (bits, pairs [256]uint32, third [28][28]uint32) {
	for c := 'a'; c <= 'z'; c++ {
		bits[c] = 1 << (c - 'a' + 1)
		bits[c-'a'+'A'] = 1 << (c - 'a' + 1)
	}
	for c := 0x80; c < 0x100; c++ {
		bits[c] = nonASCIIBit
	}
	for _, p := range []string{"pas", "pri", "pyl", "mys", "sec", "ses", "soc", "ssn", "aut", "api",
		"cre", "coo", "csr", "log", "xsr", "jwt", "_cs", "_xs", "_jw", "_ss"} {
		pairs[p[0]] |= bits[p[1]] | nonASCIIBit
		if p[0] != '_' {
			pairs[p[0]-'a'+'A'] |= bits[p[1]] | nonASCIIBit
		}
		third[letterIndex(p[0])][letterIndex(p[1])] |= bits[p[2]] | nonASCIIBit
	}
	pairs[0xc5] = ^uint32(0)
	return bits, pairs, third
}()

const nonASCIIBit = 1 << 30

// letterIndex is the index of an ASCII letter (either case) from 1, 27 for
// "_", 0 for anything else.
func letterIndex(c byte) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 1
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 1
	case c == '_':
		return 27
	}
	return 0
}

// matchDefault returns the leftmost match of the default patterns in s,
// as Python's re.search finds it with IGNORECASE: the first position where
// any pattern matches, and there the first pattern in list order. It
// returns start -1 when nothing matches. The cost is linear in len(s): each
// position is tried against the few patterns starting with its letter, each
// attempt a bounded number of byte comparisons (pylf_v\d+_ consumes digits,
// which start no other attempt).
func matchDefault(s string) (start, end, pat int) {
	for i := 0; i+2 < len(s); i++ {
		// Four positions at a time while none can start a match.
		for i+6 < len(s) && (pairBits[s[i]]&letterBit[s[i+1]]|pairBits[s[i+1]]&letterBit[s[i+2]]|
			pairBits[s[i+2]]&letterBit[s[i+3]]|pairBits[s[i+3]]&letterBit[s[i+4]]) == 0 {
			i += 4
		}
		c, d := s[i], s[i+1]
		if pairBits[c]&letterBit[d] == 0 {
			continue
		}
		if c < utf8.RuneSelf && d < utf8.RuneSelf &&
			thirdBits[letterIndex(c)][letterIndex(d)]&letterBit[s[i+2]] == 0 {
			continue
		}
		if e, p := matchDefaultAt(s, i); e >= 0 {
			return i, e, p
		}
	}
	return -1, -1, -1
}

// matchDefaultAt tries the default patterns at s[i:], in list order.
func matchDefaultAt(s string, i int) (end, pat int) {
	c, _ := foldAt(s, i)
	switch c {
	case 'p':
		if e := lit(s, i, "password"); e >= 0 {
			return e, patPassword
		}
		if e := lit(s, i, "passwd"); e >= 0 {
			return e, patPasswd
		}
		if e := sepLit(s, i, "private", "key"); e >= 0 {
			return e, patPrivateKey
		}
		if e := matchPylf(s, i); e >= 0 {
			return e, patPylf
		}
	case 'm':
		if e := lit(s, i, "mysql_pwd"); e >= 0 {
			return e, patMysqlPwd
		}
	case 's':
		if e := lit(s, i, "secret"); e >= 0 {
			return e, patSecret
		}
		if e := lit(s, i, "session"); e >= 0 {
			return e, patSession
		}
		if e := sepLit(s, i, "social", "security"); e >= 0 {
			return e, patSocialSecurity
		}
		if e := acronym(s, i, "ssn"); e >= 0 {
			return e, patSSN
		}
	case 'a':
		if e := lit(s, i, "auth"); e >= 0 && !orsBoundary(s, e) {
			return e, patAuth
		}
		if e := sepLit(s, i, "api", "key"); e >= 0 {
			return e, patAPIKey
		}
	case 'c':
		if e := lit(s, i, "credential"); e >= 0 {
			return e, patCredential
		}
		if e := lit(s, i, "cookie"); e >= 0 {
			return e, patCookie
		}
		if e := sepLit(s, i, "credit", "card"); e >= 0 {
			return e, patCreditCard
		}
		if e := acronym(s, i, "csrf"); e >= 0 {
			return e, patCSRF
		}
	case 'l':
		if e := sepLit(s, i, "logfire", "token"); e >= 0 {
			return e, patLogfireToken
		}
	case 'x':
		if e := acronym(s, i, "xsrf"); e >= 0 {
			return e, patXSRF
		}
	case 'j':
		if e := acronym(s, i, "jwt"); e >= 0 {
			return e, patJWT
		}
	case '_':
		// The `_` alternative of (?:\b|_): at an underscore, \b cannot
		// hold before a letter (both are word characters).
		for _, a := range [...]struct {
			word string
			pat  int
		}{{"csrf", patCSRF}, {"xsrf", patXSRF}, {"jwt", patJWT}, {"ssn", patSSN}} {
			if e := lit(s, i+1, a.word); e >= 0 {
				if e = acronymEnd(s, e); e >= 0 {
					return e, a.pat
				}
			}
		}
	}
	return -1, -1
}

// foldAt returns the character at s[i] folded the way Python's
// case-insensitive matching compares it with an ASCII letter (ASCII
// lowered; U+017F ſ is "s", U+0130 İ and U+0131 ı are "i", U+212A K is
// "k"; anything else non-ASCII is 0, equal to no pattern character) and
// its width in bytes.
func foldAt(s string, i int) (byte, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c, 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '\u017f': // ſ
		return 's', w
	case '\u0130', '\u0131': // İ, ı
		return 'i', w
	case '\u212a': // Kelvin sign
		return 'k', w
	}
	return 0, w
}

// lit matches word (lower-case ASCII) at s[i:] and returns the end of the
// match, or -1.
func lit(s string, i int, word string) int {
	for k := 0; k < len(word); k++ {
		if i >= len(s) {
			return -1
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			f, w := foldAt(s, i)
			if f != word[k] {
				return -1
			}
			i += w
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != word[k] {
			return -1
		}
		i++
	}
	return i
}

// sepLit matches `a[._ -]?b`, trying the separator first as the greedy `?`
// does.
func sepLit(s string, i int, a, b string) int {
	j := lit(s, i, a)
	if j < 0 {
		return -1
	}
	if j < len(s) {
		switch s[j] {
		case '.', '_', ' ', '-':
			if e := lit(s, j+1, b); e >= 0 {
				return e
			}
		}
	}
	return lit(s, j, b)
}

// matchPylf matches `pylf_v\d+_`; \d is any Unicode decimal digit, as in
// Python.
func matchPylf(s string, i int) int {
	j := lit(s, i, "pylf_v")
	if j < 0 {
		return -1
	}
	digits := 0
	for j < len(s) {
		r, w := rune(s[j]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[j:])
		}
		if !unicode.IsDigit(r) {
			break
		}
		digits++
		j += w
	}
	if digits == 0 || j >= len(s) || s[j] != '_' {
		return -1
	}
	return j + 1
}

// acronym matches the \b alternative of `(?:\b|_)word(?:\b|_)` at s[i:]
// (the `_` one starts at an underscore, see matchDefaultAt).
func acronym(s string, i int, word string) int {
	if !boundaryAt(s, i) {
		return -1
	}
	e := lit(s, i, word)
	if e < 0 {
		return -1
	}
	return acronymEnd(s, e)
}

// acronymEnd matches the closing `(?:\b|_)`, \b first.
func acronymEnd(s string, e int) int {
	if boundaryAt(s, e) {
		return e
	}
	if e < len(s) && s[e] == '_' {
		return e + 1
	}
	return -1
}

// orsBoundary reports whether `ors?\b` matches at s[j:]: the look-ahead
// that keeps "author" and "authors" from matching `auth(?!ors?\b)`.
func orsBoundary(s string, j int) bool {
	k := lit(s, j, "or")
	if k < 0 {
		return false
	}
	if e := lit(s, k, "s"); e >= 0 && boundaryAt(s, e) {
		return true
	}
	return boundaryAt(s, k)
}

// boundaryAt reports Python's \b at s[i]: a word character on one side
// only. Word characters are letters, numbers and "_", in all of Unicode, as
// for Python's str patterns.
func boundaryAt(s string, i int) bool {
	before := false
	if i > 0 {
		if c := s[i-1]; c < utf8.RuneSelf {
			before = isWordByte(c)
		} else {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			before = isWordRune(r)
		}
	}
	after := false
	if i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			after = isWordByte(c)
		} else {
			r, _ := utf8.DecodeRuneInString(s[i:])
			after = isWordRune(r)
		}
	}
	return before != after
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// matchAuth finds "auth" (any case) not followed by `ors?\b`: Logfire's
// `auth(?!ors?\b)`, so "author" and "authors" pass and "auth_token",
// "authorization" and "author_id" do not. It returns the index of the
// match, or -1.
func matchAuth(key string) int {
	for i := 0; i+4 <= len(key); i++ {
		if e := lit(key, i, "auth"); e >= 0 && !orsBoundary(key, e) {
			return i
		}
	}
	return -1
}
