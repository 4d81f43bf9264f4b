package core

import (
	"encoding/json"
	"math"
	"testing"
)

// buildValue turns fuzz bytes into a Go value for the walk: nested maps,
// slices, pointers and structs, strings with any bytes, numbers with NaN
// and infinities, nils, and cycles (a map or pointer that holds an
// ancestor). Every op consumes input, so the value stays small.
func buildValue(data []byte) any {
	type node struct {
		Name  string         `json:"name"`
		Next  *node          `json:"next,omitempty"`
		Items []any          `json:"items"`
		Attrs map[string]any `json:"attrs"`
		Skip  int            `json:"-"`
	}
	var stack []any
	push := func(v any) { stack = append(stack, v) }
	pop := func() any {
		if len(stack) == 0 {
			return nil
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return v
	}
	for i := 0; i < len(data); i++ {
		op, arg := data[i]%12, data[i]/12
		switch op {
		case 0:
			push(int64(arg) - 10)
		case 1:
			push([]float64{0, 1.5, math.NaN(), math.Inf(1), 1e300}[int(arg)%5])
		case 2:
			n := min(int(arg)%8, len(data)-i-1)
			push(string(data[i+1 : i+1+n]))
			i += n
		case 3:
			push(nil)
		case 4:
			m := map[string]any{}
			for k := 0; k < int(arg)%3 && len(stack) > 0; k++ {
				m[string(rune('a'+k))+"\xff"] = pop()
			}
			push(m)
		case 5:
			s := []any{}
			for k := 0; k < int(arg)%4 && len(stack) > 0; k++ {
				s = append(s, pop())
			}
			push(s)
		case 6:
			v := pop()
			push(&v)
		case 7:
			n := &node{Name: "n", Skip: 1}
			n.Items = []any{pop()}
			if arg%2 == 0 {
				n.Next = n // a cycle
			}
			push(n)
		case 8:
			m := map[string]any{}
			m["self"] = m // a cycle through a map
			push(m)
		case 9:
			push(json.RawMessage(data[i:]))
			i = len(data)
		case 10:
			push([]int{int(arg), -1})
		case 11:
			push(map[int]string{int(arg): "x"})
		}
	}
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// FuzzWalk feeds arbitrary values through core's walk (AddAny) and raw
// bytes through the JSON-text input, and checks what every attribute must
// be: no panic, valid UTF-8, within the length limit (plus its marker),
// valid JSON where the schema says JSON, and never nested past the depth
// limit.
func FuzzWalk(f *testing.F) {
	f.Add([]byte{0, 2, 'a', 'b', 4 + 12, 5 + 24}, 64, 4)
	f.Add([]byte{7, 8, 4 + 24, 5 + 36, 6, 6, 6}, 16, 2)
	f.Add([]byte(`[[[[[[[[[[{"password":"x"}]]]]]]]]]]`), 128, 3)
	f.Add([]byte{9, '{', '"', 'a', '"', ':', '[', '1', ',', '2', '.', '5', ']', '}'}, 64, 8)
	f.Fuzz(func(t *testing.T, data []byte, limit, depth int) {
		if limit < 8 || limit > 1<<12 {
			limit = 64
		}
		if depth < 1 || depth > 16 {
			depth = 4
		}
		var e Encoder
		e.reset(nil, limits{maxBytes: limit, maxLogBytes: 1 << 20, maxDepth: depth, maxFields: 64, scrub: &scrubber{}})
		e.AddAny("v", buildValue(data))
		e.AddJSONText("t", data)
		e.scrubRest()

		checkEncoded(t, &e, func(string) int { return limit + len(truncatedMarker) + 32 + 4096 }, depth)
	})
}

// jsonDepth is how deeply text's objects and arrays nest.
func jsonDepth(text string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
