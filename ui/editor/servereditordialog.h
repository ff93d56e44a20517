#pragma once

#include "config/serverconfig.h"

#include <QDialog>
#include <QList>
#include <QString>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QWidget;

namespace portico {

// "Add server" / "Edit server" (requirements UI-2): the URL and display name, how Portico authorizes (automatic
// sign-in when asked, a pre-registered client, client credentials, or none), an optional scope override, and
// an "Advanced" group for the knobs other hosts lack (requirements UI-2: omit RFC 8707 `resource`, a
// fixed loopback port, a per-server CA bundle and proxy, private network addresses, embedded page vs system
// browser, the transport).
//
// Every edit re-validates the form: the Save button stays disabled and a message under the form names the
// first problem until the form is valid, so nothing is returned before it is (docs/architecture.md, "Security rules":
// bad input changes nothing). A URL that another server already uses gives a warning that does not block saving.
//
// Secrets never travel through ServerConfig: the secret field is never pre-filled with the stored secret
// (only a "stored in the keychain" placeholder says one exists), and what is typed is read with
// clientSecret() so the caller can put it into the SecretStore. The dialog builds no request itself.
class ServerEditorDialog : public QDialog
{
    Q_OBJECT

public:
    // `initial` is the server to edit (a default ServerConfig for "Add server"); `existing` the other servers
    // (to warn about a duplicate URL, compared with ServerConfig::normalizedUrl).
    ServerEditorDialog(const ServerConfig &initial, const QList<ServerConfig> &existing, QWidget *parent = nullptr);

    // The edited server, with the id of `initial`. Valid after accept(). Headers are kept from `initial`
    // (the editor does not edit them); hasClientSecret is set when a secret was typed.
    [[nodiscard]] ServerConfig config() const;
    // What was typed in the secret field, for a mode that uses one; empty = leave the stored secret unchanged.
    [[nodiscard]] QString clientSecret() const;
    // What enables the Save button.
    [[nodiscard]] bool isValid() const;
    // The message shown under the form, empty when valid.
    [[nodiscard]] QString validationMessage() const;
    // The non-blocking warning about another server with the same URL, empty when there is none.
    [[nodiscard]] QString duplicateWarning() const;
    [[nodiscard]] QPushButton *saveButton() const { return m_saveButton; }

    // Saves only a valid form (Enter on a disabled Save does nothing either).
    void accept() override;

private:
    void buildForm();
    void loadFrom(const ServerConfig &config);
    void setAdvancedVisible(bool visible);
    void updateModeRows();
    void browseCaFile();
    void revalidate();
    // The form's values as a config, without checks beyond parsing; `problem` gets the first form-level
    // problem (field syntax a ServerConfig cannot even hold, such as a malformed scope list).
    [[nodiscard]] ServerConfig formConfig(QString *problem) const;
    [[nodiscard]] QString urlProblem(const QString &text) const;
    [[nodiscard]] ServerConfig::AuthorizationMode currentMode() const;
    [[nodiscard]] bool modeUsesClient() const;

    ServerConfig m_initial;
    QList<ServerConfig> m_existing;
    QString m_message;
    QString m_duplicate;

    QFormLayout *m_form = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QLabel *m_duplicateLabel = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QComboBox *m_modeBox = nullptr;
    QLineEdit *m_clientIdEdit = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QLineEdit *m_scopesEdit = nullptr;

    QToolButton *m_advancedButton = nullptr;
    QWidget *m_advanced = nullptr;
    QCheckBox *m_resourceCheck = nullptr;
    QLineEdit *m_portEdit = nullptr;
    QLineEdit *m_caFileEdit = nullptr;
    QPushButton *m_caBrowseButton = nullptr;
    QComboBox *m_proxyBox = nullptr;
    QLineEdit *m_proxyUrlEdit = nullptr;
    QCheckBox *m_privateNetworkCheck = nullptr;
    QComboBox *m_browserBox = nullptr;
    QComboBox *m_transportBox = nullptr;

    QLabel *m_messageIcon = nullptr;
    QLabel *m_messageLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_saveButton = nullptr;
};

} // namespace portico
