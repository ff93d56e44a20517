#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace portico {

// Splits the bytes an MCP client writes to a stdio server into JSON-RPC messages: one JSON object per line,
// lines end with \n (a \r before it is dropped), blank lines are skipped (MCP 2025-11-25 basic/transports,
// "stdio": messages are delimited by newlines and must not contain embedded newlines). A line that is not a
// JSON object, or longer than the limit, becomes a Problem for the caller to answer (JSON-RPC 2.0 §5.1: -32700
// parse error, -32600 invalid request) and changes nothing else; the reader goes on with the next line.
class JsonLineReader
{
public:
    // One line's outcome: a message, or why there is none.
    struct Line
    {
        QJsonObject message;  // valid when errorCode == 0
        int errorCode = 0;    // jsonrpc::ParseError or jsonrpc::InvalidRequest
        QString errorMessage; // for the error response
        QJsonValue id;        // the request's id when it could be read (else null, JSON-RPC 2.0 §5)
    };

    // Bounds what one line may hold (requirements SEC-12): a client that never sends a newline cannot make
    // the bridge grow without limit.
    static constexpr qsizetype kDefaultMaxLineBytes = 16 * 1024 * 1024;

    explicit JsonLineReader(qsizetype maxLineBytes = kDefaultMaxLineBytes);

    // Takes the next bytes and returns every line they completed, in order.
    [[nodiscard]] QList<Line> append(QByteArrayView bytes);

    // Parses one line without its newline (also for the fuzz target).
    [[nodiscard]] static Line parseLine(QByteArrayView line);

private:
    qsizetype m_maxLineBytes;
    QByteArray m_partial;      // the start of a line whose newline has not come yet
    bool m_discarding = false; // inside an over-long line: drop bytes up to its newline
};

} // namespace portico
