// The OAuth 2.0 page (oauth2/, its own wasm) against the sandbox authorization server of
// `oauth-playground serve`: authorization code + PKCE with the public client
// playground-spa, the token shown and stored equal to what the sandbox issued, the id_token
// verified by Web Crypto (and a tampered one refused), a forged `state` refused, and the
// OAuth 1.0a page still working beside an OAuth 2.0 entry.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, STORE_KEY } from './lib/app.mjs';
import { tamperedIdToken } from './lib/tamper.mjs';
import { PROVIDERS, threeLegged } from './lib/flows.mjs';
import { ISSUER, openOAuth2, PAGE, TOKEN_PATH } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };
const open = openOAuth2;

after(closeBrowser);

/** Step 1 and 2: builds the URL, checks its parameters, and goes to the sandbox. */
async function toTheSandbox(app) {
  await app.button('Build the authorization URL').click();
  const url = new URL(await app.field('Authorization URL').inputValue());
  assert.equal(url.origin + url.pathname, `${ISSUER}/authorize`);
  const q = url.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), 'playground-spa');
  assert.equal(q.get('redirect_uri'), PAGE, 'the page returns to itself');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get('state'), /^[A-Za-z0-9_-]{43}$/);
  // The workings: each parameter with why, and the verifier → SHA-256 → base64url.
  const rows = app.page.getByRole('table', { name: 'The authorization URL, parameter by parameter' }).getByRole('row');
  assert.equal(await rows.count(), 1 + [...q.keys()].length);
  const pkce = await app.page.locator('figure.pkce pre').innerText();
  assert.ok(pkce.includes(q.get('code_challenge')), pkce);
  // Web Crypto's own SHA-256 of the verifier agrees with the protocol crate's challenge.
  await app.page.getByText(`Web Crypto's SHA-256 gives the same challenge: ${q.get('code_challenge')}`, { exact: true }).waitFor();
  await app.button('Go to the provider').click();
  await app.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
  return q;
}

describe('OAuth 2.0: authorization code + PKCE against the sandbox', () => {
  test('the token shown and stored is the one the sandbox issued', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await open(app);
    await screenshot(s.page, '20-oauth2-first-screen', { fullPage: false });
    await toTheSandbox(app);
    await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
    await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    // The callback's checks, and the query gone from the address bar.
    await app.page.getByText('state: passed').waitFor();
    await app.page.getByText('iss: passed').waitFor();
    assert.equal(await app.field('The redirect URI this callback came to').inputValue(), PAGE);

    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the token request').click();
    const issued = await (await answered).json();
    assert.match(issued.access_token, /^[A-Za-z0-9_-]{43}$/);
    const token = app.field('Access token');
    await eventually(async () => (await token.inputValue()) === issued.access_token, {
      message: '"Access token" shows the issued one',
    });
    assert.equal(await token.getAttribute('type'), 'password', 'masked until revealed');
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    // The raw exchange: the request carries the verifier (masked), the response the token (masked).
    const request = await app.page.locator('figure', { hasText: 'Request' }).locator('pre').innerText();
    assert.match(request, /^POST \/sandbox\/oauth2\/token HTTP\/1\.1/);
    assert.match(request, /grant_type=authorization_code/);
    const response = await app.page.locator('figure', { hasText: 'Response' }).locator('pre').innerText();
    assert.match(response, /^HTTP 200/);
    assert.ok(!response.includes(issued.access_token), 'the raw response masks the token');
    // Step 5: the id_token, its signature checked by Web Crypto against the JWKS, then its claims.
    assert.ok(issued.id_token, 'scope openid: an id_token');
    const five = s.page.getByRole('region', { name: '5. The id_token (OpenID Connect)', exact: true });
    for (const check of ['signature', 'iss', 'aud', 'exp', 'iat', 'nonce', 'at_hash']) {
      await five.getByText(`${check}: passed`, { exact: true }).waitFor();
    }
    assert.equal(await five.getByText(/: failed$/).count(), 0, await five.innerText());
    const claims = five.getByRole('table', { name: 'Claims' });
    assert.match(await claims.innerText(), /exp\s+\d+\s+20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    await screenshot(s.page, '21-oauth2-token', { fullPage: true });

    const doc = JSON.parse(await s.page.evaluate((k) => localStorage.getItem(k), STORE_KEY));
    const saved = doc.tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, issued.access_token);
    assert.equal(saved.refresh_token ?? null, issued.refresh_token ?? null);
    assert.equal(saved.id_token ?? null, issued.id_token ?? null);
    assert.equal(saved.client_id, 'playground-spa');
    assert.equal(saved.issuer, ISSUER);
    // The sandbox accepts it: it is the token it issued.
    const me = await fetch(`${ISSUER}/userinfo`, { headers: { Authorization: `Bearer ${issued.access_token}` } });
    assert.equal(me.status, 200, await me.text());

    // The protocol switch, then a three-legged OAuth 1.0a flow: both entries stay.
    await s.page.getByRole('link', { name: 'OAuth 1.0a', exact: true }).click();
    await s.page.waitForURL((u) => u.href === env.appUrl);
    const one = new App(s);
    await one.ready();
    const oauth1 = await threeLegged(one, PROVIDERS.sandbox, { method: 'HMAC-SHA1', decide: 'click' });
    const after = await eventually(async () => {
      const d = JSON.parse(await s.page.evaluate((k) => localStorage.getItem(k), STORE_KEY));
      return d.tokens.some((e) => e.token === oauth1.accessToken.token) ? d : false;
    }, { message: 'the OAuth 1.0a token to join the store' });
    const kept = after.tokens.find((e) => e.protocol === 'oauth2');
    assert.deepEqual(kept, saved, 'the OAuth 1.0a page kept the OAuth 2.0 entry as it was');
  }));

  test('a tampered id_token is refused: its signature fails', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await open(app);
    // The token response as it arrives in the page, with one claim changed after signing.
    await s.page.route(`**${TOKEN_PATH}`, tamperedIdToken('someone-else'));
    await toTheSandbox(app);
    await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
    await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    await app.button('Send the token request').click();
    const five = s.page.getByRole('region', { name: '5. The id_token (OpenID Connect)', exact: true });
    await five.getByText('signature: failed', { exact: true }).waitFor();
    assert.match(await five.innerText(), /the signature does not verify with RS256/);
    assert.match(await five.getByRole('table', { name: 'Claims' }).innerText(), /someone-else/);
  }));

  test('a callback with another state is refused', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await open(app);
    const sent = await toTheSandbox(app);
    // Instead of deciding, a forged callback arrives: a code with a state this tab never sent.
    const forged = new URL(PAGE);
    forged.searchParams.set('code', 'forged-code');
    forged.searchParams.set('state', 'forged-state');
    forged.searchParams.set('iss', ISSUER);
    assert.notEqual(sent.get('state'), 'forged-state');
    await s.page.goto(forged.href);
    await app.page.getByText('state: failed').waitFor();
    await app.page.getByText('iss: not checked').waitFor();
    const alert = await app.alerts().innerText();
    assert.match(alert, /the state "forged-state" is not the one this request sent/);
    assert.equal(await app.button('Send the token request').count(), 0, 'no token request is offered');
    assert.equal(new URL(s.page.url()).search, '', 'the forged query is cleaned from the address bar');
  }));
});
