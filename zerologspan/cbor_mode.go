//go:build binary_log

package zerologspan

// binaryLog is true when zerolog is built with the binary_log tag. Its
// events are then CBOR, which zerologspan does not decode: spans carry the
// message, level, parent and trace correlation, but no fields.
const binaryLog = true
