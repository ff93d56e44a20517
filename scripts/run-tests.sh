#!/usr/bin/env bash
# Command (b) of the README: installs what is needed, builds Portico and its tests, and runs every test
# with the real stack: a Secret Service (gnome-keyring in a private D-Bus session), the Node peers, the
# embedded browser offscreen; then the unit, core integration and fuzz tests again in a sanitizer build. Ends
# with ctest's summary line; exits non-zero when any test of either run fails.
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
step "building the sanitizer tree" "$root/scripts/sanitize-tests.sh" build
status=0
dbus-run-session -- "$root/scripts/test-session.sh" "$root/build" || status=$?
# The parsers and engines again under AddressSanitizer + UndefinedBehaviorSanitizer: every unit test, the
# core-only integration tests, and each libFuzzer target for a few seconds from its seed corpus.
echo "run-tests: unit, core integration and fuzz tests under ASan + UBSan (build-sanitize/)"
"$root/scripts/sanitize-tests.sh" test || status=$?
exit "$status"
