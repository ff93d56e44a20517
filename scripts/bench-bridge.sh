#!/usr/bin/env bash
# The bridge benchmark (bench/README.md, "The bridge benchmark"): `portico bridge`, mcp-remote and the MCP SDK's
# HTTP client side by side against one SDK echo server. Measures the portico executable of an existing build
# (default build/, the RelWithDebInfo preset); extra arguments go to bench/bridge/run.mjs.
#   scripts/bench-bridge.sh [--build DIR] [--rounds R] [--spawns N] [--calls N] [--conc-calls N] [--smoke] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
if [ "${1:-}" = "--build" ]; then
  build="$(cd "$2" && pwd)"
  shift 2
fi
portico="$build/app/portico"
if [ ! -x "$portico" ]; then
  echo "bench-bridge: no $portico; build it first (cmake --build $build --target portico)" >&2
  exit 2
fi
"$root/scripts/install-peers.sh" >&2
echo "bench-bridge: $portico ($(grep -s '^CMAKE_BUILD_TYPE:' "$build/CMakeCache.txt" | cut -d= -f2) build)"
exec "$root/tests/peers/node_modules/.bin/node" "$root/bench/bridge/run.mjs" --portico "$portico" "$@"
