// Package e2e is the end-to-end test of logspan against a real trace backend,
// Jaeger all-in-one, run as a process on free loopback ports.
//
// The test builds Jaeger (pinned by the tools module in testdata/jaegertool)
// once into a cache outside the repository, builds the program under test
// (examples/quickstart, or testdata/standin when LOGSPAN_E2E_PROGRAM=standin),
// runs it once per OTLP protocol, and checks through Jaeger's HTTP API v3 that
// the log lines arrived as instant spans in the right place of the trace.
//
// TestLogRecords runs Jaeger as an OpenTelemetry collector for both signals
// (testdata/jaeger-logs.yaml): an app in the test process logs through the
// four adapters with LOGSPAN_LOGS_AS=both and =records, the spans go to
// Jaeger's storage, the log records through the collector's logs pipeline
// to an in-test OTLP receiver, and the test checks each record field by
// field and joins it to its log span in Jaeger by span id.
//
// The package is its own module, outside the go.work workspace, so that nothing it
// needs changes the versions the library modules are tested with. Run it with
//
//	cd e2e && GOWORK=off go test -count=1 -timeout 45m -v ./...
//
// A cold Jaeger build takes minutes and about 2 GB of memory; later runs reuse
// the binary in ${LOGSPAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logspan}.
// With -short the test skips, except in CI (CI=true), where a Jaeger that
// cannot be built or started is a failure.
package e2e
