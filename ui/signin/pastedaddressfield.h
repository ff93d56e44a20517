#pragma once

#include "common/result.h"

#include <QString>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace portico {

// Paste-back in the sign-in dialog (requirements AUTH-45): when the page was opened where Portico cannot
// see its redirect (the system browser on another computer, or a copied link), the person pastes the address
// the browser ended at. At first only a small "Paste the address you were sent to…" button; it opens a line
// edit and "Continue". The handler (WebEngineUserAgent::completeWithPastedUrl) checks the text; its refusal
// is shown under the field, in the handler's words (which never repeat the address), and the field stays
// for another try. The field is for the person's own paste only: Portico never fills it or logs it.
class PastedAddressField : public QWidget
{
    Q_OBJECT

public:
    using Handler = std::function<Result<void>(const QString &pasted)>;

    explicit PastedAddressField(QWidget *parent = nullptr);
    ~PastedAddressField() override;

    void setHandler(Handler handler);
    // Opens the line edit (the button does the same); tests use it too.
    void expand();
    // The refusal shown under the field; empty when none.
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] QLineEdit *lineEdit() const { return m_edit; }

private:
    void submit();

    Handler m_handler;
    QPushButton *m_expandButton = nullptr;
    QWidget *m_form = nullptr;
    QLineEdit *m_edit = nullptr;
    QPushButton *m_continueButton = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace portico
