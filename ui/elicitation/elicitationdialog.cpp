#include "elicitation/elicitationdialog.h"

#include "forms/schemaform.h"
#include "forms/schemaformwidget.h"
#include "mcp/elicitationschema.h"

#include <QDialogButtonBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

ElicitationDialog::ElicitationDialog(const ElicitationRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_schema(request.requestedSchema)
{
    const QString server = request.serverName.isEmpty() ? tr("A server") : request.serverName;
    setWindowTitle(tr("%1 asks for information").arg(server));
    setAccessibleName(windowTitle());

    auto *layout = new QVBoxLayout(this);

    // Who asks (requirements FEATURE-8), in the host's words; the server's name is plain text.
    auto *heading = new QLabel(tr("%1 asks you for the information below.").arg(server), this);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);
    layout->addWidget(heading);

    // The server's message, framed and introduced as its words: untrusted, never rich text (requirements SEC-10).
    if (!request.message.isEmpty()) {
        auto *intro = new QLabel(tr("The server’s message:"), this);
        layout->addWidget(intro);
        auto *frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        auto *frameLayout = new QVBoxLayout(frame);
        auto *message = new QLabel(request.message, frame);
        message->setObjectName(QStringLiteral("serverMessage"));
        message->setTextFormat(Qt::PlainText);
        message->setWordWrap(true);
        message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        message->setAccessibleName(tr("Message from %1").arg(server));
        frameLayout->addWidget(message);
        layout->addWidget(frame);
    }

    const QJsonObject properties = m_schema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        if (schema_form::looksSecret(it.key(), it.value().toObject()))
            m_secretFields.append(schema_form::label(it.key(), it.value().toObject()));
    }

    // Requirements SEC-13: servers must not ask for secrets through a form; Portico warns and lets the person decide.
    if (!m_secretFields.isEmpty()) {
        auto *warning = new QFrame(this);
        warning->setObjectName(QStringLiteral("secretWarning"));
        warning->setFrameShape(QFrame::StyledPanel);
        warning->setBackgroundRole(QPalette::AlternateBase);
        warning->setAutoFillBackground(true);
        auto *warningLayout = new QHBoxLayout(warning);
        auto *icon = new QLabel(warning);
        const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
        icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
        warningLayout->addWidget(icon, 0, Qt::AlignTop);
        auto *text = new QLabel(
            tr("This form seems to ask for a password, token or key (%1). Servers must not ask for secrets this "
               "way. Do not enter one unless you trust this server and know why it needs it.")
                .arg(m_secretFields.join(QStringLiteral(", "))),
            warning);
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        warningLayout->addWidget(text, 1);
        warning->setAccessibleName(text->text());
        layout->addWidget(warning);
    }

    m_form = new SchemaFormWidget(m_schema, this);
    connect(m_form, &SchemaFormWidget::edited, this, &ElicitationDialog::revalidate);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    layout->addWidget(scroll, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_acceptButton = buttons->addButton(tr("&Accept"), QDialogButtonBox::AcceptRole);
    m_acceptButton->setAccessibleName(tr("Accept and send the answers to %1").arg(server));
    m_declineButton = buttons->addButton(tr("&Decline"), QDialogButtonBox::DestructiveRole);
    m_declineButton->setAccessibleName(tr("Decline the request"));
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setAccessibleName(tr("Cancel without answering"));
    m_acceptButton->setDefault(true);
    connect(m_acceptButton, &QPushButton::clicked, this, &ElicitationDialog::accept);
    connect(m_declineButton, &QPushButton::clicked, this, &ElicitationDialog::decline);
    connect(m_cancelButton, &QPushButton::clicked, this, &ElicitationDialog::reject);
    layout->addWidget(buttons);

    if (const QStringList names = m_form->fieldNames(); !names.isEmpty())
        m_form->fieldEditor(names.constFirst())->setFocus();
    revalidate();
    resize(520, std::min(720, sizeHint().height() + 40));
}

QStringList ElicitationDialog::fieldNames() const
{
    return m_form->fieldNames();
}

QWidget *ElicitationDialog::fieldEditor(const QString &name) const
{
    return m_form->fieldEditor(name);
}

QJsonObject ElicitationDialog::content() const
{
    return m_form->content();
}

ElicitationReply ElicitationDialog::reply() const
{
    return m_reply;
}

void ElicitationDialog::revalidate()
{
    m_problem = m_form->checkFields();
    // The whole object, as the session will check it before sending (requirements FEATURE-8).
    if (m_problem.isEmpty()) {
        const Result<void> whole = elicitation_schema::validate(content(), m_schema);
        if (!whole.ok())
            m_problem = whole.error().message();
    }
    m_acceptButton->setEnabled(m_problem.isEmpty());
    // Escaped in a paragraph: the problem quotes server-chosen titles, never to be read as rich text
    // (requirements SEC-10).
    m_acceptButton->setToolTip(m_problem.isEmpty() ? QString()
                                                   : QStringLiteral("<p>%1</p>").arg(m_problem.toHtmlEscaped()));
}

void ElicitationDialog::accept()
{
    revalidate();
    if (!m_problem.isEmpty())
        return;
    m_reply = ElicitationReply{ElicitationReply::Action::Accept, content()};
    QDialog::accept();
}

void ElicitationDialog::decline()
{
    m_reply = ElicitationReply{ElicitationReply::Action::Decline, {}};
    done(Declined);
}

void ElicitationDialog::reject()
{
    m_reply = ElicitationReply{ElicitationReply::Action::Cancel, {}};
    QDialog::reject();
}

} // namespace portico
