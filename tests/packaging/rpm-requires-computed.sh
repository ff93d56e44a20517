#!/usr/bin/env bash
# The rpm_requires_computed test (tests/packaging/CMakeLists.txt): builds the RPM from a build tree with
# cpack and checks that its Requires were computed by rpmbuild from the binary — every shared library
# the executable links (its ELF NEEDED entries) is required by soname — plus what Packaging.cmake names by
# hand, and that the package holds Portico's files without claiming folders other packages own.
# Installs nothing.
# Usage: rpm-requires-computed.sh BUILD_DIR CPACK PORTICO_EXECUTABLE VERSION APP_ID
set -euo pipefail

if [ "$#" -ne 5 ]; then
  echo "usage: $0 BUILD_DIR CPACK PORTICO_EXECUTABLE VERSION APP_ID" >&2
  exit 2
fi
build_dir=$1 cpack=$2 executable=$3 version=$4 app_id=$5

name="rpm-requires-computed"
step_number=0
step() { step_number=$((step_number + 1)); echo "$name: [$step_number] $*"; }
fail() { echo "$name: FAIL: $*" >&2; exit 1; }

for tool in "$cpack" rpmbuild rpm objdump; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing (scripts/install-deps.sh --tests installs it)"
done
[ -x "$executable" ] || fail "$executable is not built"

work=$(mktemp -d -t portico-rpm.XXXXXX)
trap 'rm -rf "$work"' EXIT

step "building the RPM with cpack -G RPM from $build_dir"
(cd "$build_dir" && "$cpack" -G RPM -B "$work/packages") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G RPM failed"; }
shopt -s nullglob
rpms=("$work"/packages/portico-*.rpm)
shopt -u nullglob
[ "${#rpms[@]}" -eq 1 ] || fail "expected one portico-*.rpm, found ${#rpms[@]}"
rpm_file=${rpms[0]}
echo "$name:     $(basename "$rpm_file"), $(stat -c %s "$rpm_file") bytes"
[ "$(rpm -qp --qf '%{NAME} %{VERSION}' "$rpm_file")" = "portico $version" ] || fail "not portico $version"

step "checking Requires (rpm -qpR) against the executable's NEEDED entries"
rpm -qpR "$rpm_file" >"$work/requires"
sed 's/^/    /' "$work/requires"
# 64-bit ELF sonames appear as "libX.so.N()(64bit)" in rpm's generated requires.
suffix='()(64bit)'
[ "$(objdump -f "$executable" | grep -c 'elf64')" -ge 1 ] || suffix='()'
needed=$(objdump -p "$executable" | awk '$1 == "NEEDED" { print $2 }')
[ -n "$needed" ] || fail "found no NEEDED entries in $executable"
for soname in $needed; do
  grep -qxF "$soname$suffix" "$work/requires" || fail "Requires lacks $soname$suffix, which portico links"
done
# The libraries that make Portico what it is, by name, so a build that stopped linking them is noticed.
for soname in libQt6Widgets.so.6 libQt6Core.so.6; do
  grep -qxF "$soname$suffix" "$work/requires" || fail "Requires lacks $soname$suffix"
done
grep -qE '^libQt6WebEngine(Core|Widgets)\.so\.6\(\)' "$work/requires" || fail "Requires names no Qt WebEngine library"
# Named by hand (loaded at run time, so no ELF header says so): the SVG plugins' library and libsecret.
for capability in "libQt6Svg.so.6$suffix" "libsecret-1.so.0$suffix"; do
  grep -qxF "$capability" "$work/requires" || fail "Requires lacks $capability"
done
rpm -qp --recommends "$rpm_file" | grep -q 'gnome-keyring' || fail "Recommends names no Secret Service provider"

step "checking the package's files (rpm -qpl)"
rpm -qpl "$rpm_file" >"$work/files"
for path in /usr/bin/portico "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" "/usr/share/icons/hicolor/256x256/apps/$app_id.png" \
  /usr/share/man/man1/portico.1.gz /usr/share/doc/portico/LICENSE; do
  grep -qxF "$path" "$work/files" || fail "the package lacks $path"
done
# The only folders it may own are its own; the others (/usr/share/icons/hicolor/…, man1, applications…)
# belong to filesystem, hicolor-icon-theme and friends, and owning them makes rpm report conflicts.
# rpm's build-id links (/usr/lib/.build-id) are shared by design.
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm_file" | awk '$1 ~ /^d/ { print $2 }' >"$work/dirs"
if grep -vxE '/usr/share/doc/portico|/usr/lib/\.build-id(/.*)?' "$work/dirs"; then
  fail "the package claims the folders listed above, which other packages own"
fi

echo "$name: PASS"
