#!/usr/bin/env bash
# Command (b) of the README: installs what is needed, builds Portico and its tests, and runs every test
# with the real stack: a Secret Service (gnome-keyring in a private D-Bus session), the Node peers, the
# embedded browser offscreen. Ends with ctest's summary line; exits non-zero when any test fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh" --tests
"$root/scripts/install-peers.sh"
"$root/scripts/build.sh"
exec dbus-run-session -- "$root/scripts/test-session.sh" "$root/build"
