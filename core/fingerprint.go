package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
)

// issueRule reports whether a log at level l under ctx gets an issue
// fingerprint. Logfire's default (ExceptionCallbackHelper.create_issue in
// logfire/types.py): the level is error or above and the span has no
// parent in this process; a remote parent, or none, makes it a root.
func (em *Emitter) issueRule(l Level, ctx context.Context) bool {
	switch em.cfg.Issues() {
	case logspan.IssuesNever:
		return false
	case logspan.IssuesAlways:
		return true
	}
	if l < LevelError {
		return false
	}
	psc := trace.SpanContextFromContext(ctx)
	return !psc.IsValid() || psc.IsRemote()
}

// fingerprint returns the logfire.exception.fingerprint of an error: the
// hex sha256 of a canonical text made, as Logfire's
// canonicalize_exception_traceback (logfire/_internal/utils.py) makes it,
// from the error's type and its stack's functions, each once, without
// files or lines, so that an edit elsewhere in a file or a recursion's
// depth leaves the issue the same. An error without a stack Go can read
// is identified by its type, the function that logged it and the message
// template instead. The stack is bounded by the value limit already, and
// read once. The text is built in buf, which is returned for reuse.
func fingerprint(buf []byte, ex exception, function, template string) (string, []byte) {
	buf = append(buf[:0], '\n')
	buf = append(buf, ex.typ...)
	buf = append(buf, "\n----"...)
	n := len(buf)
	buf = appendStackFunctions(buf, ex.stack)
	if len(buf) == n {
		buf = append(buf, '\n')
		buf = append(buf, function...)
		buf = append(buf, '\n')
		buf = append(buf, template...)
	}
	sum := sha256.Sum256(buf)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:]), buf
}

// appendStackFunctions appends "\n" and the function of each frame of a
// Go stack text, once each. A frame is a line followed by a tab-indented
// file:line line, the form of runtime.Stack, zap's stacktraces and the %+v
// of github.com/pkg/errors; the call's arguments, "(0x1, ...)", and
// anything else on the line are left out. Functions already written are
// found by a scan of the few first, through a map past them.
func appendStackFunctions(buf []byte, stack string) []byte {
	var few [16]string
	nfew := 0
	var many map[string]struct{}
	var prev string
	for line := range strings.Lines(stack) {
		line = strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(line, "\t") && prev != "" && !strings.HasPrefix(prev, "\t") {
			fn := frameFunction(prev)
			if fn != "" && !slices.Contains(few[:nfew], fn) {
				if _, dup := many[fn]; !dup {
					if nfew < len(few) {
						few[nfew] = fn
						nfew++
					} else {
						if many == nil {
							many = map[string]struct{}{}
						}
						many[fn] = struct{}{}
					}
					buf = append(buf, '\n')
					buf = append(buf, fn...)
				}
			}
		}
		prev = line
	}
	return buf
}

// frameFunction is the function of a stack frame's first line.
func frameFunction(line string) string {
	fn := strings.TrimPrefix(line, "created by ")
	if i := strings.Index(fn, " in goroutine "); i > 0 {
		fn = fn[:i]
	}
	if i := strings.LastIndexByte(fn, '('); i > 0 && strings.HasSuffix(fn, ")") {
		fn = fn[:i]
	}
	return fn
}

// firstError returns the log's first error, the base's first.
func (ev *Event) firstError() (exception, bool) {
	if b := ev.enc.base; b != nil && len(b.errs) > 0 {
		return b.errs[0], true
	}
	if len(ev.enc.errs) > 0 {
		return ev.enc.errs[0], true
	}
	return exception{}, false
}

// appendFingerprint adds logfire.exception.fingerprint for the first
// error, with the stack its exception event gets: its own, or the
// logger's captured stack when it has none. One per span, as Logfire has.
func (ev *Event) appendFingerprint(all []attribute.KeyValue, errs ...[]exception) []attribute.KeyValue {
	for _, list := range errs {
		if len(list) == 0 {
			continue
		}
		ex := list[0]
		if ex.stack == "" && ev.rec.Stack != "" {
			ex.stack = cleanString(ev.rec.Stack, ev.enc.maxBytes)
		}
		var fp string
		fp, ev.schema.fp = fingerprint(ev.schema.fp, ex, ev.rec.Caller.Function, ev.rec.Message)
		return append(all, KeyExceptionFingerprint.String(fp))
	}
	return all
}
