// An independent OAuth 2.0 / OpenID Connect server for crates/cli/tests/oauth2_oidc_provider.rs:
// panva's oidc-provider (OpenID Certified), nobody here wrote it. Listens on 127.0.0.1 at a
// port the system picks and prints `PORT` on the first stdout line once it serves.
// Keys are fixed (jwks.json) so the tests can check id_tokens against them; the clients are
// the ones the tests use, one per way of authenticating.
// With OIDC_PAGE_REDIRECT_URI (the OAuth 2.0 page's address, known only once `serve` runs),
// two clients for the page as well (tests/e2e/oauth2_oidc.test.mjs): a public SPA client
// whose token endpoint answers the page's origin with CORS, and a confidential web client
// that it does not, so the page needs the relay for it.
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const read = (name) => JSON.parse(fs.readFileSync(new URL(name, import.meta.url), 'utf8'));
const jwks = read('./jwks.json');
// The public half of client-key.pem, the private_key_jwt client's key (RFC 7523 §2.2).
const clientJwks = read('./client-jwks.json');

// The confidential client's secret has characters RFC 6749 §2.3.1 form-encodes before
// Base64, so client_secret_basic is only right when the client encodes them (a secret is
// VSCHARs, RFC 6749 Appendix A: printable ASCII, so no non-ASCII here).
const CONFIDENTIAL_SECRET = 'conf secret/with:reserved+chars&%=?';

const clients = [
  {
    // A native public client (RFC 8252): PKCE, a loopback redirect at any port (§7.3).
    client_id: 'cli-public',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  },
  {
    client_id: 'cli-confidential',
    client_secret: CONFIDENTIAL_SECRET,
    application_type: 'native',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  },
  {
    client_id: 'cli-cc-post',
    client_secret: 'post-secret',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  },
  {
    client_id: 'cli-jwt-key',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: clientJwks,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  },
  {
    // HS256 over the secret (RFC 7523 §2.2, OIDC Core §9).
    client_id: 'cli-jwt-secret',
    client_secret: 'a-client-secret-of-at-least-32-bytes-for-hs256',
    token_endpoint_auth_method: 'client_secret_jwt',
    token_endpoint_auth_signing_alg: 'HS256',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  },
  {
    client_id: 'cli-device',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  },
];

const pageRedirect = process.env.OIDC_PAGE_REDIRECT_URI;
// tests/e2e/oauth2_oidc.test.mjs introspects with it.
const PAGE_WEB_SECRET = 'page web secret/with:reserved+chars&%=?';
if (pageRedirect) {
  const page = { application_type: 'web', response_types: ['code'], redirect_uris: [pageRedirect] };
  clients.push(
    { ...page, client_id: 'page-spa', token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'] },
    { ...page, client_id: 'page-web', client_secret: PAGE_WEB_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] },
  );
}
// CORS on the token, userinfo, introspection and revocation endpoints: only the SPA
// client, only from the page's origin (discovery and the JWKS are open to every origin).
const cors = pageRedirect
  ? { clientBasedCORS: (ctx, origin, client) => client.clientId === 'page-spa' && origin === new URL(pageRedirect).origin }
  : {};

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    jwks,
    clients,
    scopes: ['openid', 'offline_access', 'profile', 'api:read'],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      deviceFlow: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      dPoP: { enabled: true },
    },
    // Every refresh rotates, so the tests can see the old refresh token refused.
    rotateRefreshToken: true,
    // The page's clients get a refresh token with every code, as many providers give their
    // web clients one without `offline_access` (the default asks for that scope, which
    // oidc-provider keeps only with prompt=consent, OIDC Core §11); the CLI's clients keep
    // the default, which their tests rely on.
    issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token')
      && (client.clientId.startsWith('page-') || code.scopes.has('offline_access')),
    pkce: { required: () => true },
    ...cors,
  });
  // oidc-provider warns on stderr about dev-only settings; the tests read stdout only.
  server.on('request', provider.callback());
  process.stdout.write(`${port}\n`);
});

// The test kills this process when it is done; end cleanly on SIGTERM too.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
