#include "signin/pastedaddressfield.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace portico {

PastedAddressField::PastedAddressField(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pastedAddressField"));
    m_expandButton = new QPushButton(tr("&Paste the address you were sent to…"), this);
    m_expandButton->setObjectName(QStringLiteral("pasteAddressButton"));
    m_expandButton->setFlat(true);
    m_expandButton->setAutoDefault(false);
    m_expandButton->setToolTip(tr("If you signed in on another computer or browser and it could not come back to "
                                  "Portico, paste the address that browser ended at."));

    m_form = new QWidget(this);
    m_edit = new QLineEdit(m_form);
    m_edit->setObjectName(QStringLiteral("pastedAddressEdit"));
    m_edit->setAccessibleName(tr("Address you were sent to after signing in"));
    m_edit->setPlaceholderText(tr("http://127.0.0.1:…/callback?…"));
    m_continueButton = new QPushButton(tr("C&ontinue"), m_form);
    m_continueButton->setObjectName(QStringLiteral("pastedAddressContinue"));
    m_continueButton->setAutoDefault(false);
    m_error = new QLabel(m_form);
    m_error->setObjectName(QStringLiteral("pastedAddressError"));
    m_error->setTextFormat(Qt::PlainText); // the handler's words may quote a pasted host (requirements SEC-10)
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_edit, 1);
    row->addWidget(m_continueButton);
    auto *formLayout = new QVBoxLayout(m_form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addLayout(row);
    formLayout->addWidget(m_error);
    m_form->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_expandButton, 0, Qt::AlignLeft);
    layout->addWidget(m_form);

    connect(m_expandButton, &QPushButton::clicked, this, &PastedAddressField::expand);
    connect(m_continueButton, &QPushButton::clicked, this, &PastedAddressField::submit);
    connect(m_edit, &QLineEdit::returnPressed, this, &PastedAddressField::submit);
}

PastedAddressField::~PastedAddressField() = default;

void PastedAddressField::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void PastedAddressField::expand()
{
    m_expandButton->hide();
    m_form->show();
    m_edit->setFocus();
}

QString PastedAddressField::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void PastedAddressField::submit()
{
    if (!m_handler)
        return;
    const Result<void> accepted = m_handler(m_edit->text());
    if (accepted.ok()) {
        m_error->hide();
        m_edit->setEnabled(false);
        m_continueButton->setEnabled(false);
        return;
    }
    m_error->setText(accepted.error().message());
    m_error->show();
    m_edit->setFocus();
}

} // namespace portico
