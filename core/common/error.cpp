#include "common/error.h"

namespace portico {

Error::Error(ErrorCode code, QString message, QString detail)
    : m_code(code)
    , m_message(std::move(message))
    , m_detail(std::move(detail))
{}

ErrorArea Error::area() const
{
    switch (m_code) {
    case ErrorCode::UrlRejected:
    case ErrorCode::NetworkFailure:
    case ErrorCode::TlsFailure:
    case ErrorCode::Timeout:
    case ErrorCode::RedirectRejected:
    case ErrorCode::ResponseTooLarge:
    case ErrorCode::HttpStatus:
        return ErrorArea::Transport;
    case ErrorCode::MalformedResponse:
    case ErrorCode::RpcError:
    case ErrorCode::UnsupportedVersion:
    case ErrorCode::SessionExpired:
        return ErrorArea::Protocol;
    case ErrorCode::KeychainUnavailable:
    case ErrorCode::KeychainAccessDenied:
    case ErrorCode::KeychainFailed:
    case ErrorCode::SecretNotFound:
    case ErrorCode::InvalidArgument:
    case ErrorCode::ConfigInvalid:
    case ErrorCode::FileAccessFailed:
        return ErrorArea::Storage;
    case ErrorCode::Cancelled:
        return ErrorArea::Cancelled;
    case ErrorCode::DiscoveryFailed:
    case ErrorCode::MetadataInvalid:
    case ErrorCode::ResourceMismatch:
    case ErrorCode::MetadataIssuerMismatch:
    case ErrorCode::PkceUnsupported:
    case ErrorCode::RegistrationFailed:
    case ErrorCode::ClientIdRequired:
    case ErrorCode::AuthorizationDenied:
    case ErrorCode::CallbackRejected:
    case ErrorCode::InteractionRequired:
    case ErrorCode::TokenRequestFailed:
    case ErrorCode::TokenResponseInvalid:
    case ErrorCode::StepUpLimitReached:
    case ErrorCode::AccessRefusedRepeatedly:
    case ErrorCode::ClientAssertionFailed:
        return ErrorArea::Auth;
    }
    Q_UNREACHABLE();
    return ErrorArea::Protocol;
}

Error &Error::withHttpStatus(int status)
{
    m_httpStatus = status;
    return *this;
}

Error &Error::withRpcCode(int code)
{
    m_rpcCode = code;
    return *this;
}

Error &Error::withOAuthError(QString error)
{
    m_oauthError = std::move(error);
    return *this;
}

QString Error::toString() const
{
    if (m_detail.isEmpty())
        return m_message;
    return m_message + QStringLiteral(" (") + m_detail + QLatin1Char(')');
}

} // namespace portico
