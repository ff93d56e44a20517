#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace portico {

// The form generated from a flat object schema (MCP client/elicitation §Requested Schema): one row per
// property in schema_form::fieldOrder, each with its label ("*" when required), the editor
// schema_form::createEditor made for it, the property's description as a hint, and a line under the field
// for its problem. It only builds, reads and checks the fields; what the form is for (asking, sending,
// checking the whole object) belongs to whoever shows it.
class SchemaFormWidget : public QWidget
{
    Q_OBJECT

public:
    explicit SchemaFormWidget(const QJsonObject &schema, QWidget *parent = nullptr);

    // The property names, in the order the fields are shown.
    [[nodiscard]] QStringList fieldNames() const { return m_order; }
    [[nodiscard]] QWidget *fieldEditor(const QString &name) const { return m_editors.value(name); }
    // What the form holds now (fields left empty are left out).
    [[nodiscard]] QJsonObject content() const;
    // Checks every field (schema_form::problem), shows each field's problem under it and returns the first,
    // empty when every field is fine.
    QString checkFields();

Q_SIGNALS:
    // The person changed a field.
    void edited();

private:
    QJsonObject m_properties;
    QStringList m_required;
    QStringList m_order;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QLabel *> m_errorLabels;
};

} // namespace portico
