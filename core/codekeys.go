package core

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan"
)

// appendCaller adds the source location under the names the emitter's
// [logspan.CodeKeys] choose, the file relative to the source root when it
// is under it. Both names share one string: the duplicate costs no
// allocation.
func (em *Emitter) appendCaller(fixed []attribute.KeyValue, c Caller) []attribute.KeyValue {
	if !c.Defined() {
		return fixed
	}
	maxBytes := em.limits.maxBytes
	file := cleanString(trimRoot(c.File, em.cfg.SourceRoot()), maxBytes)
	var fn string
	if c.Function != "" {
		fn = cleanString(c.Function, maxBytes)
	}
	mode := em.cfg.CodeKeys()
	if mode != logspan.CodeKeysOld {
		fixed = append(fixed, KeyCodeFilePath.String(file), KeyCodeLineNumber.Int(c.Line))
		if fn != "" {
			fixed = append(fixed, KeyCodeFunctionName.String(fn))
		}
	}
	if mode != logspan.CodeKeysStable {
		fixed = append(fixed, KeyCodeFilePathOld.String(file), KeyCodeLineNumberOld.Int(c.Line))
		if fn != "" {
			fixed = append(fixed, KeyCodeFunctionOld.String(fn))
		}
	}
	return fixed
}

// trimRoot returns file relative to root when file is inside it (root
// followed by a separator), and file itself otherwise.
func trimRoot(file, root string) string {
	if root == "" || len(file) <= len(root)+1 || file[:len(root)] != root {
		return file
	}
	if sep := file[len(root)]; sep != '/' && sep != '\\' {
		return file // "/src/app" is not the root of "/src/application/x.go"
	}
	return file[len(root)+1:]
}

// appendLevel adds logfire.level_num, the Logfire level the severity falls
// in, and logspan.severity_number with the exact severity when that is
// not a level Logfire names (see [logspan.Level.Logfire]).
func appendLevel(fixed []attribute.KeyValue, l Level) []attribute.KeyValue {
	lf := l.Logfire()
	fixed = append(fixed, KeyLevelNum.Int(int(lf)))
	if lf != l {
		fixed = append(fixed, KeySeverityNumber.Int(int(l)))
	}
	return fixed
}

// appendConsole marks the span for consoles to skip when the emitter's
// logger prints its own lines (see [logspan.WithConsoleLog]).
func (em *Emitter) appendConsole(fixed []attribute.KeyValue) []attribute.KeyValue {
	if em.cfg.ConsoleLogDisabled() {
		fixed = append(fixed, disableConsoleAttr)
	}
	return fixed
}

var disableConsoleAttr = KeyDisableConsoleLog.Bool(true)
