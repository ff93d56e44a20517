#!/usr/bin/env bash
# Configures and builds Portico (and its tests) in build/ with CMake + Ninja, two jobs at a time: a
# WebEngine translation unit needs about 600 MB of compiler memory. In CI (CI=true) warnings are errors.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset=default
[ "${CI:-}" = true ] && preset=ci
cmake -S "$root" --preset "$preset" >/dev/null
cmake --build --preset "$preset"
