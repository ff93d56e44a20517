# The packaging_metadata_consistent test: the hand-written packaging files agree with the project, so a
# version bump or a renamed id cannot leave one of them behind. The validators check each file's form;
# this checks what they cannot know: that the files name the same application and version.
# cmake -DSOURCE_DIR=<repo> -DVERSION=<project version> -DAPP_ID=<application id> -P CheckPackagingMetadata.cmake

foreach(variable SOURCE_DIR VERSION APP_ID)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "CheckPackagingMetadata.cmake needs -D${variable}=…")
  endif()
endforeach()

set(problems "")

# AppStream metainfo: its id is the application id, it launches the desktop file of that name, and its
# newest release (the first <release>, as AppStream lists them newest first) is this version.
set(metainfo_file "${SOURCE_DIR}/packaging/linux/${APP_ID}.metainfo.xml")
file(READ "${metainfo_file}" metainfo)
string(REGEX MATCH "<id>([^<]*)</id>" _ "${metainfo}")
if(NOT (CMAKE_MATCH_1 STREQUAL APP_ID))
  list(APPEND problems "metainfo <id> is '${CMAKE_MATCH_1}', not '${APP_ID}'")
endif()
string(REGEX MATCH "<launchable type=\"desktop-id\">([^<]*)</launchable>" _ "${metainfo}")
if(NOT (CMAKE_MATCH_1 STREQUAL "${APP_ID}.desktop"))
  list(APPEND problems "metainfo launches '${CMAKE_MATCH_1}', not '${APP_ID}.desktop'")
endif()
string(REGEX MATCH "<release version=\"([^\"]*)\" date=\"([0-9-]*)\"" _ "${metainfo}")
if(NOT (CMAKE_MATCH_1 STREQUAL VERSION))
  list(APPEND problems "metainfo's newest release is '${CMAKE_MATCH_1}', not the project's ${VERSION}")
endif()
if(NOT (metainfo MATCHES "<project_license>MIT</project_license>"))
  list(APPEND problems "metainfo has no <project_license>MIT</project_license>")
endif()

# Desktop file: the icon is the application id (installed as <id>.svg/.png), the command is portico.
file(STRINGS "${SOURCE_DIR}/packaging/linux/${APP_ID}.desktop" icon_line REGEX "^Icon=")
if(NOT (icon_line STREQUAL "Icon=${APP_ID}"))
  list(APPEND problems "desktop file says '${icon_line}', not 'Icon=${APP_ID}'")
endif()
file(STRINGS "${SOURCE_DIR}/packaging/linux/${APP_ID}.desktop" exec_line REGEX "^Exec=")
if(NOT (exec_line MATCHES "^Exec=portico( |$)"))
  list(APPEND problems "desktop file says '${exec_line}', not 'Exec=portico'")
endif()

# Manual page: its title line carries this version, and it documents the settings folder by the app id.
file(STRINGS "${SOURCE_DIR}/packaging/linux/portico.1" th_line REGEX "^\\.TH ")
if(NOT (th_line MATCHES "\"Portico ${VERSION}\""))
  list(APPEND problems "portico.1's '${th_line}' does not say \"Portico ${VERSION}\"")
endif()
file(READ "${SOURCE_DIR}/packaging/linux/portico.1" man_page)
string(FIND "${man_page}" "~/.config/${APP_ID}/" settings_at)
if(NOT (NOT settings_at EQUAL -1))
  list(APPEND problems "portico.1 does not name ~/.config/${APP_ID}/")
endif()

# macOS: the entitlements QtWebEngine needs under the hardened runtime, each set to true.
file(READ "${SOURCE_DIR}/packaging/macos/entitlements.plist" entitlements)
string(REGEX REPLACE "[ \t\r\n]+" "" entitlements "${entitlements}")
foreach(key com.apple.security.cs.allow-jit com.apple.security.cs.allow-unsigned-executable-memory
            com.apple.security.cs.disable-library-validation com.apple.security.network.client)
  string(FIND "${entitlements}" "<key>${key}</key><true/>" at)
  if(NOT (NOT at EQUAL -1))
    list(APPEND problems "entitlements.plist does not set ${key} to true")
  endif()
endforeach()

# License: the MIT text the packages install and the metainfo declares.
file(STRINGS "${SOURCE_DIR}/LICENSE" license_first_line LIMIT_COUNT 1)
if(NOT (license_first_line STREQUAL "MIT License"))
  list(APPEND problems "LICENSE does not start with 'MIT License'")
endif()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "Packaging metadata disagrees with the project:\n  ${text}")
endif()
message(STATUS "Packaging metadata names ${APP_ID} ${VERSION} everywhere")
