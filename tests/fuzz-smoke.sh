#!/usr/bin/env bash
# Fuzz smoke test (`make fuzz-smoke`, part of `make test`): builds every cargo-fuzz target of
# fuzz/ and runs each one briefly from its seed corpus (fuzz/corpus/<target>/). Exits non-zero
# when a target crashes, panics, hangs (over FUZZ_TIMEOUT seconds on one input) or runs out of
# memory; the input that did it is left in fuzz/artifacts/<target>/ and the log tail is shown.
#
#   FUZZ_SECONDS=20   how long each target runs (default 20)
#   FUZZ_TARGETS="host link"   only these targets (default: all of `cargo fuzz list`)
#   FUZZ_TIMEOUT=10   seconds one input may take before it counts as a hang
#   FUZZ_SEED=1       libFuzzer's random seed (0: a new one each run). Fixed by default so that
#                     a run is repeatable; the long runs below are where new paths are looked for.
#
# Inputs that once broke a target live in fuzz/regressions/<target>/ and are run first, every
# time; fuzz/dict/<target>.dict, when present, is given to libFuzzer as a dictionary.
# The seed corpora in the repository are never written to: new inputs go to fuzz/target/smoke/
# (gitignored). Debug assertions are on, so integer overflows are caught too.
# Long runs, for when the parsers change (one target at a time on a small machine):
#   cd fuzz && cargo +nightly fuzz run -a link fuzz/target/work/link corpus/link -- -max_total_time=600
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${FUZZ_SECONDS:-20}
TIMEOUT=${FUZZ_TIMEOUT:-10}
SEED=${FUZZ_SEED:-1}

if ! cargo +nightly --version >/dev/null 2>&1; then
  # cargo-fuzz needs nightly (sanitizer flags); the machine image ships one, try to add it if not.
  rustup toolchain install nightly --profile minimal >&2 || {
    echo "fuzz-smoke: a nightly toolchain is needed (rustup toolchain install nightly)" >&2
    exit 1
  }
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

cd "$ROOT/fuzz"
targets=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}
start=$(date +%s)
echo "fuzz-smoke: building $(echo $targets | wc -w) targets" >&2
cargo +nightly fuzz build -a >&2
echo "fuzz-smoke: built in $(($(date +%s) - start)) s; ${SECONDS_PER_TARGET} s per target" >&2

failed=()
summary=()
for t in $targets; do
  work="target/smoke/$t"
  rm -rf "$work"
  mkdir -p "$work" "artifacts/$t"
  log="target/smoke/$t.log"
  seeds=$(find "corpus/$t" -type f 2>/dev/null | wc -l)
  dirs=("$work" "corpus/$t")
  if [ -d "regressions/$t" ]; then dirs+=("regressions/$t"); fi
  extra=()
  if [ -f "dict/$t.dict" ]; then extra+=("-dict=dict/$t.dict"); fi
  set +e
  cargo +nightly fuzz run -a "$t" "${dirs[@]}" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
    -max_len=16384 -seed="$SEED" -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$({ grep -o 'cov: [0-9]*' "$log" || true; } | tail -1 | cut -d' ' -f2)
  found=$(find "$work" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    line=$(printf 'fuzz-smoke: %-8s ok      %9s runs (%s/s)  cov %-5s  corpus %s seeds -> %s  peak rss %s MB' \
      "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$seeds" "$found" "${rss:-?}")
  else
    artifact=$({ grep -o 'Test unit written to [^ ]*' "$log" || true; } | tail -1 | sed 's/Test unit written to //')
    line=$(printf 'fuzz-smoke: %-8s FAILED  exit %s after %s runs; input: %s; log: fuzz/%s' \
      "$t" "$rc" "${runs:-?}" "${artifact:-none}" "$log")
    failed+=("$t")
    echo "----- $t: last lines of fuzz/$log" >&2
    { grep -E 'ERROR|SUMMARY|panicked|overflow|timeout|out-of-memory|Failing input|artifacts/|cargo fuzz (run|tmin)' "$log" || true; } |
      cut -c1-300 | tail -20 >&2
  fi
  echo "$line"
  summary+=("$line")
done

echo "fuzz-smoke: ${#summary[@]} targets in $(($(date +%s) - start)) s, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ "${#failed[@]}" -eq 0 ]
