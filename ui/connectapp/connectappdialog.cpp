#include "connectapp/connectappdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico {

ConnectAppDialog::ConnectAppDialog(BridgeServer server, QWidget *parent)
    : QDialog(parent)
    , m_server(std::move(server))
{
    setWindowTitle(tr("Use “%1” in other apps").arg(m_server.name));
    auto *intro = new QLabel(tr("The app starts “portico bridge”, which reaches the server with the sign-in stored "
                                "in Portico. Only the one entry below is added to the app's file; a backup is "
                                "written next to it first."),
                             this);
    intro->setWordWrap(true);

    m_appBox = new QComboBox(this);
    m_appBox->setObjectName(QStringLiteral("appBox"));
    for (const ConnectApp app : connect_app::all())
        m_appBox->addItem(connect_app::displayName(app), connect_app::id(app));
    m_fileLabel = new QLabel(this);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_replaceBox = new QCheckBox(tr("Replace an mcp-remote entry for the same URL"), this);
    m_replaceBox->setObjectName(QStringLiteral("replaceMcpRemote"));

    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::ActionRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_undoButton = buttons->addButton(tr("&Undo"), QDialogButtonBox::ActionRole);
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_undoButton->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("App:"), m_appBox);
    form->addRow(tr("File:"), m_fileLabel);
    form->addRow(QString(), m_replaceBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 480);

    connect(m_appBox, &QComboBox::currentIndexChanged, this, &ConnectAppDialog::updatePreview);
    connect(m_replaceBox, &QCheckBox::toggled, this, &ConnectAppDialog::updatePreview);
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectAppDialog::connectToApp);
    connect(m_undoButton, &QPushButton::clicked, this, &ConnectAppDialog::undo);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updatePreview();
}

ConnectApp ConnectAppDialog::selectedApp() const
{
    return connect_app::fromId(m_appBox->currentData().toString()).value_or(ConnectApp::ClaudeDesktop);
}

void ConnectAppDialog::updatePreview()
{
    const ConnectApp app = selectedApp();
    const QString path = connect_app::defaultFilePath(app);
    m_fileLabel->setText(QDir::toNativeSeparators(path));
    m_plan.reset();
    const Result<ConnectPlan> plan =
        ConnectPlan::connect(app, path, {m_server}, {connect_app::executablePath(), m_replaceBox->isChecked()});
    if (!plan) {
        m_preview->setPlainText(plan.error().message());
        m_status->setText(tr("Portico does not change a file it cannot read."));
        m_connectButton->setEnabled(false);
        return;
    }
    m_plan = plan.value();
    QStringList steps;
    for (const ConnectPlan::Step &step : m_plan->steps())
        steps.append(ConnectPlan::describe(step));
    m_preview->setPlainText(m_plan->changesFile()
                                ? steps.join(QLatin1Char('\n')) + QStringLiteral("\n\n") + m_plan->preview()
                                : steps.join(QLatin1Char('\n')));
    m_status->setText(m_plan->changesFile()
                          ? QString()
                          : tr("%1 already uses this server through Portico.").arg(connect_app::displayName(app)));
    m_connectButton->setEnabled(m_plan->changesFile());
}

void ConnectAppDialog::connectToApp()
{
    if (!m_plan)
        return;
    const Result<ConnectUndo> undo = m_plan->apply();
    if (!undo) {
        m_status->setText(undo.error().message());
        return;
    }
    m_undo = undo.value();
    const QString app = connect_app::displayName(m_plan->app());
    m_status->setText(m_undo->backupPath.isEmpty() ? tr("Done: restart %1 to use the server.").arg(app)
                                                   : tr("Done: restart %1 to use the server. Backup: %2")
                                                         .arg(app, QDir::toNativeSeparators(m_undo->backupPath)));
    m_undoButton->setEnabled(true);
    m_connectButton->setEnabled(false);
}

void ConnectAppDialog::undo()
{
    if (!m_undo)
        return;
    const Result<void> restored = m_undo->restore();
    if (!restored) {
        m_status->setText(restored.error().message());
        return;
    }
    m_undo.reset();
    m_undoButton->setEnabled(false);
    updatePreview();
    m_status->setText(tr("Undone: the file is as it was."));
}

} // namespace portico
