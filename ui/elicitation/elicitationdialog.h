#pragma once

#include "mcp/elicitationhandler.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QPushButton;

namespace portico {

class SchemaFormWidget;

// The form a server asks a person to fill in (MCP elicitation, form mode), generated from its requested
// schema: string (format, minLength, maxLength, pattern), number and integer (minimum, maximum), boolean,
// single and multiple choice with titles; defaults pre-filled; every field checked as it is typed.
// The fields themselves are a SchemaFormWidget (ui/forms); this dialog frames them and answers the server.
// The server's message is shown as the server's words, in plain text (requirements SEC-10), under the name of
// the server that asks (requirements FEATURE-8). Accept stays disabled until the content is valid; Decline and Cancel
// are always offered (requirements FEATURE-8); Escape and closing the window cancel.
class ElicitationDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ElicitationDialog(const ElicitationRequest &request, QWidget *parent = nullptr);

    // How the dialog ended: accept (with the content typed), decline, or cancel (also while still open).
    // reply().toResult() is the ElicitResult object sent to the server.
    [[nodiscard]] ElicitationReply reply() const;
    // What the form holds now (fields left empty are left out).
    [[nodiscard]] QJsonObject content() const;
    [[nodiscard]] bool isContentValid() const { return m_problem.isEmpty(); }
    // The first problem with the form, empty when it can be sent.
    [[nodiscard]] QString validationMessage() const { return m_problem; }

    [[nodiscard]] QStringList fieldNames() const;
    [[nodiscard]] QWidget *fieldEditor(const QString &name) const;
    // Fields that look like they ask for a secret (requirements SEC-13); the dialog warns when this is not empty.
    [[nodiscard]] QStringList secretLookingFields() const { return m_secretFields; }

    [[nodiscard]] QPushButton *acceptButton() const { return m_acceptButton; }
    [[nodiscard]] QPushButton *declineButton() const { return m_declineButton; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancelButton; }

    // Ends with "accept" and the content; does nothing while the content is invalid.
    void accept() override;
    // Ends with "decline": the person says no to this request.
    void decline();
    // Ends with "cancel" (Cancel, Escape, closing the window): the person dismissed it without choosing.
    void reject() override;

    // QDialog::done() codes beyond Accepted / Rejected.
    static constexpr int Declined = 2;

private:
    void revalidate();

    QJsonObject m_schema;
    SchemaFormWidget *m_form = nullptr;
    QStringList m_secretFields;
    QString m_problem;
    ElicitationReply m_reply; // Cancel until the person chooses
    QPushButton *m_acceptButton = nullptr;
    QPushButton *m_declineButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace portico
