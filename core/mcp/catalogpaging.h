#pragma once

#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>

class QObject;

// Catalogs (tools, resources, resource templates, prompts) come in pages: a list request answers with some
// items and, while there are more, an opaque `nextCursor` to ask for the next page with (MCP 2025-11-25
// server/utilities/pagination). This follows the cursor to the end, whatever the catalog.
namespace portico::catalog_paging {

// Sends one request (`method` with `params`); `done` runs once, later, with the `result` object or an Error.
using Request = std::function<void(const QString &method, const QJsonObject &params,
                                   std::function<void(Result<QJsonObject>)> done)>;

// Pagination guard: a server that never stops (or repeats a cursor) cannot keep Portico listing forever
// (requirements FEATURE-3, SEC-12).
inline constexpr int kMaxPages = 10'000;

// Lists every page of `method`: each page's array under `key` goes to `onPage`, in order; then `done` says
// whether the list is complete: the first failed request's error, or MalformedResponse when the list never
// ends (a repeated cursor, or more than kMaxPages). Nothing more runs once `context` is destroyed.
void listAll(Request request, const QString &method, const QString &key, QObject *context,
             std::function<void(const QJsonArray &items)> onPage, std::function<void(Result<void>)> done);

} // namespace portico::catalog_paging
