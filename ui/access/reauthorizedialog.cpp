#include "access/reauthorizedialog.h"

#include "access/accessdisplay.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

ReauthorizeDialog::ReauthorizeDialog(const QStringList &offered, const ScopeSet &previous, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Re-authorize"));
    setAccessibleName(tr("Re-authorize"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Choose the scopes to ask for. The sign-in page opens next; the authorization "
                                "server may grant fewer."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const QString &scope : offered) {
        const QString shown = access_display::cleanForDisplay(scope);
        auto *box = new QCheckBox(shown, this);
        box->setAccessibleName(tr("Scope %1").arg(shown));
        box->setChecked(previous.contains(scope));
        box->setProperty("scope", scope);
        layout->addWidget(box);
        m_boxes.append(box);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Sign in"));
    ok->setAccessibleName(tr("Sign in with the chosen scopes"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Asking for no scope at all would mean "the AS default" (requirements AUTH-28 step 3), not "the same as before":
    // at least one box must be checked.
    const auto updateOk = [this, ok]() {
        ok->setEnabled(std::any_of(m_boxes.cbegin(), m_boxes.cend(), [](QCheckBox *b) { return b->isChecked(); }));
    };
    for (QCheckBox *box : std::as_const(m_boxes))
        connect(box, &QCheckBox::toggled, this, updateOk);
    updateOk();
}

QStringList ReauthorizeDialog::chosenScopes() const
{
    QStringList chosen;
    for (QCheckBox *box : m_boxes) {
        if (box->isChecked())
            chosen.append(box->property("scope").toString());
    }
    return chosen;
}

} // namespace portico
