package otlpexport

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	tests := []struct {
		give string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"3", 3 * time.Second},
		{"-3", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999999999", 0},
		{"9223372036854775807", 24 * time.Hour},
		{now.Add(42 * time.Second).Format(http.TimeFormat), 42 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{now.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.give, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

// TestCloseFieldLengths checks the length prefix at every varint width a
// message can need, against protowire's own encoding.
func TestCloseFieldLengths(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 300, 16383, 16384, 1<<21 - 1, 1 << 21} {
		b, pos := openField([]byte{0xAA}, 9)
		b = append(b, strings.Repeat("z", n)...)
		b = closeField(b, pos)
		want := protowire.AppendTag([]byte{0xAA}, 9, protowire.BytesType)
		want = protowire.AppendString(want, strings.Repeat("z", n))
		if string(b) != string(want) {
			t.Fatalf("length %d: encoded differently (%d vs %d bytes)", n, len(b), len(want))
		}
		for k := 1; k <= 4; k++ {
			b, pos := openFieldN([]byte{0xAA}, 9, k)
			b = append(b, strings.Repeat("z", n)...)
			b = closeFieldN(b, pos, k)
			if string(b) != string(want) {
				t.Fatalf("length %d, %d bytes reserved: encoded differently (%d vs %d bytes)", n, k, len(b), len(want))
			}
		}
	}
}

func TestCleanMessage(t *testing.T) {
	tests := []struct{ give, want string }{
		{"", ""},
		{"  ok \n", "ok"},
		{"a\x00b\x1bc", "a b c"},
		{"a\xff\xfeb", "a\uFFFDb"},
		{strings.Repeat("ab", 600), strings.Repeat("ab", 512) + "…"},
		{strings.Repeat("日", 400), strings.Repeat("日", 341) + "…"},
	}
	for _, tt := range tests {
		if got := cleanMessage([]byte(tt.give)); got != tt.want {
			t.Errorf("cleanMessage(%.20q) = %.40q, want %.40q", tt.give, got, tt.want)
		}
	}
}
