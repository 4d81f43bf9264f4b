package logspan

import "strings"

// CodeKeys chooses the names of the source-location attributes, in the
// vocabulary of OTEL_SEMCONV_STABILITY_OPT_IN: the semantic conventions
// renamed code.filepath, code.lineno and code.function to code.file.path,
// code.line.number and code.function.name in 1.30, and Logfire (its
// source links, its console, its SQL examples) still reads the old names.
type CodeKeys int

const (
	// CodeKeysDup writes both the old and the stable names, the
	// conventions' "code/dup" migration mode. It is the default: Logfire's
	// source links work, and so does every tool that reads the new names.
	CodeKeysDup CodeKeys = iota
	// CodeKeysStable writes only code.file.path, code.line.number and
	// code.function.name ("code").
	CodeKeysStable
	// CodeKeysOld writes only code.filepath, code.lineno and code.function,
	// the names Logfire reads.
	CodeKeysOld
)

// String returns the mode as OTEL_SEMCONV_STABILITY_OPT_IN spells it
// ("code/dup", "code"), or "old".
func (k CodeKeys) String() string {
	switch k {
	case CodeKeysStable:
		return "code"
	case CodeKeysOld:
		return "old"
	}
	return "code/dup"
}

// WithCodeKeys chooses which names the source location is written under
// (default [CodeKeysDup], both). An unknown value means the default.
func WithCodeKeys(k CodeKeys) Option {
	return optionFunc(func(c *Config) {
		if k < CodeKeysDup || k > CodeKeysOld {
			k = CodeKeysDup
		}
		c.codeKeys = k
	})
}

// WithSourceRoot makes the file paths of the source location relative:
// prefix (a directory, such as the repository's root on the build machine)
// is trimmed from the start of each path, with the separator after it.
// Logfire builds a source link from its code_source settings (repository,
// revision, root path) and code.filepath, which must then be relative to
// the repository; Go paths are absolute (or module paths with -trimpath).
// A path that does not start with prefix is left as the logger gave it.
func WithSourceRoot(prefix string) Option {
	return optionFunc(func(c *Config) { c.sourceRoot = strings.TrimRight(prefix, `/\`) })
}

// Issues chooses which error logs carry logfire.exception.fingerprint, the
// key Logfire groups its Issues by.
type Issues int

const (
	// IssuesRoot fingerprints an error as Logfire's SDK does by default:
	// the log is at error level or above and has no parent span in this
	// process (none, or a remote one).
	IssuesRoot Issues = iota
	// IssuesAlways fingerprints every log that records an error, whatever
	// its level and parent.
	IssuesAlways
	// IssuesNever writes no fingerprint.
	IssuesNever
)

// WithIssues chooses which error logs get an issue fingerprint (default
// [IssuesRoot], Logfire's rule). An unknown value means the default.
func WithIssues(i Issues) Option {
	return optionFunc(func(c *Config) {
		if i < IssuesRoot || i > IssuesNever {
			i = IssuesRoot
		}
		c.issues = i
	})
}

// WithConsoleLog says whether console views (otelsetup's, Logfire's) print
// this adapter's logs. With false, every span carries
// logfire.disable_console_log = true, so a line is not printed twice.
//
// The adapters that keep the application's own logger printing
// (zapspan.WrapCore, slogspan.Wrap, the zerolog and logrus hooks) default
// to false; give them WithConsoleLog(true) when that logger writes nowhere
// a developer looks (io.Discard, a file). Standalone cores and handlers
// default to true; give them WithConsoleLog(false) when their lines are
// printed some other way.
func WithConsoleLog(shown bool) Option {
	return optionFunc(func(c *Config) { c.consoleLogDisabled = !shown })
}
