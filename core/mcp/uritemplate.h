#pragma once

#include "common/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>
#include <variant>

namespace portico {

// A URI Template (RFC 6570), as MCP servers offer them for resources (MCP 2025-11-25 server/resources,
// "Resource Templates"): parsed once, then expanded with the variables' values.
//
// All of level 4 is supported: the eight operators of §2.2 (none, +, #, ., /, ;, ?, &), the prefix modifier
// {var:3} and the explode modifier {var*} (§2.4), and string, list and associative-array values (§2.3).
// Expansion follows the algorithm of Appendix A:
// - Values are percent-encoded as UTF-8 (§1.6). Only {+var} and {#var} let reserved characters such as "/"
//   and "?" through, as the RFC says; every other operator encodes them, so a value cannot add a path
//   segment or a query to the URI.
// - A variable missing from the values is undefined and left out of the expansion (§2.3); "" is defined
//   and empty. Whether a template may be expanded with a variable left undefined is the caller's choice.
// - The prefix counts Unicode code points, never splitting a character (§2.4.1).
//
// Where this class is more lenient or stricter than the RFC, on purpose:
// - Variable names may also contain "-" (servers use names such as "file-name"; §2.3 allows only ALPHA,
//   DIGIT, "_", "." and pct-encoded). Any other character in a name makes the template invalid.
// - A literal character the URI syntax does not allow (a space, "<", ...) is percent-encoded as §3.1 says
//   for non-ASCII literals, instead of making the template invalid.
// - The operators §2.2 reserves for future or local use (= , ! @ | $ ( )) make the template invalid, and so
//   does a prefix on a list or associative array (§2.4.1: "not applicable to variables that have composite
//   values").
class UriTemplate
{
public:
    // RFC 6570 §2.2.
    enum class Operator {
        Simple,            // {var}
        Reserved,          // {+var}
        Fragment,          // {#var}
        Label,             // {.var}
        PathSegment,       // {/var}
        PathParameter,     // {;var}
        Query,             // {?var}
        QueryContinuation, // {&var}
    };

    // One variable of an expression with its modifier (§2.3, §2.4).
    struct VariableSpec
    {
        QString name;
        int prefix = 0;       // {var:3}: at most that many characters of a string value; 0 for the whole value
        bool explode = false; // {var*}
    };

    struct Expression
    {
        Operator op = Operator::Simple;
        QList<VariableSpec> variables;
    };

    // An associative array: (name, value) pairs, expanded in this order (§2.3).
    using Pairs = QList<std::pair<QString, QString>>;
    // A variable's value: a string, a list of strings or an associative array (§2.3). An empty list or
    // array counts as undefined, as the RFC says.
    using Value = std::variant<QString, QStringList, Pairs>;
    // The values by variable name; a name that is not in the hash is undefined.
    using Values = QHash<QString, Value>;

    explicit UriTemplate(const QString &text);

    [[nodiscard]] bool isValid() const { return m_problem.isEmpty(); }
    // Why the template is invalid, as a sentence for a person; empty when it is valid.
    [[nodiscard]] const QString &problem() const { return m_problem; }
    [[nodiscard]] const QString &text() const { return m_text; }
    // The expressions in template order (none for an invalid template).
    [[nodiscard]] const QList<Expression> &expressions() const { return m_expressions; }
    // The variable names in order of first appearance.
    [[nodiscard]] QStringList variableNames() const;

    // The URI reference. Fails (ErrorCode::InvalidArgument) for an invalid template, and for a prefix
    // modifier applied to a list or associative array value.
    [[nodiscard]] Result<QString> expand(const Values &values) const;

private:
    // A piece of the template: literal text (already encoded) or an index into m_expressions.
    struct Piece
    {
        QString literal;
        qsizetype expression = -1;
    };

    void parse();
    bool parseExpression(QStringView body);
    void fail(const QString &problem);

    QString m_text;
    QString m_problem;
    QList<Piece> m_pieces;
    QList<Expression> m_expressions;
};

} // namespace portico
