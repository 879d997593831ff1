# Wirelab's front door. `make serve` runs the app; `make test` runs every test.
# Both install what is missing first (scripts/setup.sh), so a fresh Debian machine works.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PORT ?= 8080
ENV := target/wirelab-env.sh

.PHONY: help serve test test-native test-e2e build dist bench setup probe probe-run probe-seek fuzz perf probe-engine-long

help:
	@echo "make serve   build and serve the app on http://127.0.0.1:$(PORT) (PORT=… to change)"
	@echo "make test    every test: native workspace tests, release build, Playwright in Chromium"
	@echo "make dist    the optimised static bundle in dist/, with its sizes"
	@echo "make bench   the engine benchmark (events/s against a bare event loop)"
	@echo "make probe   frame times of panning and zooming a 500-node design (prints numbers)"
	@echo "make probe-run  frame times of a run with thousands of messages in flight"
	@echo "make probe-seek seek times on the timeline of a 10-minute run"
	@echo "make fuzz    a long fuzz campaign: 1,000,000 inputs (FUZZ_INPUTS=… to change)"
	@echo "make perf    the benchmark, every probe and the bundle sizes in one table"

setup:
	@scripts/setup.sh test

# No --offline: with Debian's build-std path cargo must fetch the standard library's own
# dependencies; trunk still uses the installed tools pinned in Trunk.toml, never downloads.
serve:
	@scripts/setup.sh build
	source $(ENV)
	echo "Wirelab: http://127.0.0.1:$(PORT)/"
	trunk serve --release --no-autoreload --address 127.0.0.1 --port $(PORT)

# FEATURES=test-hooks adds what only the end-to-end tests use (a way to trigger the crash
# notice); `make dist` and `make serve` never have it.
FEATURES ?=
build:
	@source $(ENV)
	trunk build --release $(if $(FEATURES),--features $(FEATURES))

test:
	@scripts/setup.sh test
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory build FEATURES=test-hooks
	$(MAKE) --no-print-directory test-e2e

# Native tests run with the machine's default toolchain, not the wasm environment. First:
# no import cycle among src/'s top-level modules (the script shows it catches one first).
test-native:
	@scripts/module-cycles.py --self-test && scripts/module-cycles.py
	cargo test --workspace

test-e2e:
	@cd tests/e2e
	npx playwright test

dist:
	@scripts/setup.sh dist
	$(MAKE) --no-print-directory build
	scripts/sizes.sh dist

bench:
	@cargo run --profile perf -p wirelab-engine --example bench

# What a stats refresh and a checkpoint cost at 10 s and 10, 20, 40 minutes into a run of
# the checkout at 20 and 300 people/s (crates/engine/examples/long_run.rs; prints numbers).
probe-engine-long:
	@cargo run -q --profile perf -p wirelab-engine --example long_run

# Mutated documents, links, texts, edits and short runs (crates/fuzz); `make test` runs a
# short budget of the same. Prints a table of cases, accepted inputs, panics and broken
# invariants; a failure prints its seed (`wirelab-fuzz --seed N --target NAME` replays it).
# The engine benchmark, the frame probes, first paint and the bundle sizes, one table.
perf:
	@scripts/perf.sh

FUZZ_INPUTS ?= 1000000
REWIND_CASES ?= 10000
fuzz:
	@cargo run --profile perf -q -p wirelab-fuzz -- --inputs $(FUZZ_INPUTS)
	# Rewinds on random designs equal the runs they rewind (crates/engine/tests/rewind.rs).
	WIRELAB_REWIND_CASES=$(REWIND_CASES) cargo test --profile perf -q -p wirelab-engine \
	    --test rewind a_rewind_on_a_random_design -- --nocapture

# Frame times while panning and zooming a 500-node design: prints p50/p95/max, asserts
# nothing (tests/e2e/probes/pan-zoom.probe.ts; PROBE_NODES=… for another size).
.PHONY: probe
probe:
	@scripts/setup.sh test
	$(MAKE) --no-print-directory build
	cd tests/e2e
	npx playwright test --config probes/probe.config.ts pan-zoom

# Frame times while a stress run plays (220 nodes, ~6,000 messages in flight): prints
# p50/p95/max, asserts nothing (tests/e2e/probes/run-frames.probe.ts; PROBE_RATE=… for load).
.PHONY: probe-run
probe-run:
	@scripts/setup.sh test
	$(MAKE) --no-print-directory build
	cd tests/e2e
	npx playwright test --config probes/probe.config.ts run-frames

# Frame times and renderer memory of the checkout at 20 and 300 people/s after 10 s and
# 10, 20, 40 minutes (3 hours with PROBE_LONG_HOURS=1); prints a table, asserts nothing.
.PHONY: probe-long
probe-long:
	@scripts/setup.sh test
	$(MAKE) --no-print-directory build
	cd tests/e2e
	npx playwright test --config probes/probe.config.ts long-run --reporter=line

.PHONY: probe-seek
probe-seek:
	@scripts/setup.sh test
	$(MAKE) --no-print-directory build
	cd tests/e2e
	npx playwright test --config probes/probe.config.ts seek
