#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// What a server offers, as Portico keeps it: the fields the UI and the session use, plus the raw JSON
// object as the server sent it, so schemas and _meta reach the model untouched (requirements FEATURE-7: no $ref
// dereferencing, JSON Schema 2020-12 kept as is). Server text is untrusted (requirements SEC-10).
namespace portico {

struct Tool
{
    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject annotations; // hints only, never trusted (requirements FEATURE-1)
    QJsonObject raw;

    [[nodiscard]] static Tool fromJson(const QJsonObject &object);
};

struct Resource
{
    QString uri;
    QString name;
    QString title;
    QString description;
    QString mimeType;
    QJsonObject raw;

    [[nodiscard]] static Resource fromJson(const QJsonObject &object);
};

struct ResourceTemplate
{
    QString uriTemplate;
    QString name;
    QString title;
    QString description;
    QString mimeType;
    QJsonObject raw;

    [[nodiscard]] static ResourceTemplate fromJson(const QJsonObject &object);
};

struct PromptArgument
{
    QString name;
    QString description;
    bool required = false;
};

struct Prompt
{
    QString name;
    QString title;
    QString description;
    QList<PromptArgument> arguments;
    QJsonObject raw;

    [[nodiscard]] static Prompt fromJson(const QJsonObject &object);
};

} // namespace portico
