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
