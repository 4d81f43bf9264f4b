package logrusspan

// ScopeName is the instrumentation scope of the spans logrusspan makes: its
// import path.
const ScopeName = "github.com/logspan/logspan/logrusspan"

// Version is the version of the logrusspan module, carried by the
// instrumentation scope.
const Version = "0.1.0"
