//go:build !binary_log

package zerologspan_test

// binaryLogBuild tells the tests shared by both builds which one runs.
const binaryLogBuild = false
