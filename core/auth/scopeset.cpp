#include "auth/scopeset.h"

namespace portico {

namespace {

Error invalidScope(qsizetype index)
{
    // The offending text is not echoed: it is server-supplied and may be long or hostile (requirements SEC-10).
    return Error(ErrorCode::MalformedResponse, QStringLiteral("The server named a scope that is not valid."),
                 QStringLiteral("scope token %1 is empty or contains a character outside RFC 6749 §3.3 "
                                "scope-token (%x21 / %x23-5B / %x5D-7E)")
                     .arg(index + 1));
}

} // namespace

bool ScopeSet::isValidToken(QStringView token)
{
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    if (token.isEmpty())
        return false;
    for (const QChar c : token) {
        const char16_t u = c.unicode();
        const bool ok = u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
        if (!ok)
            return false;
    }
    return true;
}

Result<ScopeSet> ScopeSet::parse(QStringView spaceDelimited)
{
    // RFC 6749 §3.3: tokens separated by SP. Runs of SP are tolerated (empty pieces skipped); any other
    // character, a tab included, must pass isValidToken().
    ScopeSet set;
    qsizetype index = 0;
    qsizetype pos = 0;
    const qsizetype n = spaceDelimited.size();
    while (pos < n) {
        if (spaceDelimited[pos] == u' ') {
            ++pos;
            continue;
        }
        qsizetype end = pos;
        while (end < n && spaceDelimited[end] != u' ')
            ++end;
        const QStringView token = spaceDelimited.sliced(pos, end - pos);
        if (!isValidToken(token))
            return invalidScope(index);
        set.appendValid(token.toString());
        ++index;
        pos = end;
    }
    return set;
}

Result<ScopeSet> ScopeSet::fromList(const QStringList &tokens)
{
    ScopeSet set;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        if (!isValidToken(tokens.at(i)))
            return invalidScope(i);
        set.appendValid(tokens.at(i));
    }
    return set;
}

void ScopeSet::appendValid(const QString &token)
{
    // RFC 6749 §3.3: order does not matter and a scope is a set, so a repeat is dropped, first one wins.
    if (m_index.contains(token))
        return;
    m_index.insert(token);
    m_tokens.append(token);
}

bool ScopeSet::contains(QStringView token) const
{
    return m_index.contains(token.toString());
}

bool ScopeSet::containsAll(const ScopeSet &other) const
{
    for (const QString &token : other.m_tokens) {
        if (!m_index.contains(token))
            return false;
    }
    return true;
}

QString ScopeSet::toString() const
{
    return m_tokens.join(u' ');
}

ScopeSet ScopeSet::united(const ScopeSet &other) const
{
    ScopeSet result = *this;
    for (const QString &token : other.m_tokens)
        result.appendValid(token);
    return result;
}

ScopeSet ScopeSet::subtracted(const ScopeSet &other) const
{
    ScopeSet result;
    for (const QString &token : m_tokens) {
        if (!other.m_index.contains(token))
            result.appendValid(token);
    }
    return result;
}

bool operator==(const ScopeSet &a, const ScopeSet &b)
{
    // Set equality (RFC 6749 §3.3 gives scope no order); sizes are of distinct tokens.
    return a.size() == b.size() && a.containsAll(b);
}

ScopeSet ScopeSet::selectForAuthorization(const SelectionInputs &inputs)
{
    // Requirements AUTH-28 / MCP 2026-07-28 authorization, 'Scope Selection Strategy': challenge scope, else PRM
    // scopes_supported, else omit. Requirements SEC-9 (scope minimization): nothing beyond these is ever added, except
    // offline_access under SEP-2207.
    ScopeSet base;
    if (!inputs.challenged.isEmpty())
        base = inputs.challenged; // authoritative; not intersected with scopes_supported (requirements AUTH-28 MUST)
    else if (!inputs.resourceScopesSupported.isEmpty())
        base = inputs.resourceScopesSupported;

    // SEP-2207 / requirements AUTH-28: offline_access only when the AS lists it and we registered for refresh tokens;
    // otherwise it is removed, wherever it came from (conformance auth/offline-access-not-supported).
    const QString offlineAccess(kOfflineAccess);
    const bool wantOfflineAccess =
        inputs.refreshTokenGrantRequested && inputs.authServerScopesSupported.contains(offlineAccess);
    ScopeSet offline;
    offline.appendValid(offlineAccess);
    ScopeSet selected = base.subtracted(offline);
    // Never turn "omit scope" into "offline_access only": that would replace the AS's default scope with
    // a request for a refresh token alone.
    if (selected.isEmpty())
        return selected;
    if (wantOfflineAccess)
        return base.contains(offlineAccess) ? base : selected.united(offline);
    return selected;
}

} // namespace portico
