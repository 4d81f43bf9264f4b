package zerologspan

// ScopeName is the instrumentation scope of the spans zerologspan makes: its
// import path.
const ScopeName = "github.com/logspan/logspan/zerologspan"

// Version is the version of the zerologspan module, carried by the
// instrumentation scope.
const Version = "0.1.0"
