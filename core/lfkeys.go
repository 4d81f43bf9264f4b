package core

import "github.com/logspan/logspan"

// Logfire's keys beyond the first ones; see package logspan for what each
// holds.
const (
	KeyCodeFilePathOld      = logspan.KeyCodeFilePathOld
	KeyCodeLineNumberOld    = logspan.KeyCodeLineNumberOld
	KeyCodeFunctionOld      = logspan.KeyCodeFunctionOld
	KeySeverityNumber       = logspan.KeySeverityNumber
	KeyExceptionFingerprint = logspan.KeyExceptionFingerprint
	KeyTags                 = logspan.KeyTags
	KeyDisableConsoleLog    = logspan.KeyDisableConsoleLog
)
