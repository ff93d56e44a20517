#!/usr/bin/env bash
# Runs ctest inside a private D-Bus session (started by run-tests.sh through dbus-run-session) with
# gnome-keyring as its Secret Service, in throwaway runtime and data folders so no run sees another's
# keyring. Extra arguments go to ctest (e.g. -R tst_authsession). Stops the keyring and any test peer left behind on every exit path.
set -euo pipefail
build="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
peers="$root/tests/peers/node_modules"

scratch=$(mktemp -d /tmp/portico-tests.XXXXXX)
export XDG_RUNTIME_DIR="$scratch/runtime" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" && chmod 700 "$XDG_RUNTIME_DIR"

keyring_pid=""
cleanup() {
  set +e # clean up as much as possible, and keep ctest's exit status
  [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null
  # A test that crashed cannot stop the peers it started; they all run from this checkout's node_modules.
  pkill -f "$peers/" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

# --unlock reads the keyring password from stdin and creates the unlocked "login" collection.
printf %s portico-test-keyring |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$scratch/keyring.log" 2>&1 &
keyring_pid=$!
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done

status=0
ctest --test-dir "$build" --output-on-failure -j2 "${@:2}" || status=$?
exit "$status"
