#include "access/scopecomparisontable.h"

#include "access/accessdisplay.h"

#include <QHeaderView>

namespace portico {

namespace {

QString mark(bool present)
{
    return present ? QStringLiteral("✓") : QString();
}

} // namespace

ScopeComparisonTable::ScopeComparisonTable(QWidget *parent)
    : QTableWidget(0, ColumnCount, parent)
{
    setAccessibleName(tr("Scopes"));
    setAccessibleDescription(
        tr("Each scope with whether it was requested, granted, asked for by the server, and listed as supported."));
    setHorizontalHeaderLabels({tr("Scope"), tr("Requested"), tr("Granted"), tr("Challenged"), tr("Supported")});
    horizontalHeaderItem(RequestedColumn)->setToolTip(tr("Portico asked for this scope when signing in."));
    horizontalHeaderItem(GrantedColumn)->setToolTip(tr("The authorization server granted this scope (RFC 6749 §5.1)."));
    horizontalHeaderItem(ChallengedColumn)
        ->setToolTip(tr("The server asked for this scope in its last challenge (RFC 6750 §3)."));
    horizontalHeaderItem(SupportedColumn)->setToolTip(tr("The server lists this scope as supported (RFC 9728)."));
    verticalHeader()->setVisible(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setTabKeyNavigation(false); // Tab leaves the table for the buttons
    horizontalHeader()->setSectionResizeMode(ScopeColumn, QHeaderView::Stretch);
    for (int column = RequestedColumn; column < ColumnCount; ++column)
        horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
}

bool ScopeComparisonTable::showScopes(const AuthSession::Access &access, bool compareWithGrant, const QPalette &colours)
{
    // Every scope named anywhere, in the order: requested, granted, challenged, supported (ScopeSet keeps
    // the servers' order, so the table reads the way they wrote it).
    QStringList scopes;
    const auto addAll = [&scopes](const QStringList &list) {
        for (const QString &scope : list) {
            if (!scopes.contains(scope))
                scopes.append(scope);
        }
    };
    addAll(access.requestedScopes.toList());
    addAll(access.grantedScopes.toList());
    addAll(access.challengedScopes.toList());
    const QStringList supported = access.supportedScopes.value_or(QStringList());
    addAll(supported);

    bool anyDiffers = false;
    setRowCount(int(scopes.size()));
    for (int row = 0; row < scopes.size(); ++row) {
        const QString &scope = scopes.at(row);
        const bool requested = access.requestedScopes.contains(scope);
        const bool granted = access.grantedScopes.contains(scope);
        const bool challenged = access.challengedScopes.contains(scope);
        const bool isSupported = supported.contains(scope);
        // Requirements UI-4: a grant that differs from the request is what a person must notice (the AS narrowed
        // or widened it, RFC 6749 §3.3 "the authorization server MAY fully or partially ignore the scope").
        const bool differs = compareWithGrant && requested != granted;
        anyDiffers = anyDiffers || differs;
        QString description;
        if (differs) {
            description = requested ? tr("Requested but not granted: the authorization server left this scope out.")
                                    : tr("Granted without being requested.");
        }
        const QList<std::pair<int, QString>> cells = {
            {ScopeColumn, access_display::cleanForDisplay(scope)},
            {RequestedColumn, mark(requested)},
            {GrantedColumn, mark(granted)},
            {ChallengedColumn, mark(challenged)},
            {SupportedColumn, mark(isSupported)},
        };
        for (const auto &[column, text] : cells) {
            auto *cell = new QTableWidgetItem(text);
            if (column != ScopeColumn)
                cell->setTextAlignment(Qt::AlignCenter);
            // Screen readers hear "yes"/"no" rather than a check mark or silence.
            const QString header = horizontalHeaderItem(column)->text();
            if (column != ScopeColumn) {
                cell->setData(Qt::AccessibleTextRole,
                              text.isEmpty() ? tr("%1: no").arg(header) : tr("%1: yes").arg(header));
            }
            if (differs) {
                // Palette roles only (ui-common: dark themes): highlight and its text, plus bold for
                // those who cannot tell the colours apart, plus the description for screen readers.
                QFont font = cell->font();
                font.setBold(true);
                cell->setFont(font);
                cell->setBackground(colours.brush(QPalette::Highlight));
                cell->setForeground(colours.brush(QPalette::HighlightedText));
                cell->setToolTip(description);
                cell->setData(Qt::AccessibleDescriptionRole, description);
            }
            cell->setData(Qt::UserRole, differs);
            setItem(row, column, cell);
        }
    }
    if (!access.supportedScopes) {
        horizontalHeaderItem(SupportedColumn)
            ->setToolTip(tr("The server did not list the scopes it supports (RFC 9728 scopes_supported)."));
    } else {
        horizontalHeaderItem(SupportedColumn)->setToolTip(tr("The server lists this scope as supported (RFC 9728)."));
    }
    return anyDiffers;
}

QString ScopeComparisonTable::rowText(const QString &scope) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row, ScopeColumn)->text() != scope)
            continue;
        const auto cell = [this, row](int column) {
            const QString text = item(row, column)->text();
            return text.isEmpty() ? QStringLiteral("–") : text;
        };
        return tr("%1  requested %2  granted %3  challenged %4  supported %5")
            .arg(scope, cell(RequestedColumn), cell(GrantedColumn), cell(ChallengedColumn), cell(SupportedColumn));
    }
    return {};
}

QStringList ScopeComparisonTable::rowTexts() const
{
    QStringList lines;
    for (int row = 0; row < rowCount(); ++row)
        lines.append(rowText(item(row, ScopeColumn)->text()));
    return lines;
}

bool ScopeComparisonTable::isHighlighted(const QString &scope) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row, ScopeColumn)->text() == scope)
            return item(row, ScopeColumn)->data(Qt::UserRole).toBool();
    }
    return false;
}

} // namespace portico
