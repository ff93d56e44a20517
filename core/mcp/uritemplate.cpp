#include "mcp/uritemplate.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>

namespace portico {

namespace {

QString translate(const char *text)
{
    return QCoreApplication::translate("UriTemplate", text);
}

// RFC 3986 §2.3 unreserved and §2.2 reserved characters (RFC 6570 §1.5).
bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_' || c == '~';
}

bool isReserved(char c)
{
    return QByteArrayView(":/?#[]@!$&'()*+,;=").contains(c);
}

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'F') || (c >= u'a' && c <= u'f');
}

// RFC 6570 §3.2.1: percent-encodes the UTF-8 of `text` except unreserved characters; with `allowReserved`
// ({+var}, {#var} and literals, §3.1) reserved characters and existing pct-encoded triplets pass unchanged.
QString encode(QStringView text, bool allowReserved)
{
    const QByteArray utf8 = text.toUtf8();
    QString out;
    out.reserve(utf8.size());
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        const bool triplet =
            c == '%' && i + 2 < utf8.size() && isHex(QLatin1Char(utf8.at(i + 1))) && isHex(QLatin1Char(utf8.at(i + 2)));
        if (isUnreserved(c) || (allowReserved && (isReserved(c) || triplet)))
            out.append(QLatin1Char(c));
        else
            out.append(QStringLiteral("%%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0')).toUpper());
    }
    return out;
}

// RFC 6570 §2.3 varname, plus "-" (see the header).
bool isValidName(QStringView name)
{
    if (name.isEmpty() || name.front() == u'.' || name.back() == u'.')
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (c == u'%') {
            if (i + 2 >= name.size() || !isHex(name.at(i + 1)) || !isHex(name.at(i + 2)))
                return false;
            i += 2;
        } else if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'_' && c != u'.' && c != u'-') {
            return false;
        }
    }
    return true;
}

// The first `count` Unicode code points of `text` (§2.4.1: never half a surrogate pair).
QString prefixOf(const QString &text, int count)
{
    qsizetype end = 0;
    for (int taken = 0; end < text.size() && taken < count; ++taken)
        end += text.at(end).isHighSurrogate() && end + 1 < text.size() && text.at(end + 1).isLowSurrogate() ? 2 : 1;
    return text.left(end);
}

// The columns of the table in RFC 6570 Appendix A.
struct OperatorRules
{
    QLatin1StringView first;
    QLatin1StringView separator;
    bool named = false;
    QLatin1StringView ifEmpty;
    bool allowReserved = false;
};

OperatorRules rulesOf(UriTemplate::Operator op)
{
    using Op = UriTemplate::Operator;
    switch (op) {
    case Op::Simple:
        return {QLatin1StringView(""), QLatin1StringView(","), false, QLatin1StringView(""), false};
    case Op::Reserved:
        return {QLatin1StringView(""), QLatin1StringView(","), false, QLatin1StringView(""), true};
    case Op::Fragment:
        return {QLatin1StringView("#"), QLatin1StringView(","), false, QLatin1StringView(""), true};
    case Op::Label:
        return {QLatin1StringView("."), QLatin1StringView("."), false, QLatin1StringView(""), false};
    case Op::PathSegment:
        return {QLatin1StringView("/"), QLatin1StringView("/"), false, QLatin1StringView(""), false};
    case Op::PathParameter:
        return {QLatin1StringView(";"), QLatin1StringView(";"), true, QLatin1StringView(""), false};
    case Op::Query:
        return {QLatin1StringView("?"), QLatin1StringView("&"), true, QLatin1StringView("="), false};
    case Op::QueryContinuation:
        return {QLatin1StringView("&"), QLatin1StringView("&"), true, QLatin1StringView("="), false};
    }
    return {};
}

// One variable's expansion, without the expression's first character and separators around it (Appendix
// A). Nothing for an undefined variable; an Error for a prefix on a composite value.
std::optional<Result<QString>> expandVariable(const UriTemplate::VariableSpec &spec, const UriTemplate::Value &value,
                                              const OperatorRules &rules)
{
    const auto enc = [&rules](QStringView text) -> QString { return encode(text, rules.allowReserved); };
    // `name=value`, or the name and ifEmpty for an empty value, as named operators write a member.
    const auto named = [&rules, &enc](const QString &name, const QString &text) -> QString {
        if (text.isEmpty())
            return name + rules.ifEmpty;
        return name + QLatin1Char('=') + enc(text);
    };

    if (const auto *string = std::get_if<QString>(&value)) {
        const QString text = spec.prefix > 0 ? prefixOf(*string, spec.prefix) : *string;
        return Result<QString>(rules.named ? named(spec.name, text) : enc(text));
    }

    QStringList members; // the encoded list members, or names and values of the pairs
    const auto *list = std::get_if<QStringList>(&value);
    const auto *pairs = std::get_if<UriTemplate::Pairs>(&value);
    if ((list && list->isEmpty()) || (pairs && pairs->isEmpty()))
        return std::nullopt; // §2.3: an empty composite is undefined
    if (spec.prefix > 0) {
        return Result<QString>(
            Error(ErrorCode::InvalidArgument,
                  translate("The URI template puts a prefix on “%1”, which has a list of values.").arg(spec.name)));
    }
    if (spec.explode) {
        if (list) {
            for (const QString &member : *list)
                members.append(rules.named ? named(spec.name, member) : enc(member));
        } else {
            for (const auto &[key, text] : *pairs)
                members.append(rules.named ? named(enc(key), text) : QString(enc(key) + QLatin1Char('=') + enc(text)));
        }
        return Result<QString>(members.join(rules.separator));
    }
    if (list) {
        for (const QString &member : *list)
            members.append(enc(member));
    } else {
        for (const auto &[key, text] : *pairs)
            members << enc(key) << enc(text);
    }
    const QString joined = members.join(QLatin1Char(','));
    return Result<QString>(rules.named ? QString(spec.name + QLatin1Char('=') + joined) : joined);
}

} // namespace

UriTemplate::UriTemplate(const QString &text)
    : m_text(text)
{
    parse();
}

void UriTemplate::fail(const QString &problem)
{
    m_problem = problem;
    m_pieces.clear();
    m_expressions.clear();
}

void UriTemplate::parse()
{
    qsizetype pos = 0;
    while (pos < m_text.size()) {
        const qsizetype open = m_text.indexOf(QLatin1Char('{'), pos);
        const QStringView literal = QStringView(m_text).mid(pos, (open < 0 ? m_text.size() : open) - pos);
        if (literal.contains(QLatin1Char('}')))
            return fail(translate("The URI template is malformed: a “}” has no “{” before it."));
        if (!literal.isEmpty())
            m_pieces.append(Piece{encode(literal, true), -1}); // §3.1: literals keep reserved characters
        if (open < 0)
            break;
        const qsizetype close = m_text.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            return fail(translate("The URI template is malformed: a “{” is never closed."));
        const QStringView body = QStringView(m_text).mid(open + 1, close - open - 1);
        if (body.contains(QLatin1Char('{')))
            return fail(translate("The URI template is malformed: a “{” opens inside an expression."));
        if (!parseExpression(body))
            return;
        m_pieces.append(Piece{{}, m_expressions.size() - 1});
        pos = close + 1;
    }
}

bool UriTemplate::parseExpression(QStringView body)
{
    if (body.isEmpty()) {
        fail(translate("The URI template is malformed: it has an empty expression “{}”."));
        return false;
    }
    Expression expression;
    static constexpr std::pair<char16_t, Operator> kOperators[] = {
        {u'+', Operator::Reserved},         {u'#', Operator::Fragment},      {u'.', Operator::Label},
        {u'/', Operator::PathSegment},      {u';', Operator::PathParameter}, {u'?', Operator::Query},
        {u'&', Operator::QueryContinuation}};
    for (const auto &[character, op] : kOperators) {
        if (body.front() == character) {
            expression.op = op;
            body = body.mid(1);
            break;
        }
    }
    if (expression.op == Operator::Simple && QStringView(u"=,!@|$()").contains(body.front())) {
        fail(translate("The URI template uses the operator “%1”, which RFC 6570 reserves for later use.")
                 .arg(body.front()));
        return false;
    }
    for (QStringView part : body.split(QLatin1Char(','))) {
        VariableSpec spec;
        if (part.endsWith(QLatin1Char('*'))) {
            spec.explode = true;
            part.chop(1);
        }
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            // §2.4.1: max-length = %x31-39 0*3DIGIT, so 1 to 9999; a prefix and an explode do not combine.
            const QStringView digits = part.mid(colon + 1);
            const bool digitsOnly =
                std::all_of(digits.begin(), digits.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
            if (spec.explode || digits.isEmpty() || digits.size() > 4 || !digitsOnly || digits.front() == u'0') {
                fail(translate("The URI template is malformed: “%1” is not a valid prefix modifier.")
                         .arg(part.toString()));
                return false;
            }
            spec.prefix = digits.toInt();
            part = part.left(colon);
        }
        if (part.isEmpty()) {
            fail(translate("The URI template is malformed: a variable has no name."));
            return false;
        }
        if (!isValidName(part)) {
            fail(translate("The URI template is malformed: “%1” is not a valid variable name.").arg(part.toString()));
            return false;
        }
        spec.name = part.toString();
        expression.variables.append(spec);
    }
    m_expressions.append(expression);
    return true;
}

QStringList UriTemplate::variableNames() const
{
    QStringList names;
    for (const Expression &expression : m_expressions) {
        for (const VariableSpec &spec : expression.variables) {
            if (!names.contains(spec.name))
                names.append(spec.name);
        }
    }
    return names;
}

Result<QString> UriTemplate::expand(const Values &values) const
{
    if (!isValid())
        return Error(ErrorCode::InvalidArgument, m_problem);
    QString out;
    for (const Piece &piece : m_pieces) {
        if (piece.expression < 0) {
            out += piece.literal;
            continue;
        }
        const Expression &expression = m_expressions.at(piece.expression);
        const OperatorRules rules = rulesOf(expression.op);
        QStringList parts;
        for (const VariableSpec &spec : expression.variables) {
            const auto value = values.constFind(spec.name);
            if (value == values.constEnd())
                continue; // §2.3: undefined variables are left out
            std::optional<Result<QString>> part = expandVariable(spec, *value, rules);
            if (!part)
                continue;
            if (!part->ok())
                return part->error();
            parts.append(part->value());
        }
        if (!parts.isEmpty())
            out += QString(rules.first) + parts.join(rules.separator);
    }
    return out;
}

} // namespace portico
