# Runs cmake/CheckIncludeRules.cmake on this folder's small tree, which breaks the layer rules three ways, and
# fails unless the check fails and names each of them (a check that cannot fail would prove nothing).
# Usage: cmake -DPROJECT_DIR=<project root> -P expect-refusal.cmake
cmake_minimum_required(VERSION 3.25)
get_filename_component(fixture "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
execute_process(
  COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${fixture} -P "${PROJECT_DIR}/cmake/CheckIncludeRules.cmake"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "the include-rule check accepted a tree that breaks the rules:\n${output}")
endif()
foreach(expected
    "core/mcp/protocolreachingup.h: mcp may not include auth"
    "core/auth/readsconfig.h: auth may not include config"
    "core/net/widgetincore.h: core includes <QWidget>")
  string(FIND "${output}" "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "the include-rule check did not report \"${expected}\":\n${output}")
  endif()
endforeach()
message(STATUS "the include-rule check refused all three violations")
