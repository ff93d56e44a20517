#pragma once

#include "common/result.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace portico {

// An OAuth scope: an ordered set of scope tokens (RFC 6749 §3.3). Tokens are case-sensitive, the order of
// first appearance is kept (so the authorize URL and the access panel read the way the server wrote them),
// and duplicates are dropped. Every token in a ScopeSet is valid: the only ways in are parse() and fromList(),
// which reject anything else, so toString() always yields a well-formed `scope` parameter.
//
// Comparison (operator==) is set equality: "a b" equals "b a", as RFC 6749 §3.3 defines no order.
class ScopeSet
{
public:
    // The OIDC scope that asks the AS for a refresh token (OpenID Connect Core §11; MCP SEP-2207).
    static constexpr QLatin1StringView kOfflineAccess{"offline_access"};

    ScopeSet() = default;

    // RFC 6749 §3.3: scope = scope-token *( SP scope-token ). Lenient on separators only: leading, trailing
    // and repeated spaces are accepted (servers send them); an empty string is the empty set. Any token with
    // a character outside scope-token (%x21 / %x23-5B / %x5D-7E: no controls, space, '"', '\' or non-ASCII)
    // is an error, not silently dropped: dropping it would change what is requested.
    [[nodiscard]] static Result<ScopeSet> parse(QStringView spaceDelimited);
    // The same rules for a list of tokens (e.g. a JSON `scopes_supported` array, RFC 9728 §2 / RFC 8414 §2):
    // each entry must be exactly one valid scope-token.
    [[nodiscard]] static Result<ScopeSet> fromList(const QStringList &tokens);
    // RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    [[nodiscard]] static bool isValidToken(QStringView token);

    [[nodiscard]] bool isEmpty() const { return m_tokens.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_tokens.size(); }
    [[nodiscard]] bool contains(QStringView token) const;
    [[nodiscard]] bool containsAll(const ScopeSet &other) const;
    // The tokens in order of first appearance.
    [[nodiscard]] const QStringList &toList() const { return m_tokens; }
    // The `scope` parameter value: tokens joined by one SP (RFC 6749 §3.3); empty for the empty set.
    [[nodiscard]] QString toString() const;

    // This set's tokens, then the other's that are new, in their order. Step-up (requirements AUTH-39, MCP
    // §Step-Up Authorization Flow): re-authorize with previouslyRequested.united(challenged).
    [[nodiscard]] ScopeSet united(const ScopeSet &other) const;
    // This set's tokens that are not in other, in this set's order. E.g. what a step-up adds:
    // challenged.subtracted(granted) (requirements AUTH-39, SEC-9).
    [[nodiscard]] ScopeSet subtracted(const ScopeSet &other) const;

    friend bool operator==(const ScopeSet &a, const ScopeSet &b);
    friend bool operator!=(const ScopeSet &a, const ScopeSet &b) { return !(a == b); }

    // What scope selection (requirements AUTH-28, SEC-9) needs to know; defined below the class.
    struct SelectionInputs;

    // The scope to put on the authorization request; an empty set means "omit the scope parameter".
    //  1. the challenge's scope, as is: authoritative, not checked against scopes_supported (requirements AUTH-28,
    //     MUST);
    //  2. otherwise every scope of the PRM's scopes_supported (requirements AUTH-28);
    //  3. otherwise nothing: the parameter is omitted (requirements AUTH-28; conformance
    //     auth/scope-omitted-when-undefined).
    // offline_access (SEP-2207, requirements AUTH-28, conformance auth/offline-access-scope and -not-supported):
    // appended to a non-empty selection only when the AS's scopes_supported lists it AND refreshTokenGrantRequested; in
    // every other case it is removed, even when the challenge or the PRM names it, because SEP-2207 says it
    // is a matter between client and AS that resource servers should not name. It is never the only scope
    // requested: a request that would otherwise omit `scope` (AS default) stays omitted.
    [[nodiscard]] static ScopeSet selectForAuthorization(const SelectionInputs &inputs);

private:
    // Appends a token already known to be valid, unless present. Linear overall thanks to m_index.
    void appendValid(const QString &token);

    QStringList m_tokens;
    QSet<QString> m_index;
};

// What scope selection (requirements AUTH-28, SEC-9) needs to know. Every field may be empty.
struct ScopeSet::SelectionInputs
{
    // The `scope` of the Bearer challenge on the 401/403 (RFC 6750 §3; MCP 2026-07-28 authorization, 'Scope Selection
    // Strategy').
    ScopeSet challenged;
    // `scopes_supported` of the Protected Resource Metadata (RFC 9728 §2).
    ScopeSet resourceScopesSupported;
    // `scopes_supported` of the authorization server metadata (RFC 8414 §2). Only consulted for
    // offline_access (SEP-2207): it never adds resource scopes.
    ScopeSet authServerScopesSupported;
    // Whether the client's registration asks for the refresh_token grant (`grant_types`, requirements AUTH-21,
    // RFC 7591 §2): a client that cannot use a refresh token has no business asking for offline_access.
    bool refreshTokenGrantRequested = false;
};

} // namespace portico
