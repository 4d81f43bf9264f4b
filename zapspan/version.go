package zapspan

// ScopeName is the instrumentation scope of the spans zapspan makes: its
// import path.
const ScopeName = "github.com/logspan/logspan/zapspan"

// Version is the version of the zapspan module, carried by the
// instrumentation scope.
const Version = "0.1.0"
