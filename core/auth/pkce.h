#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>

namespace portico {

// Proof Key for Code Exchange (RFC 7636), S256 only (requirements AUTH-11, AUTH-23), plus the per-flow `state`.
//
// The verifier is a secret (docs/architecture.md, "Security rules", requirements SEC-4): it goes into the per-flow
// record (requirements AUTH-25) and the token request body (RFC 6749 §4.1.3) and nowhere else. Never log, print, QDebug
// or put it into a URL or an Error. This class has no string conversion on purpose, and its tests never print a
// generated value.
class Pkce
{
public:
    // RFC 7636 §4.1: the verifier is 43..128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
    static constexpr qsizetype kMinVerifierLength = 43;
    static constexpr qsizetype kMaxVerifierLength = 128;
    // 64 CSPRNG octets, base64url without padding: 86 characters, 512 bits of entropy (RFC 7636 §4.1, §7.1
    // asks for at least 256 bits; the spec's own example uses 32 octets).
    static constexpr qsizetype kVerifierEntropyBytes = 64;
    // `state` (RFC 6749 §10.12: at least 128 bits, unguessable, fresh per flow): 32 octets = 256 bits,
    // 43 base64url characters.
    static constexpr qsizetype kStateEntropyBytes = 32;

    // RFC 7636 §4.3 code_challenge_method. Portico never sends "plain" (requirements AUTH-11, ATTACK-3).
    static constexpr QLatin1StringView kMethod{"S256"};

    // A fresh verifier from QRandomGenerator::system() (the OS CSPRNG; RFC 7636 §4.1, §7.1) and its
    // challenge. Call once per authorization flow and never reuse the result (requirements AUTH-23).
    [[nodiscard]] static Pkce generate();

    // A verifier that already exists (the per-flow record restored, a test vector). Rejected unless it
    // satisfies RFC 7636 §4.1; the error never contains the verifier.
    [[nodiscard]] static Result<Pkce> fromVerifier(QByteArray verifier);

    // RFC 7636 §4.1 code-verifier = 43*128unreserved
    [[nodiscard]] static bool isValidVerifier(QByteArrayView verifier);

    // RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), no padding (§3,
    // Appendix A). The caller passes a valid verifier.
    [[nodiscard]] static QByteArray s256Challenge(QByteArrayView verifier);

    // A fresh `state` value: kStateEntropyBytes from the OS CSPRNG, base64url without padding, so it is
    // URL-safe as is (requirements AUTH-24; RFC 6749 §10.12; RFC 8252 §8.9). Compare it exactly on the callback.
    [[nodiscard]] static QByteArray generateState();

    // `byteCount` octets from QRandomGenerator::system(), base64url-encoded without padding (RFC 4648 §5).
    // The building block of the verifier and state; also fit for other nonces.
    [[nodiscard]] static QByteArray randomBase64Url(qsizetype byteCount);

    // The secret: only for the flow record and the token request (requirements AUTH-25; RFC 6749 §4.1.3).
    [[nodiscard]] const QByteArray &verifier() const { return m_verifier; }
    // Safe to send in the authorization request URL (requirements AUTH-26).
    [[nodiscard]] const QByteArray &challenge() const { return m_challenge; }
    [[nodiscard]] static QLatin1StringView method() { return kMethod; }

private:
    explicit Pkce(QByteArray verifier);

    QByteArray m_verifier;
    QByteArray m_challenge;
};

} // namespace portico
