#!/usr/bin/env bash
# The deb_install_roundtrip test (tests/packaging/CMakeLists.txt): builds the DEB from a build tree with
# cpack, installs it with apt (which must resolve its computed dependencies), runs and checks the
# installed copy, then purges it and checks that nothing it installed is left. Changes the machine it runs
# on (installs and removes the package `portico`), so it needs root or password-less sudo, and it cleans
# up on every way out, a failed step included.
# Usage: deb-install-roundtrip.sh BUILD_DIR CPACK VERSION APP_ID ICON_SIZES  (ICON_SIZES: "16 24 …")
set -euo pipefail

if [ "$#" -ne 5 ]; then
  echo "usage: $0 BUILD_DIR CPACK VERSION APP_ID ICON_SIZES" >&2
  exit 2
fi
build_dir=$1 cpack=$2 version=$3 app_id=$4
read -r -a icon_sizes <<<"$5"

name="deb-install-roundtrip"
started=$SECONDS
step_number=0
step() { step_number=$((step_number + 1)); echo "$name: [$step_number] (at $((SECONDS - started)) s) $*"; }
fail() { echo "$name: FAIL: $*" >&2; exit 1; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "needs root or sudo: it installs and purges the package"
  as_root=(sudo -n) # -n: fail at once instead of waiting for a password no one will type
fi
apt_get() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 "$@"
}
# dpkg's view of the package: "ii " installed, "rc " config files left, "" unknown (never installed or
# purged). Everything but "" means dpkg still remembers it.
package_status() { dpkg-query -W -f='${db:Status-Abbrev}' portico 2>/dev/null || true; }

for tool in "$cpack" dpkg-deb dpkg-query apt-get desktop-file-validate appstreamcli file gzip flock; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing (scripts/install-deps.sh --tests installs it)"
done
[ -f "$build_dir/CPackConfig.cmake" ] || fail "$build_dir/CPackConfig.cmake is missing: configure the build first"

# One run at a time on a machine, whichever build tree it comes from: two runs would install and purge
# the same package under each other.
lock_file=/tmp/portico-deb-install-roundtrip.lock
exec 9>>"$lock_file"
chmod 0666 "$lock_file" 2>/dev/null || true
flock -w 600 9 || fail "another deb_install_roundtrip still holds $lock_file after 10 minutes"

# A run cut off before its cleanup (ctest's TIMEOUT kills without a trap) leaves this marker behind with
# the package; only then may this run purge a `portico` it finds. Any other installed copy is someone's.
marker=/var/tmp/portico-deb-install-roundtrip.installed
status=$(package_status)
if [ -n "$status" ]; then
  if [ -e "$marker" ]; then
    echo "$name: an earlier run was cut off and left portico installed ($status); purging it first"
    apt_get purge -y portico
    "${as_root[@]}" rm -f "$marker"
  else
    fail "portico is already installed here (dpkg status '$status') and this test would remove it;" \
      "run 'apt-get purge portico' first"
  fi
fi

work=$(mktemp -d -t portico-deb.XXXXXX)
chmod 0755 "$work" # apt's download sandbox user (_apt) must be able to read the .deb
installed=0
app_pid=""
cleanup() {
  local exit_status=$?
  set +e
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid"
    wait "$app_pid" 2>/dev/null
  fi
  if [ "$installed" = 1 ] && [ -n "$(package_status)" ]; then
    echo "$name: cleanup: purging portico, which a failed step left installed"
    apt_get purge -y portico >/dev/null || "${as_root[@]}" dpkg --purge portico
  fi
  [ -n "$(package_status)" ] || "${as_root[@]}" rm -f "$marker"
  rm -rf "$work"
  exit "$exit_status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "building the DEB with cpack -G DEB from $build_dir"
(cd "$build_dir" && "$cpack" -G DEB -B "$work/packages") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$work"/packages/portico_*.deb)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fail "expected one portico_*.deb, found ${#debs[@]}"
deb=${debs[0]}
echo "$name:     $(basename "$deb"), $(stat -c %s "$deb") bytes"

step "recording the package's files and checking its contents and Depends"
# Files and symlinks only (tar lists directories with a trailing slash); "./usr/bin/x" -> "/usr/bin/x".
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./|/|; /\/$/!p' >"$work/files"
echo "$name:     $(wc -l <"$work/files") files"
if grep -v '^/usr/' "$work/files"; then fail "the package installs files outside /usr (listed above)"; fi
expected=(
  /usr/bin/portico
  "/usr/share/applications/$app_id.desktop"
  "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  /usr/share/man/man1/portico.1.gz
  /usr/share/doc/portico/LICENSE
)
for size in "${icon_sizes[@]}"; do
  expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for path in "${expected[@]}"; do
  grep -qxF "$path" "$work/files" || fail "the package lacks $path"
done
[ "$(dpkg-deb -f "$deb" Package)" = portico ] || fail "the package is not named portico"
[ "$(dpkg-deb -f "$deb" Version)" = "$version-1" ] || fail "package version is not $version-1"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$name:     Depends: $depends"
# Versioned library packages only appear when dpkg-shlibdeps computed them from the binary; the
# WebEngine process package comes from Debian's symbols file; the last two are named by Packaging.cmake.
for pattern in 'libqt6widgets6 \(>= ' 'libqt6webenginecore6 \(>= ' 'libc6 \(>= ' \
  'libqt6webenginecore6-bin' 'libqt6svg6' 'libsecret-1-0'; do
  grep -qE "(^|, )$pattern" <<<"$depends" || fail "Depends lacks '$pattern'"
done

step "validating the packaged metadata as a tree (appstreamcli validate-tree --no-net)"
dpkg-deb -x "$deb" "$work/root"
appstreamcli validate-tree --no-net "$work/root" || fail "appstreamcli validate-tree rejects the package's tree"

step "installing with apt-get install ./$(basename "$deb") (apt resolves the dependencies)"
# Recommends (a keyring daemon, the Wayland plugin) are left out: they are not what this checks, and a
# test machine should not grow desktop services.
"${as_root[@]}" touch "$marker"
installed=1
(cd "$work/packages" && apt_get install -y --no-install-recommends "./$(basename "$deb")") ||
  fail "apt-get install failed"
[ "$(package_status)" = "ii " ] || fail "dpkg does not report portico as installed ($(package_status))"

step "running /usr/bin/portico --version"
version_output=$(/usr/bin/portico --version)
[ "$version_output" = "Portico $version" ] || fail "--version printed '$version_output', not 'Portico $version'"
echo "$name:     $version_output"

step "starting the installed portico offscreen; it must stay up 3 s and exit 0 on SIGTERM"
home="$work/home"
mkdir -p "$home"
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 \
  /usr/bin/portico >"$work/portico.log" 2>&1 &
app_pid=$!
sleep 3
if ! kill -0 "$app_pid" 2>/dev/null; then
  app_status=0
  wait "$app_pid" || app_status=$?
  app_pid=""
  cat "$work/portico.log"
  fail "portico exited within 3 s (status $app_status; its output is above)"
fi
kill -TERM "$app_pid"
for _ in $(seq 1 200); do # up to 20 s to close
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && { cat "$work/portico.log"; fail "portico still runs 20 s after SIGTERM"; }
app_status=0
wait "$app_pid" || app_status=$?
app_pid=""
[ "$app_status" -eq 0 ] || { cat "$work/portico.log"; fail "portico exited with $app_status on SIGTERM, not 0"; }

step "validating the installed desktop file and metainfo"
desktop_file="/usr/share/applications/$app_id.desktop"
metainfo="/usr/share/metainfo/$app_id.metainfo.xml"
desktop_file_validate_output=$(desktop-file-validate "$desktop_file" 2>&1) ||
  { echo "$desktop_file_validate_output"; fail "desktop-file-validate rejects $desktop_file"; }
# Hints (such as two main categories) are advice; errors and warnings are not.
if grep -E 'error:|warning:' <<<"$desktop_file_validate_output"; then fail "desktop-file-validate warns"; fi
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate rejects $metainfo"

step "checking the installed icons, manual page and license"
[ -s "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" ] || fail "the scalable icon is missing"
for size in "${icon_sizes[@]}"; do
  png="/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
  [ -f "$png" ] || fail "$png is missing"
  file -b "$png" | grep -q "^PNG image data, $size x $size," || fail "$png is not a ${size}x${size} PNG: $(file -b "$png")"
done
man_page=/usr/share/man/man1/portico.1.gz
[ -f "$man_page" ] || fail "$man_page is missing (a dpkg path-exclude in /etc/dpkg/dpkg.cfg.d would do that)"
gzip -t "$man_page" || fail "$man_page is not a valid gzip file"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' ENVIRONMENT FILES 'SEE ALSO'; do
  gzip -dc "$man_page" | grep -qx "\.SH \"\{0,1\}$section\"\{0,1\}" || fail "the manual page has no $section section"
done
grep -q '^MIT License' /usr/share/doc/portico/LICENSE || fail "/usr/share/doc/portico/LICENSE is not the MIT license"

step "purging with apt-get purge -y portico"
apt_get purge -y portico
[ -z "$(package_status)" ] || fail "dpkg still knows portico after the purge (status '$(package_status)')"
installed=0
"${as_root[@]}" rm -f "$marker"

step "checking that every file the package installed is gone"
left=0
while IFS= read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    echo "$name:     left behind: $path" >&2
    left=1
  fi
done <"$work/files"
[ ! -e /usr/share/doc/portico ] || { echo "$name:     left behind: /usr/share/doc/portico/" >&2; left=1; }
[ "$left" = 0 ] || fail "the purge left files behind"

echo "$name: PASS in $((SECONDS - started)) s"
