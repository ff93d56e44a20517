# portico_settings: the one INTERFACE target every Portico target links. It carries the language level,
# the warnings and the strict Qt defines, so no target can quietly build with looser rules.
add_library(portico_settings INTERFACE)

target_compile_features(portico_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_options(portico_settings INTERFACE
  -Wall -Wextra -Wpedantic
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${PORTICO_WARNINGS_AS_ERRORS}>:-Werror>)

target_compile_definitions(portico_settings INTERFACE
  QT_NO_CAST_FROM_ASCII          # every user-visible string is spelled out as QStringLiteral/tr
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING     # URLs are parsed on purpose (QUrl(..., StrictMode)), never implicitly
  QT_NO_CONTEXTLESS_CONNECT      # a connection always names the object whose lifetime bounds it
  QT_NO_KEYWORDS                 # Q_SIGNALS/Q_SLOTS/Q_EMIT: no clash with std and other libraries
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_DISABLE_DEPRECATED_BEFORE=0x060400)

# Hardening of what Portico ships (it parses input from servers it does not control): a stack protector on
# functions with arrays, glibc's checked string and memory functions, position-independent executables (ASLR)
# and a read-only GOT. Only for optimized builds: _FORTIFY_SOURCE needs optimization, and Debug builds are for
# debuggers. PORTICO_HARDENING=OFF turns it off (sanitizer builds bring their own instrumentation).
# PIE: Qt (built with reduce-relocations) already compiles everything with -fPIC and refuses -fPIE, so the
# executables are linked with -pie explicitly rather than through CMAKE_POSITION_INDEPENDENT_CODE.
if(PORTICO_HARDENING)
  set(optimized "$<NOT:$<CONFIG:Debug>>")
  target_compile_options(portico_settings INTERFACE
    $<${optimized}:-fstack-protector-strong>
    $<${optimized}:-U_FORTIFY_SOURCE>
    $<${optimized}:-D_FORTIFY_SOURCE=2>)
  target_link_options(portico_settings INTERFACE
    $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-pie>
    $<${optimized}:LINKER:-z,relro,-z,now>)
endif()

# Sanitizers (the "sanitize" preset, clang): AddressSanitizer and UndefinedBehaviorSanitizer on every Portico
# target, and an undefined behaviour stops the program (no recovery) so a test fails on it. vptr checks are off:
# Qt's libraries are not instrumented, and the check then reports their objects falsely.
if(PORTICO_SANITIZE)
  target_compile_options(portico_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(portico_settings INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
endif()
if(PORTICO_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PORTICO_FUZZ needs clang (libFuzzer): configure with the sanitize preset")
endif()
