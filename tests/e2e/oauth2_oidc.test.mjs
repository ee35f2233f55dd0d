// The OAuth 2.0 page against an independent server: panva's oidc-provider
// (tests/oidc-provider/server.mjs, started by run.sh with clients for this page). Code +
// PKCE with its public SPA client, directly (its token endpoint answers the page's origin
// with CORS) and through serve's relay; the login and consent at its devInteractions
// forms; the token shown and stored is the one the provider issued (its introspection
// says so, asked from node with the confidential client); the id_token verified against
// its JWKS, and a tampered one refused; and serve's relay forwarding the page's Origin only
// when asked (`origin=forward`), which oidc-provider, like Entra ID, judges per client.
// The confidential client page-web redeems with client_secret_basic through the relay
// (which drops the page's Origin, as the provider wants for it); UserInfo answers for the
// id_token's user. On the tokens page, its set refreshes (rotated), is introspected and
// revoked at the provider's own endpoints.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, STORE_KEY } from './lib/app.mjs';
import { tamperedIdToken } from './lib/tamper.mjs';
import { openTokens } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };
const PAGE = new URL('oauth2/', env.appUrl).href;
const OIDC = process.env.E2E_OIDC_URL;
// tests/oidc-provider/server.mjs's confidential client for the page.
const WEB = { id: 'page-web', secret: 'page web secret/with:reserved+chars&%=?' };
// The page keeps its configuration under this key, as its form (state::oauth2::config).
const CONFIG_KEY = 'oauth-playground.oauth2.config';

after(closeBrowser);

/** Keeps the browser on loopback: oidc-provider's devInteractions pages link a Google
 * Fonts stylesheet, answered here with an empty one; anything else off loopback is
 * aborted, which the harness's console guard reports. */
async function loopbackOnly(s) {
  await s.context.route((u) => u.hostname !== '127.0.0.1', (route) =>
    new URL(route.request().url()).hostname === 'fonts.googleapis.com'
      ? route.fulfill({ status: 200, contentType: 'text/css', body: '' })
      : route.abort());
}

/** The provider's discovery document, read once. */
let metadata;
async function discovery() {
  assert.equal(new URL(OIDC).hostname, '127.0.0.1', 'loopback only');
  metadata ??= await (await fetch(`${OIDC}/.well-known/openid-configuration`)).json();
  return metadata;
}

/** Opens the page configured for oidc-provider's SPA client. The form on this branch has
 * no JWKS field (discovery fills it), so the configuration is given as the page saves it,
 * then the page is reloaded and shows it. */
async function configure(app, { relay, client = 'page-spa', secret = '' }) {
  const m = await discovery();
  await app.page.goto(PAGE);
  // Once the served sandbox's configuration is in (and saved), the page writes no more.
  await app.page.getByText(/^Configuration: client \S+ at /).waitFor();
  const form = new URLSearchParams({
    issuer: m.issuer,
    authorization_endpoint: m.authorization_endpoint,
    token_endpoint: m.token_endpoint,
    jwks_uri: m.jwks_uri,
    userinfo_endpoint: m.userinfo_endpoint,
    introspection_endpoint: m.introspection_endpoint,
    revocation_endpoint: m.revocation_endpoint,
    client_id: client,
    client_secret: secret,
    auth_method: secret ? 'client_secret_basic' : '',
    scope: 'openid',
    relay: String(relay),
    iss_required: String(m.authorization_response_iss_parameter_supported === true),
  }).toString();
  await app.page.evaluate(([k, v]) => localStorage.setItem(k, v), [CONFIG_KEY, form]);
  await app.page.reload();
  await app.page.getByText(`Configuration: client ${client} at ${m.issuer}`, { exact: true }).waitFor();
}

/** The token store's entries, as the page saved them. */
async function storedSets(page) {
  return JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY)).tokens;
}

/** Steps 1 and 2, then oidc-provider's login and consent forms until it redirects back. */
async function authorize(app, client = 'page-spa') {
  const m = await discovery();
  await app.button('Build the authorization URL').click();
  const url = new URL(await app.field('Authorization URL').inputValue());
  assert.equal(url.origin + url.pathname, m.authorization_endpoint);
  assert.equal(url.searchParams.get('client_id'), client);
  assert.equal(url.searchParams.get('redirect_uri'), PAGE);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  await app.button('Go to the provider').click();
  const page = app.page;
  // Login (a session cookie lets a later run skip it), then consent, until the redirect.
  for (let i = 0; i < 4 && !page.url().startsWith(PAGE); i += 1) {
    await page.waitForURL((u) => u.href.startsWith(PAGE) || u.pathname.startsWith('/interaction/'));
    if (page.url().startsWith(PAGE)) break;
    const login = page.locator('input[name=login]');
    if (await login.count()) {
      await login.fill('alice');
      await page.locator('input[name=password]').fill('any');
    }
    const at = page.url();
    await page.locator('button[type=submit]').first().click();
    await page.waitForURL((u) => u.href !== at);
  }
  await page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
  await page.getByText('state: passed').waitFor();
  await page.getByText('iss: passed').waitFor();
}

/** Step 4 through `path` (the token endpoint, or the relay for it): the issued response. */
async function redeem(app, isTokenRequest) {
  const answered = app.page.waitForResponse((r) => r.request().method() === 'POST' && isTokenRequest(new URL(r.url())));
  await app.button('Send the token request').click();
  const response = await answered;
  assert.equal(response.status(), 200, await response.text());
  return response.json();
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded first). */
function basic({ id, secret }) {
  const enc = (v) => encodeURIComponent(v).replace(/%20/g, '+');
  return Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64');
}

/** Asks the provider, as its confidential client would, what it knows of `token`. */
async function introspect(token) {
  const m = await discovery();
  const r = await fetch(m.introspection_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic(WEB)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

/** The token shown, stored and introspected is `issued`'s; step 5 verified its id_token. */
async function checkIssued(app, issued, client = 'page-spa') {
  const m = await discovery();
  const token = app.field('Access token');
  await eventually(async () => (await token.inputValue()) === issued.access_token, {
    message: '"Access token" shows the issued one',
  });
  await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
  const saved = (await storedSets(app.page)).find((e) => e.protocol === 'oauth2' && e.access_token === issued.access_token);
  assert.ok(saved, 'the issued token is in the store');
  assert.equal(saved.id_token ?? null, issued.id_token ?? null);
  assert.equal(saved.client_id, client);
  assert.equal(saved.issuer, m.issuer);
  const known = await introspect(issued.access_token);
  assert.equal(known.active, true, JSON.stringify(known));
  assert.equal(known.client_id, client);
  assert.equal(known.sub, 'alice');
  const five = app.page.getByRole('region', { name: '5. The id_token (OpenID Connect)', exact: true });
  for (const check of ['signature', 'iss', 'aud', 'exp', 'iat', 'nonce']) {
    await five.getByText(`${check}: passed`, { exact: true }).waitFor();
  }
  assert.equal(await five.getByText(/: failed$/).count(), 0, await five.innerText());
}

const direct = (token) => (u) => u.href === token;
const relayed = (token) => (u) => u.pathname === '/relay' && u.searchParams.get('url') === token;

describe('OAuth 2.0 against oidc-provider', () => {
  test('code + PKCE with the public client, directly and through the relay', T, (t) => scenario(t, async (s) => {
    await loopbackOnly(s);
    const app = new App(s);
    const m = await discovery();
    await configure(app, { relay: false });
    await authorize(app);
    const first = await redeem(app, direct(m.token_endpoint));
    await checkIssued(app, first);
    // Step 6: UserInfo, directly (CORS for the SPA client), names the id_token's user.
    const six = s.page.getByRole('region', { name: '6. UserInfo (OpenID Connect)', exact: true });
    await six.getByRole('button', { name: 'Ask the UserInfo endpoint' }).click();
    await six.getByText('sub: passed', { exact: true }).waitFor();
    assert.equal(await six.locator('ul.checks li').innerText(),
      'sub: passed — alice equals the id_token\'s sub: the same user (OIDC Core §5.3.2)');

    // The same browser: oidc-provider's session skips the login.
    await configure(app, { relay: true });
    await authorize(app);
    const second = await redeem(app, relayed(m.token_endpoint));
    assert.notEqual(second.access_token, first.access_token);
    await checkIssued(app, second);
    const request = await app.page.locator('figure', { hasText: 'Request' }).locator('pre').innerText();
    assert.match(request, new RegExp(`^POST ${new URL(m.token_endpoint).pathname} HTTP/1\\.1`));
  }));

  test('code + PKCE with the confidential client: client_secret_basic through the relay', T, (t) => scenario(t, async (s) => {
    await loopbackOnly(s);
    const app = new App(s);
    const m = await discovery();
    await configure(app, { relay: true, client: WEB.id, secret: WEB.secret });
    await authorize(app, WEB.id);
    const issued = await redeem(app, relayed(m.token_endpoint));
    await checkIssued(app, issued, WEB.id);
    const request = await app.page.locator('figure', { hasText: 'Request' }).locator('pre').innerText();
    // HTTP Basic, its secret masked; the body names no client (RFC 6749 §2.3.1).
    assert.match(request, /\r?\nAuthorization: Basic /);
    assert.ok(!request.includes(basic(WEB)), 'the Basic credentials are masked');
    assert.doesNotMatch(request, /client_secret=|client_id=/);
    const saved = (await storedSets(app.page)).find((e) => e.access_token === issued.access_token);
    assert.equal(saved.client_id, WEB.id);
  }));

  // The relay's `origin=forward` against a server that, as Microsoft Entra ID does, refuses a
  // confidential client's token request carrying an Origin it does not allow (oidc-provider's
  // clientBasedCORS; Entra: AADSTS9002326) and needs one for its SPA client's CORS.
  test('serve\'s relay forwards the page\'s Origin only with origin=forward', T, async () => {
    const m = await discovery();
    const token = (client, grant, ask) => {
      const target = encodeURIComponent(m.token_endpoint);
      const headers = { origin: env.appOrigin, 'content-type': 'application/x-www-form-urlencoded' };
      if (client === WEB.id) headers.authorization = `Basic ${basic(WEB)}`;
      return fetch(new URL(`relay?${ask ? 'origin=forward&' : ''}url=${target}`, env.appUrl), {
        method: 'POST',
        headers,
        body: new URLSearchParams({ ...grant, ...(client === WEB.id ? {} : { client_id: client }) }).toString(),
      });
    };
    const credentials = { grant_type: 'client_credentials' };
    const dropped = await token(WEB.id, credentials, false);
    assert.equal(dropped.status, 200, await dropped.clone().text());
    assert.equal((await dropped.json()).token_type, 'Bearer');
    const forwarded = await token(WEB.id, credentials, true);
    assert.equal(forwarded.status, 400);
    assert.deepEqual(await forwarded.json(), {
      error: 'invalid_request',
      error_description: `origin ${env.appOrigin} not allowed for client: ${WEB.id}`,
    });
    // The SPA client's Origin is allowed: the provider's CORS answer comes back renamed.
    const spa = await token('page-spa', { grant_type: 'refresh_token', refresh_token: 'not-one' }, true);
    assert.equal(spa.status, 400);
    assert.equal((await spa.json()).error, 'invalid_grant');
    assert.equal(spa.headers.get('x-relay-upstream-access-control-allow-origin'), env.appOrigin);
  });

  test('the tokens page: refresh with rotation, introspect and revoke at oidc-provider', T, (t) => scenario(t, async (s) => {
    await loopbackOnly(s);
    const app = new App(s);
    const m = await discovery();
    await configure(app, { relay: false });
    await authorize(app);
    const issued = await redeem(app, direct(m.token_endpoint));
    assert.ok(issued.refresh_token, 'oidc-provider issues the page client a refresh token');
    await openTokens(app);
    const saved = (await storedSets(s.page)).find((e) => e.access_token === issued.access_token);
    assert.equal(saved.refresh_token, issued.refresh_token);
    const set = s.page.getByRole('article', { name: `Token set ${saved.name}`, exact: true });

    // Refresh, directly (CORS for the SPA client): the provider rotates; the store keeps
    // exactly what it sent, in the same entry; the old refresh token is spent.
    const answered = s.page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === m.token_endpoint);
    await set.getByRole('button', { name: 'Refresh', exact: true }).click();
    const response = await answered;
    assert.equal(response.status(), 200, await response.text());
    const refreshed = await response.json();
    await set.getByText('Refreshed: a new access token, and the server rotated the refresh token: the new one is saved (RFC 6749 §6).', { exact: true }).waitFor();
    assert.notEqual(refreshed.refresh_token, issued.refresh_token, 'rotated');
    const entry = await eventually(async () => {
      return (await storedSets(s.page)).find((e) => e.id === saved.id && e.access_token === refreshed.access_token) ?? false;
    }, { message: 'the refreshed set in the store' });
    assert.equal(entry.refresh_token, refreshed.refresh_token);
    assert.equal((await introspect(issued.refresh_token)).active, false, 'the rotated-out refresh token');
    assert.equal((await introspect(refreshed.access_token)).active, true);

    // Introspect (the refresh token), then revoke it, at the provider's endpoints.
    await set.getByRole('button', { name: 'Introspect', exact: true }).click();
    await set.getByText('active: yes', { exact: true }).waitFor();
    const claims = await set.getByRole('table', { name: 'What the token stands for' }).innerText();
    assert.match(claims, /client_id\s+"page-spa"/);
    assert.match(claims, /sub\s+"alice"/);
    await set.getByRole('button', { name: 'Revoke', exact: true }).click();
    await set.getByText(/^Revoked \(RFC 7009 §2\.2\)/).waitFor();
    assert.equal((await introspect(refreshed.refresh_token)).active, false, 'revoked at the provider');
    await set.getByRole('button', { name: 'Introspect', exact: true }).click();
    await set.getByText('active: no', { exact: true }).waitFor();
  }));

  test('a tampered id_token is refused: its signature fails', T, (t) => scenario(t, async (s) => {
    await loopbackOnly(s);
    const app = new App(s);
    const m = await discovery();
    await configure(app, { relay: false });
    // The token response as it arrives in the page, with one claim changed after signing.
    await s.page.route((u) => u.href === m.token_endpoint, tamperedIdToken('mallory'));
    await authorize(app);
    await app.button('Send the token request').click();
    const five = s.page.getByRole('region', { name: '5. The id_token (OpenID Connect)', exact: true });
    await five.getByText('signature: failed', { exact: true }).waitFor();
    assert.match(await five.innerText(), /the signature does not verify with RS256/);
    assert.match(await five.getByRole('table', { name: 'Claims' }).innerText(), /mallory/);
  }));
});
