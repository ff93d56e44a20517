#pragma once

#include "mcp/elicitationhandler.h"

#include <QList>
#include <QPointer>
#include <QUrl>

#include <functional>

class QDialog;
class QWidget;

namespace portico {

// The desktop answer to a server's elicitation request (MCP client/elicitation).
// Form mode: an ElicitationDialog generated from the requested schema; it warns when a field looks like it
// asks for a secret (requirements SEC-13). URL mode: a consent dialog that shows the full URL and its host, and
// opens it in the system browser (QDesktopServices) only after the person says so (requirements FEATURE-9); a URL that
// breaks Portico's URL policy (https, or http to loopback only) or that the server's destination rule refuses
// (ElicitationRequest::urlRefusal, requirements SEC-1) is shown as refused, with the reason, and never opened.
// Dialogs are window-modal and never block: the answer arrives through `done` when the person chooses.
class DialogElicitationHandler final : public ElicitationHandler
{
public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    // `window` parents the dialogs (the main window); it may be null.
    explicit DialogElicitationHandler(QWidget *window = nullptr);
    // Dialogs still open are cancelled, so every pending `done` still runs once.
    ~DialogElicitationHandler() override;

    void setWindow(QWidget *window) { m_window = window; }
    // How a consented URL is opened; QDesktopServices::openUrl unless replaced (tests).
    void setUrlOpener(UrlOpener opener) { m_opener = std::move(opener); }

    [[nodiscard]] bool supportsUrlMode() const override { return true; }
    void elicit(const ElicitationRequest &request, QObject *context,
                std::function<void(ElicitationReply)> done) override;

    // The newest dialog still open (an ElicitationDialog in form mode), or null.
    [[nodiscard]] QDialog *activeDialog() const;

private:
    QDialog *createUrlDialog(const ElicitationRequest &request);

    QPointer<QWidget> m_window;
    UrlOpener m_opener;
    QList<QPointer<QDialog>> m_dialogs;
};

} // namespace portico
