#!/usr/bin/env bash
# Command (b) of the README: installs what is needed, builds Portico and its tests, and runs every test
# with the real stack: a Secret Service (gnome-keyring in a private D-Bus session), the Node peers, the
# embedded browser offscreen. Ends with ctest's summary line; exits non-zero when any test fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
step() { # step NAME COMMAND...: runs a step and says how long it took (CI logs show where time goes)
  local name=$1 started=$SECONDS
  shift
  "$@"
  echo "run-tests: $name took $((SECONDS - started)) s"
}
step "installing Debian packages" "$root/scripts/install-deps.sh" --tests
step "installing Node peers" "$root/scripts/install-peers.sh"
step "building" "$root/scripts/build.sh"
exec dbus-run-session -- "$root/scripts/test-session.sh" "$root/build"
