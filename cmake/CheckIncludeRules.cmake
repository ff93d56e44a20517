# Fails when a source file includes across the layers against the table below (run as a CTest test).
# Usage: cmake -DSOURCE_DIR=<tree holding core/, ui/, app/> -P CheckIncludeRules.cmake
#
# The layers and why each edge exists are explained in docs/architecture.md, "Layers". In short:
#   common <- net <- {secrets, config, mcp} <- auth <- host <- {bridge, ui} <- app,   keychain <- app
# - mcp (the protocol) knows HTTP but neither sign-in nor the config format: the authorization engine plugs
#   in through the AuthorizationHandler interface that mcp defines and auth implements;
# - auth knows the protocol's seam and the SecretStore, never the config format (host turns a ServerConfig
#   into AuthSession options);
# - host composes one configured server (connection, authorization, secrets, registry);
# - bridge offers one remote server as a stdio MCP server (`portico bridge`), on host's connection;
# - keychain (QtKeychain) is its own target: only the executable picks the real keychain.
# A folder may always include its own headers.
cmake_minimum_required(VERSION 3.25)

set(allowed_common   common)
set(allowed_net      common net)
set(allowed_secrets  common secrets)
set(allowed_config   common net secrets config)
set(allowed_mcp      common net mcp)
set(allowed_auth     common net secrets mcp auth)
set(allowed_keychain common secrets keychain)
set(allowed_host     common net secrets config mcp auth host)
set(allowed_bridge   common net secrets config mcp auth host bridge)
set(allowed_ui       common net secrets config mcp auth host ui)
set(allowed_app      common net secrets config mcp auth host bridge keychain ui app)
set(core_layers common net secrets config mcp auth keychain host bridge)

# core never sees a widget or the embedded browser: everything must be drivable headless.
set(core_forbidden_system_headers
  "^(QtWidgets|QtWebEngine|QtWebEngineCore|QtWebEngineWidgets|QtGui)/"
  "^QWebEngine"
  "^(QWidget|QDialog|QApplication|QGuiApplication|QMainWindow|QMessageBox|QLabel|QPushButton|QLineEdit|QIcon|QPixmap|QImage)$")

file(GLOB_RECURSE sources
  "${SOURCE_DIR}/core/*.cpp" "${SOURCE_DIR}/core/*.h"
  "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/ui/*.h"
  "${SOURCE_DIR}/app/*.cpp" "${SOURCE_DIR}/app/*.h")

file(GLOB ui_folders LIST_DIRECTORIES true RELATIVE "${SOURCE_DIR}/ui" "${SOURCE_DIR}/ui/*")

set(violations "")
set(checked 0)
foreach(source IN LISTS sources)
  file(RELATIVE_PATH relative "${SOURCE_DIR}" "${source}")
  string(REPLACE "/" ";" parts "${relative}")
  list(GET parts 0 top)
  if(top STREQUAL "core")
    list(GET parts 1 layer)
  else()
    set(layer "${top}")
  endif()
  if(NOT DEFINED allowed_${layer})
    string(APPEND violations "  ${relative}: folder '${layer}' is not in the table of cmake/CheckIncludeRules.cmake\n")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*$" "\\1" included "${line}")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*<")
      if(layer IN_LIST core_layers)
        foreach(pattern IN LISTS core_forbidden_system_headers)
          if(included MATCHES "${pattern}")
            string(APPEND violations "  ${relative}: core includes <${included}> (widgets and the browser belong to ui)\n")
          endif()
        endforeach()
      endif()
      continue()
    endif()
    # Generated files next to the source (moc output, the app identity) belong to the including folder.
    if(included MATCHES "\\.moc$" OR included MATCHES "^moc_" OR included MATCHES "^ui_")
      continue()
    endif()
    string(REPLACE "/" ";" included_parts "${included}")
    list(LENGTH included_parts depth)
    list(GET included_parts 0 first)
    if(first IN_LIST core_layers)
      set(target "${first}")
    elseif(first IN_LIST ui_folders AND EXISTS "${SOURCE_DIR}/ui/${included}")
      set(target ui)
    elseif(depth EQUAL 1 AND layer STREQUAL "app")
      set(target app)
    else()
      string(APPEND violations "  ${relative}: \"${included}\" is not a header of any layer\n")
      continue()
    endif()
    if(NOT target IN_LIST allowed_${layer})
      string(APPEND violations "  ${relative}: ${layer} may not include ${target} (\"${included}\")\n")
    endif()
  endforeach()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "no sources found under ${SOURCE_DIR}")
endif()
if(violations)
  message(FATAL_ERROR "includes against the layer rules (docs/architecture.md, \"Layers\"):\n${violations}")
endif()
message(STATUS "include rules: ${checked} files follow the layer table")
