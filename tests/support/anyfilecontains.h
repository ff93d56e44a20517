#pragma once

// Whether any file below a folder holds some bytes: how a test proves that a secret never reached a file (a
// plaintext fallback would leave one; docs/architecture.md, "Security rules").

#include <QByteArray>
#include <QDirIterator>
#include <QFile>
#include <QString>

namespace portico::testing {

inline bool anyFileContains(const QString &root, const QByteArray &needle)
{
    QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace portico::testing
