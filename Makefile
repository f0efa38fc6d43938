# Vigie: build, test and demo. Every target runs `setup` first (idempotent, fast when done).
# `make demo` and `make test` are the two commands of the README; .ci/run runs `make test`.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
WASM_TARGET := wasm32-unknown-unknown
WASM_RAW := target/$(WASM_TARGET)/wasm/vigie.wasm
WASM_OUT := target/wasm
NODE_BIN := extension/node_modules/.bin
# Set WASM_OPT=0 to skip wasm-opt (npm binaryen; Debian's binaryen breaks the output). `-Os`, not
# `-Oz`: on this module it gives the smaller gzip (5 KB less; `-Oz` only wins uncompressed);
# `--converge` repeats the passes while they still shrink it (4 KB, ~8 s). `-ocimfs 100`: a
# function called from one place is inlined only when it is small. Inlining them all made
# functions of 16-25 KB (the exported constructor held the whole engine build) that V8's lazy
# compiler compiles whole at their first call, and its optimising tier again when a loop in them
# runs hot: a wake's first message took 21-24 ms in Node, 13-14 ms without; 11 KB less gzipped,
# steady-state speed unchanged (NOTES.md, stop 27).
WASM_OPT ?= 1
WASM_OPT_FLAGS := -Os --converge -ocimfs 100

.PHONY: help setup build dist test test-rust test-wasm test-js test-e2e test-roundcube \
        demo demo-roundcube bench audit eval eval-words eval-misses fuzz-smoke lint fmt clean snapshot

help:
	@echo "make demo   - set up, build, and show the extension on the bundled demo webmail"
	@echo "make test   - set up and run every test (Rust, wasm, JS, browsers, Roundcube, fuzz smoke)"
	@echo "other targets: setup build dist lint bench eval eval-words eval-misses fuzz-smoke test-roundcube demo-roundcube"

setup:
	@.ci/setup.sh

# --------------------------------------------------------------------------- build

build: setup
	cargo build --lib --no-default-features --target $(WASM_TARGET) --profile wasm
	mkdir -p $(WASM_OUT)
	wasm-bindgen --target no-modules --no-typescript --out-dir $(WASM_OUT) --out-name vigie $(WASM_RAW)
	if [ "$(WASM_OPT)" = 1 ]; then $(NODE_BIN)/wasm-opt $(WASM_OPT_FLAGS) $(WASM_OUT)/vigie_bg.wasm -o $(WASM_OUT)/vigie_bg.wasm; fi
	node extension/tools/build.mjs --version $(VERSION) --wasm $(WASM_OUT) --out target/extension
	$(NODE_BIN)/web-ext lint --source-dir target/extension/firefox --output text --warnings-as-errors

dist: build
	node extension/tools/build.mjs --version $(VERSION) --wasm $(WASM_OUT) --out target/extension --dist target/dist

# --------------------------------------------------------------------------- tests

test: setup lint test-rust test-wasm build test-js test-e2e test-roundcube fuzz-smoke
	@echo "make test: all suites passed"

lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --no-default-features --target $(WASM_TARGET) -- -D warnings

test-rust: setup
	cargo test

# Rewrite src/data/snapshot.bin (the engine's start-up tables, src/snapshot/) after a change to
# the catalog, the words, the public suffix list or the folding code; the test
# `embedded_snapshot_is_current` says when.
snapshot: setup
	VIGIE_WRITE_SNAPSHOT=1 cargo test --lib snapshot::unit_tests::embedded_snapshot_is_current

# wasm-bindgen tests of src/wasm.rs, in Node and in headless Chromium.
test-wasm: setup
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	  cargo test --no-default-features --target $(WASM_TARGET) --test wasm

# tests/parity compares the built wasm engine with the native CLI on the same inputs.
test-js: build
	cargo build --bin vigie
	node --test extension/test/ tests/webmail/ tests/parity/

test-e2e: build
	node --test --test-concurrency=1 tests/e2e/

test-roundcube: build
	node --test --test-concurrency=1 tests/roundcube/

fuzz-smoke: setup
	@if [ -d fuzz ]; then tests/fuzz-smoke.sh; else echo "fuzz-smoke: no fuzz/ directory yet"; fi

# --------------------------------------------------------------------------- demo, bench, eval

demo: build
	node tests/webmail/demo.mjs

demo-roundcube: build
	node tests/roundcube/demo.mjs

bench: build
	cargo build --release --bin vigie
	cargo bench --bench engine
	node tests/bench/wasm-bench.mjs --criterion target/criterion --cli target/release/vigie
	node tests/bench/browser-bench.mjs

# Licences, banned crates and sources of the Rust dependencies (cargo-deny compiles in ~8 min
# the first time). Advisories need the RustSec database from GitHub, unreachable here.
audit: setup
	command -v cargo-deny >/dev/null || cargo install cargo-deny --locked
	cargo deny check licenses bans sources
	cd extension && npm audit --omit=dev

eval: setup
	cargo build --release --bin vigie
	python3 ../shared/eval/score.py --cli target/release/vigie

# Honest names flagged as lookalikes: every word of four Debian word lists as a domain
# (needs wamerican wfrench wdutch wngerman; not part of `make test`).
eval-words:
	cargo build --release --bin vigie
	python3 tests/eval/word_names.py target/release/vigie

# The lookalikes `make eval` misses, by brand length, class and whether they are ordinary words,
# and the recall reachable without flagging words (same Debian packages as eval-words).
eval-misses:
	cargo build --release --bin vigie
	python3 tests/eval/misses.py target/release/vigie

clean:
	cargo clean
