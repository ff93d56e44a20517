#pragma once

#include <QString>

namespace portico {

// What went wrong, grouped by the layer that noticed it (docs/architecture.md, "Async and errors"). The UI shows
// message(); the Activity view shows detail(). Neither may ever contain a secret: callers pass redacted text.
enum class ErrorArea {
    Transport,
    Protocol,
    Auth,
    Storage,
    Cancelled,
};

enum class ErrorCode {
    // Transport: the exchange itself failed (core/net)
    UrlRejected,      // the URL breaks the policy: not https (http is for loopback only), userinfo, invalid
    NetworkFailure,   // connection refused, reset, DNS failure, proxy failure
    TlsFailure,       // certificate or handshake error; always fails closed
    Timeout,          // connect, idle or total timeout
    RedirectRejected, // a redirect hop broke the URL policy or went too far
    ResponseTooLarge, // the body exceeded the size limit (requirements SEC-12)
    HttpStatus,       // the server answered with a status the caller did not accept (httpStatus() says which)
    // Protocol: the server answered, but not as the protocol says (core/mcp)
    MalformedResponse,  // bad JSON, wrong content type, oversize SSE event, missing fields
    RpcError,           // a JSON-RPC error object (detail carries code and message)
    UnsupportedVersion, // no protocol version both sides speak
    SessionExpired,     // the server forgot the session (404 with Mcp-Session-Id)
    // Storage
    KeychainUnavailable,  // no Secret Service / keychain reachable: nothing was stored, nothing falls back
    KeychainAccessDenied, // the keychain exists but refused (locked collection, user said no)
    KeychainFailed,       // any other keychain failure
    SecretNotFound,       // a read of a key that holds no secret
    InvalidArgument,      // the caller passed something unusable (empty key, ...): nothing was attempted
    ConfigInvalid,        // a configuration (servers.json, an imported file) is malformed or breaks a rule
    FileAccessFailed,     // a configuration file could not be read or written (permissions, disk full, ...)
    // Cancelled
    Cancelled,
    // Auth: discovery and metadata (core/auth; requirements AUTH-1–AUTH-13)
    DiscoveryFailed, // no usable metadata URL could be built (bad server URL, issuer or resource_metadata)
    // A PRM or AS metadata document is malformed, too large or breaks a rule (AUTH-4, AUTH-10–AUTH-12)
    MetadataInvalid,
    ResourceMismatch,       // PRM `resource` does not name this MCP server (AUTH-5, conformance auth/resource-mismatch)
    MetadataIssuerMismatch, // AS metadata `issuer` differs from the issuer used to find it (AUTH-9, RFC 8414 §3.3)
    PkceUnsupported,        // the AS does not list S256 in code_challenge_methods_supported (requirements AUTH-11)
    // Auth: registration, sign-in and tokens (core/auth; requirements AUTH-14–AUTH-43)
    RegistrationFailed,      // dynamic client registration refused or answered badly (requirements AUTH-16, AUTH-17)
    ClientIdRequired,        // no way to get a client id: nothing pre-registered, no CIMD, no DCR (AUTH-14 step 4)
    AuthorizationDenied,     // the AS answered the authorization request with an error (AUTH-32: only when iss checks)
    CallbackRejected,        // the redirect failed validation: state, iss, missing code (AUTH-30; RFC 9207 §2.4)
    InteractionRequired,     // a person has to sign in, and nobody can (headless, no user agent)
    TokenRequestFailed,      // the token endpoint refused (oauthError() says why; invalid_grant included)
    TokenResponseInvalid,    // a 200 token response without access_token, a non-Bearer type, bad JSON (AUTH-35)
    StepUpLimitReached,      // the server kept asking for more scope after the retry limit (AUTH-39, ATTACK-10 (a))
    AccessRefusedRepeatedly, // the server kept refusing the tokens it got: the breaker stopped asking (SEC-15)
    ClientAssertionFailed,   // private_key_jwt: the key could not be read or the JWT not signed
};

class Error
{
public:
    Error(ErrorCode code, QString message, QString detail = {});

    [[nodiscard]] ErrorCode code() const { return m_code; }
    [[nodiscard]] ErrorArea area() const;
    // One sentence for a person: what happened and, where there is one, what to do.
    [[nodiscard]] const QString &message() const { return m_message; }
    // Technical detail for the Activity view and support requests (already redacted).
    [[nodiscard]] const QString &detail() const { return m_detail; }
    // HTTP status and OAuth `error` value when the failure came from a server; 0 / empty otherwise.
    [[nodiscard]] int httpStatus() const { return m_httpStatus; }
    [[nodiscard]] const QString &oauthError() const { return m_oauthError; }

    // The JSON-RPC error code for ErrorCode::RpcError (0 otherwise).
    [[nodiscard]] int rpcCode() const { return m_rpcCode; }

    Error &withHttpStatus(int status);
    Error &withRpcCode(int code);
    Error &withOAuthError(QString error);

    // "message (detail)" for logs: convenient and, like its parts, free of secrets.
    [[nodiscard]] QString toString() const;

private:
    ErrorCode m_code;
    QString m_message;
    QString m_detail;
    int m_httpStatus = 0;
    int m_rpcCode = 0;
    QString m_oauthError;
};

} // namespace portico
