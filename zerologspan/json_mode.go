//go:build !binary_log

package zerologspan

// binaryLog is true when zerolog is built with the binary_log tag and
// encodes its events as CBOR, which zerologspan does not decode.
const binaryLog = false
