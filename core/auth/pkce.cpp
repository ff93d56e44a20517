#include "auth/pkce.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>

#include <utility>

namespace portico {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool isUnreserved(char c)
{
    // RFC 7636 §4.1 / RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_' || c == '~';
}

} // namespace

Pkce::Pkce(QByteArray verifier)
    : m_verifier(std::move(verifier))
    , m_challenge(s256Challenge(m_verifier))
{}

Pkce Pkce::generate()
{
    // RFC 7636 §4.1, §7.1 and requirements AUTH-23: a CSPRNG, fresh per flow. 64 octets -> 86 characters, all in
    // the unreserved set because base64url (RFC 4648 §5) without padding uses only [A-Za-z0-9-_].
    return Pkce(randomBase64Url(kVerifierEntropyBytes));
}

Result<Pkce> Pkce::fromVerifier(QByteArray verifier)
{
    if (!isValidVerifier(verifier)) {
        // Only the length goes into the detail: the verifier is a secret (docs/architecture.md, "Security rules").
        return Error(ErrorCode::InvalidArgument, QStringLiteral("The PKCE code verifier is not valid."),
                     QStringLiteral("code_verifier of %1 characters: RFC 7636 §4.1 wants 43 to 128 characters of "
                                    "[A-Za-z0-9-._~]")
                         .arg(verifier.size()));
    }
    return Pkce(std::move(verifier));
}

bool Pkce::isValidVerifier(QByteArrayView verifier)
{
    // RFC 7636 §4.1 code-verifier = 43*128unreserved
    if (verifier.size() < kMinVerifierLength || verifier.size() > kMaxVerifierLength)
        return false;
    for (const char c : verifier) {
        if (!isUnreserved(c))
            return false;
    }
    return true;
}

QByteArray Pkce::s256Challenge(QByteArrayView verifier)
{
    // RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), padding removed (§3, Appendix A).
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256).toBase64(kBase64Url);
}

QByteArray Pkce::generateState()
{
    // Requirements AUTH-24 / RFC 6749 §10.12: unguessable, >= 128 bits (here 256), fresh for every flow.
    return randomBase64Url(kStateEntropyBytes);
}

QByteArray Pkce::randomBase64Url(qsizetype byteCount)
{
    Q_ASSERT(byteCount > 0);
    // QRandomGenerator::system() is the operating system's CSPRNG (getrandom(2) / /dev/urandom on Linux,
    // BCryptGenRandom / SecRandomCopyBytes elsewhere); fillRange() works in 32-bit words.
    QList<quint32> words((byteCount + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    // Reading the words as bytes is allowed aliasing (char); the byte order does not matter for randomness.
    QByteArray raw(reinterpret_cast<const char *>(words.constData()), byteCount);
    QByteArray encoded = raw.toBase64(kBase64Url);
    // The raw octets are as secret as their encoding: overwrite them before the buffers are released.
    words.fill(0);
    raw.fill('\0');
    return encoded;
}

} // namespace portico
