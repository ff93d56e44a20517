// The elicitation dialog and its handler, offscreen (requirements UI-6, FEATURE-8, FEATURE-9, SEC-10, SEC-13): a
// requested schema with every field type builds the right editors with their defaults; an invalid value keeps Accept
// disabled; accepting returns the content with the types the schema asks for; Decline, Cancel and Escape
// answer as such; the server's message stays plain text; secret-looking fields raise a warning; URL mode
// shows the full URL and host and opens it only after consent. Saves screenshots of both dialogs.

#include "elicitation/dialogelicitationhandler.h"
#include "elicitation/elicitationdialog.h"
#include "mcp/destinationcheckingelicitationhandler.h"
#include "screenshot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace portico;
using namespace Qt::StringLiterals; // u"…"_s: one data row per line

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// One property of each kind the spec allows, with defaults (MCP client/elicitation §Requested Schema).
QJsonObject fullSchema()
{
    return parse(R"({
      "type": "object",
      "properties": {
        "name":     {"type": "string", "title": "Full name", "minLength": 2, "maxLength": 40},
        "email":    {"type": "string", "format": "email", "title": "Email"},
        "code":     {"type": "string", "pattern": "^[A-Z]{3}$", "title": "Code"},
        "birthday": {"type": "string", "format": "date"},
        "age":      {"type": "integer", "minimum": 1, "maximum": 120, "default": 42},
        "ratio":    {"type": "number", "minimum": 0, "maximum": 10, "default": 3.14},
        "agree":    {"type": "boolean", "default": true},
        "notify":   {"type": "boolean"},
        "color":    {"type": "string", "enum": ["red", "green", "blue"], "default": "green"},
        "hero":     {"type": "string", "oneOf": [{"const": "h1", "title": "Superman"},
                                                  {"const": "h2", "title": "Wonder Woman"}], "default": "h2"},
        "pet":      {"type": "string", "enum": ["p1", "p2"], "enumNames": ["Cats", "Dogs"]},
        "tools":    {"type": "array", "minItems": 1, "maxItems": 2,
                     "items": {"type": "string", "enum": ["Guitar", "Piano", "Drums"]}, "default": ["Piano"]}
      },
      "required": ["name", "email"]
    })");
}

ElicitationRequest formRequest(const QJsonObject &schema = fullSchema(), const QString &message = {})
{
    ElicitationRequest request;
    request.serverName = QStringLiteral("Everything Server");
    request.mode = QStringLiteral("form");
    request.message = message.isEmpty() ? QStringLiteral("Please tell us about yourself.") : message;
    request.requestedSchema = schema;
    return request;
}

template<typename W>
W *editor(const ElicitationDialog &dialog, const char *name)
{
    return qobject_cast<W *>(dialog.fieldEditor(QString::fromLatin1(name)));
}

void fillRequired(ElicitationDialog &dialog)
{
    editor<QLineEdit>(dialog, "name")->setText(QStringLiteral("Ada Lovelace"));
    editor<QLineEdit>(dialog, "email")->setText(QStringLiteral("ada@example.org"));
}

} // namespace

class TestElicitationDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsTheRightEditorForEachFieldWithDefaults();
    void invalidValueKeepsAcceptDisabled_data();
    void invalidValueKeepsAcceptDisabled();
    void acceptReturnsTheTypedContent();
    void declineCancelAndEscapeAnswerAsSuch_data();
    void declineCancelAndEscapeAnswerAsSuch();
    void showsTheServerMessageAsPlainTextUnderTheServerName();
    void warnsWhenAFieldLooksLikeASecret_data();
    void warnsWhenAFieldLooksLikeASecret();
    void handlerAnswersFormModeLaterThroughTheCallback();
    void handlerOpensUrlOnlyAfterConsent();
    void handlerDeclinedUrlIsNeverOpened();
    void handlerNeverOffersToOpenAUrlThePolicyRefuses();
    void handlerShowsAUrlTheDestinationRuleRefusesAsRefused_data();
    void handlerShowsAUrlTheDestinationRuleRefusesAsRefused();
    void handlerStaysSilentOnceTheAskerIsGone();
    void savesScreenshots();
};

void TestElicitationDialog::buildsTheRightEditorForEachFieldWithDefaults()
{
    ElicitationDialog dialog(formRequest());
    // Required fields come first, in the order the schema lists them.
    QCOMPARE(dialog.fieldNames().mid(0, 3),
             (QStringList{QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("age")}));
    QCOMPARE(dialog.fieldNames().size(), 12);
    QVERIFY(editor<QLineEdit>(dialog, "name"));
    QVERIFY(editor<QLineEdit>(dialog, "email"));
    QVERIFY(editor<QLineEdit>(dialog, "birthday"));
    QCOMPARE(editor<QLineEdit>(dialog, "birthday")->placeholderText(), QStringLiteral("YYYY-MM-DD"));
    // Numbers: line edits pre-filled with the default and a range hint (SEP-1034 defaults).
    QCOMPARE(editor<QLineEdit>(dialog, "age")->text(), QStringLiteral("42"));
    QVERIFY(editor<QLineEdit>(dialog, "age")->placeholderText().contains(QStringLiteral("1 to 120")));
    QCOMPARE(editor<QLineEdit>(dialog, "ratio")->text(), QStringLiteral("3.14"));
    QVERIFY(editor<QCheckBox>(dialog, "agree")->isChecked());
    // An optional boolean without a default starts "not set" and is left out of the content.
    QCOMPARE(editor<QCheckBox>(dialog, "notify")->checkState(), Qt::PartiallyChecked);
    QVERIFY(!dialog.content().contains(QStringLiteral("notify")));
    QCOMPARE(editor<QComboBox>(dialog, "color")->currentData().toString(), QStringLiteral("green"));
    // Titles from oneOf and from legacy enumNames are what the person sees; the const is what is sent.
    QCOMPARE(editor<QComboBox>(dialog, "hero")->currentText(), QStringLiteral("Wonder Woman"));
    QCOMPARE(editor<QComboBox>(dialog, "hero")->currentData().toString(), QStringLiteral("h2"));
    QComboBox *pet = editor<QComboBox>(dialog, "pet");
    QVERIFY(pet->findText(QStringLiteral("Dogs")) >= 0);
    QVERIFY(!pet->currentData().isValid()); // no default: "(not set)"
    QListWidget *tools = editor<QListWidget>(dialog, "tools");
    QVERIFY(tools);
    QCOMPARE(tools->count(), 3);
    QCOMPARE(tools->item(1)->checkState(), Qt::Checked);
    QCOMPARE(tools->item(0)->checkState(), Qt::Unchecked);
    // Every editor has an accessible name; required ones say so.
    for (const QString &name : dialog.fieldNames())
        QVERIFY2(!dialog.fieldEditor(name)->accessibleName().isEmpty(), qPrintable(name));
    QVERIFY(dialog.fieldEditor(QStringLiteral("email"))->accessibleName().contains(QStringLiteral("required")));
    // The required fields are empty, so the defaults alone cannot be accepted.
    QVERIFY(!dialog.acceptButton()->isEnabled());
    QVERIFY(dialog.declineButton()->isEnabled());
    QVERIFY(dialog.cancelButton()->isEnabled());
}

void TestElicitationDialog::invalidValueKeepsAcceptDisabled_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // part of the message the person reads

    QTest::newRow("integer above maximum") << u"age"_s << u"121"_s << u"above its maximum"_s;
    QTest::newRow("integer not whole") << u"age"_s << u"4.5"_s << u"whole number"_s;
    QTest::newRow("number not a number") << u"ratio"_s << u"lots"_s << u"must be a number"_s;
    QTest::newRow("number below minimum") << u"ratio"_s << u"-1"_s << u"below its minimum"_s;
    QTest::newRow("string too short") << u"name"_s << u"A"_s << u"too short"_s;
    QTest::newRow("string too long") << u"name"_s << QString(41, QLatin1Char('x')) << u"too long"_s;
    QTest::newRow("email format") << u"email"_s << u"not-an-address"_s << u"email address"_s;
    QTest::newRow("pattern") << u"code"_s << u"abc"_s << u"expected form"_s;
    QTest::newRow("date format") << u"birthday"_s << u"31/12/1999"_s << u"YYYY-MM-DD"_s;
    QTest::newRow("required left empty") << u"email"_s << QString() << u"is required"_s;
}

void TestElicitationDialog::invalidValueKeepsAcceptDisabled()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ElicitationDialog dialog(formRequest());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillRequired(dialog);
    QVERIFY2(dialog.acceptButton()->isEnabled(), qPrintable(dialog.validationMessage()));

    auto *line = qobject_cast<QLineEdit *>(dialog.fieldEditor(field));
    QVERIFY(line);
    line->clear();
    QTest::keyClicks(line, text);
    QVERIFY(!dialog.acceptButton()->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(expected), qPrintable(dialog.validationMessage()));
    // The inline message sits under the field itself.
    auto *error = dialog.findChild<QLabel *>(field + QStringLiteral("Error"));
    QVERIFY(error);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(expected));

    // Enter (the default button) and a direct accept() both refuse while the value is wrong.
    QTest::keyClick(&dialog, Qt::Key_Return);
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.reply().action, ElicitationReply::Action::Cancel);

    // Fixing the value enables Accept again.
    fillRequired(dialog);
    line->setText(field == QLatin1StringView("age")        ? QStringLiteral("7")
                  : field == QLatin1StringView("ratio")    ? QStringLiteral("2.5")
                  : field == QLatin1StringView("code")     ? QStringLiteral("ABC")
                  : field == QLatin1StringView("birthday") ? QStringLiteral("1999-12-31")
                  : field == QLatin1StringView("name")     ? QStringLiteral("Ada Lovelace")
                                                           : QStringLiteral("ada@example.org"));
    QVERIFY2(dialog.acceptButton()->isEnabled(), qPrintable(dialog.validationMessage()));
    QVERIFY(!error->isVisible());
}

void TestElicitationDialog::acceptReturnsTheTypedContent()
{
    ElicitationDialog dialog(formRequest());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillRequired(dialog);
    editor<QLineEdit>(dialog, "code")->setText(QStringLiteral("XYZ"));
    editor<QLineEdit>(dialog, "age")->setText(QStringLiteral("7"));
    editor<QLineEdit>(dialog, "ratio")->setText(QStringLiteral("2.5"));
    editor<QCheckBox>(dialog, "agree")->setChecked(false);
    editor<QCheckBox>(dialog, "notify")->setCheckState(Qt::Checked);
    QComboBox *hero = editor<QComboBox>(dialog, "hero");
    hero->setCurrentIndex(hero->findText(QStringLiteral("Superman")));
    QComboBox *pet = editor<QComboBox>(dialog, "pet");
    pet->setCurrentIndex(pet->findText(QStringLiteral("Cats")));
    editor<QListWidget>(dialog, "tools")->item(2)->setCheckState(Qt::Checked);

    QSignalSpy finished(&dialog, &QDialog::finished);
    QVERIFY(dialog.acceptButton()->isEnabled());
    QTest::mouseClick(dialog.acceptButton(), Qt::LeftButton);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Accepted));

    const ElicitationReply reply = dialog.reply();
    QCOMPARE(reply.action, ElicitationReply::Action::Accept);
    const QJsonObject expected = parse(R"({
      "name": "Ada Lovelace", "email": "ada@example.org", "code": "XYZ", "age": 7, "ratio": 2.5,
      "agree": false, "notify": true, "color": "green", "hero": "h1", "pet": "p1", "tools": ["Piano", "Drums"]
    })");
    QCOMPARE(reply.content, expected);
    // An integer travels as a JSON integer, not 7.0 (checked on the wire form).
    QVERIFY(QJsonDocument(reply.toResult()).toJson(QJsonDocument::Compact).contains("\"age\":7,"));
    QCOMPARE(reply.toResult().value(QStringLiteral("action")).toString(), QStringLiteral("accept"));
}

void TestElicitationDialog::declineCancelAndEscapeAnswerAsSuch_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("action");
    QTest::newRow("decline button") << u"decline"_s << u"decline"_s;
    QTest::newRow("cancel button") << u"cancel"_s << u"cancel"_s;
    QTest::newRow("escape key") << u"escape"_s << u"cancel"_s;
}

void TestElicitationDialog::declineCancelAndEscapeAnswerAsSuch()
{
    QFETCH(QString, how);
    QFETCH(QString, action);
    ElicitationDialog dialog(formRequest());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillRequired(dialog); // even with valid answers, nothing is sent unless the person accepts
    if (how == QLatin1StringView("decline"))
        QTest::mouseClick(dialog.declineButton(), Qt::LeftButton);
    else if (how == QLatin1StringView("cancel"))
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    else
        QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    const QJsonObject result = dialog.reply().toResult();
    QCOMPARE(result.value(QStringLiteral("action")).toString(), action);
    QVERIFY(!result.contains(QStringLiteral("content")));
    QVERIFY(dialog.reply().content.isEmpty());
}

void TestElicitationDialog::showsTheServerMessageAsPlainTextUnderTheServerName()
{
    const QString message = QStringLiteral("<b>Trust me</b> & <a href=\"https://evil.example\">click</a>");
    ElicitationDialog dialog(formRequest(fullSchema(), message));
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("serverMessage"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText); // Requirements SEC-10: server text is never rich text
    QCOMPARE(label->text(), message);
    QVERIFY(!(label->textInteractionFlags() & Qt::LinksAccessibleByMouse));
    QVERIFY(dialog.windowTitle().contains(QStringLiteral("Everything Server"))); // Requirements FEATURE-8: who asks
}

void TestElicitationDialog::warnsWhenAFieldLooksLikeASecret_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("title");
    QTest::addColumn<bool>("warns");
    QTest::newRow("password") << u"password"_s << QString() << true;
    QTest::newRow("camelCase api key") << u"apiKey"_s << QString() << true;
    QTest::newRow("snake_case token") << u"github_token"_s << QString() << true;
    QTest::newRow("title names a PIN") << u"code"_s << u"Your bank PIN"_s << true;
    QTest::newRow("client secret") << u"clientSecret"_s << QString() << true;
    QTest::newRow("plain name") << u"firstLine"_s << u"Favourite first line"_s << false;
    QTest::newRow("keyboard is no key") << u"keyboardLayout"_s << QString() << false;
    QTest::newRow("homepage") << u"homepage"_s << u"Homepage"_s << false;
}

void TestElicitationDialog::warnsWhenAFieldLooksLikeASecret()
{
    QFETCH(QString, property);
    QFETCH(QString, title);
    QFETCH(bool, warns);
    QJsonObject field{{QStringLiteral("type"), QStringLiteral("string")}};
    if (!title.isEmpty())
        field.insert(QStringLiteral("title"), title);
    const QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("properties"), QJsonObject{{property, field}}}};
    ElicitationDialog dialog(formRequest(schema));
    QCOMPARE(!dialog.secretLookingFields().isEmpty(), warns);
    QCOMPARE(dialog.findChild<QWidget *>(QStringLiteral("secretWarning")) != nullptr, warns);
    // A secret-looking field is at least not echoed while typed (requirements SEC-13).
    QCOMPARE(qobject_cast<QLineEdit *>(dialog.fieldEditor(property))->echoMode(),
             warns ? QLineEdit::Password : QLineEdit::Normal);
}

void TestElicitationDialog::handlerAnswersFormModeLaterThroughTheCallback()
{
    DialogElicitationHandler handler;
    QVERIFY(handler.supportsUrlMode());
    QObject context;
    std::optional<ElicitationReply> answer;
    int calls = 0;
    handler.elicit(formRequest(), &context, [&](ElicitationReply reply) {
        ++calls;
        answer = reply;
    });
    QCOMPARE(calls, 0); // never synchronously
    auto *dialog = qobject_cast<ElicitationDialog *>(handler.activeDialog());
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    fillRequired(*dialog);
    QTest::mouseClick(dialog->acceptButton(), Qt::LeftButton);
    QTRY_COMPARE(calls, 1);
    QCOMPARE(answer->action, ElicitationReply::Action::Accept);
    QCOMPARE(answer->content.value(QStringLiteral("email")).toString(), QStringLiteral("ada@example.org"));
    QCOMPARE(answer->content.value(QStringLiteral("age")).toInt(), 42);
    QTRY_VERIFY(!handler.activeDialog());
    QTest::qWait(50);
    QCOMPARE(calls, 1); // exactly once
}

void TestElicitationDialog::handlerOpensUrlOnlyAfterConsent()
{
    DialogElicitationHandler handler;
    QList<QUrl> opened;
    handler.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    ElicitationRequest request;
    request.serverName = QStringLiteral("Payments");
    request.mode = QStringLiteral("url");
    request.message = QStringLiteral("Connect your account to continue.");
    request.url = QUrl(QStringLiteral("https://accounts.example.com/connect?session=abc&step=2"));
    request.elicitationId = QStringLiteral("e-1");
    QObject context;
    std::optional<ElicitationReply> answer;
    handler.elicit(request, &context, [&answer](ElicitationReply reply) { answer = reply; });
    QDialog *dialog = handler.activeDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    // Requirements FEATURE-9: the full URL and its host, before anything is opened.
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("urlAddress"))->text(), request.url.toString());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("urlHost"))->text(), QStringLiteral("accounts.example.com"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("serverMessage"))->text(), request.message);
    QTest::keyClick(dialog, Qt::Key_Return); // Enter is Cancel by default, never Open
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->action, ElicitationReply::Action::Cancel);
    QVERIFY(opened.isEmpty());

    answer.reset();
    handler.elicit(request, &context, [&answer](ElicitationReply reply) { answer = reply; });
    dialog = handler.activeDialog();
    QVERIFY(dialog);
    QVERIFY(opened.isEmpty());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("openButton")), Qt::LeftButton);
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(opened, QList<QUrl>{request.url});
    QCOMPARE(answer->action, ElicitationReply::Action::Accept);
    QCOMPARE(answer->toResult(), (QJsonObject{{QStringLiteral("action"), QStringLiteral("accept")},
                                              {QStringLiteral("content"), QJsonObject()}}));
}

void TestElicitationDialog::handlerDeclinedUrlIsNeverOpened()
{
    DialogElicitationHandler handler;
    int opens = 0;
    handler.setUrlOpener([&opens](const QUrl &) {
        ++opens;
        return true;
    });
    ElicitationRequest request;
    request.mode = QStringLiteral("url");
    request.url = QUrl(QStringLiteral("https://example.com/authorize"));
    QObject context;
    std::optional<ElicitationReply> answer;
    handler.elicit(request, &context, [&answer](ElicitationReply reply) { answer = reply; });
    QDialog *dialog = handler.activeDialog();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("declineButton")), Qt::LeftButton);
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->action, ElicitationReply::Action::Decline);
    QCOMPARE(opens, 0);
}

void TestElicitationDialog::handlerNeverOffersToOpenAUrlThePolicyRefuses()
{
    DialogElicitationHandler handler;
    int opens = 0;
    handler.setUrlOpener([&opens](const QUrl &) {
        ++opens;
        return true;
    });
    ElicitationRequest request;
    request.mode = QStringLiteral("url");
    request.url = QUrl(QStringLiteral("http://phish.example.net/login")); // plain http to a remote host
    QObject context;
    std::optional<ElicitationReply> answer;
    handler.elicit(request, &context, [&answer](ElicitationReply reply) { answer = reply; });
    QDialog *dialog = handler.activeDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("openButton")));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("urlNote"))->text().contains(QStringLiteral("will not open")));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("urlAddress"))->text(), request.url.toString());
    dialog->reject();
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->action, ElicitationReply::Action::Cancel);
    QCOMPARE(opens, 0);
}

void TestElicitationDialog::handlerShowsAUrlTheDestinationRuleRefusesAsRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");
    QTest::newRow("metadata service literal") << u"https://169.254.169.254/latest/meta-data"_s << u"169.254.169.254"_s;
    QTest::newRow("private literal, decimal") << u"https://167772165/admin"_s << u"10.0.0.5"_s;
    QTest::newRow("name resolving to the router") << u"https://router.example/setup"_s << u"192.168.1.1"_s;
}

void TestElicitationDialog::handlerShowsAUrlTheDestinationRuleRefusesAsRefused()
{
    // Requirements SEC-1: a public server's page in the person's own network is shown as refused, with the reason,
    // and never opened (the server's rule, applied by DestinationCheckingElicitationHandler; the name goes
    // through the test lookup, nothing is sent).
    QFETCH(QString, url);
    QFETCH(QString, reason);
    DialogElicitationHandler dialogs;
    int opens = 0;
    dialogs.setUrlOpener([&opens](const QUrl &) {
        ++opens;
        return true;
    });
    DestinationCheckingElicitationHandler handler(
        dialogs, DestinationResolver(DestinationPolicy::forConfiguredServer(QUrl(u"https://mcp.example/mcp"_s), false),
                                     [](const QString &host) {
                                         return host == u"router.example"_s
                                                    ? QList<QHostAddress>{QHostAddress(u"192.168.1.1"_s)}
                                                    : QList<QHostAddress>();
                                     }));
    ElicitationRequest request;
    request.mode = QStringLiteral("url");
    request.url = QUrl(url);
    QObject context;
    std::optional<ElicitationReply> answer;
    handler.elicit(request, &context, [&answer](ElicitationReply reply) { answer = reply; });
    QDialog *dialog = dialogs.activeDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("openButton")));
    const QString note = dialog->findChild<QLabel *>(QStringLiteral("urlNote"))->text();
    QVERIFY2(note.contains(QStringLiteral("will not open")) && note.contains(reason), qPrintable(note));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("urlAddress"))->text(), request.url.toString());
    dialog->done(QDialog::Accepted); // even an "Open" answer opens nothing
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->action, ElicitationReply::Action::Cancel);
    QCOMPARE(opens, 0);
}

void TestElicitationDialog::handlerStaysSilentOnceTheAskerIsGone()
{
    DialogElicitationHandler handler;
    int calls = 0;
    {
        QObject context;
        handler.elicit(formRequest(), &context, [&calls](ElicitationReply) { ++calls; });
        QVERIFY(handler.activeDialog());
    }
    // The dialog goes away with its asker, and nobody is called back.
    QTRY_VERIFY(!handler.activeDialog());
    QTest::qWait(50);
    QCOMPARE(calls, 0);
}

void TestElicitationDialog::savesScreenshots()
{
    ElicitationDialog form(formRequest());
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    editor<QLineEdit>(form, "name")->setText(QStringLiteral("Ada Lovelace"));
    editor<QLineEdit>(form, "email")->setText(QStringLiteral("ada@"));
    testing::saveScreenshot(form, QStringLiteral("elicitation-form.png"));

    DialogElicitationHandler handler;
    handler.setUrlOpener([](const QUrl &) { return true; });
    ElicitationRequest request;
    request.serverName = QStringLiteral("Payments");
    request.mode = QStringLiteral("url");
    request.message = QStringLiteral("Connect your account to continue.");
    request.url = QUrl(QStringLiteral("https://accounts.example.com/connect?session=abc"));
    QObject context;
    handler.elicit(request, &context, [](ElicitationReply) {});
    QVERIFY(QTest::qWaitForWindowExposed(handler.activeDialog()));
    testing::saveScreenshot(*handler.activeDialog(), QStringLiteral("elicitation-url.png"));
    handler.activeDialog()->reject();
}

QTEST_MAIN(TestElicitationDialog)
#include "tst_elicitationdialog.moc"
