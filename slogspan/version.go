package slogspan

// ScopeName is the instrumentation scope of the spans slogspan makes: its
// import path.
const ScopeName = "github.com/logspan/logspan/slogspan"

// Version is the version of slogspan, carried by the instrumentation scope.
const Version = "0.1.0"
