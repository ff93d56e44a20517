#!/usr/bin/env bash
# Part of command (b): builds the AddressSanitizer + UndefinedBehaviorSanitizer tree (clang, the "sanitize"
# preset, build-sanitize/) with every unit test, the integration tests that need only portico_core (label
# sanitize) and the libFuzzer targets, then runs them there: each fuzz target briefly from its seed corpus
# (label fuzz), and the tests. The widget and embedded-browser tests stay out: Chromium does not run under
# ASan, and the Qt Widgets code they drive is not Portico's parser code.
# Usage: scripts/sanitize-tests.sh build | test [ctest arguments...]   (test runs inside a private D-Bus session
# with gnome-keyring, as scripts/test-session.sh makes one)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-sanitize"
labels='^(unit|sanitize|fuzz)$'

case "${1:-}" in
build)
  cmake -S "$root" --preset sanitize >/dev/null
  # The executables behind the selected tests: a test is named after its target, and the *_http1 variants run
  # the same executable on Portico's own HTTP/1.1 engine.
  mapfile -t targets < <(ctest --test-dir "$build" -N -L "$labels" | sed -n 's/^ *Test *#[0-9]*: *//p' |
    sed 's/_http1$//' | sort -u)
  cmake --build "$build" -j2 --target "${targets[@]}"
  ;;
test)
  # halt_on_error: an undefined behaviour fails the test; detect_leaks: a leak fails it too.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0"
  exec dbus-run-session -- "$root/scripts/test-session.sh" "$build" -L "$labels" "${@:2}"
  ;;
*)
  echo "usage: $0 build|test" >&2
  exit 2
  ;;
esac
