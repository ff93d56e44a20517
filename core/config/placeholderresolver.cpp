#include "config/placeholderresolver.h"

#include <QRegularExpression>

#include <utility>

namespace portico {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\$\{([^}]*)\})"));
    return pattern;
}

} // namespace

PlaceholderResolver::PlaceholderResolver(QJsonObject env, QHash<QString, QString> inputDescriptions)
    : m_env(std::move(env))
    , m_inputDescriptions(std::move(inputDescriptions))
{}

PlaceholderResolver::Resolved PlaceholderResolver::resolve(const QString &value) const
{
    Resolved resolved;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholderPattern().globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        resolved.text += QStringView(value).sliced(last, match.capturedStart() - last);
        const QString inner = match.captured(1);
        const bool isVariable = !inner.contains(QLatin1Char(':')) || inner.startsWith(QLatin1StringView("env:"));
        const QString variable = inner.startsWith(QLatin1StringView("env:")) ? inner.mid(4) : inner;
        if (isVariable && m_env.value(variable).isString()) {
            resolved.text += m_env.value(variable).toString();
        } else {
            resolved.text += match.captured(0);
            resolved.unresolved.append(match.captured(0));
        }
        last = match.capturedEnd();
    }
    resolved.text += QStringView(value).sliced(last);
    return resolved;
}

QString PlaceholderResolver::describe(const QStringList &placeholders) const
{
    QStringList described;
    for (const QString &placeholder : placeholders) {
        static const QRegularExpression input(QStringLiteral(R"(^\$\{input:([^}]*)\}$)"));
        const QRegularExpressionMatch match = input.match(placeholder);
        const QString description = match.hasMatch() ? m_inputDescriptions.value(match.captured(1)) : QString();
        described.append(description.isEmpty() ? placeholder : tr("%1 (\u201c%2\u201d)").arg(placeholder, description));
    }
    return described.join(QStringLiteral(", "));
}

} // namespace portico
