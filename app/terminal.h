#pragma once

#include <QString>

#include <cstdio>

// Lines for the terminal, in the locale's encoding. Nothing printed here may carry a secret: callers pass
// text that is already free of them (see core/common/redaction.h).
namespace portico::terminal {

// `text` and a newline (unless it already ends with one).
void printLine(FILE *stream, const QString &text);

} // namespace portico::terminal
