#include "net/networkfailure.h"

#include "common/redaction.h"

namespace portico::network_failure {

bool isHttpStatusError(QNetworkReply::NetworkError code)
{
    return (code >= QNetworkReply::ContentAccessDenied && code <= QNetworkReply::UnknownContentError)
           || code == QNetworkReply::ProtocolInvalidOperationError
           || (code >= QNetworkReply::InternalServerError && code <= QNetworkReply::UnknownServerError)
           || code == QNetworkReply::ProxyAuthenticationRequiredError;
}

Error describe(QNetworkReply::NetworkError code, const QString &qtMessage, const QStringList &sslErrors,
               const QString &host, const QString &hop)
{
    QString detail = hop + QStringLiteral(": ") + qtMessage;
    if (!sslErrors.isEmpty())
        detail += QStringLiteral(" (TLS: ") + sslErrors.join(QStringLiteral("; ")) + QLatin1Char(')');
    detail = redaction::redactText(detail);

    // Certificate problems fail closed (docs/architecture.md, "Security rules"): there is no "continue anyway".
    if (!sslErrors.isEmpty()) {
        return Error(ErrorCode::TlsFailure,
                     QStringLiteral("The TLS certificate of %1 is not trusted, so Portico did not connect.").arg(host),
                     detail);
    }
    switch (code) {
    case QNetworkReply::SslHandshakeFailedError:
        return Error(ErrorCode::TlsFailure,
                     QStringLiteral("A secure (TLS) connection to %1 could not be established.").arg(host), detail);
    case QNetworkReply::ConnectionRefusedError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("%1 refused the connection.").arg(host), detail);
    case QNetworkReply::RemoteHostClosedError:
        return Error(ErrorCode::NetworkFailure,
                     QStringLiteral("%1 closed the connection before the response was complete.").arg(host), detail);
    case QNetworkReply::HostNotFoundError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The host name %1 could not be found.").arg(host),
                     detail);
    case QNetworkReply::TimeoutError:
        return Error(ErrorCode::Timeout, QStringLiteral("The connection to %1 timed out.").arg(host), detail);
    case QNetworkReply::OperationCanceledError:
        return Error(ErrorCode::Cancelled, QStringLiteral("The request to %1 was cancelled.").arg(host), detail);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The network is not available."), detail);
    case QNetworkReply::ProxyConnectionRefusedError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The proxy refused the connection."), detail);
    case QNetworkReply::ProxyConnectionClosedError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The proxy closed the connection unexpectedly."),
                     detail);
    case QNetworkReply::ProxyNotFoundError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The proxy could not be found."), detail);
    case QNetworkReply::ProxyTimeoutError:
        return Error(ErrorCode::Timeout, QStringLiteral("The proxy did not answer in time."), detail);
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The proxy requires a user name and password."), detail);
    case QNetworkReply::UnknownProxyError:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The proxy failed to reach %1.").arg(host), detail);
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        // Not expected (redirects are manual), but never let Qt's own redirect handling pass silently.
        return Error(ErrorCode::RedirectRejected, QStringLiteral("A redirect from %1 was refused.").arg(host), detail);
    default:
        return Error(ErrorCode::NetworkFailure, QStringLiteral("The request to %1 failed.").arg(host), detail);
    }
}

QNetworkReply::NetworkError fromSocketError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return QNetworkReply::SslHandshakeFailedError;
    case QAbstractSocket::ProxyConnectionRefusedError:
        return QNetworkReply::ProxyConnectionRefusedError;
    case QAbstractSocket::ProxyConnectionClosedError:
        return QNetworkReply::ProxyConnectionClosedError;
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return QNetworkReply::ProxyTimeoutError;
    case QAbstractSocket::ProxyNotFoundError:
        return QNetworkReply::ProxyNotFoundError;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case QAbstractSocket::ProxyProtocolError:
        return QNetworkReply::UnknownProxyError;
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::TemporaryError:
        return QNetworkReply::TemporaryNetworkFailureError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

} // namespace portico::network_failure
