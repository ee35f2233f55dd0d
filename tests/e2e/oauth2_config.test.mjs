// The OAuth 2.0 page's configuration and callback (issue 15) against the sandbox of
// `oauth-playground serve`: a preset fills the fields, discovery fills the endpoints, the
// confidential client playground-web (client_secret_basic) redirects to a loopback
// /callback whose URL is pasted into step 3, and a wrong verifier's and a reused code's
// refusals are explained.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, STORE_KEY } from './lib/app.mjs';
import { ISSUER, openOAuth2, PAGE, TOKEN_PATH } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };
const ORIGIN = new URL(env.appUrl).origin;
// The sandbox's confidential demo client (crates/cli/src/sandbox/oauth2/clients.rs): it
// registers the loopback /callback only, never the page.
const WEB = { id: 'playground-web', secret: 'playground-web-secret' };
const CALLBACK = `${ORIGIN}/callback`;

after(closeBrowser);

const open = openOAuth2;

/** Unfolds the configuration panel (a complete one starts folded). */
async function unfold(app) {
  await app.page.locator('details.config').evaluate((d) => { d.open = true; });
}

/** Step 1 and 2 with the configuration as it is; the sandbox's consent, allowed. */
async function authorize(app) {
  await app.button('Build the authorization URL').click();
  const url = new URL(await app.field('Authorization URL').inputValue());
  await app.button('Go to the provider').click();
  await app.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
  await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
  return url.searchParams;
}

describe('OAuth 2.0 configuration: presets, discovery, a confidential client, a pasted callback', () => {
  test('a preset fills the fields; discovery fills the endpoints', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await open(app);
    await unfold(app);
    assert.equal(await app.selected('Provider'), 'Local sandbox (oauth-playground serve)');

    await app.choose('Provider', 'GitHub');
    assert.equal(await app.field('Authorization endpoint').inputValue(), 'https://github.com/login/oauth/authorize');
    assert.equal(await app.field('Token endpoint').inputValue(), 'https://github.com/login/oauth/access_token');
    assert.equal(await app.field('Issuer').inputValue(), '');
    assert.equal(await app.field('Client ID').inputValue(), '', "the sandbox's client is not GitHub's");
    assert.equal(await app.field('Scope').inputValue(), 'read:user');
    assert.equal(await app.field('Send the token request through the relay').isChecked(), true,
      'its token endpoint sends no CORS headers');
    assert.equal(await app.field("Forward the page's Origin").isChecked(), false);
    const info = app.page.locator('.preset-info');
    await info.getByText('The token endpoint sends no CORS headers: the page reaches it through the relay.', { exact: true }).waitFor();
    assert.match(await info.innerText(), /Unverified: PKCE \(S256\) on the web flow/);
    assert.match(await info.innerText(), /Token endpoint from a browser: no CORS: the page needs the relay\./);
    const source = info.getByRole('link');
    assert.equal(await source.getAttribute('href'),
      'https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps');
    assert.equal(await source.getAttribute('rel'), 'noopener noreferrer');
    await app.page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(s.page, '30-oauth2-preset-github', { fullPage: true });
    await app.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(s.page, '31-oauth2-preset-github-phone', { fullPage: true });
    await app.page.setViewportSize({ width: 1280, height: 900 });

    // Entra ID: the tenant is asked for, checked by its rule, then goes into the issuer.
    await app.choose('Provider', 'Microsoft Entra ID');
    const tenant = app.field('Tenant (a directory id, a domain, or common / organizations / consumers)');
    assert.equal(await tenant.getAttribute('placeholder'), 'common');
    await tenant.fill('evil.example/x');
    await app.page.getByText(
      'the tenant "evil.example/x" is not allowed: give one name of letters, digits, \'-\', \'_\' or \'.\', without \'/\'',
      { exact: true }).waitFor();
    assert.equal(await app.field('Issuer').inputValue(), '');
    await tenant.fill('common');
    await eventually(async () => (await app.field('Issuer').inputValue()) === 'https://login.microsoftonline.com/common/v2.0',
      { message: 'the tenant goes into the issuer' });
    assert.equal(await app.field('Scope').inputValue(), 'openid profile offline_access User.Read');
    await app.field('Send the token request through the relay').check();
    assert.equal(await app.field("Forward the page's Origin").isChecked(), true, 'Entra ID "spa" needs Origin');

    // Google and Dropbox issue refresh tokens only when asked: their presets ask.
    assert.equal(await app.field('Extra authorization parameters').inputValue(), '');
    await app.choose('Provider', 'Google');
    assert.equal(await app.field('Extra authorization parameters').inputValue(), 'access_type=offline&prompt=consent');
    await app.choose('Provider', 'Dropbox');
    assert.equal(await app.field('Extra authorization parameters').inputValue(), 'token_access_type=offline');

    // Back to the sandbox, then discovery by the issuer alone.
    // The served sandbox is complete: the panel folds as it is chosen.
    await app.select('Provider').selectOption({ value: 'sandbox' });
    await app.page.getByText(`Configuration: client playground-spa at ${ISSUER}`, { exact: true }).waitFor();
    await unfold(app);
    await app.choose('Provider', 'Custom');
    await app.fill('Authorization endpoint', '');
    await app.fill('Token endpoint', '');
    await app.page.getByText('Configuration (incomplete)', { exact: true }).waitFor();
    await app.button('Discover').click();
    await app.page.getByText(`Discovered from ${ISSUER}/.well-known/openid-configuration:`, { exact: true }).waitFor();
    assert.equal(await app.field('Authorization endpoint').inputValue(), `${ISSUER}/authorize`);
    assert.equal(await app.field('Token endpoint').inputValue(), `${ISSUER}/token`);
    await app.page.getByText(`Configuration: client playground-spa at ${ISSUER}`, { exact: true }).waitFor();

    // An issuer with no metadata: a clear error, the fields as they were.
    await unfold(app);
    s.expect(/status of 404/);
    await app.fill('Issuer', `${ORIGIN}/nothing-here`);
    await app.button('Discover').click();
    const alert = app.page.getByRole('alert');
    await alert.getByText(new RegExp(`^No metadata for ${ORIGIN}/nothing-here\\. `)).waitFor();
    assert.equal(await app.field('Token endpoint').inputValue(), `${ISSUER}/token`);
  }));

  test('client_secret_basic with a pasted callback URL gets the token', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await open(app);
    await unfold(app);
    await app.fill('Client ID', WEB.id);
    await app.fill('Client secret', WEB.secret);
    assert.equal(await app.field('Client secret').getAttribute('type'), 'password');
    assert.equal(await app.selected('Send the secret by'), 'client_secret_basic (HTTP Basic header)');
    await app.fill('Registered redirect URI', CALLBACK);
    assert.equal(await app.field('Redirect URI to register').inputValue(), CALLBACK);
    // Extra parameters: one the request sets itself is refused at step 1; others go last.
    await app.fill('Extra authorization parameters', 'state=mine');
    await app.button('Build the authorization URL').click();
    await app.page.getByText('Step 1 failed: state is set by this request; remove it from the extra parameters',
      { exact: true }).waitFor();
    await app.fill('Extra authorization parameters', 'login_hint=learner%40example.com');
    const q = await authorize(app);
    assert.equal(q.get('login_hint'), 'learner@example.com');
    assert.equal([...q.keys()].at(-1), 'login_hint');
    assert.equal(q.get('redirect_uri'), CALLBACK);
    assert.equal(q.get('client_id'), WEB.id);
    // The sandbox sends the browser to the loopback /callback, which nothing here serves.
    s.expect(/status of 404/);
    await app.page.waitForURL((u) => u.pathname === '/callback', { timeout: 15_000 });
    const arrived = app.page.url();
    assert.equal(new URL(arrived).searchParams.get('state'), q.get('state'));

    // Back on the page, the same tab: the pending request is still in sessionStorage.
    await app.page.goto(PAGE);
    await app.field('The URL the browser was sent to').fill(arrived);
    await app.button('Check the pasted URL').click();
    await app.page.getByText('state: passed').waitFor();
    await app.page.getByText('iss: passed').waitFor();
    assert.equal(await app.field('The redirect URI this callback came to').inputValue(), CALLBACK);

    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the token request').click();
    const response = await answered;
    const sentHeader = response.request().headers().authorization;
    assert.equal(sentHeader, `Basic ${Buffer.from(`${WEB.id}:${WEB.secret}`).toString('base64')}`);
    const issued = await response.json();
    await eventually(async () => (await app.field('Access token').inputValue()) === issued.access_token, {
      message: '"Access token" shows the issued one',
    });
    const request = await app.page.locator('figure', { hasText: 'Request' }).locator('pre').innerText();
    assert.match(request, /^POST \/sandbox\/oauth2\/token HTTP\/1\.1/);
    assert.match(request, /Authorization: Basic /);
    assert.ok(!request.includes(sentHeader.slice(6)), 'the Authorization header is masked');
    assert.ok(!request.includes(WEB.secret), 'the secret is not shown');
    await app.page.getByText('Workings: each parameter, and how the client authenticated', { exact: true }).click();
    assert.match(await app.page.locator('details.workings pre').innerText(),
      /Authorization: Basic, RFC 6749 §2\.3\.1: Base64 of form-encoded id "playground-web"/);
    await screenshot(s.page, '32-oauth2-pasted-callback', { fullPage: true });

    const doc = JSON.parse(await s.page.evaluate((k) => localStorage.getItem(k), STORE_KEY));
    const saved = doc.tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, issued.access_token);
    assert.equal(saved.client_id, WEB.id);
    assert.equal(saved.client_secret, WEB.secret, 'kept for a later refresh');
    assert.equal(saved.token_endpoint_auth_method, 'client_secret_basic');
    const pending = await s.page.evaluate(() => sessionStorage.getItem('oauth-playground.oauth2.pending'));
    assert.equal(pending, null, 'the pending request is gone once redeemed');
  }));

  test("a wrong verifier's and a reused code's refusals are explained", T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    s.expect(/status of 400/);
    await open(app);
    // The token request as the page sends it, with another code_verifier.
    await s.page.route(`**${TOKEN_PATH}`, async (route) => {
      const body = new URLSearchParams(route.request().postData());
      body.set('code_verifier', 'x'.repeat(43));
      await route.continue({ postData: body.toString() });
    });
    await authorize(app);
    await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    await app.button('Send the token request').click();
    const alert = app.page.getByRole('alert');
    await alert.getByText(/^The token endpoint refused: invalid_grant: code_verifier does not match: /).waitFor();
    assert.match(await alert.innerText(),
      /PKCE: the code_verifier does not match the challenge: the server hashed the verifier sent and got another code_challenge than the one step 1 sent \(RFC 7636 §4\.6\)\. The verifier is kept in this tab only: start again at step 1 in the same tab\.$/);
    await s.page.unroute(`**${TOKEN_PATH}`);

    // A second flow whose code is sent twice: the second answer is the page's.
    await s.page.route(`**${TOKEN_PATH}`, async (route) => {
      const first = await route.fetch();
      assert.equal(first.status(), 200);
      await route.fulfill({ response: await route.fetch() });
    });
    await open(app);
    await authorize(app);
    await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    await app.button('Send the token request').click();
    await alert.getByText(/^The token endpoint refused: invalid_grant: this code was already exchanged/).waitFor();
    assert.match(await alert.innerText(),
      /A code works once, and only for a short time \(RFC 6749 §4\.1\.2\): if it was sent already, or the trip took long, start again at step 1 for a new code\.$/);
    await screenshot(s.page, '33-oauth2-reused-code', { fullPage: true });
  }));
});
