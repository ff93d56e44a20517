#include "elicitation/dialogelicitationhandler.h"

#include "elicitation/elicitationdialog.h"
#include "net/urlpolicy.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DialogElicitationHandler", text);
}

// done() codes of the URL consent dialog.
constexpr int kOpen = QDialog::Accepted;
constexpr int kDecline = 2;

} // namespace

DialogElicitationHandler::DialogElicitationHandler(QWidget *window)
    : m_window(window)
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{}

DialogElicitationHandler::~DialogElicitationHandler()
{
    // Each open dialog's finished() hands its callback a "cancel", so no server waits for ever.
    const QList<QPointer<QDialog>> dialogs = m_dialogs;
    for (const QPointer<QDialog> &dialog : dialogs) {
        if (dialog)
            dialog->reject();
    }
    for (const QPointer<QDialog> &dialog : dialogs)
        delete dialog.data();
}

QDialog *DialogElicitationHandler::activeDialog() const
{
    for (auto it = m_dialogs.crbegin(); it != m_dialogs.crend(); ++it) {
        if (*it && (*it)->isVisible())
            return it->data();
    }
    return nullptr;
}

void DialogElicitationHandler::elicit(const ElicitationRequest &request, QObject *context,
                                      std::function<void(ElicitationReply)> done)
{
    const bool urlMode = request.mode == QLatin1StringView("url");
    QDialog *dialog = urlMode ? createUrlDialog(request) : new ElicitationDialog(request, m_window);
    m_dialogs.removeAll(QPointer<QDialog>());
    m_dialogs.append(dialog);

    // The answer goes back only while the asker lives; a dead context just closes the dialog.
    const QPointer<QObject> guard(context);
    if (context)
        QObject::connect(context, &QObject::destroyed, dialog, &QDialog::deleteLater);
    QObject::connect(dialog, &QDialog::finished, dialog, [this, dialog, guard, done, urlMode, request](int code) {
        ElicitationReply reply;
        if (!urlMode) {
            reply = static_cast<ElicitationDialog *>(dialog)->reply();
        } else if (code == kOpen && request.urlRefusal.isEmpty()) {
            // Consent given (requirements FEATURE-9): the system browser opens the page; the host never sees what is
            // typed there.
            reply.action = m_opener(request.url) ? ElicitationReply::Action::Accept : ElicitationReply::Action::Cancel;
        } else if (code == kDecline) {
            reply.action = ElicitationReply::Action::Decline;
        }
        dialog->deleteLater();
        if (guard)
            done(reply);
    });
    dialog->open();
}

QDialog *DialogElicitationHandler::createUrlDialog(const ElicitationRequest &request)
{
    auto *dialog = new QDialog(m_window);
    const QString server = request.serverName.isEmpty() ? tr("A server") : request.serverName;
    dialog->setWindowTitle(tr("%1 asks you to open a web page").arg(server));
    dialog->setAccessibleName(dialog->windowTitle());
    auto *layout = new QVBoxLayout(dialog);

    auto *heading = new QLabel(tr("%1 asks you to open a web page in your browser.").arg(server), dialog);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);

    // The server's words, plain text and framed as such (requirements SEC-10).
    if (!request.message.isEmpty()) {
        layout->addWidget(new QLabel(tr("The server’s message:"), dialog));
        auto *frame = new QFrame(dialog);
        frame->setFrameShape(QFrame::StyledPanel);
        auto *frameLayout = new QVBoxLayout(frame);
        auto *message = new QLabel(request.message, frame);
        message->setObjectName(QStringLiteral("serverMessage"));
        message->setTextFormat(Qt::PlainText);
        message->setWordWrap(true);
        message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        frameLayout->addWidget(message);
        layout->addWidget(frame);
    }

    // Requirements FEATURE-9: the full URL and the host it leads to. The host in its encoded (punycode) form, so
    // look-alike characters cannot pass for another site.
    auto *form = new QFormLayout;
    auto *host = new QLineEdit(request.url.host(QUrl::FullyEncoded), dialog);
    host->setObjectName(QStringLiteral("urlHost"));
    host->setReadOnly(true);
    host->setFont(bold);
    host->setAccessibleName(tr("Site the page is on"));
    form->addRow(tr("&Site:"), host);
    auto *address = new QLineEdit(request.url.toString(QUrl::FullyEncoded), dialog);
    address->setObjectName(QStringLiteral("urlAddress"));
    address->setReadOnly(true);
    address->setCursorPosition(0);
    address->setAccessibleName(tr("Full address of the page"));
    form->addRow(tr("Full &address:"), address);
    layout->addLayout(form);

    // Requirements SEC-3, SEC-1: https (http only to this computer), and a destination the server's rule allows
    // (DestinationCheckingElicitationHandler set urlRefusal otherwise). A refused address is shown, never opened.
    QString refusal;
    if (const Result<void> allowed = url_policy::check(request.url); !allowed.ok())
        refusal = allowed.error().message();
    else
        refusal = request.urlRefusal;
    auto *note = new QLabel(dialog);
    note->setObjectName(QStringLiteral("urlNote"));
    note->setTextFormat(Qt::PlainText);
    note->setWordWrap(true);
    note->setText(refusal.isEmpty() ? tr("Portico opens the page in your system browser only if you choose Open. "
                                         "Whatever you enter there goes to that site, not through Portico.")
                                    : tr("Portico will not open this address: %1").arg(refusal));
    layout->addWidget(note);

    auto *buttons = new QDialogButtonBox(dialog);
    if (refusal.isEmpty()) {
        QPushButton *open = buttons->addButton(tr("&Open in browser"), QDialogButtonBox::AcceptRole);
        open->setObjectName(QStringLiteral("openButton"));
        open->setAutoDefault(false); // Enter never opens a server-chosen page, even with focus on Open
        open->setAccessibleName(tr("Open the page in the system browser"));
        QObject::connect(open, &QPushButton::clicked, dialog, [dialog]() { dialog->done(kOpen); });
    }
    QPushButton *decline = buttons->addButton(tr("&Decline"), QDialogButtonBox::DestructiveRole);
    decline->setObjectName(QStringLiteral("declineButton"));
    decline->setAccessibleName(tr("Decline the request"));
    QObject::connect(decline, &QPushButton::clicked, dialog, [dialog]() { dialog->done(kDecline); });
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel without answering"));
    QObject::connect(cancel, &QPushButton::clicked, dialog, &QDialog::reject);
    // Opening is never the default: Enter must not open a server-chosen page by accident.
    cancel->setDefault(true);
    cancel->setFocus();
    layout->addWidget(buttons);
    dialog->resize(560, dialog->sizeHint().height());
    return dialog;
}

} // namespace portico
