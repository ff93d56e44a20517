#!/usr/bin/env bash
# Runs one scenario of the official MCP conformance suite against `portico --conformance` and prints one
# verdict line. Usage: run-scenario.sh <0.1|0.2> <scenario> <portico executable> [spec version]
#   0.1 = @modelcontextprotocol/conformance 0.1.16, 0.2 = 0.2.0-alpha.12 (tests/peers/package-lock.json).
# A scenario passes only if the suite exits 0, reports no failure and no warning, and counted at least one
# check: "Passed: 0/0" is a failure (docs/architecture.md, "The conformance suite").
set -uo pipefail
suite=$1 scenario=$2 portico=$3 spec=${4:-}
shift $(( $# < 4 ? $# : 4 ))
peers="$(cd "$(dirname "$0")/../peers" && pwd)/node_modules"
case "$suite" in
  0.1) cli="$peers/@modelcontextprotocol/conformance/dist/index.js" ;;
  0.2) cli="$peers/conformance-next/dist/index.js" ;;
  *) echo "run-scenario.sh: unknown suite '$suite'" >&2; exit 2 ;;
esac
[ -f "$cli" ] || { echo "conformance suite missing: run scripts/install-peers.sh" >&2; exit 2; }
# Node 22 from the lockfile first on PATH: the suite needs fs.globSync (docs/architecture.md, "The conformance suite").
export PATH="$peers/.bin:$PATH"
# The mocks listen on localhost: never send that through a proxy (docs/architecture.md, "The conformance suite").
export NO_PROXY=localhost,127.0.0.1,::1 no_proxy=localhost,127.0.0.1,::1

out=$(mktemp -d /tmp/portico-conformance.XXXXXX)
trap 'rm -rf "$out"' EXIT
args=(client --command "timeout -k 5 25 $portico --conformance" --scenario "$scenario" --timeout 30000 -o "$out")
[ -n "$spec" ] && args+=(--spec-version "$spec")
args+=("$@")
node "$cli" "${args[@]}" >"$out/log" 2>&1
status=$?

summary=$(grep -E '^Passed: [0-9]+/[0-9]+' "$out/log" | tail -1)
passed=$(sed -E 's/^Passed: ([0-9]+)\/.*/\1/' <<<"$summary")
failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$summary")
warnings=$(sed -nE 's/.* ([0-9]+) warnings?.*/\1/p' <<<"$summary")
label="conformance $suite${spec:+ ($spec)} $scenario"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -gt 0 ] && [ "${failed:-0}" -eq 0 ] && [ "${warnings:-0}" -eq 0 ]; then
  echo "PASS  $label: $summary"
  exit 0
fi
cat "$out/log"
echo "FAIL  $label: ${summary:-no checks counted} (suite exit $status)"
exit 1
