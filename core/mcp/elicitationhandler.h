#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>

class QObject;

namespace portico {

// A server asks the user for input (MCP client/elicitation). Form mode carries a flat JSON schema; URL mode
// a URL the user may open — only after explicit consent, in the system browser (requirements FEATURE-8, FEATURE-9).
struct ElicitationRequest
{
    QString serverName; // who asks: the UI names it (requirements FEATURE-8)
    QString mode;       // "form" (also when the server gave none) or "url"
    QString message;
    QJsonObject requestedSchema; // form mode
    QUrl url;                    // url mode
    QString elicitationId;       // url mode
    // URL mode: why Portico will not open `url` — the server's destination rule refuses it (requirements SEC-1,
    // DestinationCheckingElicitationHandler). Empty when the rule allows it; url_policy is the dialog's to apply.
    QString urlRefusal;
};

struct ElicitationReply
{
    enum class Action {
        Accept,
        Decline,
        Cancel,
    };
    Action action = Action::Cancel;
    QJsonObject content; // form mode, when accepted

    [[nodiscard]] QJsonObject toResult() const;
};

// Implemented by the UI (a dialog) and by the headless runner (schema defaults). Portico declares the
// elicitation capability only for the modes its handler supports (requirements TRANSPORT-17, FEATURE-8).
class ElicitationHandler
{
public:
    ElicitationHandler() = default;
    ElicitationHandler(const ElicitationHandler &) = delete;
    ElicitationHandler &operator=(const ElicitationHandler &) = delete;
    virtual ~ElicitationHandler();

    [[nodiscard]] virtual bool supportsUrlMode() const = 0;
    // `done` runs once, later, while `context` lives.
    virtual void elicit(const ElicitationRequest &request, QObject *context,
                        std::function<void(ElicitationReply)> done) = 0;
};

} // namespace portico
