#include "forms/schemaformwidget.h"

#include "forms/schemaform.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>

namespace portico {

namespace {

QString escapedMnemonic(QString text)
{
    // Server text in a label with a buddy: a '&' would otherwise become a mnemonic.
    return text.replace(QLatin1Char('&'), QStringLiteral("&&"));
}

} // namespace

SchemaFormWidget::SchemaFormWidget(const QJsonObject &schema, QWidget *parent)
    : QWidget(parent)
    , m_properties(schema.value(QStringLiteral("properties")).toObject())
{
    for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray())
        m_required.append(name.toString());

    // The fields: required ones first, then the rest by name.
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const QString &name : schema_form::fieldOrder(schema)) {
        const QJsonObject property = m_properties.value(name).toObject();
        const bool required = m_required.contains(name);
        QWidget *editor = schema_form::createEditor(name, property, required, this);

        QWidget *fieldBox =
            schema_form::fieldBox(editor, property.value(QStringLiteral("description")).toString(), this);
        auto *error = new QLabel(fieldBox);
        error->setObjectName(name + QStringLiteral("Error"));
        error->setTextFormat(Qt::PlainText);
        error->setWordWrap(true);
        QFont errorFont = error->font();
        errorFont.setItalic(true);
        error->setFont(errorFont);
        error->setVisible(false);
        fieldBox->layout()->addWidget(error); // under the editor and its hint

        const QString fieldLabel = schema_form::label(name, property);
        auto *labelWidget = new QLabel(escapedMnemonic(required ? tr("%1 *").arg(fieldLabel) : fieldLabel), this);
        labelWidget->setBuddy(editor);
        labelWidget->setToolTip(required ? tr("Required") : QString());
        form->addRow(labelWidget, fieldBox);

        m_order.append(name);
        m_editors.insert(name, editor);
        m_errorLabels.insert(name, error);
        schema_form::onChanged(editor, this, [this]() { Q_EMIT edited(); });
    }
    if (!m_required.isEmpty()) {
        auto *legend = new QLabel(tr("* required"), this);
        legend->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(legend);
    }
}

QJsonObject SchemaFormWidget::content() const
{
    QJsonObject result;
    for (const QString &name : m_order) {
        const std::optional<QJsonValue> current =
            schema_form::value(m_editors.value(name), m_properties.value(name).toObject(), nullptr);
        if (current)
            result.insert(name, *current);
    }
    return result;
}

QString SchemaFormWidget::checkFields()
{
    QString firstProblem;
    for (const QString &name : m_order) {
        const QString fieldProblem = schema_form::problem(
            name, m_editors.value(name), m_properties.value(name).toObject(), m_required.contains(name));
        QLabel *error = m_errorLabels.value(name);
        error->setText(fieldProblem);
        error->setVisible(!fieldProblem.isEmpty());
        if (firstProblem.isEmpty())
            firstProblem = fieldProblem;
    }
    return firstProblem;
}

} // namespace portico
