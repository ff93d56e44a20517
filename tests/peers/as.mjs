// Portico test peer: a real OAuth 2.1 / OpenID authorization server (oidc-provider 9.13.3) for the
// authorization engine's integration tests. It plays the AS an MCP server's PRM points at.
//
//   node as.mjs [port]        port from argv[2] or $PORT; 0 (the default) = an ephemeral port
//
// Environment:
//   RESOURCE_URL       the MCP server's resource URL (required), e.g. http://127.0.0.1:4445/mcp. The only
//                      resource indicator this AS knows (RFC 8707); tokens for it are JWTs with aud = it.
//   ACCESS_TOKEN_TTL   access token lifetime in seconds (default 600), so tests can watch tokens expire.
//   REFRESH_DELAY_MS   hold refresh responses this long after rotating (default 0): a slow IdP.
//   PORTICO_PEER_EXIT_WITH_STDIN=1   exit when stdin closes (set by tests/support/oidcpeers.cpp).
//
// What it enforces, as docs/requirements.md expects of a real authorization server:
//   - PKCE with S256 for every authorization code (requirements AUTH-23; `plain` is not offered: requirements AUTH-11,
//     ATTACK-3)
//   - resource indicators, exact match (RFC 8707 §2; docs/architecture.md, "Test environment")
//   - real login + consent pages (devInteractions): nothing is auto-approved, a test "browser"
//     (tests/support/oidcloginuseragent.cpp) or the embedded WebEngine page must fill them in
//   - DCR (requirements AUTH-16), revocation (RFC 7009, requirements AUTH-43), refresh tokens only with offline_access
//     + the refresh_token grant, rotated on every use (requirements AUTH-41: the AS MUST rotate refresh tokens for
//     public clients)
//   - offline_access only together with prompt=consent (OIDC Core §11): oidc-provider silently drops it
//     from a request without prompt=consent, and no refresh token is issued. The MCP TS SDK sends
//     prompt=consent whenever it asks for offline_access; a client that does not simply gets no refresh
//     token (SEP-2207: a client MUST NOT assume it gets one)
//   - a refresh token used twice (after rotation) is invalid_grant, and oidc-provider then revokes the whole
//     grant, the newer refresh token included (reuse detection)
//   - a static confidential client for client_credentials (requirements AUTH-40): portico-machine / machine-secret
//
// Test-only endpoints (no auth; the server listens on 127.0.0.1 only):
//   GET  /test/stats             counters, see `stats` below
//   POST /test/revoke-all-grants forget every grant, code and refresh token issued so far, so the next
//                                refresh gets invalid_grant (requirements AUTH-42)
//   GET  /test/secrets           every secret this AS issued or received so far ({accessTokens: [...],
//                                refreshTokens, idTokens, authorizationCodes, codeVerifiers, clientSecrets,
//                                registrationAccessTokens}), so a test can prove none of them reached a log
//                                (requirements SEC-4). Loopback only; the test compares, it never prints them.
//
// Prints exactly one line "READY <port>" on stdout once it accepts connections. Never prints a token,
// code, secret or verifier.

import { createServer } from 'node:http';
import process from 'node:process';

import Provider, { errors } from 'oidc-provider';

// oidc-provider announces its development-only features (devInteractions, dev keys) with console.warn and
// console.info ("oidc-provider WARNING/NOTICE: ..."). They are expected for a test peer; keep stderr for
// real problems and stdout for the READY line.
for (const method of ['warn', 'info']) {
  const original = console[method].bind(console);
  console[method] = (...args) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
    original(...args);
  };
}

const requestedPort = Number(process.argv[2] ?? process.env.PORT ?? 0);
const resourceUrl = process.env.RESOURCE_URL;
const accessTokenTtl = Number(process.env.ACCESS_TOKEN_TTL ?? 600);
// A slow identity provider: refresh responses leave this many ms after the token was rotated, so a client
// that refreshes the same grant twice at once (no cross-process lock) is caught presenting a rotated token.
const refreshDelayMs = Number(process.env.REFRESH_DELAY_MS ?? 0);
if (!resourceUrl) {
  console.error('as.mjs: RESOURCE_URL must name the MCP server (e.g. http://127.0.0.1:4445/mcp)');
  process.exit(2);
}
if (!Number.isInteger(accessTokenTtl) || accessTokenTtl <= 0) {
  console.error('as.mjs: ACCESS_TOKEN_TTL must be a positive number of seconds');
  process.exit(2);
}

const MACHINE_CLIENT_ID = 'portico-machine';
const MACHINE_SCOPE = 'mcp:tools';
const RESOURCE_SCOPES = 'mcp:tools mcp:admin';

// --- storage: a plain in-memory adapter we can enumerate (the built-in one cannot be listed, and
// /test/revoke-all-grants must reach every grant and refresh token) ---
const store = new Map(); // `${model}:${id}` -> { payload, expiresAt (ms) }

class TestAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Infinity;
    store.set(this.key(id), { payload: { ...payload }, expiresAt });
  }

  async find(id) {
    const entry = store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(this.key(id));
      return undefined;
    }
    return { ...entry.payload };
  }

  async findBy(field, value) {
    for (const [key, entry] of store) {
      if (key.startsWith(`${this.model}:`) && entry.payload[field] === value && entry.expiresAt > Date.now()) {
        return { ...entry.payload };
      }
    }
    return undefined;
  }

  findByUid(uid) {
    return this.findBy('uid', uid);
  }

  findByUserCode(userCode) {
    return this.findBy('userCode', userCode);
  }

  async consume(id) {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const [key, entry] of store) {
      if (entry.payload.grantId === grantId) store.delete(key);
    }
  }
}

// Forgets every grant and everything issued from one: the next refresh finds no refresh token and gets
// invalid_grant, the next authorization needs consent again. Sessions (the login cookie) stay.
function revokeAllGrants() {
  const revocable = ['Grant', 'RefreshToken', 'AuthorizationCode', 'AccessToken', 'ClientCredentials'];
  const counts = { grants: 0, refreshTokens: 0 };
  for (const [key, entry] of store) {
    const model = key.slice(0, key.indexOf(':'));
    if (!revocable.includes(model)) continue;
    if (model === 'Grant') counts.grants += 1;
    if (model === 'RefreshToken' && !entry.payload.consumed) counts.refreshTokens += 1;
    store.delete(key);
  }
  return counts;
}

// --- counters for /test/stats (counted in a Koa middleware around the routes: it sees failures too) ---
const stats = {
  tokenRequests: { authorization_code: 0, refresh_token: 0, client_credentials: 0 },
  refreshSuccess: 0,
  refreshFailed: 0,
  revocations: 0,
  registrations: 0,
};

// --- every secret issued or received, for /test/secrets (leak checks in the engine's tests) ---
const secrets = {
  accessTokens: new Set(),
  refreshTokens: new Set(),
  idTokens: new Set(),
  authorizationCodes: new Set(),
  codeVerifiers: new Set(),
  clientSecrets: new Set(['machine-secret']),
  registrationAccessTokens: new Set(),
};

function remember(kind, value) {
  if (typeof value === 'string' && value.length > 0) secrets[kind].add(value);
}

function rememberExchange(ctx) {
  const params = ctx.oidc?.params ?? {};
  remember('authorizationCodes', params.code);
  remember('codeVerifiers', params.code_verifier);
  remember('refreshTokens', params.refresh_token);
  remember('clientSecrets', ctx.oidc?.client?.clientSecret);
  const body = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
  remember('accessTokens', body.access_token);
  remember('refreshTokens', body.refresh_token);
  remember('idTokens', body.id_token);
  remember('clientSecrets', body.client_secret);
  remember('registrationAccessTokens', body.registration_access_token);
  // The code travels in the redirect to the client (query, or a form_post page).
  const location = ctx.response.get('Location');
  if (location) {
    try {
      remember('authorizationCodes', new URL(location, 'http://x').searchParams.get('code') ?? undefined);
    } catch {
      // not a URL: nothing to remember
    }
  }
}

// --- the server: listen first (port 0 is allowed), then build the provider with the real issuer ---
const httpServer = createServer();
httpServer.on('error', (error) => {
  console.error(`as.mjs: cannot listen: ${error.message}`);
  process.exit(1);
});

httpServer.listen(requestedPort, '127.0.0.1', () => {
  const { port } = httpServer.address();
  const issuer = `http://127.0.0.1:${port}`;

  const configuration = {
    adapter: TestAdapter,
    clients: [
      {
        // Requirements AUTH-40, AUTH-22: a confidential client acting for itself (client_secret_basic or _post).
        client_id: MACHINE_CLIENT_ID,
        client_secret: 'machine-secret',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: MACHINE_SCOPE,
      },
    ],
    // The dev login page accepts any login; the account id is the login name, the `sub` of the tokens.
    async findAccount(_ctx, sub) {
      return { accountId: sub, async claims() { return { sub }; } };
    },
    scopes: ['openid', 'offline_access', 'mcp:tools', 'mcp:admin'],
    claims: { openid: ['sub'] },
    pkce: { required: () => true }, // Requirements AUTH-23: every client, confidential or not; S256 is the only method
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true }, // Requirements AUTH-16: open DCR, as MCP servers' ASes offer it
      revocation: { enabled: true }, // RFC 7009 (requirements AUTH-43)
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Without `resource=` the token is still for the MCP server (docs/architecture.md, "Test environment"): the
        // client should send it anyway (RFC 8707 §2), and the tests check what was sent.
        async defaultResource(_ctx, _client, oneOf) {
          return oneOf ?? resourceUrl;
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, resourceIndicator, client) {
          // RFC 8707 §2: an unknown resource is invalid_target. Exact string match on purpose.
          if (resourceIndicator !== resourceUrl) throw new errors.InvalidTarget();
          return {
            scope: client.clientId === MACHINE_CLIENT_ID ? MACHINE_SCOPE : RESOURCE_SCOPES,
            audience: resourceUrl,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Refresh tokens only for clients that may use them and asked for offline_access (the default rule,
    // spelt out because the tests depend on it).
    async issueRefreshToken(_ctx, client, code) {
      return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
    },
    // Requirements AUTH-41: rotate on every use; the old refresh token then answers invalid_grant.
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      Grant: 14 * 24 * 60 * 60,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
    },
    // Plain http on 127.0.0.1 needs no secure cookies; fixed keys are fine for a throwaway test peer.
    cookies: { keys: ['portico-test-peer-cookie-key'] },
  };

  const provider = new Provider(issuer, configuration);

  provider.use(async (ctx, next) => {
    if (ctx.path === '/test/stats' && ctx.method === 'GET') {
      ctx.body = stats;
      return;
    }
    if (ctx.path === '/test/revoke-all-grants' && ctx.method === 'POST') {
      ctx.body = { revoked: revokeAllGrants() };
      return;
    }
    if (ctx.path === '/test/secrets' && ctx.method === 'GET') {
      ctx.body = Object.fromEntries(Object.entries(secrets).map(([kind, values]) => [kind, [...values]]));
      return;
    }
    try {
      await next();
      if (refreshDelayMs > 0 && ctx.path === '/token' && ctx.oidc?.params?.grant_type === 'refresh_token')
        await new Promise((resolve) => setTimeout(resolve, refreshDelayMs));
    } finally {
      rememberExchange(ctx);
    }
    if (ctx.method !== 'POST') return;
    if (ctx.path === '/token') {
      const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
      stats.tokenRequests[grantType] = (stats.tokenRequests[grantType] ?? 0) + 1;
      if (grantType === 'refresh_token') {
        if (ctx.status === 200) stats.refreshSuccess += 1;
        else stats.refreshFailed += 1;
      }
    } else if (ctx.path === '/token/revocation' && ctx.status === 200) {
      stats.revocations += 1;
    } else if (ctx.path === '/reg' && ctx.status === 201) {
      stats.registrations += 1;
    }
  });

  // Errors are answered to the client; log only their kind (never a token or a request body).
  provider.on('server_error', (_ctx, error) => console.error(`as.mjs: server_error ${error?.name}`));

  httpServer.on('request', provider.callback());
  process.stdout.write(`READY ${port}\n`);
});

// Started by tests/support/oidcpeers.cpp: exit when the test process goes away (its end of our stdin
// closes), even if it crashed before it could stop us. Opt-in, because a shell may hand a background job
// an empty stdin.
if (process.env.PORTICO_PEER_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  // Exit at once: open keep-alive connections would hold a graceful close for seconds.
  process.on(signal, () => process.exit(0));
}
