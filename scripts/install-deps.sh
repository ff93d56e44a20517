#!/usr/bin/env bash
# Installs the Debian 12 (bookworm) packages Portico needs: to build and run it, and with --tests also to
# run its test suite (Secret Service, clang-format, Node.js for the test peers, the DEB/RPM and desktop
# metadata tools). Idempotent: when every package is already installed it changes nothing and does not
# touch the network.
# Run as root, or as a user with sudo.
set -euo pipefail

# Build and run. Qt 6.4 + WebEngine + QtKeychain + OpenSSL 3 (docs: README "Requirements").
build_packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-webengine-dev qt6-svg-dev   # Widgets, Network, Test; the embedded browser; the SVG icon
  qtkeychain-qt6-dev libsecret-1-0             # QtKeychain dlopens libsecret at run time without depending on it
  qt6-tools-dev qt6-l10n-tools                 # Qt6LinguistTools: lrelease turns translations/*.ts into .qm
  libbenchmark-dev                             # Google Benchmark for bench/ (built with everything else)
  libssl-dev                                   # OpenSSL 3 (PKCE hashing, private_key_jwt)
  librsvg2-bin                                 # rsvg-convert renders the PNG icons from the SVG at build time
  libgl1-mesa-dri fonts-dejavu-core            # rendering without a GPU, and a font for offscreen runs
)
# Tests only.
test_packages=(
  dbus gnome-keyring libsecret-tools           # a real Secret Service inside dbus-run-session; secret-tool
  clang-format                                 # the clang_format_clean test
  clang libclang-rt-14-dev                     # the sanitizer build: ASan, UBSan, LSan and libFuzzer runtimes
  ca-certificates curl
  dpkg-dev file rpm                            # cpack DEB (dpkg-shlibdeps computes Depends, and needs file), RPM
  desktop-file-utils appstream                 # desktop-file-validate, appstreamcli validate (packaging tests)
)
# Never install dbus-x11: with it, a keychain call without a session bus hangs in dbus-launch
# instead of failing (docs/architecture.md, "Test environment").

with_tests=0
for argument in "$@"; do
  case "$argument" in
    --tests) with_tests=1 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown argument '$argument' (try --help)" >&2; exit 2 ;;
  esac
done

packages=("${build_packages[@]}")
if [ "$with_tests" = 1 ]; then
  packages+=("${test_packages[@]}")
  # The test peers need npm once; `npm ci` then brings the pinned Node 22 from the lockfile. Debian's own
  # nodejs/npm are only installed when no npm is present (another nodejs may already own /usr/bin/node).
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages are installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
