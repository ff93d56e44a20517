#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a while, under AddressSanitizer and UndefinedBehaviorSanitizer,
# from its seed corpus, and prints executions and findings per target. Crashing inputs land in
# build-sanitize/fuzz-artifacts/; copy one into tests/fuzz/corpus/<target>/ as a regression input once fixed.
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target names...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=${1:-60}
shift || true
build="$root/build-sanitize"
cmake -S "$root" --preset sanitize >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^foreach(target \(.*\)$/\1/p;s/^ *\([a-z0-9 ]*\))$/\1/p' "$root/tests/fuzz/CMakeLists.txt" |
    tr ' ' '\n' | grep -v '^$')
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"
mkdir -p "$build/fuzz-artifacts"
status=0
for target in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$target"
  mkdir -p "$corpus"
  seeds=("$root/tests/fuzz/corpus/$target")
  case "$target" in configimport | jsonc) seeds+=("$root/tests/data/config") ;; esac
  log="$build/fuzz-artifacts/$target.log"
  if "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2560 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$target-" "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    outcome=ok
  else
    outcome="FINDING (see $log)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz: $target: ${runs:-?} executions in ${seconds} s: $outcome"
done
exit "$status"
