# Fails when clang-format would change any of Portico's C++ sources (run as a CTest test).
# Usage: cmake -DCLANG_FORMAT=<exe> -DSOURCE_DIR=<project root> -P CheckFormat.cmake
file(GLOB_RECURSE sources
  "${SOURCE_DIR}/app/*.cpp" "${SOURCE_DIR}/app/*.h"
  "${SOURCE_DIR}/core/*.cpp" "${SOURCE_DIR}/core/*.h"
  "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/ui/*.h"
  "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h"
  "${SOURCE_DIR}/bench/*.cpp" "${SOURCE_DIR}/bench/*.h")
list(FILTER sources EXCLUDE REGEX "/node_modules/")
list(LENGTH sources count)
execute_process(
  COMMAND "${CLANG_FORMAT}" --dry-run --Werror --style=file ${sources}
  RESULT_VARIABLE result
  ERROR_VARIABLE complaints)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format would reformat these files (run clang-format -i on them):\n${complaints}")
endif()
message(STATUS "clang-format: ${count} files clean")
