# Every target loops over the modules: `go test ./...` at the root covers
# only the root module.
MODULES := . zapspan zerologspan logrusspan otelsetup auto faults examples benchmarks
# e2e starts a real Jaeger; it runs in `make test` but not in the quick
# loops, and is vetted and tidied with the rest.
CHECKED_MODULES := $(MODULES) e2e e2e/testdata/standin
GO ?= go

# Fuzz targets as module-dir:package:target.
FUZZ_TARGETS := .:./core:FuzzEncoder .:./core:FuzzScrubber .:./core:FuzzScrubKey .:./core:FuzzScrubValue zerologspan:.:FuzzDecode otelsetup:./otlpexport:FuzzSameRequest .:./core:FuzzWalk otelsetup:.:FuzzReadEnv otelsetup:.:FuzzReadLogsEnv otelsetup:.:FuzzLogfireEnv otelsetup:.:FuzzConsoleLine otelsetup:./otlpexport:FuzzSameLogsRequest
# A count, not a duration: with a duration, go1.26's fuzz coordinator can fail a
# target with "context deadline exceeded" at the deadline (golang/go#75804).
FUZZTIME ?= 20000x

.PHONY: all test unit test-workspace e2e vet fmt-check tidy-check bench bench-smoke fuzz-smoke binary-log check

all: check test

# The README's test command: every test of every module, the end-to-end
# test against a real Jaeger included (its first run builds Jaeger).
test: unit test-workspace e2e

# Every module alone (GOWORK=off, through its replace lines, as a user's
# build sees it), under the race detector.
unit:
	@set -e; for m in $(MODULES); do \
		echo "== $$m (GOWORK=off)"; \
		(cd $$m && GOWORK=off $(GO) test -race -count=1 ./...); \
	done

# The same modules together, through go.work.
test-workspace:
	@set -e; for m in $(MODULES); do \
		echo "== $$m (go.work)"; \
		(cd $$m && $(GO) test -count=1 ./...); \
	done

# Jaeger all-in-one, built once into ~/.cache/logspan, on free loopback
# ports: the quickstart exports over OTLP/HTTP and OTLP/gRPC and the test
# reads the spans back from Jaeger's API.
e2e:
	cd e2e && GOWORK=off $(GO) test -count=1 -timeout 45m -v ./...

vet: fmt-check
	@set -e; for m in $(CHECKED_MODULES); do \
		(cd $$m && GOWORK=off $(GO) vet ./...); \
	done

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# go mod tidy must have nothing to change in any module.
tidy-check:
	@set -e; for m in $(CHECKED_MODULES); do \
		(cd $$m && GOWORK=off $(GO) mod tidy -diff) || { echo "go mod tidy changes $$m"; exit 1; }; \
	done

# The benchmark suite: every adapter against the raw SDK span, each logger
# alone and the peers (6 interleaved rounds for benchstat), then throughput
# and heap through otelsetup. Writes benchmarks/README.md and bench.txt
# (about 6 minutes).
BENCH_COUNT ?= 6
BENCH_TIME ?= 250ms
bench:
	cd benchmarks && GOWORK=off $(GO) run ./cmd/benchreport -count $(BENCH_COUNT) -benchtime $(BENCH_TIME) -o README.md

# Every benchmark once, so they keep compiling and running.
bench-smoke:
	@set -e; for m in $(MODULES); do \
		(cd $$m && GOWORK=off $(GO) test -run='^$$' -bench=. -benchtime=1x ./... > /dev/null) || exit 1; \
	done; echo "bench-smoke: ok"

# Every fuzz target briefly, from its committed seed corpus on.
fuzz-smoke:
	@set -e; for t in $(FUZZ_TARGETS); do \
		dir=$${t%%:*}; rest=$${t#*:}; pkg=$${rest%%:*}; name=$${rest#*:}; \
		echo "== fuzz $$name ($$dir $$pkg, $(FUZZTIME))"; \
		(cd $$dir && GOWORK=off $(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) $$pkg) || exit 1; \
	done

# zerologspan under zerolog's binary_log build tag (events in CBOR).
binary-log:
	cd zerologspan && GOWORK=off $(GO) vet -tags binary_log ./... && GOWORK=off $(GO) test -race -count=1 -tags binary_log ./...

check: vet tidy-check bench-smoke fuzz-smoke binary-log
