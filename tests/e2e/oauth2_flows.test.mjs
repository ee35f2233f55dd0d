// The OAuth 2.0 flows besides code + PKCE, each in its tab (client credentials and token
// exchange on the tokens page, oauth2-tokens/): the device flow (RFC 8628) against
// the sandbox of `serve`, the user approving in a second page as a user would on their
// phone (the user code shown exactly, the pending polls listed, the token stored equal to
// the one issued), slowed down and denied; the device flow against oidc-provider through
// the relay, approved at its own pages; client credentials (RFC 6749 §4.4) against the
// sandbox and against oidc-provider through the relay; token exchange (RFC 8693) against
// the sandbox, the stored token traded for a new one, and a refusal explained. The tabs
// themselves: roles, arrow keys, and the chosen one remembered by a reload.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, STORE_KEY } from './lib/app.mjs';
import { ISSUER, openOAuth2, PAGE, TOKEN_PATH, TOKENS_PAGE } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };
const DEVICE_PATH = '/sandbox/oauth2/device_authorization';
const CONFIG_KEY = 'oauth-playground.oauth2.config';
const OIDC = process.env.E2E_OIDC_URL;

after(closeBrowser);

const tab = (app, name) => app.page.getByRole('tab', { name, exact: true });
const stored = async (page) => JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY));
const pre = (app, caption) => app.page.locator('figure', { hasText: caption }).locator('pre').first().innerText();

/** Opens the device tab and asks the sandbox for a code pair: the response as issued. */
async function askForCode(app) {
  await tab(app, 'Device').click();
  assert.equal(await app.page.getByText('Client: playground-device, authenticated by none', { exact: true }).count(), 1);
  const answered = app.page.waitForResponse((r) => new URL(r.url()).pathname === DEVICE_PATH);
  await app.button('Ask for a user code').click();
  const issued = await (await answered).json();
  assert.match(issued.user_code, /^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
  // Shown exactly, large (once rendered: a second code replaces the first); the URI a
  // link, the QR code holds the complete one.
  await eventually(async () => (await app.page.locator('#user-code').innerText()) === issued.user_code, {
    message: `the user code ${issued.user_code} shown`,
  });
  const link = app.page.getByRole('link', { name: issued.verification_uri, exact: true });
  assert.equal(await link.getAttribute('href'), issued.verification_uri);
  await app.page.getByRole('img', { name: `QR code of ${issued.verification_uri_complete}`, exact: true }).waitFor();
  // The raw exchange: the device_code masked.
  assert.match(await pre(app, 'Request'), /^POST \/sandbox\/oauth2\/device_authorization HTTP\/1\.1/);
  const response = await pre(app, 'Response');
  assert.match(response, /^HTTP 200/);
  assert.ok(response.includes(issued.user_code) && !response.includes(issued.device_code), response);
  return issued;
}

/** The polls as listed: `[outcome, ...]`. */
async function polls(app) {
  const items = app.page.getByRole('list', { name: 'Polls' }).getByRole('listitem');
  return (await items.locator('code').allInnerTexts());
}

/** The user, on another device: opens the complete verification URI and decides. */
async function decide(s, issued, decision) {
  assert.equal(new URL(issued.verification_uri_complete).origin, env.appOrigin, 'loopback only');
  const phone = await s.context.newPage();
  await phone.goto(issued.verification_uri_complete);
  await phone.getByRole('button', { name: decision, exact: true }).click();
  await phone.locator('#done').waitFor();
  await phone.close();
}

describe('OAuth 2.0 flows: tabs, device, client credentials, token exchange', () => {
  test('the tabs: roles, arrow keys, the chosen one remembered, on both pages', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    const names = () => app.page.getByRole('tablist').getByRole('tab').allInnerTexts();
    assert.deepEqual(await names(), ['Authorization code + PKCE', 'Device']);
    assert.equal(await tab(app, 'Authorization code + PKCE').getAttribute('aria-selected'), 'true');
    assert.equal(await app.page.getByRole('tabpanel').getAttribute('aria-labelledby'), 'tab-code');
    await tab(app, 'Authorization code + PKCE').focus();
    await app.page.keyboard.press('ArrowRight');
    assert.equal(await tab(app, 'Device').getAttribute('aria-selected'), 'true');
    assert.equal(await app.page.evaluate(() => document.activeElement.id), 'tab-device');
    await app.page.keyboard.press('ArrowRight');
    assert.equal(await tab(app, 'Authorization code + PKCE').getAttribute('aria-selected'), 'true', 'wraps');
    await app.page.keyboard.press('ArrowLeft');
    assert.equal(await tab(app, 'Device').getAttribute('aria-selected'), 'true');
    await app.page.reload();
    await app.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
    assert.equal(await tab(app, 'Device').getAttribute('aria-selected'), 'true');
    // Only the chosen tab is in the Tab order.
    assert.deepEqual(await app.page.getByRole('tab').evaluateAll((ts) => ts.map((x) => x.tabIndex)), [-1, 0]);

    // The grants with no user present are on the tokens page, token exchange under "Advanced".
    await app.page.getByRole('link', { name: 'tokens page', exact: true }).click();
    await app.page.waitForURL((u) => u.href === TOKENS_PAGE);
    assert.deepEqual(await names(), ['Client credentials', 'Token exchange']);
    assert.equal(await tab(app, 'Token exchange').getAttribute('aria-describedby'), 'tabs-advanced');
    await tab(app, 'Client credentials').focus();
    await app.page.keyboard.press('ArrowLeft');
    assert.equal(await tab(app, 'Token exchange').getAttribute('aria-selected'), 'true', 'wraps');
    await app.page.reload();
    await app.page.getByRole('button', { name: 'Send the exchange request', exact: true }).waitFor();
    assert.equal(await tab(app, 'Token exchange').getAttribute('aria-selected'), 'true');
  }));

  test('device flow: the user code shown, the pending polls listed, the token stored as issued', T, (t) => scenario(t, async (s) => {
    s.expect(/status of 400/);
    const app = new App(s);
    await openOAuth2(app);
    const issued = await askForCode(app);
    // The page waits the interval, then polls: the user has not entered the code yet.
    await eventually(async () => (await polls(app))[0] === 'authorization_pending', { message: 'a pending poll listed' });
    await app.page.getByRole('list', { name: 'Polls' }).getByText(/The user has not finished yet: the next poll in 5 s\./).waitFor();
    await screenshot(s.page, 'oauth2-device', { fullPage: false });
    await s.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(s.page, 'oauth2-device-390', { fullPage: true });
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(s.page, 'oauth2-device-dark', { fullPage: false });
    await s.page.emulateMedia({ colorScheme: 'light' });
    const token = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH && r.status() === 200,
      { timeout: 30_000 });
    await decide(s, issued, 'Allow');
    const answer = await (await token).json();
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    const listed = await polls(app);
    assert.ok(listed.length >= 2, listed.join());
    assert.deepEqual(listed, [...listed.slice(0, -1).map(() => 'authorization_pending'), 'access_token']);
    await app.page.getByText(`Done after ${listed.length} polls.`, { exact: true }).waitFor();
    assert.equal(await app.field('Access token').inputValue(), answer.access_token);
    assert.equal(await app.field('Access token').getAttribute('type'), 'password', 'masked until revealed');
    assert.equal(await app.button('Stop polling').isDisabled(), true);
    const raw = await app.page.locator('details', { hasText: 'The last poll, raw' }).locator('figure', { hasText: 'Response' }).innerText();
    assert.match(raw, /HTTP 200/);
    assert.ok(!raw.includes(answer.access_token), 'the raw response masks the token');
    await screenshot(s.page, 'oauth2-device-done', { fullPage: true });
    const saved = (await stored(s.page)).tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, answer.access_token);
    assert.equal(saved.refresh_token ?? null, answer.refresh_token ?? null);
    assert.equal(saved.client_id, 'playground-device');
    assert.equal(saved.issuer, ISSUER);
  }));

  test('device flow: slow_down raises the interval, Deny ends it explained; Stop stops', T, (t) => scenario(t, async (s) => {
    s.expect(/status of 400/);
    const app = new App(s);
    await openOAuth2(app);
    // The page's timers under Playwright's clock from here (its performance marks are
    // read above): they run as usual until told to jump.
    await s.page.clock.install();
    // The first poll answered slow_down, as a busy server would (RFC 8628 §3.5).
    await s.page.route(`**${TOKEN_PATH}`, (route) => route.fulfill({
      status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'slow_down' }),
    }), { times: 1 });
    const issued = await askForCode(app);
    await eventually(async () => (await polls(app))[0] === 'slow_down', { message: 'the slow_down poll listed' });
    const list = app.page.getByRole('list', { name: 'Polls' });
    await list.getByText('Too fast: the interval is now 10 s, 5 s more (RFC 8628 §3.5).').waitFor();
    await app.page.getByText('Polling: 1 poll so far; the next in 10 s.', { exact: true }).waitFor();
    await decide(s, issued, 'Deny');
    await s.page.clock.runFor(10_000);
    const alert = app.page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /^The token endpoint refused: access_denied: the user clicked Deny on the verification page .*Start again at step 1 for a new code \(RFC 8628 §3\.5\)\./);
    assert.deepEqual(await polls(app), ['slow_down', 'access_denied']);
    await app.page.getByText('Ended without a token after 2 polls.', { exact: true }).waitFor();
    assert.equal(await stored(s.page), null, 'nothing saved');
    // A new code, then Stop before its first poll: no poll is sent.
    await askForCode(app);
    await app.button('Stop polling').click();
    await app.page.getByText('Stopped after 0 polls.', { exact: true }).waitFor();
    let polled = false;
    s.page.on('request', (r) => { if (new URL(r.url()).pathname === TOKEN_PATH) polled = true; });
    // Past the interval twice over: the loop wakes, sees it was stopped, and sends nothing.
    await s.page.clock.runFor(10_000);
    await app.page.getByText('Stopped after 0 polls.', { exact: true }).waitFor();
    assert.equal(polled, false);
  }));

  test('client credentials with the sandbox\'s m2m client, then that token exchanged', T, (t) => scenario(t, async (s) => {
    s.expect(/status of 400/);
    const app = new App(s);
    await openOAuth2(app);
    await s.page.goto(TOKENS_PAGE);
    await tab(app, 'Client credentials').click();
    await app.page.getByText('Client: playground-m2m, authenticated by client_secret_basic', { exact: true }).waitFor();
    assert.equal(await app.field('Scope of this request').inputValue(), 'api.read');
    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the token request').click();
    const issued = await (await answered).json();
    assert.equal(issued.scope, 'api.read');
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    assert.equal(await app.field('Access token').inputValue(), issued.access_token);
    const request = await pre(app, 'Request');
    assert.match(request, /^POST \/sandbox\/oauth2\/token HTTP\/1\.1/);
    assert.match(request, /grant_type=client_credentials&scope=api\.read/);
    assert.match(request, /Authorization: Basic /);
    assert.ok(!request.includes('cGxheWdyb3VuZC1tMm06cGxheWdyb3VuZC1tMm0tc2VjcmV0'), 'the Basic credentials masked');
    assert.ok(!(await pre(app, 'Response')).includes(issued.access_token), 'the raw response masks the token');
    const saved = (await stored(s.page)).tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, issued.access_token);
    assert.equal(saved.client_id, 'playground-m2m');

    // Token exchange: the stored token is offered as the subject, traded for a new one.
    await tab(app, 'Token exchange').click();
    await app.page.getByText('Client: playground-m2m, authenticated by client_secret_basic', { exact: true }).waitFor();
    assert.match(await app.select('Subject token').evaluate((el) => el.options[el.selectedIndex].text), /: access token \(20/);
    assert.equal(await app.select('subject_token_type').inputValue(), 'urn:ietf:params:oauth:token-type:access_token');
    await app.field('audience (optional)').fill('https://api.example');
    const exchanged = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the exchange request').click();
    const reply = await exchanged;
    const body = new URLSearchParams(reply.request().postData());
    assert.equal(body.get('grant_type'), 'urn:ietf:params:oauth:grant-type:token-exchange');
    assert.equal(body.get('subject_token'), issued.access_token);
    assert.equal(body.get('subject_token_type'), 'urn:ietf:params:oauth:token-type:access_token');
    assert.equal(body.get('audience'), 'https://api.example');
    const traded = await reply.json();
    assert.equal(traded.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
    assert.notEqual(traded.access_token, issued.access_token);
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    assert.ok(!(await pre(app, 'Request')).includes(issued.access_token), 'the subject token masked');
    assert.equal(await app.field('Access token').inputValue(), traded.access_token);
    await app.page.getByText('issued_token_type: urn:ietf:params:oauth:token-type:access_token', { exact: true }).waitFor();
    const tokens = (await stored(s.page)).tokens.filter((e) => e.protocol === 'oauth2').map((e) => e.access_token);
    assert.deepEqual(tokens.sort(), [issued.access_token, traded.access_token].sort());
    // A refusal is explained: the sandbox exchanges its own access tokens only.
    await app.choose('subject_token_type', /token-type:jwt/);
    const refused = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the exchange request').click();
    assert.equal((await refused).status(), 400);
    assert.match(await app.page.getByRole('alert').innerText(), /^The token endpoint refused: invalid_request: subject_token_type "urn:ietf:params:oauth:token-type:jwt": this server exchanges its own access tokens only/);
  }));

  test('client credentials against oidc-provider through the relay', T, (t) => scenario(t, async (s) => {
    const m = await oidcConfigure(s, {
      client_id: 'page-web',
      client_secret: 'page web secret/with:reserved+chars&%=?',
      auth_method: 'client_secret_basic',
    });
    const app = new App(s);
    await s.page.goto(TOKENS_PAGE);
    await tab(app, 'Client credentials').click();
    await app.page.getByText('Client: page-web, authenticated by client_secret_basic', { exact: true }).waitFor();
    const answered = s.page.waitForResponse(relayed(m.token_endpoint));
    await app.button('Send the token request').click();
    const issued = await (await answered).json();
    assert.ok(issued.access_token, JSON.stringify(issued));
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    assert.equal(await app.field('Access token').inputValue(), issued.access_token);
    const saved = (await stored(s.page)).tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, issued.access_token);
    assert.equal(saved.client_id, 'page-web');
  }));

  test('device flow against oidc-provider through the relay, approved by its own pages', T, (t) => scenario(t, async (s) => {
    s.expect(/status of 400/);
    const m = await oidcConfigure(s, (md) => ({
      device_authorization_endpoint: md.device_authorization_endpoint,
      client_id: 'cli-device',
      scope: 'openid',
    }));
    const app = new App(s);
    await tab(app, 'Device').click();
    await app.page.getByText('Client: cli-device, authenticated by none', { exact: true }).waitFor();
    const answered = s.page.waitForResponse(relayed(m.device_authorization_endpoint));
    await app.button('Ask for a user code').click();
    const issued = await (await answered).json();
    await eventually(async () => (await app.page.locator('#user-code').innerText()) === issued.user_code, {
      message: `the user code ${issued.user_code} shown`,
    });
    await eventually(async () => (await polls(app))[0] === 'authorization_pending', { message: 'a pending poll listed' });
    const token = s.page.waitForResponse((r) => relayed(m.token_endpoint)(r) && r.status() === 200, { timeout: 30_000 });
    // The user, at oidc-provider's own device pages: the code, confirm, login, consent
    // (tests/oidc-provider/drive.mjs, the CLI test's driver).
    const { stdout } = await promisify(execFile)('node', [DRIVE, 'device', m.issuer, issued.user_code, 'carol']);
    assert.match(stdout, /^done /);
    const answer = await (await token).json();
    await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
    assert.equal(await app.field('Access token').inputValue(), answer.access_token);
    const listed = await polls(app);
    assert.equal(listed.at(-1), 'access_token');
    const saved = (await stored(s.page)).tokens.find((e) => e.protocol === 'oauth2');
    assert.equal(saved.access_token, answer.access_token);
    assert.equal(saved.id_token ?? null, answer.id_token ?? null);
    assert.equal(saved.client_id, 'cli-device');
  }));
});

const DRIVE = new URL('../oidc-provider/drive.mjs', import.meta.url).pathname;
const relayed = (target) => (r) => {
  const u = new URL(r.url());
  return u.pathname === '/relay' && u.searchParams.get('url') === target;
};
let metadata;

/** Opens the page configured (as it saves its configuration) for oidc-provider through
 * serve's relay, with `fields` (or `fields(metadata)`) over its discovered endpoints; its
 * metadata. */
async function oidcConfigure(s, fields) {
  assert.equal(new URL(OIDC).hostname, '127.0.0.1', 'loopback only');
  metadata ??= await (await fetch(`${OIDC}/.well-known/openid-configuration`)).json();
  const m = metadata;
  if (typeof fields === 'function') fields = fields(m);
  await s.page.goto(PAGE);
  // Once the served sandbox's configuration is in (and saved), the page writes no more.
  await s.page.getByText(/^Configuration: client \S+ at /).waitFor();
  const form = new URLSearchParams({
    issuer: m.issuer,
    authorization_endpoint: m.authorization_endpoint,
    token_endpoint: m.token_endpoint,
    scope: '',
    relay: 'true',
    ...fields,
  }).toString();
  await s.page.evaluate(([k, v]) => localStorage.setItem(k, v), [CONFIG_KEY, form]);
  await s.page.reload();
  await s.page.getByText(`Configuration: client ${fields.client_id} at ${m.issuer}`, { exact: true }).waitFor();
  return m;
}
