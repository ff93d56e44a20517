// client_assertion::sign (RFC 7523 §2.2/§3, RFC 7515, RFC 7518 §3.3/§3.4; conformance
// auth/client-credentials-jwt) and client_authentication::apply (requirements AUTH-22; RFC 6749 §2.3.1; conformance
// auth/token-endpoint-auth-{basic,post,none}). Keys are generated here; every signature is verified
// independently with OpenSSL and the public key, so a wrong R||S conversion or a wrong padding fails.
// Generated keys, secrets and assertions are never printed.

#include "auth/clientassertion.h"
#include "auth/clientauthentication.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cctype>
#include <memory>

using namespace portico;

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QString kIssuer = QStringLiteral("https://as.test/tenant1");
const QString kClientId = QStringLiteral("robot-7");

struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0), Qt::UTC);
}

// A fresh key: "EC" with a curve name, or "RSA" with a bit count (OpenSSL 3 EVP_PKEY_Q_keygen).
PkeyPtr generateEc(const char *curve)
{
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

PkeyPtr generateRsa(size_t bits)
{
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits));
}

QByteArray readBio(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

// PKCS#8 ("BEGIN PRIVATE KEY"), or the traditional form ("BEGIN EC/RSA PRIVATE KEY").
QByteArray privatePem(EVP_PKEY *key, bool traditional = false)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    const int written =
        traditional ? PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                    : PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return written == 1 ? readBio(bio.get()) : QByteArray();
}

QByteArray encryptedPem(EVP_PKEY *key)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    char passphrase[] = "test-passphrase";
    const int written = PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), passphrase,
                                                      int(sizeof(passphrase) - 1), nullptr, nullptr);
    return written == 1 ? readBio(bio.get()) : QByteArray();
}

// RFC 7518 §3.4: R||S (64 octets) back to the DER ECDSA-Sig-Value OpenSSL verifies.
QByteArray rawToDer(const QByteArray &raw)
{
    if (raw.size() != 64)
        return {};
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.constData()), 32, nullptr);
    BIGNUM *s = BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.constData()) + 32, 32, nullptr);
    ECDSA_SIG_set0(sig, r, s); // takes r and s
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    QByteArray out = length > 0 ? QByteArray(reinterpret_cast<const char *>(der), length) : QByteArray();
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

bool verifySignature(EVP_PKEY *key, const QByteArray &input, const QByteArray &signature)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
                            size_t(input.size()))
           == 1;
}

struct Jws
{
    QJsonObject header;
    QJsonObject payload;
    QByteArray signingInput;
    QByteArray signature; // decoded
    bool wellFormed = false;
};

Jws splitJws(const QByteArray &compact)
{
    Jws jws;
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3)
        return jws;
    for (const QByteArray &part : parts) {
        for (const char c : part) { // base64url alphabet, no padding (RFC 7515 §2)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
                return jws;
        }
    }
    jws.header = QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], kBase64Url)).object();
    jws.payload = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], kBase64Url)).object();
    jws.signingInput = parts[0] + '.' + parts[1];
    jws.signature = QByteArray::fromBase64(parts[2], kBase64Url);
    jws.wellFormed = !jws.header.isEmpty() && !jws.payload.isEmpty();
    return jws;
}

ClientRegistration registration(const QString &method)
{
    ClientRegistration client;
    client.kind = ClientRegistration::Kind::PreRegistered;
    client.issuer = kIssuer;
    client.clientId = kClientId;
    client.tokenEndpointAuthMethod = method;
    return client;
}

QByteArray basicCredentials(const HttpHeaders &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0 && value.startsWith("Basic "))
            return QByteArray::fromBase64(value.mid(6));
    }
    return {};
}

bool hasAuthorization(const HttpHeaders &headers)
{
    for (const auto &header : headers) {
        if (header.first.compare("Authorization", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

class TestClientAssertion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signsVerifiableJwt_data();
    void signsVerifiableJwt();
    void usesFreshJtiEachTime();
    void rejectsKeysThatDoNotFitTheAlgorithm_data();
    void rejectsKeysThatDoNotFitTheAlgorithm();
    void rejectsMissingClaims_data();
    void rejectsMissingClaims();
    // client_authentication::apply
    void noneSendsClientIdInBody();
    void basicSendsUrlEncodedCredentialsInHeaderOnly_data();
    void basicSendsUrlEncodedCredentialsInHeaderOnly();
    void postSendsIdAndSecretInBody();
    void privateKeyJwtSendsAssertionForIssuer();
    void refusesRegistrationsMissingWhatTheMethodNeeds_data();
    void refusesRegistrationsMissingWhatTheMethodNeeds();
};

void TestClientAssertion::signsVerifiableJwt_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<bool>("traditionalPem");
    QTest::newRow("ES256 PKCS#8") << QStringLiteral("ES256") << false;
    QTest::newRow("ES256 traditional EC PEM") << QStringLiteral("ES256") << true;
    QTest::newRow("RS256 PKCS#8") << QStringLiteral("RS256") << false;
    QTest::newRow("RS256 traditional RSA PEM") << QStringLiteral("RS256") << true;
}

void TestClientAssertion::signsVerifiableJwt()
{
    QFETCH(QString, algorithm);
    QFETCH(bool, traditionalPem);
    const bool ec = algorithm == QStringLiteral("ES256");
    const PkeyPtr key = ec ? generateEc("P-256") : generateRsa(2048);
    QVERIFY(key);
    const QByteArray pem = privatePem(key.get(), traditionalPem);
    QVERIFY(!pem.isEmpty());

    const auto assertion = client_assertion::sign(pem, algorithm, kClientId, kIssuer, fixedNow(), 120);
    QVERIFY2(assertion.ok(), qPrintable(assertion.ok() ? QString() : assertion.error().toString()));
    const Jws jws = splitJws(assertion.value());
    QVERIFY(jws.wellFormed);

    // RFC 7515 §4.1.1 / RFC 7519 §5.1.
    QCOMPARE(jws.header.value(QStringLiteral("alg")).toString(), algorithm);
    QCOMPARE(jws.header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
    // RFC 7523 §3: iss = sub = client_id, aud = the AS issuer, exp after iat.
    QCOMPARE(jws.payload.value(QStringLiteral("iss")).toString(), kClientId);
    QCOMPARE(jws.payload.value(QStringLiteral("sub")).toString(), kClientId);
    QCOMPARE(jws.payload.value(QStringLiteral("aud")).toString(), kIssuer);
    QCOMPARE(jws.payload.value(QStringLiteral("iat")).toInteger(), fixedNow().toSecsSinceEpoch());
    QCOMPARE(jws.payload.value(QStringLiteral("exp")).toInteger(), fixedNow().toSecsSinceEpoch() + 120);
    // RFC 7519 §4.1.7: 128 random bits, base64url.
    QCOMPARE(QByteArray::fromBase64(jws.payload.value(QStringLiteral("jti")).toString().toLatin1(), kBase64Url).size(),
             16);

    QByteArray signature = jws.signature;
    if (ec) {
        // RFC 7518 §3.4: exactly 64 octets R||S, never DER.
        QCOMPARE(signature.size(), 64);
        signature = rawToDer(signature);
        QVERIFY(!signature.isEmpty());
    } else {
        QCOMPARE(signature.size(), 256); // RSA 2048 PKCS#1 v1.5
    }
    QVERIFY(verifySignature(key.get(), jws.signingInput, signature));
    // The signature covers the content: a changed payload no longer verifies.
    QByteArray tampered = jws.signingInput;
    tampered[tampered.size() - 1] = tampered.back() == 'A' ? 'B' : 'A';
    QVERIFY(!verifySignature(key.get(), tampered, signature));
}

void TestClientAssertion::usesFreshJtiEachTime()
{
    const PkeyPtr key = generateEc("P-256");
    const QByteArray pem = privatePem(key.get());
    QSet<QString> seen;
    for (int i = 0; i < 20; ++i) {
        const auto assertion = client_assertion::sign(pem, QStringLiteral("ES256"), kClientId, kIssuer, fixedNow());
        QVERIFY(assertion.ok());
        const Jws jws = splitJws(assertion.value());
        QCOMPARE(jws.payload.value(QStringLiteral("exp")).toInteger(), fixedNow().toSecsSinceEpoch() + 300);
        seen.insert(jws.payload.value(QStringLiteral("jti")).toString());
    }
    QCOMPARE(seen.size(), 20); // replay protection: no two assertions share a jti
}

void TestClientAssertion::rejectsKeysThatDoNotFitTheAlgorithm_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QByteArray>("pem");
    const PkeyPtr p256 = generateEc("P-256");
    const PkeyPtr p384 = generateEc("P-384");
    const PkeyPtr rsa2048 = generateRsa(2048);
    const PkeyPtr rsa1024 = generateRsa(1024);
    const PkeyPtr ed25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    QTest::newRow("ES256 with P-384") << QStringLiteral("ES256") << privatePem(p384.get());
    QTest::newRow("ES256 with RSA") << QStringLiteral("ES256") << privatePem(rsa2048.get());
    QTest::newRow("RS256 with EC") << QStringLiteral("RS256") << privatePem(p256.get());
    QTest::newRow("RS256 with RSA 1024 (RFC 7518 §3.3)") << QStringLiteral("RS256") << privatePem(rsa1024.get());
    QTest::newRow("ES256 with Ed25519") << QStringLiteral("ES256") << privatePem(ed25519.get());
    QTest::newRow("alg none") << QStringLiteral("none") << privatePem(p256.get());
    QTest::newRow("alg HS256") << QStringLiteral("HS256") << privatePem(p256.get());
    QTest::newRow("alg lower case es256") << QStringLiteral("es256") << privatePem(p256.get());
    QTest::newRow("empty key") << QStringLiteral("ES256") << QByteArray();
    QTest::newRow("garbage") << QStringLiteral("ES256") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END");
    QTest::newRow("public key only") << QStringLiteral("ES256")
                                     << QByteArray("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"
                                                   "\n-----END PUBLIC KEY-----\n");
    // An encrypted key must fail at once, not prompt for a passphrase on the terminal.
    QTest::newRow("encrypted key") << QStringLiteral("ES256") << encryptedPem(p256.get());
}

void TestClientAssertion::rejectsKeysThatDoNotFitTheAlgorithm()
{
    QFETCH(QString, algorithm);
    QFETCH(QByteArray, pem);
    const auto assertion = client_assertion::sign(pem, algorithm, kClientId, kIssuer, fixedNow());
    QVERIFY(!assertion.ok());
    QCOMPARE(assertion.error().code(), ErrorCode::ClientAssertionFailed);
    // The message never carries key material.
    if (pem.size() > 80) {
        const QByteArray body = pem.split('\n').value(1);
        QVERIFY(!body.isEmpty());
        QVERIFY(!assertion.error().toString().toLatin1().contains(body));
    }
}

void TestClientAssertion::rejectsMissingClaims_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("audience");
    QTest::addColumn<int>("lifetime");
    QTest::newRow("no client id") << QString() << kIssuer << 300;
    QTest::newRow("no audience") << kClientId << QString() << 300;
    QTest::newRow("zero lifetime") << kClientId << kIssuer << 0;
    QTest::newRow("negative lifetime") << kClientId << kIssuer << -1;
}

void TestClientAssertion::rejectsMissingClaims()
{
    QFETCH(QString, clientId);
    QFETCH(QString, audience);
    QFETCH(int, lifetime);
    const PkeyPtr key = generateEc("P-256");
    const auto assertion = client_assertion::sign(privatePem(key.get()), QStringLiteral("ES256"), clientId, audience,
                                                  fixedNow(), lifetime);
    QVERIFY(!assertion.ok());
    QCOMPARE(assertion.error().code(), ErrorCode::ClientAssertionFailed);
}

void TestClientAssertion::noneSendsClientIdInBody()
{
    // Requirements AUTH-22 / auth/token-endpoint-auth-none: client_id in the body, no Authorization header, no secret.
    ClientRegistration client = registration(QString(ClientRegistration::kAuthNone));
    QUrlQuery form;
    HttpHeaders headers;
    QVERIFY(client_authentication::apply(client, kIssuer, fixedNow(), form, headers).ok());
    QCOMPARE(form.queryItems(QUrl::FullyDecoded),
             (QList<QPair<QString, QString>>{{QStringLiteral("client_id"), kClientId}}));
    QVERIFY(headers.isEmpty());
}

void TestClientAssertion::basicSendsUrlEncodedCredentialsInHeaderOnly_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("decodedCredentials");
    // RFC 6749 §2.3.1: each part form-urlencoded, then joined with ':' and base64-encoded.
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("def") << QByteArray("abc:def");
    QTest::newRow("colon in id, plus in secret")
        << QStringLiteral("svc:robot") << QStringLiteral("s+e/c=r%t") << QByteArray("svc%3Arobot:s%2Be%2Fc%3Dr%25t");
    QTest::newRow("space and ampersand") << QStringLiteral("a b") << QStringLiteral("x&y") << QByteArray("a%20b:x%26y");
    QTest::newRow("non-ASCII as UTF-8") << QStringLiteral("é") << QStringLiteral("~_.-") << QByteArray("%C3%A9:~_.-");
}

void TestClientAssertion::basicSendsUrlEncodedCredentialsInHeaderOnly()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QByteArray, decodedCredentials);
    ClientRegistration client = registration(QString(ClientRegistration::kAuthClientSecretBasic));
    client.clientId = clientId;
    client.clientSecret = secret;
    QUrlQuery form;
    HttpHeaders headers;
    QVERIFY(client_authentication::apply(client, kIssuer, fixedNow(), form, headers).ok());
    QCOMPARE(headers.size(), 1);
    QCOMPARE(basicCredentials(headers), decodedCredentials);
    // RFC 6749 §2.3.1: one method per request: neither id nor secret in the body.
    QVERIFY(form.isEmpty());
}

void TestClientAssertion::postSendsIdAndSecretInBody()
{
    // Requirements AUTH-22 / auth/token-endpoint-auth-post.
    ClientRegistration client = registration(QString(ClientRegistration::kAuthClientSecretPost));
    client.clientSecret = QStringLiteral("p+q&r=s%41");
    QUrlQuery form;
    HttpHeaders headers;
    QVERIFY(client_authentication::apply(client, kIssuer, fixedNow(), form, headers).ok());
    QCOMPARE(form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded), kClientId);
    QVERIFY(form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded) == client.clientSecret);
    QCOMPARE(form.queryItems().size(), 2);
    QVERIFY(!hasAuthorization(headers));
}

void TestClientAssertion::privateKeyJwtSendsAssertionForIssuer()
{
    // RFC 7523 §2.2 / auth/client-credentials-jwt: client_assertion_type, a verifiable assertion, aud = issuer.
    const PkeyPtr key = generateEc("P-256");
    ClientRegistration client = registration(QString(ClientRegistration::kAuthPrivateKeyJwt));
    client.privateKeyPem = privatePem(key.get());
    client.signingAlgorithm = QStringLiteral("ES256");
    QUrlQuery form;
    HttpHeaders headers;
    const Result<void> applied = client_authentication::apply(client, kIssuer, fixedNow(), form, headers);
    QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().toString()));
    QVERIFY(!hasAuthorization(headers));
    QCOMPARE(form.queryItemValue(QStringLiteral("client_assertion_type"), QUrl::FullyDecoded),
             QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    QCOMPARE(form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded), kClientId);
    QVERIFY(!form.hasQueryItem(QStringLiteral("client_secret")));
    const Jws jws = splitJws(form.queryItemValue(QStringLiteral("client_assertion"), QUrl::FullyDecoded).toLatin1());
    QVERIFY(jws.wellFormed);
    QCOMPARE(jws.payload.value(QStringLiteral("aud")).toString(), kIssuer);
    QCOMPARE(jws.payload.value(QStringLiteral("iat")).toInteger(), fixedNow().toSecsSinceEpoch());
    QVERIFY(verifySignature(key.get(), jws.signingInput, rawToDer(jws.signature)));
}

void TestClientAssertion::refusesRegistrationsMissingWhatTheMethodNeeds_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<int>("code");
    const int invalid = int(ErrorCode::InvalidArgument);
    const QString basic(ClientRegistration::kAuthClientSecretBasic);
    const QString post(ClientRegistration::kAuthClientSecretPost);
    const QString jwt(ClientRegistration::kAuthPrivateKeyJwt);
    QTest::newRow("basic without secret") << basic << kClientId << QString() << false << kIssuer << invalid;
    QTest::newRow("post without secret") << post << kClientId << QString() << false << kIssuer << invalid;
    QTest::newRow("jwt without key") << jwt << kClientId << QString() << false << kIssuer << invalid;
    QTest::newRow("jwt without issuer") << jwt << kClientId << QString() << true << QString() << invalid;
    QTest::newRow("none without client id")
        << QStringLiteral("none") << QString() << QString() << false << kIssuer << invalid;
    QTest::newRow("unknown method") << QStringLiteral("tls_client_auth") << kClientId << QStringLiteral("s") << false
                                    << kIssuer << invalid;
    QTest::newRow("empty method") << QString() << kClientId << QStringLiteral("s") << false << kIssuer << invalid;
    QTest::newRow("jwt with unusable key")
        << jwt << kClientId << QString() << true << kIssuer << int(ErrorCode::ClientAssertionFailed);
}

void TestClientAssertion::refusesRegistrationsMissingWhatTheMethodNeeds()
{
    QFETCH(QString, method);
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(bool, withKey);
    QFETCH(QString, issuer);
    QFETCH(int, code);
    ClientRegistration client = registration(method);
    client.clientId = clientId;
    client.clientSecret = secret;
    if (withKey) {
        const PkeyPtr key = generateEc("P-256");
        client.privateKeyPem = privatePem(key.get());
        // "jwt with unusable key" asks RS256 of an EC key; the other rows name the right algorithm.
        client.signingAlgorithm = issuer.isEmpty() ? QStringLiteral("ES256") : QStringLiteral("RS256");
    }
    QUrlQuery form;
    HttpHeaders headers;
    const Result<void> applied = client_authentication::apply(client, issuer, fixedNow(), form, headers);
    QVERIFY(!applied.ok());
    QCOMPARE(int(applied.error().code()), code);
    // Nothing half-applied: no credential leaves with a refused request.
    QVERIFY(form.isEmpty());
    QVERIFY(headers.isEmpty());
}

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "tst_clientassertion.moc"
