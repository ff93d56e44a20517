#pragma once

#include "mcp/elicitationhandler.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;

namespace portico {

// Editors generated from one property of a flat JSON schema: the restricted schema of form-mode
// elicitation (MCP client/elicitation §Requested Schema) and the common, flat part of tool input schemas.
// Shared by ElicitationDialog and ToolsPanel so both read and check values the same way.
// (Free functions, not a class: they would move to ui/forms/schemaform.{h,cpp} once that file exists.)
namespace schema_form {

enum class Kind {
    Text,        // string: QLineEdit
    Number,      // number: QLineEdit (empty = left out)
    Integer,     // integer: QLineEdit (empty = left out)
    Boolean,     // boolean: QCheckBox (tri-state "not set" when optional without a default)
    Choice,      // enum / oneOf / anyOf of const (+ legacy enumNames): QComboBox
    MultiChoice, // array of enum items (2025-11-25 multi-select): checkable QListWidget
    Json,        // anything else (object, array, no type): a JSON value typed by hand
};

struct Option
{
    QJsonValue value;
    QString title; // shown to the person; the value when the schema gives no title
};

[[nodiscard]] Kind kindOf(const QJsonObject &property);
// The offered values with their titles: `enum` (+ `enumNames`), or `oneOf` / `anyOf` entries with `const`.
[[nodiscard]] QList<Option> options(const QJsonObject &property);
// The order fields are shown in: the required ones first, in the order `required` lists them, then the rest
// by name (QJsonObject keeps no order of its own). Properties only, capped at `limit` (checklist B37, C13).
[[nodiscard]] QStringList fieldOrder(const QJsonObject &schema, qsizetype limit = 200);
// The property's title, or its name when it has none (server text: shown as plain text only, C11).
[[nodiscard]] QString label(const QString &name, const QJsonObject &property);

// A new editor for `property`, pre-filled with its default (SEP-1034) when it has one.
[[nodiscard]] QWidget *createEditor(const QString &name, const QJsonObject &property, bool required, QWidget *parent);
// The editor's value; nullopt when the field is empty (the property is left out). `parseError` gets a
// sentence when the text cannot be read as the property's type (then nullopt is returned too).
[[nodiscard]] std::optional<QJsonValue> value(const QWidget *editor, const QJsonObject &property, QString *parseError);
void setValue(QWidget *editor, const QJsonObject &property, const QJsonValue &value);
// Runs `changed` whenever the person edits the field.
void onChanged(QWidget *editor, QObject *context, const std::function<void()> &changed);
// The first problem with one field, empty when none: unreadable text, a missing required value, the checks
// of ElicitationSchema (type, length, bounds, enum) and the hints it leaves out (format, pattern,
// minItems / maxItems). Checklist B39: validate against the requested schema before sending.
[[nodiscard]] QString problem(const QString &name, const QWidget *editor, const QJsonObject &property, bool required);
// Whether a property looks like it asks for a secret: a password, token, key, PIN or card number
// (checklist C14: servers must not ask for secrets through form-mode elicitation; the host warns).
[[nodiscard]] bool looksSecret(const QString &name, const QJsonObject &property);

} // namespace schema_form

// The form a server asks a person to fill in (MCP elicitation, form mode), generated from its requested
// schema: string (format, minLength, maxLength, pattern), number and integer (minimum, maximum), boolean,
// single and multiple choice with titles; defaults pre-filled; every field checked as it is typed.
// The server's message is shown as the server's words, in plain text (checklist C11), under the name of
// the server that asks (B39). Accept stays disabled until the content is valid; Decline and Cancel are
// always offered (B39); Escape and closing the window cancel.
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

    [[nodiscard]] QStringList fieldNames() const { return m_order; }
    [[nodiscard]] QWidget *fieldEditor(const QString &name) const { return m_editors.value(name); }
    // Fields that look like they ask for a secret (C14); the dialog warns when this is not empty.
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
    QStringList m_order;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QLabel *> m_errorLabels;
    QStringList m_required;
    QStringList m_secretFields;
    QString m_problem;
    ElicitationReply m_reply; // Cancel until the person chooses
    QPushButton *m_acceptButton = nullptr;
    QPushButton *m_declineButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace portico
