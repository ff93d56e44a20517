#include "forms/schemaform.h"

#include "mcp/elicitationschema.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace portico {

namespace schema_form {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SchemaForm", text);
}

QString trn(const char *text, int n)
{
    return QCoreApplication::translate("SchemaForm", text, nullptr, n);
}

QString key(const char *text)
{
    return QString::fromLatin1(text);
}

// How a JSON value reads in a line edit: strings as they are, numbers shortest, the rest as compact JSON.
QString displayText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == std::floor(number) && std::abs(number) < 9.0e15)
            return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

bool hasDefault(const QJsonObject &property)
{
    return property.contains(key("default"));
}

// "apiKey" / "api_key" / "API-Key" -> "api Key" etc., so the word check below sees the words.
QString words(const QString &identifier)
{
    QString out;
    for (qsizetype i = 0; i < identifier.size(); ++i) {
        const QChar c = identifier.at(i);
        if (c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.')) {
            out.append(QLatin1Char(' '));
            continue;
        }
        if (i > 0 && c.isUpper() && identifier.at(i - 1).isLower())
            out.append(QLatin1Char(' '));
        out.append(c);
    }
    return out;
}

// Formats the requested schema may name (MCP client/elicitation: email, uri, date, date-time).
QString formatProblem(const QString &label, const QString &text, const QString &format)
{
    if (format == QLatin1StringView("email")) {
        static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
        if (!email.match(text).hasMatch())
            return tr("“%1” must be an email address.").arg(label);
    } else if (format == QLatin1StringView("uri")) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty())
            return tr("“%1” must be a full web address (with https:// or another scheme).").arg(label);
    } else if (format == QLatin1StringView("date")) {
        if (!QDate::fromString(text, Qt::ISODate).isValid())
            return tr("“%1” must be a date written as YYYY-MM-DD.").arg(label);
    } else if (format == QLatin1StringView("date-time")) {
        if (!QDateTime::fromString(text, Qt::ISODateWithMs).isValid())
            return tr("“%1” must be a date and time written as YYYY-MM-DDThh:mm:ssZ.").arg(label);
    }
    return {};
}

// What ElicitationSchema leaves out: format and pattern on strings, minItems / maxItems on lists.
QString extraProblem(const QString &label, const QJsonValue &value, const QJsonObject &property)
{
    if (value.isString()) {
        const QString text = value.toString();
        const QString format = formatProblem(label, text, property.value(key("format")).toString());
        if (!format.isEmpty())
            return format;
        const QString pattern = property.value(key("pattern")).toString();
        // A server's pattern is used only when it compiles and is of a sane size (requirements SEC-12 limits).
        if (!pattern.isEmpty() && pattern.size() <= 1024) {
            const QRegularExpression expression(pattern);
            if (expression.isValid() && !expression.match(text).hasMatch())
                return tr("“%1” is not in the expected form.").arg(label);
        }
    } else if (value.isArray()) {
        const qsizetype count = value.toArray().size();
        if (property.contains(key("minItems")) && count < property.value(key("minItems")).toInt())
            return trn("Choose at least %n item(s) for “%1”.", property.value(key("minItems")).toInt()).arg(label);
        if (property.contains(key("maxItems")) && count > property.value(key("maxItems")).toInt())
            return trn("Choose at most %n item(s) for “%1”.", property.value(key("maxItems")).toInt()).arg(label);
    }
    return {};
}

QString rangeHint(const QJsonObject &property)
{
    const bool hasMin = property.contains(key("minimum"));
    const bool hasMax = property.contains(key("maximum"));
    const QString min = displayText(property.value(key("minimum")));
    const QString max = displayText(property.value(key("maximum")));
    if (hasMin && hasMax)
        return tr("%1 to %2").arg(min, max);
    if (hasMin)
        return tr("at least %1").arg(min);
    if (hasMax)
        return tr("at most %1").arg(max);
    return {};
}

} // namespace

Kind kindOf(const QJsonObject &property)
{
    const QString type = property.value(key("type")).toString();
    if (type == QLatin1StringView("array")) {
        const QJsonObject items = property.value(key("items")).toObject();
        return options(items).isEmpty() ? Kind::Json : Kind::MultiChoice;
    }
    if (!options(property).isEmpty())
        return Kind::Choice;
    if (type == QLatin1StringView("string"))
        return Kind::Text;
    if (type == QLatin1StringView("number"))
        return Kind::Number;
    if (type == QLatin1StringView("integer"))
        return Kind::Integer;
    if (type == QLatin1StringView("boolean"))
        return Kind::Boolean;
    return Kind::Json;
}

QList<Option> options(const QJsonObject &property)
{
    QList<Option> result;
    if (property.contains(key("enum"))) {
        const QJsonArray values = property.value(key("enum")).toArray();
        const QJsonArray names = property.value(key("enumNames")).toArray(); // legacy titles (2025-06-18)
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QString title = i < names.size() ? names.at(i).toString() : QString();
            result.append({values.at(i), title.isEmpty() ? displayText(values.at(i)) : title});
        }
        return result;
    }
    for (const char *combinator : {"oneOf", "anyOf"}) {
        const QJsonArray entries = property.value(QLatin1StringView(combinator)).toArray();
        for (const QJsonValue &entry : entries) {
            const QJsonObject object = entry.toObject();
            if (!object.contains(key("const")))
                continue;
            const QString title = object.value(key("title")).toString();
            result.append(
                {object.value(key("const")), title.isEmpty() ? displayText(object.value(key("const"))) : title});
        }
    }
    return result;
}

QStringList fieldOrder(const QJsonObject &schema, qsizetype limit)
{
    const QJsonObject properties = schema.value(key("properties")).toObject();
    QStringList order;
    for (const QJsonValue &name : schema.value(key("required")).toArray()) {
        if (properties.contains(name.toString()) && !order.contains(name.toString()))
            order.append(name.toString());
    }
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        if (!order.contains(it.key()))
            order.append(it.key());
    }
    return order.mid(0, limit);
}

QString label(const QString &name, const QJsonObject &property)
{
    const QString title = property.value(key("title")).toString().trimmed();
    return title.isEmpty() ? name : title;
}

QWidget *createEditor(const QString &name, const QJsonObject &property, bool required, QWidget *parent)
{
    const QString fieldLabel = label(name, property);
    QWidget *editor = nullptr;
    switch (kindOf(property)) {
    case Kind::Text: {
        auto *line = new QLineEdit(parent);
        // A field that looks like a secret is at least not shown in clear while typed (requirements SEC-13).
        if (looksSecret(name, property))
            line->setEchoMode(QLineEdit::Password);
        const QString format = property.value(key("format")).toString();
        if (format == QLatin1StringView("email"))
            line->setPlaceholderText(tr("name@example.com"));
        else if (format == QLatin1StringView("uri"))
            line->setPlaceholderText(tr("https://…"));
        else if (format == QLatin1StringView("date"))
            line->setPlaceholderText(tr("YYYY-MM-DD"));
        else if (format == QLatin1StringView("date-time"))
            line->setPlaceholderText(tr("YYYY-MM-DDThh:mm:ssZ"));
        editor = line;
        break;
    }
    case Kind::Number:
    case Kind::Integer: {
        // A line edit rather than a spin box: an optional number can be left empty (left out), and the
        // inline check explains a value out of range instead of silently clamping it.
        auto *line = new QLineEdit(parent);
        const QString range = rangeHint(property);
        line->setPlaceholderText(kindOf(property) == Kind::Integer
                                     ? (range.isEmpty() ? tr("whole number") : tr("whole number, %1").arg(range))
                                     : (range.isEmpty() ? tr("number") : tr("number, %1").arg(range)));
        editor = line;
        break;
    }
    case Kind::Boolean: {
        auto *box = new QCheckBox(parent);
        // Optional without a default: a third state means "not set", so nothing is sent for it.
        box->setTristate(!required && !hasDefault(property));
        box->setCheckState(box->isTristate() ? Qt::PartiallyChecked : Qt::Unchecked);
        editor = box;
        break;
    }
    case Kind::Choice: {
        auto *combo = new QComboBox(parent);
        if (!(required && hasDefault(property)))
            combo->addItem(required ? tr("Choose…") : tr("(not set)"));
        for (const Option &option : options(property))
            combo->addItem(option.title, option.value.toVariant());
        editor = combo;
        break;
    }
    case Kind::MultiChoice: {
        auto *list = new QListWidget(parent);
        const QList<Option> offered = options(property.value(key("items")).toObject());
        for (const Option &option : offered) {
            auto *item = new QListWidgetItem(option.title, list);
            item->setData(Qt::UserRole, option.value.toVariant());
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            item->setCheckState(Qt::Unchecked);
        }
        list->setMaximumHeight(list->sizeHintForRow(0) * static_cast<int>(std::min<qsizetype>(offered.size(), 6))
                               + 2 * list->frameWidth() + 4);
        editor = list;
        break;
    }
    case Kind::Json: {
        auto *line = new QLineEdit(parent);
        line->setPlaceholderText(tr("JSON value"));
        editor = line;
        break;
    }
    }
    editor->setObjectName(name);
    editor->setAccessibleName(required ? tr("%1 (required)").arg(fieldLabel) : fieldLabel);
    const QString description = property.value(key("description")).toString();
    if (!description.isEmpty()) {
        editor->setAccessibleDescription(description);
        // Escaped inside a paragraph: Qt renders a tooltip that looks like HTML as rich text, and server text
        // must never be (requirements SEC-10).
        editor->setToolTip(QStringLiteral("<p>%1</p>").arg(description.toHtmlEscaped()));
    }
    if (hasDefault(property))
        setValue(editor, property, property.value(key("default")));
    return editor;
}

std::optional<QJsonValue> value(const QWidget *editor, const QJsonObject &property, QString *parseError)
{
    const QString fieldLabel = label(editor->objectName(), property);
    const Kind kind = kindOf(property);
    switch (kind) {
    case Kind::Text: {
        const QString text = qobject_cast<const QLineEdit *>(editor)->text();
        if (text.isEmpty())
            return std::nullopt;
        return QJsonValue(text);
    }
    case Kind::Number:
    case Kind::Integer: {
        const QString text = qobject_cast<const QLineEdit *>(editor)->text().trimmed();
        if (text.isEmpty())
            return std::nullopt;
        bool ok = false;
        double number = QLocale::c().toDouble(text, &ok);
        if (!ok)
            number = QLocale().toDouble(text, &ok); // the person's own decimal separator too
        if (!ok || !std::isfinite(number)) {
            if (parseError)
                *parseError = tr("“%1” must be a number.").arg(fieldLabel);
            return std::nullopt;
        }
        if (kind == Kind::Integer && number == std::floor(number)
            && std::abs(number) < static_cast<double>(std::numeric_limits<qint64>::max()))
            return QJsonValue(static_cast<qint64>(number));
        return QJsonValue(number);
    }
    case Kind::Boolean: {
        const Qt::CheckState state = qobject_cast<const QCheckBox *>(editor)->checkState();
        if (state == Qt::PartiallyChecked)
            return std::nullopt;
        return QJsonValue(state == Qt::Checked);
    }
    case Kind::Choice: {
        const QVariant data = qobject_cast<const QComboBox *>(editor)->currentData();
        if (!data.isValid())
            return std::nullopt;
        return QJsonValue::fromVariant(data);
    }
    case Kind::MultiChoice: {
        const auto *list = qobject_cast<const QListWidget *>(editor);
        QJsonArray chosen;
        for (int row = 0; row < list->count(); ++row) {
            if (list->item(row)->checkState() == Qt::Checked)
                chosen.append(QJsonValue::fromVariant(list->item(row)->data(Qt::UserRole)));
        }
        if (chosen.isEmpty())
            return std::nullopt;
        return QJsonValue(chosen);
    }
    case Kind::Json: {
        const QString text = qobject_cast<const QLineEdit *>(editor)->text().trimmed();
        if (text.isEmpty())
            return std::nullopt;
        // Wrapped in an array so a bare string, number or boolean parses too.
        QJsonParseError error;
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
        if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
            if (parseError)
                *parseError = tr("“%1” must be a JSON value.").arg(fieldLabel);
            return std::nullopt;
        }
        return document.array().at(0);
    }
    }
    return std::nullopt;
}

void setValue(QWidget *editor, const QJsonObject &property, const QJsonValue &newValue)
{
    switch (kindOf(property)) {
    case Kind::Text:
    case Kind::Number:
    case Kind::Integer:
        qobject_cast<QLineEdit *>(editor)->setText(displayText(newValue));
        break;
    case Kind::Json:
        qobject_cast<QLineEdit *>(editor)->setText(
            newValue.isString() ? QString::fromUtf8(QJsonDocument(QJsonArray{newValue}).toJson(QJsonDocument::Compact))
                                      .mid(1)
                                      .chopped(1)
                                : displayText(newValue));
        break;
    case Kind::Boolean: {
        auto *box = qobject_cast<QCheckBox *>(editor);
        if (newValue.isNull() || newValue.isUndefined())
            box->setCheckState(box->isTristate() ? Qt::PartiallyChecked : Qt::Unchecked);
        else
            box->setCheckState(newValue.toVariant().toBool() ? Qt::Checked : Qt::Unchecked);
        break;
    }
    case Kind::Choice: {
        auto *combo = qobject_cast<QComboBox *>(editor);
        int found = 0; // the "not set" entry, or the first offered value
        for (int index = 0; index < combo->count(); ++index) {
            const QVariant data = combo->itemData(index);
            if (data.isValid()
                && (QJsonValue::fromVariant(data) == newValue
                    || displayText(QJsonValue::fromVariant(data)) == displayText(newValue))) {
                found = index;
                break;
            }
        }
        combo->setCurrentIndex(found);
        break;
    }
    case Kind::MultiChoice: {
        auto *list = qobject_cast<QListWidget *>(editor);
        const QJsonArray chosen = newValue.toArray();
        for (int row = 0; row < list->count(); ++row) {
            const QJsonValue item = QJsonValue::fromVariant(list->item(row)->data(Qt::UserRole));
            list->item(row)->setCheckState(chosen.contains(item) ? Qt::Checked : Qt::Unchecked);
        }
        break;
    }
    }
}

void onChanged(QWidget *editor, QObject *context, const std::function<void()> &changed)
{
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        QObject::connect(line, &QLineEdit::textChanged, context, [changed]() { changed(); });
    else if (auto *box = qobject_cast<QCheckBox *>(editor))
        QObject::connect(box, &QCheckBox::stateChanged, context, [changed]() { changed(); });
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        QObject::connect(combo, &QComboBox::currentIndexChanged, context, [changed]() { changed(); });
    else if (auto *list = qobject_cast<QListWidget *>(editor))
        QObject::connect(list, &QListWidget::itemChanged, context, [changed]() { changed(); });
}

QString problem(const QString &name, const QWidget *editor, const QJsonObject &property, bool required)
{
    const QString fieldLabel = label(name, property);
    QString parseError;
    const std::optional<QJsonValue> current = value(editor, property, &parseError);
    if (!parseError.isEmpty())
        return parseError;
    if (!current)
        return required ? tr("“%1” is required.").arg(fieldLabel) : QString();
    if (kindOf(property) != Kind::Json) {
        // ElicitationSchema's own checks, on a one-property schema keyed by the label the person sees.
        const QJsonObject single{{key("type"), key("object")},
                                 {key("properties"), QJsonObject{{fieldLabel, property}}}};
        const Result<void> checked = elicitation_schema::validate(QJsonObject{{fieldLabel, *current}}, single);
        if (!checked.ok())
            return checked.error().message();
    }
    return extraProblem(fieldLabel, *current, property);
}

bool looksSecret(const QString &name, const QJsonObject &property)
{
    if (property.value(key("format")).toString() == QLatin1StringView("password")
        || property.value(key("writeOnly")).toBool())
        return true;
    // Names and titles only: descriptions often say "do not enter your PIN", which is no request for one.
    static const QRegularExpression secretWords(
        QStringLiteral(
            R"(\b(pass(word|phrase|code)?|pwd|secret|token|(api|access|private|secret|license)\s*key|key|pin|otp|)"
            R"(cvv|cvc|credit\s*card|card\s*number|iban|ssn|credentials?)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    return secretWords.match(words(name)).hasMatch()
           || secretWords.match(words(property.value(key("title")).toString())).hasMatch();
}

QWidget *fieldBox(QWidget *editor, const QString &description, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(editor);
    if (!description.isEmpty()) {
        auto *hint = new QLabel(description, box);
        hint->setTextFormat(Qt::PlainText);
        hint->setWordWrap(true);
        hint->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(hint);
    }
    return box;
}

} // namespace schema_form

} // namespace portico
