// ScopeSet: RFC 6749 §3.3 scope strings (case-sensitive, order-preserving, no duplicates), the set operations
// step-up needs (requirements AUTH-39, ATTACK-10 (b)), and the scope-selection rule (requirements AUTH-28, SEC-9,
// SEP-2207 offline_access).

#include "auth/scopeset.h"

#include <QTest>

using namespace portico;

namespace {

ScopeSet scopes(const char *text)
{
    auto parsed = ScopeSet::parse(QString::fromUtf8(text));
    if (!parsed.ok())
        qFatal("test data is not a valid scope string");
    return std::move(parsed).value();
}

} // namespace

class TestScopeSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSpaceDelimitedScopes_data();
    void parsesSpaceDelimitedScopes();
    void rejectsInvalidScopeTokens_data();
    void rejectsInvalidScopeTokens();
    void buildsFromJsonStyleLists();
    void formatsWithSingleSpaces();
    void containsIsCaseSensitive();
    void unitesInOrderForStepUp();
    void subtractsWhatAStepUpAdds();
    void comparesAsSets();
    void selectsScopesForAuthorization_data();
    void selectsScopesForAuthorization();
    void handlesManyTokensLinearly();
};

void TestScopeSet::parsesSpaceDelimitedScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("tokens");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("spaces only") << QStringLiteral("   ") << QStringList();
    QTest::newRow("one") << QStringLiteral("read") << QStringList{QStringLiteral("read")};
    QTest::newRow("two in order") << QStringLiteral("write read")
                                  << QStringList{QStringLiteral("write"), QStringLiteral("read")};
    QTest::newRow("duplicates dropped, first wins")
        << QStringLiteral("a b a c b") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("case-sensitive: Read and read differ")
        << QStringLiteral("Read read READ")
        << QStringList{QStringLiteral("Read"), QStringLiteral("read"), QStringLiteral("READ")};
    QTest::newRow("leading, trailing and repeated spaces")
        << QStringLiteral("  a   b  ") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("URL-like and colon scopes")
        << QStringLiteral("https://graph.example.com/Files.Read mcp:tools files:read")
        << QStringList{QStringLiteral("https://graph.example.com/Files.Read"), QStringLiteral("mcp:tools"),
                       QStringLiteral("files:read")};
    QTest::newRow("edge characters of scope-token")
        << QStringLiteral("! # [ ] ~ a!#$%&'()*+,-./:;<=>?@[]^_`{|}~")
        << QStringList{QStringLiteral("!"), QStringLiteral("#"), QStringLiteral("["),
                       QStringLiteral("]"), QStringLiteral("~"), QStringLiteral("a!#$%&'()*+,-./:;<=>?@[]^_`{|}~")};
    QTest::newRow("offline_access is an ordinary token here")
        << QStringLiteral("offline_access openid")
        << QStringList{QStringLiteral("offline_access"), QStringLiteral("openid")};
}

void TestScopeSet::parsesSpaceDelimitedScopes()
{
    QFETCH(QString, text);
    QFETCH(QStringList, tokens);
    const auto parsed = ScopeSet::parse(text);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().toList(), tokens);
    QCOMPARE(parsed.value().size(), tokens.size());
    QCOMPARE(parsed.value().isEmpty(), tokens.isEmpty());
}

void TestScopeSet::rejectsInvalidScopeTokens_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("double quote") << QStringLiteral("a \"b\"");
    QTest::newRow("backslash") << QStringLiteral("a\\b");
    QTest::newRow("tab is not a separator") << QStringLiteral("a\tb");
    QTest::newRow("newline") << QStringLiteral("a\nb");
    QTest::newRow("NUL") << QString(QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b"));
    QTest::newRow("DEL") << QString(QStringLiteral("a") + QChar(0x7F));
    QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9");
    QTest::newRow("non-breaking space") << QStringLiteral("a\u00a0b");
}

void TestScopeSet::rejectsInvalidScopeTokens()
{
    QFETCH(QString, text);
    const auto parsed = ScopeSet::parse(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code(), ErrorCode::MalformedResponse);
    // The server's text is not echoed (requirements SEC-10).
    QVERIFY(!parsed.error().detail().contains(text));
}

void TestScopeSet::buildsFromJsonStyleLists()
{
    const auto ok = ScopeSet::fromList({QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(ok.ok());
    QCOMPARE(ok.value().toList(), (QStringList{QStringLiteral("b"), QStringLiteral("a")}));

    // Each entry must be exactly one scope-token (RFC 9728 §2 / RFC 8414 §2 list scope values).
    QVERIFY(!ScopeSet::fromList({QStringLiteral("a b")}).ok());
    QVERIFY(!ScopeSet::fromList({QStringLiteral("a"), QString()}).ok());
    QVERIFY(!ScopeSet::fromList({QStringLiteral(" a")}).ok());
    QVERIFY(ScopeSet::fromList({}).ok());
    QVERIFY(ScopeSet::fromList({}).value().isEmpty());

    QVERIFY(ScopeSet::isValidToken(u"mcp:tools"));
    QVERIFY(!ScopeSet::isValidToken(u""));
    QVERIFY(!ScopeSet::isValidToken(u"a b"));
}

void TestScopeSet::formatsWithSingleSpaces()
{
    QCOMPARE(scopes("  b   a b  c ").toString(), QStringLiteral("b a c"));
    QCOMPARE(ScopeSet().toString(), QString());
    // Round trip.
    QCOMPARE(scopes("x y z").toString(), QStringLiteral("x y z"));
    QCOMPARE(ScopeSet::parse(scopes("x y z").toString()).value().toList(), scopes("x y z").toList());
}

void TestScopeSet::containsIsCaseSensitive()
{
    const ScopeSet set = scopes("files:read Files:Write");
    QVERIFY(set.contains(u"files:read"));
    QVERIFY(!set.contains(u"Files:Read"));
    QVERIFY(set.contains(u"Files:Write"));
    QVERIFY(!set.contains(u"files:write"));
    QVERIFY(!set.contains(u"files"));
    QVERIFY(set.containsAll(scopes("Files:Write")));
    QVERIFY(set.containsAll(ScopeSet()));
    QVERIFY(!set.containsAll(scopes("files:read other")));
}

void TestScopeSet::unitesInOrderForStepUp()
{
    // Requirements ATTACK-10 (b): granted `a`, challenged `b` -> the step-up asks for `a b`.
    QCOMPARE(scopes("a").united(scopes("b")).toString(), QStringLiteral("a b"));
    QCOMPARE(scopes("a b c").united(scopes("d b a e")).toString(), QStringLiteral("a b c d e"));
    QCOMPARE(ScopeSet().united(scopes("x")).toString(), QStringLiteral("x"));
    QCOMPARE(scopes("x").united(ScopeSet()).toString(), QStringLiteral("x"));
    // Unions keep the index consistent: a later union sees the added tokens.
    QCOMPARE(scopes("a").united(scopes("b")).united(scopes("b a c")).toString(), QStringLiteral("a b c"));
}

void TestScopeSet::subtractsWhatAStepUpAdds()
{
    QCOMPARE(scopes("mcp:basic mcp:write").subtracted(scopes("mcp:basic")).toString(), QStringLiteral("mcp:write"));
    QCOMPARE(scopes("c b a").subtracted(scopes("b")).toString(), QStringLiteral("c a"));
    QVERIFY(scopes("a").subtracted(scopes("a b")).isEmpty());
    QCOMPARE(scopes("a B").subtracted(scopes("b")).toString(), QStringLiteral("a B")); // case-sensitive
    QVERIFY(!scopes("a b").subtracted(scopes("a")).contains(u"a"));
}

void TestScopeSet::comparesAsSets()
{
    QVERIFY(scopes("a b") == scopes("b a"));
    QVERIFY(scopes("a b a") == scopes("b a"));
    QVERIFY(scopes("a b") != scopes("a"));
    QVERIFY(scopes("a") != scopes("a b"));
    QVERIFY(scopes("a") != scopes("A"));
    QVERIFY(ScopeSet() == scopes(""));
}

void TestScopeSet::selectsScopesForAuthorization_data()
{
    QTest::addColumn<QString>("challenged");
    QTest::addColumn<QString>("resourceSupported");
    QTest::addColumn<QString>("authServerSupported");
    QTest::addColumn<bool>("refreshGrant");
    QTest::addColumn<QString>("expected"); // empty: omit the scope parameter

    // Requirements AUTH-28 order: challenge, else PRM scopes_supported, else omit.
    QTest::newRow("challenge wins over PRM") << "a b"
                                             << "c d"
                                             << "" << false << "a b";
    QTest::newRow("challenge is authoritative, not intersected") << "x y"
                                                                 << "a x"
                                                                 << "a x" << false << "x y";
    QTest::newRow("PRM scopes_supported when no challenge scope") << ""
                                                                  << "mcp:basic mcp:read"
                                                                  << "" << false << "mcp:basic mcp:read";
    QTest::newRow("nothing known: omit") << ""
                                         << ""
                                         << "" << false << "";
    QTest::newRow("AS scopes never stand in for resource scopes (C9)") << ""
                                                                       << ""
                                                                       << "openid profile mcp:all" << true << "";

    // SEP-2207 offline_access.
    QTest::newRow("conformance offline-access-scope")
        << ""
        << "mcp:basic"
        << "mcp:basic offline_access" << true << "mcp:basic offline_access";
    QTest::newRow("offline_access appended after a challenge")
        << "files:read"
        << ""
        << "offline_access" << true << "files:read offline_access";
    QTest::newRow("AS lists it but no refresh_token grant") << ""
                                                            << "mcp:basic"
                                                            << "mcp:basic offline_access" << false << "mcp:basic";
    QTest::newRow("conformance offline-access-not-supported") << ""
                                                              << "mcp:basic mcp:read"
                                                              << "mcp:basic mcp:read" << true << "mcp:basic mcp:read";
    QTest::newRow("challenge names offline_access, AS does not list it") << "a offline_access b"
                                                                         << ""
                                                                         << "a b" << true << "a b";
    QTest::newRow("PRM names offline_access, AS does not list it") << ""
                                                                   << "offline_access a"
                                                                   << "" << true << "a";
    QTest::newRow("challenge names offline_access, no refresh grant") << "a offline_access"
                                                                      << ""
                                                                      << "offline_access" << false << "a";
    QTest::newRow("challenge names offline_access, AS lists it: kept in place")
        << "offline_access a"
        << ""
        << "offline_access" << true << "offline_access a";
    QTest::newRow("omit stays omit even when offline_access is possible") << ""
                                                                          << ""
                                                                          << "offline_access" << true << "";
    QTest::newRow("offline_access alone is never requested") << "offline_access"
                                                             << ""
                                                             << "offline_access" << true << "";
    QTest::newRow("offline_access is case-sensitive") << "a"
                                                      << ""
                                                      << "Offline_Access" << true << "a";
}

void TestScopeSet::selectsScopesForAuthorization()
{
    QFETCH(QString, challenged);
    QFETCH(QString, resourceSupported);
    QFETCH(QString, authServerSupported);
    QFETCH(bool, refreshGrant);
    QFETCH(QString, expected);

    ScopeSet::SelectionInputs inputs;
    inputs.challenged = ScopeSet::parse(challenged).value();
    inputs.resourceScopesSupported = ScopeSet::parse(resourceSupported).value();
    inputs.authServerScopesSupported = ScopeSet::parse(authServerSupported).value();
    inputs.refreshTokenGrantRequested = refreshGrant;
    // Order matters for the authorize URL, so compare the string, not the set.
    QCOMPARE(ScopeSet::selectForAuthorization(inputs).toString(), expected);
}

void TestScopeSet::handlesManyTokensLinearly()
{
    // A hostile 256 KiB scopes_supported (requirements SEC-12): tens of thousands of tokens, many repeated. With a
    // list-only dedup this would be quadratic; the hashed index keeps it instant.
    QStringList tokens;
    for (int i = 0; i < 40000; ++i)
        tokens.append(QStringLiteral("s%1").arg(i % 20000));
    const auto set = ScopeSet::parse(tokens.join(u' '));
    QVERIFY(set.ok());
    QCOMPARE(set.value().size(), 20000);
    QCOMPARE(set.value().toList().constFirst(), QStringLiteral("s0"));
    QCOMPARE(set.value().toList().constLast(), QStringLiteral("s19999"));
    QCOMPARE(set.value().united(set.value()).size(), 20000);
    QVERIFY(set.value().subtracted(set.value()).isEmpty());
}

QTEST_GUILESS_MAIN(TestScopeSet)
#include "tst_scopeset.moc"
