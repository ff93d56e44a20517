#include "mcp/catalogpaging.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QPointer>

namespace portico::catalog_paging {

namespace {

// The page after `cursor` (none: the first page), and the ones after it.
void listFrom(Request request, const QString &method, const QString &key, const QJsonValue &cursor, int pages,
              QObject *context, std::function<void(const QJsonArray &items)> onPage,
              std::function<void(Result<void>)> done)
{
    QJsonObject params;
    if (cursor.isString())
        params.insert(QStringLiteral("cursor"), cursor); // opaque; "" is a valid cursor (requirements FEATURE-3)
    QPointer<QObject> guard(context);
    const Request send = request;
    send(method, params,
         [request = std::move(request), method, key, cursor, pages, guard, onPage = std::move(onPage),
          done = std::move(done)](Result<QJsonObject> result) mutable {
             if (!guard)
                 return;
             if (!result.ok())
                 return done(result.error());
             onPage(result.value().value(key).toArray());
             const QJsonValue next = result.value().value(QStringLiteral("nextCursor"));
             if (!next.isString())
                 return done(Result<void>::success());
             if (pages + 1 >= kMaxPages || (cursor.isString() && next.toString() == cursor.toString())) {
                 return done(Error(ErrorCode::MalformedResponse,
                                   QCoreApplication::translate("McpSession", "The server's list never ends."),
                                   QStringLiteral("%1: stopped after %2 pages").arg(method).arg(pages + 1)));
             }
             listFrom(std::move(request), method, key, next, pages + 1, guard.data(), std::move(onPage),
                      std::move(done));
         });
}

} // namespace

void listAll(Request request, const QString &method, const QString &key, QObject *context,
             std::function<void(const QJsonArray &items)> onPage, std::function<void(Result<void>)> done)
{
    listFrom(std::move(request), method, key, QJsonValue::Undefined, 0, context, std::move(onPage), std::move(done));
}

} // namespace portico::catalog_paging
