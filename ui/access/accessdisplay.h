#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace portico {

// How the Access panel's parts show values that come from servers (claims, scope names, issuer, client id):
// as plain, selectable text that cannot pretend to be something else.
namespace access_display {

// The text without control or format characters (no new lines, no bidirectional overrides), cut after
// 256 characters with "…".
[[nodiscard]] QString cleanForDisplay(const QString &text);

// A label for one such value: plain text, selectable, reachable with Tab, wrapped.
[[nodiscard]] QLabel *makeValueLabel(QWidget *parent, const QString &accessibleName);

} // namespace access_display

} // namespace portico
