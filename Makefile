# Every target loops over all modules: `go test ./...` at the root covers
# only the root module.
MODULES := . zapspan logrusspan otelsetup faults examples
GO ?= go

# Fuzz targets as module-dir:package:target.
FUZZ_TARGETS := .:./core:FuzzEncoder .:./core:FuzzScrubber
FUZZTIME ?= 5s

.PHONY: all test test-workspace vet fmt-check tidy-check bench-smoke fuzz-smoke check

all: check test

# The README's test command: every module alone (GOWORK=off, through its
# replace lines, as a user's build sees it), under the race detector, then
# the whole workspace together.
test:
	@set -e; for m in $(MODULES); do \
		echo "== $$m (GOWORK=off)"; \
		(cd $$m && GOWORK=off $(GO) test -race -count=1 ./...); \
	done
	@$(MAKE) --no-print-directory test-workspace

test-workspace:
	@set -e; for m in $(MODULES); do \
		echo "== $$m (go.work)"; \
		(cd $$m && $(GO) test -count=1 ./...); \
	done

vet: fmt-check
	@set -e; for m in $(MODULES); do \
		(cd $$m && GOWORK=off $(GO) vet ./...); \
	done

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# go mod tidy must have nothing to change in any module.
tidy-check:
	@set -e; for m in $(MODULES); do \
		(cd $$m && GOWORK=off $(GO) mod tidy -diff) || { echo "go mod tidy changes $$m"; exit 1; }; \
	done

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

check: vet tidy-check bench-smoke fuzz-smoke
