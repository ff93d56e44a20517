#pragma once

#include "common/result.h"
#include "config/connectapp.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Edits of another host's JSON or JSONC configuration file as TEXT: one member of one object is inserted,
// replaced or removed, and every other byte (comments, indentation, key order, line endings, trailing commas)
// stays as the file had it. Re-serializing the parsed document would drop the comments VS Code's and Zed's
// files may hold (jsonc.h) and reorder every key (requirements FEATURE-12).
//
// The text is first checked with jsonc::parseObject (Tolerant), so the scanner here only ever walks text the
// JSONC reader accepted; anything it refuses is refused here too, with its message, and nothing is edited.
namespace portico::jsonc_edit {

// Larger files are refused. ~/.claude.json holds Claude Code's whole state, so the limit is above
// ConfigImport's.
inline constexpr qsizetype kMaxFileSize = 32 * 1024 * 1024;

// `text` with member `key` of the top-level object's `objectKey` object set to `entry`: the member's value is
// replaced where it is, or the member is added after the object's last member; the `objectKey` object is added
// to the top-level object when missing, and blank text becomes a new document. ConfigInvalid when the text
// does not parse or `objectKey` is not an object.
[[nodiscard]] Result<QByteArray> setMember(QByteArrayView text, const QString &objectKey, const QString &key,
                                           const connect_app::EntryMembers &entry);

// `text` without member `key` of the top-level object's `objectKey` object (unchanged when there is none).
[[nodiscard]] Result<QByteArray> removeMember(QByteArrayView text, const QString &objectKey, const QString &key);

} // namespace portico::jsonc_edit
