#include "auth/clientassertion.h"

#include "auth/pkce.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <array>
#include <memory>

namespace portico::client_assertion {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// RFC 7518 §3.4: an ES256 signature is R and S, each as a 32-octet big-endian unsigned integer.
constexpr int kP256CoordinateBytes = 32;
// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
constexpr int kMinRsaBits = 2048;
// RFC 7519 §4.1.7 jti: 128 random bits make a collision across the assertions of one client negligible.
constexpr qsizetype kJtiBytes = 16;

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigFree
{
    void operator()(ECDSA_SIG *sig) const { ECDSA_SIG_free(sig); }
};

using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

// ClientAssertionFailed. The detail says what failed and, for OpenSSL failures, OpenSSL's reason text —
// which names a library and a reason, never key material. OpenSSL's error queue is emptied either way, so
// the next, unrelated OpenSSL user does not inherit our failure.
Error failed(const QString &detail, bool withOpenSslReason = false)
{
    QString fullDetail = detail;
    if (withOpenSslReason) {
        const unsigned long code = ERR_peek_last_error();
        if (code != 0) {
            std::array<char, 256> reason{};
            ERR_error_string_n(code, reason.data(), reason.size());
            fullDetail += QStringLiteral(" (%1)").arg(QString::fromLatin1(reason.data()));
        }
    }
    ERR_clear_error();
    return Error(ErrorCode::ClientAssertionFailed,
                 QCoreApplication::translate("ClientAssertion", "Portico could not sign in with the client's "
                                                                "private key."),
                 fullDetail);
}

// PEM_read_bio_PrivateKey asks for a passphrase on the terminal when the key is encrypted and no callback is
// given. Portico has no passphrase to offer: refuse, so an encrypted key fails cleanly instead of blocking.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(kBase64Url);
}

// RFC 7518 §3.4: the JWS signature of ES256 is R || S, not the DER SEQUENCE that OpenSSL produces.
Result<QByteArray> derToRawEcdsa(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
    if (!signature)
        return failed(QStringLiteral("the ECDSA signature could not be decoded"), true);
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(signature.get(), &r, &s);
    if (!r || !s || BN_num_bytes(r) > kP256CoordinateBytes || BN_num_bytes(s) > kP256CoordinateBytes)
        return failed(QStringLiteral("the ECDSA signature does not fit P-256"));
    QByteArray raw(2 * kP256CoordinateBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, kP256CoordinateBytes) != kP256CoordinateBytes
        || BN_bn2binpad(s, out + kP256CoordinateBytes, kP256CoordinateBytes) != kP256CoordinateBytes)
        return failed(QStringLiteral("the ECDSA signature could not be encoded"), true);
    return raw;
}

// The key must fit the algorithm: ES256 = ECDSA on P-256 (RFC 7518 §3.4), RS256 = RSASSA-PKCS1-v1_5 with an
// RSA key of at least 2048 bits (RFC 7518 §3.3). A mismatch is refused before signing, so a P-384 key never
// produces a token the AS would reject with a confusing error.
Result<void> checkKeyFitsAlgorithm(EVP_PKEY *key, bool ecdsa)
{
    if (ecdsa) {
        if (!EVP_PKEY_is_a(key, "EC"))
            return failed(QStringLiteral("ES256 needs an EC P-256 key, and the key is not an EC key"));
        std::array<char, 64> group{};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1)
            return failed(QStringLiteral("the EC key's curve could not be read"), true);
        if (OBJ_txt2nid(group.data()) != NID_X9_62_prime256v1)
            return failed(QStringLiteral("ES256 needs an EC P-256 key, and the key is on another curve"));
        return Result<void>::success();
    }
    if (!EVP_PKEY_is_a(key, "RSA")) // not RSA-PSS: RS256 is PKCS#1 v1.5
        return failed(QStringLiteral("RS256 needs an RSA key, and the key is not an RSA key"));
    if (EVP_PKEY_get_bits(key) < kMinRsaBits)
        return failed(QStringLiteral("RS256 needs an RSA key of at least %1 bits").arg(kMinRsaBits));
    return Result<void>::success();
}

} // namespace

Result<QByteArray> sign(const QByteArray &privateKeyPem, const QString &algorithm, const QString &clientId,
                        const QString &audience, const QDateTime &now, int lifetimeSeconds)
{
    // RFC 7518 §3.1: only the two algorithms Portico implements; "none" and HMAC are never produced.
    const bool ecdsa = algorithm == QLatin1StringView("ES256");
    if (!ecdsa && algorithm != QLatin1StringView("RS256"))
        return failed(QStringLiteral("the signing algorithm is not ES256 or RS256"));
    // RFC 7523 §3: iss, sub and aud are REQUIRED, exp is REQUIRED and must lie in the future.
    if (clientId.isEmpty())
        return failed(QStringLiteral("the client id is empty"));
    if (audience.isEmpty())
        return failed(QStringLiteral("the audience (the authorization server's issuer) is empty"));
    if (lifetimeSeconds <= 0)
        return failed(QStringLiteral("the assertion lifetime is not positive"));
    if (!now.isValid())
        return failed(QStringLiteral("the current time is not valid"));
    if (privateKeyPem.isEmpty())
        return failed(QStringLiteral("no private key is configured"));

    BioPtr bio(BIO_new_mem_buf(privateKeyPem.constData(), static_cast<int>(privateKeyPem.size())));
    if (!bio)
        return failed(QStringLiteral("the private key could not be read"), true);
    // PKCS#8 ("BEGIN PRIVATE KEY") and the traditional forms ("BEGIN EC/RSA PRIVATE KEY") are both accepted.
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr));
    if (!key)
        return failed(QStringLiteral("the private key is not a readable, unencrypted PEM private key"), true);
    const Result<void> fits = checkKeyFitsAlgorithm(key.get(), ecdsa);
    if (!fits.ok())
        return fits.error();

    // RFC 7515 §4.1.1 alg, RFC 7519 §5.1 typ.
    const QJsonObject header{{QStringLiteral("alg"), algorithm}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const qint64 issuedAt = now.toSecsSinceEpoch();
    // RFC 7519 §4.1.7: a fresh jti from the OS CSPRNG (QRandomGenerator::system()), base64url.
    const QByteArray jti = Pkce::randomBase64Url(kJtiBytes);
    // RFC 7523 §3 / OpenID Connect Core §9: iss = sub = client_id, aud = the AS (its issuer, RFC 7523 §3 item 3
    // and the MCP client-credentials extension), exp, iat, and a jti the AS can use against replay.
    const QJsonObject payload{
        {QStringLiteral("iss"), clientId},
        {QStringLiteral("sub"), clientId},
        {QStringLiteral("aud"), audience},
        {QStringLiteral("iat"), issuedAt},
        {QStringLiteral("exp"), issuedAt + lifetimeSeconds},
        {QStringLiteral("jti"), QString::fromLatin1(jti)},
    };
    // RFC 7515 §7.1: BASE64URL(header) "." BASE64URL(payload) is the signing input.
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                                    + base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));

    MdCtxPtr context(EVP_MD_CTX_new());
    if (!context)
        return failed(QStringLiteral("no signing context could be created"), true);
    // SHA-256 for both (RFC 7518 §3.3, §3.4); an RSA key signs with PKCS#1 v1.5 padding by default.
    if (EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return failed(QStringLiteral("the signature could not be prepared"), true);
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.constData());
    size_t signatureLength = 0;
    if (EVP_DigestSign(context.get(), nullptr, &signatureLength, input, static_cast<size_t>(signingInput.size())) != 1)
        return failed(QStringLiteral("the signature size could not be determined"), true);
    QByteArray signature(static_cast<qsizetype>(signatureLength), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &signatureLength, input,
                       static_cast<size_t>(signingInput.size()))
        != 1)
        return failed(QStringLiteral("the JWT could not be signed"), true);
    signature.truncate(static_cast<qsizetype>(signatureLength)); // ECDSA DER is often shorter than announced

    if (ecdsa) {
        Result<QByteArray> raw = derToRawEcdsa(signature);
        if (!raw.ok())
            return raw.error();
        signature = std::move(raw).value();
    }
    return QByteArray(signingInput + '.' + base64Url(signature));
}

} // namespace portico::client_assertion
