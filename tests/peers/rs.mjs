// Portico test peer: an MCP server protected by the MCP SDK's own bearer middleware (docs/architecture.md,
// "Test environment"), the resource server of the authorization engine's integration tests.
//
//   node rs.mjs [port]        port from argv[2] or $PORT; 0 (the default) = an ephemeral port
//
// Environment:
//   AS_ISSUER   the authorization server's issuer (required), e.g. http://127.0.0.1:4444 (tests/peers/as.mjs)
//
// The resource URL is http://127.0.0.1:<the port actually bound>/mcp: the server listens first and builds
// PRM and the token audience from the real port, so port 0 works. The AS must know that URL
// (RESOURCE_URL of as.mjs) before it starts, so tests/support/oidcpeers.cpp picks this server's port
// beforehand and passes it to both.
//
// What it serves:
//   POST /mcp     MCP over Streamable HTTP, stateless (a new McpServer + transport per request), behind
//                 requireBearerAuth: a JWT access token (jose) from AS_ISSUER with aud = the resource URL
//                 and scope mcp:tools (requirements AUTH-36, AUTH-37). Tools: echo, whoami, admin-echo (needs
//                 mcp:admin).
//   GET/DELETE /mcp   bearer-checked, then 405 (stateless: no stream, no session)
//   GET  /.well-known/oauth-protected-resource/mcp   PRM (RFC 9728), from mcpAuthMetadataRouter
//   GET  /test/stats  test-only counters (no auth; loopback only)
//
// Prints exactly one line "READY <port>" on stdout when it serves. Never prints a token: /test/stats keeps
// SHA-256 hashes of the tokens it saw, not the tokens.

import { createHash } from 'node:crypto';
import process from 'node:process';

import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as z from 'zod/v4';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';

const requestedPort = Number(process.argv[2] ?? process.env.PORT ?? 0);
const asIssuer = process.env.AS_ISSUER;
if (!asIssuer) {
  console.error('rs.mjs: AS_ISSUER must name the authorization server (e.g. http://127.0.0.1:4444)');
  process.exit(2);
}

const BASE_SCOPE = 'mcp:tools';
const ADMIN_SCOPE = 'mcp:admin';

const stats = {
  requests: 0,
  authorizedRequests: 0,
  rejected401: 0,
  rejected403: 0,
  tokensSeen: new Set(), // SHA-256 hex of each distinct access token that verified
};

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// The AS metadata, fetched once: mcpAuthMetadataRouter needs it, and the JWKS URL comes from it. The AS
// is started first, so a few retries only cover a slow start.
async function fetchAuthServerMetadata() {
  const url = new URL('/.well-known/oauth-authorization-server', asIssuer);
  let lastError;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cannot read ${url}: ${lastError?.message}`);
}

function buildMcpServer() {
  const server = new McpServer({ name: 'portico-protected-test-server', version: '1.0.0' });

  server.registerTool(
    'echo',
    { description: 'Echoes the message back.', inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }),
  );

  // Who the token says the caller is: lets a test check which token reached the server without the
  // token itself ever being printed.
  server.registerTool(
    'whoami',
    { description: 'Tells who the access token belongs to and what it grants.' },
    async (extra) => {
      const auth = extra.authInfo;
      const text = JSON.stringify({
        sub: auth?.extra?.sub ?? null,
        client_id: auth?.clientId ?? null,
        scopes: auth?.scopes ?? [],
      });
      return { content: [{ type: 'text', text }] };
    },
  );

  // The step-up target (requirements AUTH-38, AUTH-39). The HTTP middleware below already answers 403 without
  // mcp:admin; the check here only keeps the tool safe if that middleware is ever bypassed.
  server.registerTool(
    'admin-echo',
    { description: 'Echoes the message back; needs the mcp:admin scope.', inputSchema: { message: z.string() } },
    async ({ message }, extra) => {
      if (!extra.authInfo?.scopes?.includes(ADMIN_SCOPE)) {
        return { isError: true, content: [{ type: 'text', text: 'The mcp:admin scope is required.' }] };
      }
      return { content: [{ type: 'text', text: `Admin echo: ${message}` }] };
    },
  );

  return server;
}

function methodNotAllowed(_req, res) {
  res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
}

const app = express();
app.disable('x-powered-by');
const httpServer = app.listen(requestedPort, '127.0.0.1');
httpServer.on('error', (error) => {
  console.error(`rs.mjs: cannot listen: ${error.message}`);
  process.exit(1);
});

httpServer.on('listening', async () => {
  const { port } = httpServer.address();
  const resourceUrl = new URL(`http://127.0.0.1:${port}/mcp`);
  const prmUrl = getOAuthProtectedResourceMetadataUrl(resourceUrl);

  let oauthMetadata;
  try {
    oauthMetadata = await fetchAuthServerMetadata();
  } catch (error) {
    console.error(`rs.mjs: ${error.message}`);
    process.exit(1);
  }
  const jwks = createRemoteJWKSet(new URL(oauthMetadata.jwks_uri));

  // The token check: a JWT signed by the AS, for this resource (RFC 8707 audience; requirements AUTH-37), not expired.
  const verifier = {
    async verifyAccessToken(token) {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: asIssuer,
          audience: resourceUrl.href,
          typ: 'at+jwt',
        }));
      } catch (error) {
        // The jose error code says why (expired, bad signature, wrong audience) without the token.
        throw new InvalidTokenError(`The access token is not valid (${error.code ?? 'ERR_INVALID'}).`);
      }
      stats.tokensSeen.add(sha256(token));
      return {
        token,
        clientId: payload.client_id,
        scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
        expiresAt: payload.exp,
        resource: resourceUrl,
        extra: { sub: payload.sub },
      };
    },
  };

  // DNS-rebinding protection for a loopback server (the SDK's own middleware).
  app.use(localhostHostValidation());

  app.get('/test/stats', (_req, res) => {
    res.json({ ...stats, tokensSeen: stats.tokensSeen.size });
  });

  // PRM at /.well-known/oauth-protected-resource/mcp (RFC 9728 §3.1 path insertion).
  app.use(
    mcpAuthMetadataRouter({
      oauthMetadata,
      resourceServerUrl: resourceUrl,
      scopesSupported: [BASE_SCOPE],
      resourceName: 'Portico protected test server',
    }),
  );

  // Counts every request to the endpoint and how it was refused.
  app.use('/mcp', (_req, res, next) => {
    stats.requests += 1;
    res.on('finish', () => {
      if (res.statusCode === 401) stats.rejected401 += 1;
      else if (res.statusCode === 403) stats.rejected403 += 1;
    });
    next();
  });

  // 401 with `WWW-Authenticate: Bearer error=..., scope="mcp:tools", resource_metadata="<PRM>"` for a
  // missing or bad token (RFC 6750 §3, RFC 9728 §5.1: requirements AUTH-1, AUTH-2); 403 insufficient_scope without
  // mcp:tools.
  const bearer = requireBearerAuth({ verifier, requiredScopes: [BASE_SCOPE], resourceMetadataUrl: prmUrl });
  const countAuthorized = (_req, _res, next) => {
    stats.authorizedRequests += 1;
    next();
  };

  // Step-up (requirements AUTH-38, AUTH-39; RFC 6750 §3.1): calling admin-echo without mcp:admin is refused at the HTTP
  // level with the scope set the client should ask for next, before the MCP transport sees the request.
  const requireAdminScopeForAdminTools = (req, res, next) => {
    const messages = Array.isArray(req.body) ? req.body : [req.body];
    const callsAdminTool = messages.some(
      (message) => message?.method === 'tools/call' && message?.params?.name === 'admin-echo',
    );
    if (callsAdminTool && !req.auth.scopes.includes(ADMIN_SCOPE)) {
      res.set(
        'WWW-Authenticate',
        `Bearer error="insufficient_scope", scope="${BASE_SCOPE} ${ADMIN_SCOPE}", resource_metadata="${prmUrl}"`,
      );
      res.status(403).json({
        error: 'insufficient_scope',
        error_description: 'The admin-echo tool needs the mcp:admin scope.',
      });
      return;
    }
    next();
  };

  app.post('/mcp', bearer, countAuthorized, express.json(), requireAdminScopeForAdminTools, async (req, res) => {
    const server = buildMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      console.error(`rs.mjs: MCP request failed: ${error?.name}`);
      if (!res.headersSent) {
        res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
      }
    }
  });
  // Requirements AUTH-36: the bearer is checked on GET and DELETE too; a stateless server then has nothing to offer.
  app.get('/mcp', bearer, countAuthorized, methodNotAllowed);
  app.delete('/mcp', bearer, countAuthorized, methodNotAllowed);

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
  process.on(signal, () => process.exit(0));
}
