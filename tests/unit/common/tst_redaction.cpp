// Redaction: no token, code, verifier, client secret or credential header survives into text Portico
// prints, shows or exports (docs/architecture.md, "Security rules"; requirements SEC-4).

#include "common/redaction.h"

#include <QTest>

using namespace portico;

class TestRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifiesParameterNames_data();
    void classifiesParameterNames();
    void masksSensitiveUrlParameters_data();
    void masksSensitiveUrlParameters();
    void masksEveryQueryValueOfARedirect_data();
    void masksEveryQueryValueOfARedirect();
    void masksSensitiveFormFields_data();
    void masksSensitiveFormFields();
    void masksCredentialHeaders_data();
    void masksCredentialHeaders();
    void masksSecretsInFreeText_data();
    void masksSecretsInFreeText();
    void keepsTextWithoutSecretsUnchanged();
};

void TestRedaction::classifiesParameterNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("sensitive");
    QTest::newRow("access_token") << QStringLiteral("access_token") << true;
    QTest::newRow("refresh_token") << QStringLiteral("refresh_token") << true;
    QTest::newRow("id_token") << QStringLiteral("id_token") << true;
    QTest::newRow("registration_access_token") << QStringLiteral("registration_access_token") << true;
    QTest::newRow("code") << QStringLiteral("code") << true;
    QTest::newRow("code_verifier") << QStringLiteral("code_verifier") << true;
    QTest::newRow("client_secret") << QStringLiteral("client_secret") << true;
    QTest::newRow("client_assertion") << QStringLiteral("client_assertion") << true;
    QTest::newRow("password, any case") << QStringLiteral("Password") << true;
    QTest::newRow("Authorization header") << QStringLiteral("Authorization") << true;
    QTest::newRow("Mcp-Session-Id header") << QStringLiteral("Mcp-Session-Id") << true;
    QTest::newRow("api_key") << QStringLiteral("api_key") << true;
    QTest::newRow("state is not a credential") << QStringLiteral("state") << false;
    QTest::newRow("code_challenge is public (RFC 7636 §4.2)") << QStringLiteral("code_challenge") << false;
    QTest::newRow("token_type") << QStringLiteral("token_type") << false;
    QTest::newRow("token_endpoint") << QStringLiteral("token_endpoint") << false;
    QTest::newRow("client_id") << QStringLiteral("client_id") << false;
    QTest::newRow("scope") << QStringLiteral("scope") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestRedaction::classifiesParameterNames()
{
    QFETCH(QString, name);
    QFETCH(bool, sensitive);
    QCOMPARE(redaction::isSensitiveParameterName(name), sensitive);
}

void TestRedaction::masksSensitiveUrlParameters_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("authorization response")
        << QStringLiteral("http://127.0.0.1:5555/callback?code=SWQxyz&state=abc&iss=https%3A%2F%2Fas.example")
        << QStringLiteral("http://127.0.0.1:5555/callback?code=[REDACTED]&state=abc&iss=https%3A%2F%2Fas.example");
    QTest::newRow("implicit grant fragment")
        << QStringLiteral("https://app.example/cb#access_token=eyJabc.def.ghi&token_type=Bearer")
        << QStringLiteral("https://app.example/cb#access_token=[REDACTED]&token_type=Bearer");
    QTest::newRow("userinfo password") << QStringLiteral("https://alice:hunter2@mcp.example/mcp")
                                       << QStringLiteral("https://alice:REDACTED@mcp.example/mcp");
    QTest::newRow("authorize request keeps the public challenge")
        << QStringLiteral("https://as.example/authorize?response_type=code&client_id=c1&code_challenge=E9Mel"
                          "&code_challenge_method=S256&resource=https%3A%2F%2Fmcp.example%2Fmcp")
        << QStringLiteral("https://as.example/authorize?response_type=code&client_id=c1&code_challenge=E9Mel"
                          "&code_challenge_method=S256&resource=https%3A%2F%2Fmcp.example%2Fmcp");
    QTest::newRow("encoded parameter name") << QStringLiteral("https://x.example/?access%5Ftoken=secretvalue")
                                            << QStringLiteral("https://x.example/?access_token=[REDACTED]");
}

void TestRedaction::masksSensitiveUrlParameters()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(redaction::redactUrl(QUrl(url, QUrl::StrictMode)), expected);
}

void TestRedaction::masksEveryQueryValueOfARedirect_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    // Requirements SEC-7: an OAuth redirect's query is the code plus text a third party chose (RFC 6749 §4.1.2.1
    // error_description, error_uri); none of its values is shown, only the names.
    QTest::newRow("forged redirect")
        << QStringLiteral("http://127.0.0.1:5555/callback?code=SECRETCODE&state=WRONG&error=access_denied"
                          "&error_description=ATTACKER_TEXT&error_uri=https%3A%2F%2Fevil.example")
        << QStringLiteral("http://127.0.0.1:5555/callback?code=[REDACTED]&state=[REDACTED]&error=[REDACTED]"
                          "&error_description=[REDACTED]&error_uri=[REDACTED]");
    QTest::newRow("fragment and a bare value")
        << QStringLiteral("http://127.0.0.1:5555/callback?ATTACKER_TEXT&iss=x#state=y")
        << QStringLiteral("http://127.0.0.1:5555/callback?[REDACTED]&iss=[REDACTED]#state=[REDACTED]");
    QTest::newRow("no query") << QStringLiteral("http://127.0.0.1:5555/callback")
                              << QStringLiteral("http://127.0.0.1:5555/callback");
}

void TestRedaction::masksEveryQueryValueOfARedirect()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(redaction::redactQueryValues(QUrl(url, QUrl::StrictMode)), expected);
}

void TestRedaction::masksSensitiveFormFields_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("code exchange")
        << QByteArray("grant_type=authorization_code&code=abc123&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"
                      "&code_verifier=dBjftJeZ4CVP&client_id=c1&resource=https%3A%2F%2Fmcp.example%2Fmcp")
        << QByteArray("grant_type=authorization_code&code=[REDACTED]&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"
                      "&code_verifier=[REDACTED]&client_id=c1&resource=https%3A%2F%2Fmcp.example%2Fmcp");
    QTest::newRow("refresh with client secret")
        << QByteArray("grant_type=refresh_token&refresh_token=r1&client_secret=s%2B1")
        << QByteArray("grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]");
    QTest::newRow("revocation") << QByteArray("token=abc&token_type_hint=refresh_token")
                                << QByteArray("token=[REDACTED]&token_type_hint=refresh_token");
    QTest::newRow("jwt client assertion")
        << QByteArray("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                      "&client_assertion=eyJh.eyJz.sig")
        << QByteArray("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                      "&client_assertion=[REDACTED]");
    QTest::newRow("field without value is kept") << QByteArray("code&state=1") << QByteArray("code&state=1");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestRedaction::masksSensitiveFormFields()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(redaction::redactFormBody(body), expected);
}

void TestRedaction::masksCredentialHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("bearer keeps its scheme")
        << QByteArray("Authorization") << QByteArray("Bearer eyJhbGci.x.y") << QByteArray("Bearer [REDACTED]");
    QTest::newRow("basic keeps its scheme")
        << QByteArray("authorization") << QByteArray("Basic YzE6czE=") << QByteArray("Basic [REDACTED]");
    QTest::newRow("scheme-less value") << QByteArray("Authorization") << QByteArray("opaque")
                                       << QByteArray("[REDACTED]");
    QTest::newRow("proxy") << QByteArray("Proxy-Authorization") << QByteArray("Negotiate abc")
                           << QByteArray("Negotiate [REDACTED]");
    QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("sid=1; other=2") << QByteArray("[REDACTED]");
    QTest::newRow("session id") << QByteArray("Mcp-Session-Id") << QByteArray("4f1c") << QByteArray("[REDACTED]");
    QTest::newRow("location with a code")
        << QByteArray("Location") << QByteArray("http://127.0.0.1:1/cb?code=abc&state=s")
        << QByteArray("http://127.0.0.1:1/cb?code=[REDACTED]&state=s");
    QTest::newRow("challenge stays readable")
        << QByteArray("WWW-Authenticate")
        << QByteArray(
               R"(Bearer error="insufficient_scope", scope="files:read", resource_metadata="https://m.example/x")")
        << QByteArray(
               R"(Bearer error="insufficient_scope", scope="files:read", resource_metadata="https://m.example/x")");
    QTest::newRow("content type untouched")
        << QByteArray("Content-Type") << QByteArray("application/json") << QByteArray("application/json");
}

void TestRedaction::masksCredentialHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(redaction::redactHeaderValue(name, value), expected);
}

void TestRedaction::masksSecretsInFreeText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("token response JSON")
        << QStringLiteral(R"({"access_token":"abc.def","token_type":"Bearer","refresh_token" : "r-1","scope":"a b"})")
        << QStringLiteral(
               R"({"access_token":"[REDACTED]","token_type":"Bearer","refresh_token" : "[REDACTED]","scope":"a b"})");
    QTest::newRow("registration response with escaped quote")
        << QStringLiteral(R"({"client_id":"c1","client_secret":"s\"x"})")
        << QStringLiteral(R"({"client_id":"c1","client_secret":"[REDACTED]"})");
    QTest::newRow("bearer in a log line") << QStringLiteral("sent Authorization: Bearer abc-123_x.y/z== to mcp")
                                          << QStringLiteral("sent Authorization: Bearer [REDACTED] to mcp");
    QTest::newRow("challenge auth-params are not credentials")
        << QStringLiteral(R"(401 Bearer error="invalid_token", scope="a")")
        << QStringLiteral(R"(401 Bearer error="invalid_token", scope="a")");
    QTest::newRow("bare JWT") << QStringLiteral("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln expired")
                              << QStringLiteral("token [REDACTED] expired");
    QTest::newRow("URL inside text") << QStringLiteral("GET http://127.0.0.1:9/cb?code=abc&state=1 -> 200")
                                     << QStringLiteral("GET http://127.0.0.1:9/cb?code=[REDACTED]&state=1 -> 200");
    QTest::newRow("cookie header line") << QStringLiteral("Host: a\nCookie: sid=42\nAccept: */*")
                                        << QStringLiteral("Host: a\nCookie: [REDACTED]\nAccept: */*");
}

void TestRedaction::masksSecretsInFreeText()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(redaction::redactText(text), expected);
}

void TestRedaction::keepsTextWithoutSecretsUnchanged()
{
    const QString plain = QStringLiteral("Discovery: GET https://mcp.example/.well-known/oauth-protected-resource/mcp "
                                         "-> 200 in 41 ms; authorization_servers=[https://as.example/tenant1]");
    QCOMPARE(redaction::redactText(plain), plain);
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
