#pragma once

#include "common/result.h"
#include "config/serverconfig.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace portico {

// The servers a person has configured, kept in one JSON file:
// $XDG_CONFIG_HOME/dev.portico.Portico/servers.json (QStandardPaths::GenericConfigLocation + the app id).
//
// Every change is all-or-nothing: the new list is validated, written to a temporary file and renamed over
// the old one (QSaveFile), and only then does the in-memory list change and a signal fire. A failed write
// leaves memory and disk as they were. A file that cannot be read (corrupt JSON, a newer schema) is left
// untouched, reported by load(), and the registry then refuses every change until it is fixed, so a bad
// file is never silently replaced by an empty list. Secrets are never in this file (ServerConfig).
class ServerRegistry : public QObject
{
    Q_OBJECT

public:
    // The product's file.
    explicit ServerRegistry(QObject *parent = nullptr);
    // Another file: tests, and a future `--config` option.
    explicit ServerRegistry(QString filePath, QObject *parent = nullptr);

    [[nodiscard]] static QString defaultFilePath();
    [[nodiscard]] const QString &filePath() const { return m_filePath; }

    // Reads the file. A missing file is an empty list. On error (ConfigInvalid: corrupt or from a newer
    // Portico; FileAccessFailed: unreadable) the list stays empty and the registry read-only.
    Result<void> load();
    // Whether changes can be written: false after a failed load().
    [[nodiscard]] bool isWritable() const { return !m_loadError.has_value(); }

    [[nodiscard]] const QList<ServerConfig> &servers() const { return m_servers; }
    [[nodiscard]] std::optional<ServerConfig> find(const QString &id) const;
    // The first server whose URL is the same once normalized (ServerConfig::normalizedUrl).
    [[nodiscard]] std::optional<ServerConfig> findByUrl(const QUrl &url) const;

    Result<void> add(const ServerConfig &config);
    // Adds several at once with one write: all of them, or none (an import uses this).
    Result<void> addAll(const QList<ServerConfig> &configs);
    Result<void> update(const ServerConfig &config);
    Result<void> remove(const QString &id);

Q_SIGNALS:
    void serverAdded(const QString &id);
    void serverUpdated(const QString &id);
    void serverRemoved(const QString &id);
    // The whole list was replaced (load()).
    void serversReset();

private:
    // Validates `servers`, writes them, and on success makes them the current list.
    Result<void> commit(const QList<ServerConfig> &servers);
    [[nodiscard]] qsizetype indexOf(const QString &id) const;

    QString m_filePath;
    QList<ServerConfig> m_servers;
    std::optional<Error> m_loadError;
};

} // namespace portico
