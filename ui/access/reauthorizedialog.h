#pragma once

#include "auth/scopeset.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QCheckBox;

namespace portico {

// Asks which scopes to sign in again with (RFC 6749 §3.3; least privilege: the person may ask for fewer):
// one check box per offered scope, the previous request checked, so OK alone means "the same as before".
// OK ("Sign in") stays disabled while no box is checked.
class ReauthorizeDialog : public QDialog
{
    Q_OBJECT

public:
    ReauthorizeDialog(const QStringList &offered, const ScopeSet &previous, QWidget *parent = nullptr);

    // The checked scopes, in the order offered.
    [[nodiscard]] QStringList chosenScopes() const;

private:
    QList<QCheckBox *> m_boxes;
};

} // namespace portico
