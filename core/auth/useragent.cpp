#include "auth/useragent.h"

#include "auth/authorizationflow.h"
#include "auth/pastedredirect.h"

#include <QCoreApplication>

namespace portico {

UserAgent::~UserAgent() = default;

Result<void> UserAgent::completeWithPastedUrl(const QString &pasted)
{
    Q_UNUSED(pasted)
    return Error(ErrorCode::InvalidArgument,
                 QCoreApplication::translate("portico::UserAgent", "This sign-in cannot take a pasted address."));
}

Result<QUrl> UserAgent::checkPastedRedirect(const QString &pasted, const Prompt &prompt)
{
    Result<QUrl> url = pasted_redirect::parse(pasted, prompt.redirectUri);
    if (!url.ok())
        return url;
    if (prompt.answersFlow) {
        if (Result<void> answers = prompt.answersFlow(url.value()); !answers.ok())
            return answers.error();
        return url;
    }
    // RFC 8252 §8.3: without the flow's own check, the listener's rule — only the request's state is an answer.
    if (!AuthorizationFlow::answersState(url.value(), AuthorizationFlow::stateOf(prompt.authorizationUrl))) {
        return Error(ErrorCode::CallbackRejected,
                     QCoreApplication::translate("portico::UserAgent",
                                                 "The pasted address does not answer this sign-in (its state does "
                                                 "not match). Paste the address of the sign-in you just finished."));
    }
    return url;
}

} // namespace portico
