#include "editor/servereditordialog.h"

#include "auth/scopeset.h"
#include "net/urlpolicy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSslCertificate>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
#include <utility>

namespace portico {

namespace {

using Mode = ServerConfig::AuthorizationMode;

// A CA bundle is a few hundred kilobytes at most; anything far larger is not one, and reading it on every
// keystroke would make the form sluggish.
constexpr qint64 kMaxCaFileSize = 16 * 1024 * 1024;

// The icon that goes with a notice under the form: the message is never carried by colour alone, and the
// style's own icons follow the theme (ui-common: no hard-coded colours).
QLabel *noticeIcon(QStyle *style, QStyle::StandardPixmap which, QWidget *parent)
{
    auto *icon = new QLabel(parent);
    const int size = style->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style->standardIcon(which).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    return icon;
}

QLabel *noticeText(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The form keeps what a ServerConfig holds as text; an empty field means "not set".
QString urlText(const QUrl &url)
{
    return url.isEmpty() ? QString() : url.toString();
}

} // namespace

ServerEditorDialog::ServerEditorDialog(const ServerConfig &initial, const QList<ServerConfig> &existing,
                                       QWidget *parent)
    : QDialog(parent)
    , m_initial(initial)
    , m_existing(existing)
{
    setObjectName(QStringLiteral("serverEditorDialog"));
    // A server that was never saved has no URL yet: that is "Add server".
    setWindowTitle(initial.url.isEmpty() ? tr("Add server") : tr("Edit server"));
    // Wide enough for a typical MCP URL and the placeholders to read in full.
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    buildForm();
    loadFrom(initial);
    revalidate();
    m_urlEdit->setFocus();
}

void ServerEditorDialog::buildForm()
{
    // --- The server -------------------------------------------------------------------------------------
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setAccessibleName(tr("Server URL"));
    m_urlEdit->setPlaceholderText(tr("https://mcp.example.com/mcp"));
    m_urlEdit->setClearButtonEnabled(true);

    // The duplicate warning sits right under the URL it is about.
    auto *duplicateRow = new QWidget(this);
    duplicateRow->setObjectName(QStringLiteral("duplicateRow"));
    auto *duplicateLayout = new QHBoxLayout(duplicateRow);
    duplicateLayout->setContentsMargins(0, 0, 0, 0);
    duplicateLayout->addWidget(noticeIcon(style(), QStyle::SP_MessageBoxWarning, duplicateRow));
    m_duplicateLabel = noticeText(duplicateRow);
    m_duplicateLabel->setObjectName(QStringLiteral("duplicateLabel"));
    duplicateLayout->addWidget(m_duplicateLabel, 1);

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setAccessibleName(tr("Display name"));

    // --- Authorization ----------------------------------------------------------------------------------
    m_modeBox = new QComboBox(this);
    m_modeBox->setObjectName(QStringLiteral("modeBox"));
    m_modeBox->setAccessibleName(tr("Authorization"));
    m_modeBox->addItem(tr("Automatic: sign in when the server asks"), int(Mode::Automatic));
    m_modeBox->addItem(tr("Pre-registered client (client id and secret)"), int(Mode::PreRegisteredClient));
    m_modeBox->addItem(tr("Client credentials (machine to machine, no sign-in)"), int(Mode::ClientCredentials));
    m_modeBox->addItem(tr("None (the server is open)"), int(Mode::None));

    m_clientIdEdit = new QLineEdit(this);
    m_clientIdEdit->setObjectName(QStringLiteral("clientIdEdit"));
    m_clientIdEdit->setAccessibleName(tr("Client id"));
    m_clientIdEdit->setPlaceholderText(tr("The client id the authorization server issued"));

    // ui-common: a secret field is masked and never pre-filled with the stored secret (docs/architecture.md,
    // "Security rules").
    m_secretEdit = new QLineEdit(this);
    m_secretEdit->setObjectName(QStringLiteral("secretEdit"));
    m_secretEdit->setAccessibleName(tr("Client secret"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);

    // Optional scope override (requirements UI-2: wrong scopes are requested); empty keeps the MCP scope
    // selection strategy (requirements AUTH-28: challenge, then PRM scopes_supported, then none).
    m_scopesEdit = new QLineEdit(this);
    m_scopesEdit->setObjectName(QStringLiteral("scopesEdit"));
    m_scopesEdit->setAccessibleName(tr("Scope override"));
    m_scopesEdit->setPlaceholderText(tr("Let the server choose (or type scopes separated by spaces)"));

    // --- Advanced (collapsed unless something in it is set) ---------------------------------------------
    m_advancedButton = new QToolButton(this);
    m_advancedButton->setObjectName(QStringLiteral("advancedButton"));
    m_advancedButton->setText(tr("Ad&vanced"));
    m_advancedButton->setAccessibleName(tr("Advanced settings"));
    m_advancedButton->setCheckable(true);
    m_advancedButton->setAutoRaise(true);
    m_advancedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedButton->setFocusPolicy(Qt::StrongFocus);

    m_advanced = new QWidget(this);
    m_advanced->setObjectName(QStringLiteral("advancedGroup"));

    // RFC 8707 resource: on by default (requirements AUTH-27), with a way out for identity providers that refuse it
    // (requirements UI-2: Entra AADSTS901002 / AADSTS9010010; mcp-remote --disable-resource-parameter).
    m_resourceCheck = new QCheckBox(tr("Send the &resource parameter (RFC 8707)"), m_advanced);
    m_resourceCheck->setObjectName(QStringLiteral("resourceCheck"));
    m_resourceCheck->setAccessibleName(tr("Send the resource parameter"));
    auto *resourceHint = new QLabel(tr("Turn this off for identity providers that reject it, such as Microsoft "
                                       "Entra ID."),
                                    m_advanced);
    resourceHint->setObjectName(QStringLiteral("resourceHint"));
    resourceHint->setWordWrap(true);
    resourceHint->setForegroundRole(QPalette::PlaceholderText);
    // Under the check box's text, not its indicator, so it reads as that option's note.
    resourceHint->setContentsMargins(style()->pixelMetric(QStyle::PM_IndicatorWidth)
                                         + style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing),
                                     0, 0, 0);
    m_resourceCheck->setToolTip(resourceHint->text());
    m_resourceCheck->setAccessibleDescription(resourceHint->text());

    // A fixed loopback port for a client registered with one redirect URI (requirements AUTH-20, UI-2, e.g.
    // Slack's localhost:3118). Digits only here; the range is checked with the rest of the form.
    m_portEdit = new QLineEdit(m_advanced);
    m_portEdit->setObjectName(QStringLiteral("portEdit"));
    m_portEdit->setAccessibleName(tr("Fixed redirect port"));
    m_portEdit->setPlaceholderText(tr("Any free port"));
    m_portEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,5}")), m_portEdit));

    m_caFileEdit = new QLineEdit(m_advanced);
    m_caFileEdit->setObjectName(QStringLiteral("caFileEdit"));
    m_caFileEdit->setAccessibleName(tr("Custom CA file"));
    m_caFileEdit->setPlaceholderText(tr("The system's certificate authorities only"));
    m_caBrowseButton = new QPushButton(tr("&Browse…"), m_advanced);
    m_caBrowseButton->setObjectName(QStringLiteral("caBrowseButton"));
    m_caBrowseButton->setAccessibleName(tr("Browse for a CA file"));
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFileEdit, 1);
    caRow->addWidget(m_caBrowseButton);

    m_proxyBox = new QComboBox(m_advanced);
    m_proxyBox->setObjectName(QStringLiteral("proxyBox"));
    m_proxyBox->setAccessibleName(tr("Proxy"));
    m_proxyBox->addItem(tr("System settings"), int(ProxyMode::System));
    m_proxyBox->addItem(tr("None (connect directly)"), int(ProxyMode::None));
    m_proxyBox->addItem(tr("Manual"), int(ProxyMode::Manual));
    m_proxyUrlEdit = new QLineEdit(m_advanced);
    m_proxyUrlEdit->setObjectName(QStringLiteral("proxyUrlEdit"));
    m_proxyUrlEdit->setAccessibleName(tr("Proxy URL"));
    m_proxyUrlEdit->setPlaceholderText(tr("http://proxy.example:3128"));
    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyBox);
    proxyRow->addWidget(m_proxyUrlEdit, 1);

    // Requirements SEC-1: by default a server reaches only addresses of its own kind (net/destinationpolicy.h);
    // an internal server behind a public name needs this to reach the private network.
    m_privateNetworkCheck = new QCheckBox(tr("Allow private networ&k addresses"), m_advanced);
    m_privateNetworkCheck->setObjectName(QStringLiteral("privateNetworkCheck"));
    m_privateNetworkCheck->setAccessibleName(tr("Allow private network addresses"));
    auto *privateNetworkHint = new QLabel(tr("Lets this server, its redirects and its sign-in reach addresses such "
                                             "as 10.x, 192.168.x and this computer; leave it off for public servers."),
                                          m_advanced);
    privateNetworkHint->setObjectName(QStringLiteral("privateNetworkHint"));
    privateNetworkHint->setWordWrap(true);
    privateNetworkHint->setForegroundRole(QPalette::PlaceholderText);
    privateNetworkHint->setContentsMargins(resourceHint->contentsMargins());
    m_privateNetworkCheck->setToolTip(privateNetworkHint->text());
    m_privateNetworkCheck->setAccessibleDescription(privateNetworkHint->text());

    m_browserBox = new QComboBox(m_advanced);
    m_browserBox->setObjectName(QStringLiteral("browserBox"));
    m_browserBox->setAccessibleName(tr("Sign in with"));
    m_browserBox->addItem(tr("A page inside Portico"), false);
    m_browserBox->addItem(tr("The system browser"), true);

    m_transportBox = new QComboBox(m_advanced);
    m_transportBox->setObjectName(QStringLiteral("transportBox"));
    m_transportBox->setAccessibleName(tr("Transport"));
    m_transportBox->addItem(tr("Automatic (detect what the server speaks)"),
                            int(ServerConfig::TransportChoice::Automatic));
    m_transportBox->addItem(tr("2026-07-28 stateless HTTP"), int(ServerConfig::TransportChoice::Stateless2026));
    m_transportBox->addItem(tr("2025 Streamable HTTP"), int(ServerConfig::TransportChoice::StreamableHttp2025));
    m_transportBox->addItem(tr("2024-11-05 HTTP with SSE"), int(ServerConfig::TransportChoice::HttpSse2024));

    auto *advancedForm = new QFormLayout(m_advanced);
    advancedForm->setContentsMargins(0, 0, 0, 0);
    advancedForm->addRow(m_resourceCheck);
    advancedForm->addRow(resourceHint);
    advancedForm->addRow(tr("Redirect &port:"), m_portEdit);
    advancedForm->addRow(tr("Custom CA &file:"), caRow);
    advancedForm->addRow(tr("Pro&xy:"), proxyRow);
    advancedForm->addRow(m_privateNetworkCheck);
    advancedForm->addRow(privateNetworkHint);
    advancedForm->addRow(tr("Sign in &with:"), m_browserBox);
    advancedForm->addRow(tr("&Transport:"), m_transportBox);
    // QFormLayout gives a buddy to a label only for a widget field; the CA and proxy rows hold layouts.
    if (auto *caLabel = qobject_cast<QLabel *>(advancedForm->labelForField(caRow)))
        caLabel->setBuddy(m_caFileEdit);
    if (auto *proxyLabel = qobject_cast<QLabel *>(advancedForm->labelForField(proxyRow)))
        proxyLabel->setBuddy(m_proxyBox);

    m_form = new QFormLayout;
    m_form->addRow(tr("Server &URL:"), m_urlEdit);
    m_form->addRow(duplicateRow);
    m_form->addRow(tr("&Name:"), m_nameEdit);
    m_form->addRow(tr("&Authorization:"), m_modeBox);
    m_form->addRow(tr("Client &id:"), m_clientIdEdit);
    m_form->addRow(tr("Client s&ecret:"), m_secretEdit);
    m_form->addRow(tr("Sc&opes:"), m_scopesEdit);
    m_form->addRow(m_advancedButton);
    m_form->addRow(m_advanced);

    // --- What is wrong, and the buttons -----------------------------------------------------------------
    auto *messageRow = new QHBoxLayout;
    m_messageIcon = noticeIcon(style(), QStyle::SP_MessageBoxCritical, this);
    m_messageIcon->setObjectName(QStringLiteral("messageIcon"));
    m_messageLabel = noticeText(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    messageRow->addWidget(m_messageIcon);
    messageRow->addWidget(m_messageLabel, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_saveButton = m_buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setAccessibleName(tr("Save"));
    m_saveButton->setDefault(true);
    if (QPushButton *cancel = m_buttons->button(QDialogButtonBox::Cancel)) {
        cancel->setObjectName(QStringLiteral("cancelButton"));
        cancel->setAccessibleName(tr("Cancel"));
    }
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ServerEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addStretch(1);
    layout->addLayout(messageRow);
    layout->addWidget(m_buttons);

    // Tab order follows the form top to bottom (ui-common: keyboard navigation).
    QWidget *order[] = {m_urlEdit,        m_nameEdit,
                        m_modeBox,        m_clientIdEdit,
                        m_secretEdit,     m_scopesEdit,
                        m_advancedButton, m_resourceCheck,
                        m_portEdit,       m_caFileEdit,
                        m_caBrowseButton, m_proxyBox,
                        m_proxyUrlEdit,   m_privateNetworkCheck,
                        m_browserBox,     m_transportBox};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);

    // Inline validation on every edit (requirements UI-2).
    for (QLineEdit *edit : {m_urlEdit, m_nameEdit, m_clientIdEdit, m_secretEdit, m_scopesEdit, m_portEdit, m_caFileEdit,
                            m_proxyUrlEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
    }
    for (QComboBox *box : {m_modeBox, m_proxyBox, m_browserBox, m_transportBox})
        connect(box, &QComboBox::currentIndexChanged, this, &ServerEditorDialog::revalidate);
    connect(m_resourceCheck, &QCheckBox::toggled, this, &ServerEditorDialog::revalidate);
    connect(m_privateNetworkCheck, &QCheckBox::toggled, this, &ServerEditorDialog::revalidate);
    connect(m_modeBox, &QComboBox::currentIndexChanged, this, &ServerEditorDialog::updateModeRows);
    connect(m_advancedButton, &QToolButton::toggled, this, &ServerEditorDialog::setAdvancedVisible);
    connect(m_caBrowseButton, &QPushButton::clicked, this, &ServerEditorDialog::browseCaFile);
}

void ServerEditorDialog::loadFrom(const ServerConfig &config)
{
    m_urlEdit->setText(urlText(config.url));
    m_nameEdit->setText(config.name);
    m_modeBox->setCurrentIndex(std::max(0, m_modeBox->findData(int(config.authorizationMode))));
    m_clientIdEdit->setText(config.clientId);
    // Never config's secret: it is not even in ServerConfig; only the placeholder tells that one is stored.
    m_secretEdit->clear();
    m_scopesEdit->setText(config.scopes.join(QLatin1Char(' ')));

    m_resourceCheck->setChecked(config.sendResourceParameter);
    m_portEdit->setText(config.fixedRedirectPort ? QString::number(*config.fixedRedirectPort) : QString());
    m_caFileEdit->setText(QDir::toNativeSeparators(config.caCertificatesFile));
    m_proxyBox->setCurrentIndex(std::max(0, m_proxyBox->findData(int(config.proxyMode))));
    m_proxyUrlEdit->setText(urlText(config.proxyUrl));
    m_privateNetworkCheck->setChecked(config.allowPrivateNetwork);
    m_browserBox->setCurrentIndex(config.useSystemBrowser ? 1 : 0);
    m_transportBox->setCurrentIndex(std::max(0, m_transportBox->findData(int(config.transport))));

    // Open the advanced group when something in it differs from the defaults, so nothing set is hidden.
    const ServerConfig defaults;
    const bool advancedSet = config.sendResourceParameter != defaults.sendResourceParameter
                             || config.fixedRedirectPort.has_value() || !config.caCertificatesFile.isEmpty()
                             || config.proxyMode != defaults.proxyMode || config.allowPrivateNetwork
                             || config.useSystemBrowser || config.transport != defaults.transport;
    m_advancedButton->setChecked(advancedSet);
    setAdvancedVisible(advancedSet);
    updateModeRows();
}

void ServerEditorDialog::setAdvancedVisible(bool visible)
{
    m_advancedButton->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    m_advanced->setVisible(visible);
    if (isVisible())
        adjustSize();
}

ServerConfig::AuthorizationMode ServerEditorDialog::currentMode() const
{
    return Mode(m_modeBox->currentData().toInt());
}

bool ServerEditorDialog::modeUsesClient() const
{
    const Mode mode = currentMode();
    return mode == Mode::PreRegisteredClient || mode == Mode::ClientCredentials;
}

void ServerEditorDialog::updateModeRows()
{
    // Client id and secret belong to the modes that name a client (requirements UI-2); the scope override means
    // nothing to a server that is never authorized.
    const bool usesClient = modeUsesClient();
    m_form->setRowVisible(m_clientIdEdit, usesClient);
    m_form->setRowVisible(m_secretEdit, usesClient);
    m_form->setRowVisible(m_scopesEdit, currentMode() != Mode::None);
    if (m_initial.hasClientSecret)
        m_secretEdit->setPlaceholderText(tr("Stored in the keychain; type a new one to replace it"));
    else if (currentMode() == Mode::ClientCredentials)
        m_secretEdit->setPlaceholderText(tr("Required"));
    else
        m_secretEdit->setPlaceholderText(tr("Optional: public clients have none"));
    if (isVisible())
        adjustSize();
}

void ServerEditorDialog::browseCaFile()
{
    const QString current = m_caFileEdit->text().trimmed();
    const QString start = current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the CA certificates for this server"), start,
                                                      tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        m_caFileEdit->setText(QDir::toNativeSeparators(path));
}

QString ServerEditorDialog::urlProblem(const QString &text) const
{
    // Our own sentences for the usual mistakes (translatable and naming the field), url_policy::check as the
    // authority (docs/architecture.md, "Security rules": https everywhere, plain http only for loopback, no userinfo).
    if (text.isEmpty())
        return tr("Enter the server's URL, for example https://mcp.example.com/mcp.");
    const QUrl url(text, QUrl::StrictMode);
    if (const Result<void> allowed = url_policy::check(url); allowed)
        return {};
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || text.contains(QLatin1Char(' ')))
        return tr("The server URL is not a valid address; it looks like https://mcp.example.com/mcp.");
    if (scheme.isEmpty())
        return tr("The server URL needs to start with https://, for example https://%1.").arg(text);
    if (!url.userInfo().isEmpty())
        return tr("The server URL must not contain a user name or password; Portico signs in for you.");
    if (scheme == QLatin1StringView("http") && !url.host().isEmpty())
        return tr("The server URL must use https://; plain http:// is only allowed for this computer "
                  "(localhost, 127.0.0.1).");
    if (scheme != QLatin1StringView("https") && scheme != QLatin1StringView("http"))
        return tr("The server URL must start with https://, not %1://.").arg(url.scheme());
    if (url.host().isEmpty())
        return tr("The server URL has no host name.");
    return tr("The server URL is not allowed: %1").arg(url_policy::check(url).error().message());
}

ServerConfig ServerEditorDialog::formConfig(QString *problem) const
{
    // Records the first problem only: the message names one thing to fix at a time.
    auto fail = [problem](const QString &message) {
        if (problem && problem->isEmpty())
            *problem = message;
    };

    ServerConfig config = m_initial; // keeps the id, the headers, and whatever the editor does not show
    const QString urlText = m_urlEdit->text().trimmed();
    fail(urlProblem(urlText));
    config.url = QUrl(urlText, QUrl::StrictMode);

    // An empty name falls back to the host, so "Add server" needs nothing but a URL.
    config.name = m_nameEdit->text().trimmed();
    if (config.name.isEmpty())
        config.name = config.url.host();

    config.authorizationMode = currentMode();
    const bool usesClient = modeUsesClient();
    // Kept in every mode: automatic mode tries a pre-registered client first (requirements AUTH-14 order).
    config.clientId = m_clientIdEdit->text().trimmed();
    if (usesClient && config.clientId.isEmpty()) {
        fail(config.authorizationMode == Mode::ClientCredentials
                 ? tr("Client credentials need a client id.")
                 : tr("A pre-registered client needs a client id: enter the one the authorization server issued."));
    }
    // The caller stores a typed secret in the keychain; the config only records that one exists (docs/architecture.md,
    // "Security rules").
    config.hasClientSecret = m_initial.hasClientSecret || !clientSecret().isEmpty();
    if (config.authorizationMode == Mode::ClientCredentials && !config.hasClientSecret)
        fail(tr("Client credentials need a client secret: type it in the secret field."));

    // RFC 6749 §3.3 scope-token syntax, through the same parser the OAuth engine uses (requirements AUTH-28).
    const QString scopeText = m_scopesEdit->text();
    if (Result<ScopeSet> scopes = ScopeSet::parse(scopeText); scopes) {
        config.scopes = scopes.value().toList();
    } else {
        QString bad;
        for (const QString &token : scopeText.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!ScopeSet::isValidToken(token)) {
                bad = token;
                break;
            }
        }
        fail(tr("The scope \"%1\" is not valid: scopes are separated by spaces and cannot contain quotes, "
                "backslashes or non-ASCII characters (RFC 6749 §3.3).")
                 .arg(bad.isEmpty() ? scopeText.trimmed() : bad));
    }

    config.sendResourceParameter = m_resourceCheck->isChecked();

    // 0 or empty: any free port (the loopback catcher binds port 0). Otherwise a port the client's
    // registered redirect URI names (requirements UI-2).
    const QString portText = m_portEdit->text().trimmed();
    config.fixedRedirectPort.reset();
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port > 65535)
            fail(tr("The redirect port must be a number from 1 to 65535, or empty for any free port."));
        else if (port != 0)
            config.fixedRedirectPort = quint16(port);
    }

    // A per-server CA bundle (requirements UI-2: corporate TLS inspection): it must exist and hold PEM.
    config.caCertificatesFile = QDir::fromNativeSeparators(m_caFileEdit->text().trimmed());
    if (!config.caCertificatesFile.isEmpty()) {
        const QFileInfo info(config.caCertificatesFile);
        if (!info.exists())
            fail(tr("The CA file %1 does not exist.").arg(QDir::toNativeSeparators(config.caCertificatesFile)));
        else if (!info.isFile() || !info.isReadable())
            fail(tr("The CA file %1 cannot be read.").arg(QDir::toNativeSeparators(config.caCertificatesFile)));
        else if (info.size() > kMaxCaFileSize
                 || QSslCertificate::fromPath(config.caCertificatesFile, QSsl::Pem).isEmpty())
            fail(tr("The CA file %1 holds no PEM certificate.")
                     .arg(QDir::toNativeSeparators(config.caCertificatesFile)));
    }

    config.proxyMode = ProxyMode(m_proxyBox->currentData().toInt());
    const QString proxyText = m_proxyUrlEdit->text().trimmed();
    config.proxyUrl = config.proxyMode == ProxyMode::Manual ? QUrl(proxyText, QUrl::StrictMode) : QUrl();
    if (config.proxyMode == ProxyMode::Manual && proxyText.isEmpty())
        fail(tr("Enter the proxy's URL, for example http://proxy.example:3128, or choose another proxy setting."));

    config.allowPrivateNetwork = m_privateNetworkCheck->isChecked();
    config.useSystemBrowser = m_browserBox->currentData().toBool();
    config.transport = ServerConfig::TransportChoice(m_transportBox->currentData().toInt());

    // Everything else ServerConfig knows about (control characters in the name, a credential in the URL's
    // query, the proxy URL's scheme and password, headers): one rule set for the editor and servers.json.
    if (const Result<void> valid = config.validate(); !valid)
        fail(valid.error().message());
    return config;
}

void ServerEditorDialog::revalidate()
{
    m_message.clear();
    const ServerConfig config = formConfig(&m_message);

    m_proxyUrlEdit->setEnabled(config.proxyMode == ProxyMode::Manual);
    const QString host = QUrl(m_urlEdit->text().trimmed(), QUrl::StrictMode).host();
    m_nameEdit->setPlaceholderText(host.isEmpty() ? tr("A name for this server") : tr("Defaults to %1").arg(host));

    // A warning, not an error: the same URL twice is legitimate (two accounts), but usually a mistake.
    m_duplicate.clear();
    const QString normalized = ServerConfig::normalizedUrl(config.url);
    if (!normalized.isEmpty()) {
        for (const ServerConfig &other : std::as_const(m_existing)) {
            if (other.id() != m_initial.id() && ServerConfig::normalizedUrl(other.url) == normalized) {
                m_duplicate = tr("The server \"%1\" already uses this URL. You can still save, for example to "
                                 "sign in with another account.")
                                  .arg(other.name);
                break;
            }
        }
    }
    m_duplicateLabel->setText(m_duplicate);
    m_form->setRowVisible(m_duplicateLabel->parentWidget(), !m_duplicate.isEmpty());

    m_messageLabel->setText(m_message);
    m_messageIcon->setVisible(!m_message.isEmpty());
    m_messageLabel->setVisible(!m_message.isEmpty());
    m_saveButton->setEnabled(m_message.isEmpty());
    // A screen reader hears why Save is disabled, not only that it is.
    m_saveButton->setAccessibleDescription(m_message);
    m_saveButton->setToolTip(m_message);
}

ServerConfig ServerEditorDialog::config() const
{
    return formConfig(nullptr);
}

QString ServerEditorDialog::clientSecret() const
{
    // A secret typed and then hidden by switching to a mode without a client is not used.
    return modeUsesClient() ? m_secretEdit->text() : QString();
}

bool ServerEditorDialog::isValid() const
{
    return m_message.isEmpty();
}

QString ServerEditorDialog::validationMessage() const
{
    return m_message;
}

QString ServerEditorDialog::duplicateWarning() const
{
    return m_duplicate;
}

void ServerEditorDialog::accept()
{
    // Requirements UI-2: nothing is returned until the form is valid, whatever triggered the accept.
    revalidate();
    if (!isValid()) {
        m_urlEdit->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace portico
