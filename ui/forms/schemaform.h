#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;
class QWidget;

namespace portico {

// Editors generated from one property of a flat JSON schema: the restricted schema of form-mode
// elicitation (MCP client/elicitation §Requested Schema) and the common, flat part of tool input schemas.
// Shared by SchemaFormWidget (the elicitation dialog's form) and ToolsPanel so both read and check values
// the same way. Free functions rather than a class: an editor is a plain Qt widget, and these only create,
// read, write and check one, with no state of their own.
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
// by name (QJsonObject keeps no order of its own). Properties only, capped at `limit` (requirements FEATURE-7, SEC-12).
[[nodiscard]] QStringList fieldOrder(const QJsonObject &schema, qsizetype limit = 200);
// The property's title, or its name when it has none (server text: shown as plain text only, requirements SEC-10).
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
// minItems / maxItems). Requirements FEATURE-8: validate against the requested schema before sending.
[[nodiscard]] QString problem(const QString &name, const QWidget *editor, const QJsonObject &property, bool required);
// Whether a property looks like it asks for a secret: a password, token, key, PIN or card number
// (requirements SEC-13: servers must not ask for secrets through form-mode elicitation; the host warns).
[[nodiscard]] bool looksSecret(const QString &name, const QJsonObject &property);

// The field part of a form row: `editor`, with the property's `description` under it as a hint in plain
// text (server text is never read as markup). The box's vertical layout takes further lines under them.
[[nodiscard]] QWidget *fieldBox(QWidget *editor, const QString &description, QWidget *parent);

} // namespace schema_form

} // namespace portico
