# CPack: Portico's installer packages, made from the normal build tree with `cmake --build <dir> --target
# package` (every generator of this system) or `cpack -G DEB` in <dir> (one). Included once, at the end
# of the top-level CMakeLists.txt: include(CPack) writes CPackConfig.cmake from the variables as they are
# at that point. What goes into a package is whatever `cmake --install` installs (app/ and packaging/).
# Linux (DEB, RPM) is built and tested here (tests/packaging); Windows (NSIS, WiX) and macOS (DragNDrop)
# are configured but not built or verified — packaging/README.md.

# --- Every package ---
set(CPACK_PACKAGE_NAME portico)
set(CPACK_PACKAGE_VENDOR "The Portico developers")
set(CPACK_PACKAGE_CONTACT "The Portico developers <dev@portico.dev>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The long description, wrapped for `apt show` and `rpm -qi` (Debian Policy 5.6.13: lines under 80 columns).
set(CPACK_PACKAGE_DESCRIPTION [=[
Portico connects to remote Model Context Protocol (MCP) servers, lists and
calls their tools, resources and prompts, and signs you in when a server asks
for authorization: it discovers the authorization server, registers itself as
a client and shows the sign-in page in an embedded browser, with PKCE.

For every server it shows which access was requested, granted and challenged,
when it expires, which issuer and account it belongs to, and a timeline of
every sign-in step. Tokens and client secrets are kept only in the system
keychain (a Secret Service such as GNOME Keyring, KWallet or KeePassXC), never
in plain files.]=])
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Portico")
# The Start menu entry (NSIS, WiX): executable name without .exe; the label people see.
set(CPACK_PACKAGE_EXECUTABLES portico "Portico")
# Release builds carry no debug information into the packages (RelWithDebInfo would triple their size).
set(CPACK_STRIP_FILES ON)
# A portico_….deb.sha256 next to each package, for release pages and mirrors.
set(CPACK_PACKAGE_CHECKSUM SHA256)
# Values reach CPackConfig.cmake exactly as written here (the description holds quotes and semicolons).
set(CPACK_VERBATIM_VARIABLES ON)
if(WIN32)
  set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_BINARY_DIR}/packaging/LICENSE.txt") # WiX needs .txt or .rtf
else()
  set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
endif()

# `package_source`: the tree as committed, without build trees, the Node peers' node_modules or git.
set(CPACK_SOURCE_GENERATOR TXZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME "portico-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES [[/\.git/]] [[/build/]] [[/build-[^/]*/]] [[/node_modules/]] [[/\.cache/]]
  [[\.user$]] [[/\.vscode/]] [[/\.idea/]])

if(UNIX AND NOT APPLE)
  set(CPACK_GENERATOR DEB RPM)
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
  # Not relocatable: the desktop file, icons and metainfo only work where desktops look for them.
  set(CPACK_PACKAGE_RELOCATABLE OFF)

  # --- DEB ---
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # portico_<version>-<release>_<arch>.deb, Debian's own naming
  set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
  set(CPACK_DEBIAN_PACKAGE_SECTION net)
  set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
  # Library dependencies are computed, not guessed: dpkg-shlibdeps reads the ELF NEEDED entries of the
  # packaged binary and maps them to the packages (and minimum versions) that provide them on the
  # build system. CPack appends CPACK_DEBIAN_PACKAGE_DEPENDS to what it finds.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # (Debian's symbols file for libQt6WebEngineCore adds libqt6webenginecore6-bin, which holds
  # QtWebEngineProcess, the Chromium child process every page runs in; tests/packaging checks it does.)
  # What no ELF header names, because it is loaded at run time:
  # - libqt6svg6: Qt's SVG image-format and icon-engine plugins; the window icon is an SVG resource.
  # - libsecret-1-0: QtKeychain dlopens libsecret ("secret-1") and declares no dependency on it; without
  #   it every keychain call fails and Portico stores no sign-in.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, libsecret-1-0")
  # A Secret Service to talk to (any one; the desktop usually brings its own), and Qt's Wayland plugin
  # so Portico runs natively on Wayland desktops instead of through XWayland.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, qt6-wayland")
  # The control files are written 0644/0755 whatever the umask of the build machine (lintian checks it).
  set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
  # No maintainer scripts: dpkg triggers of hicolor-icon-theme, desktop-file-utils and man-db refresh the
  # icon cache, the desktop database and the man index when files land in their folders.

  # --- RPM ---
  set(CPACK_RPM_FILE_NAME RPM-DEFAULT) # portico-<version>-<release>.<arch>.rpm
  set(CPACK_RPM_PACKAGE_RELEASE 1)
  set(CPACK_RPM_PACKAGE_LICENSE MIT)
  set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
  set(CPACK_RPM_PACKAGE_VENDOR "${CPACK_PACKAGE_VENDOR}")
  set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
  # Requires on shared libraries are computed by rpmbuild's dependency generator (find-requires/elfdeps:
  # one "libX.so.N()(64bit)" per NEEDED entry), which RPM-based distributions resolve to their packages.
  set(CPACK_RPM_PACKAGE_AUTOREQ ON)
  set(CPACK_RPM_PACKAGE_AUTOPROV ON)
  # What no ELF header names (see DEB above). QtWebEngineProcess ships in the same RPM as the WebEngine
  # libraries on Fedora and openSUSE, so the computed requires already bring it. The SVG plugins are in
  # qt6-qtsvg (Fedora) with libQt6Svg, whose soname is the one name all RPM distributions provide.
  # libsecret is asked for by soname for the same reason.
  set(CPACK_RPM_PACKAGE_REQUIRES "libQt6Svg.so.6()(64bit), libsecret-1.so.0()(64bit)")
  # CPack has no variable for Recommends (weak dependencies, rpm >= 4.12); the spec preamble takes it
  # from here. A rich dependency names the Secret Service providers, any one of which will do.
  set(CPACK_RPM_SPEC_MORE_DEFINE
    "Recommends: (gnome-keyring or kf6-kwallet or kf5-kwallet or keepassxc)\nRecommends: qt6-qtwayland")
  # Folders other packages own (filesystem, hicolor-icon-theme, man-pages): the package must not claim
  # them, or rpm reports conflicts and removing Portico would try to take them away.
  set(shared_dirs
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)
  foreach(size IN LISTS PORTICO_ICON_SIZES)
    list(APPEND shared_dirs /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
  endforeach()
  set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION ${shared_dirs})
elseif(WIN32)
  set(CPACK_GENERATOR NSIS WIX)

  # --- NSIS ---
  set(CPACK_NSIS_PACKAGE_NAME "Portico")
  set(CPACK_NSIS_DISPLAY_NAME "Portico ${PROJECT_VERSION}")
  set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_NSIS_CONTACT "dev@portico.dev")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\portico.exe") # the icon Add/Remove Programs shows
  set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
  set(CPACK_NSIS_MUI_FINISHPAGE_RUN portico.exe)
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON) # an upgrade replaces the old version's files
  set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)

  # --- WiX (MSI) ---
  # The upgrade code identifies "Portico" across versions so a newer MSI replaces an older one.
  # Never change it.
  set(CPACK_WIX_UPGRADE_GUID "32E64A66-6DDD-4B82-B73A-743BC868E1C8")
  set(CPACK_WIX_PROGRAM_MENU_FOLDER "Portico")
  set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_WIX_PROPERTY_ARPCONTACT "dev@portico.dev")
elseif(APPLE)
  # --- DragNDrop (.dmg): Portico.app and a link to /Applications ---
  set(CPACK_GENERATOR DragNDrop)
  set(CPACK_DMG_VOLUME_NAME "Portico")
  set(CPACK_DMG_FORMAT UDZO)
  # MIT asks for no click-through agreement before the image opens.
  set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
endif()

include(CPack)
