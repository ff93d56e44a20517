#!/usr/bin/env bash
# Command (a) of the README: installs what Portico needs, builds it, and starts it.
# Arguments are passed to portico (try --help).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "run-portico: no display found. On a desktop, run this from its terminal; to try Portico without" >&2
  echo "one, run: QT_QPA_PLATFORM=offscreen $0" >&2
  exit 1
fi
exec "$root/build/app/portico" "$@"
