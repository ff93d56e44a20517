#pragma once

#include "auth/authsession.h"

#include <QStringList>
#include <QTableWidget>

namespace portico {

// The Access panel's scope table: one row per scope named anywhere, with whether it was requested, granted,
// asked for by the server's last challenge (RFC 6750 §3) and listed as supported (RFC 9728). Rows where the
// grant differs from the request are highlighted (palette roles, bold) and described for screen readers.
class ScopeComparisonTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column {
        ScopeColumn,
        RequestedColumn,
        GrantedColumn,
        ChallengedColumn,
        SupportedColumn,
        ColumnCount,
    };

    explicit ScopeComparisonTable(QWidget *parent = nullptr);

    // Fills the table from `access`. Only when `compareWithGrant` (a token was obtained at some point) can
    // "granted" differ from "requested"; `colours` gives the highlight. Returns whether any row is highlighted.
    bool showScopes(const AuthSession::Access &access, bool compareWithGrant, const QPalette &colours);

    // E.g. "mcp:tools  requested ✓  granted ✓  challenged –  supported ✓"; empty when the scope is in no row.
    [[nodiscard]] QString rowText(const QString &scope) const;
    // rowText() of every row, top to bottom.
    [[nodiscard]] QStringList rowTexts() const;
    // Whether the scope's row is highlighted (granted differs from requested).
    [[nodiscard]] bool isHighlighted(const QString &scope) const;
};

} // namespace portico
