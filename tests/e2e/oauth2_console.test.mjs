// The OAuth 2.0 page's console against the sandbox of `oauth-playground serve`: a token from
// the code flow sent as Bearer in the header (the default) and in the query only when picked,
// with the warning; and a DPoP-bound token (the token request carried a proof) sent with a
// proof by the page's non-extractable Web Crypto key, the same key after a reload (IndexedDB).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import path from 'node:path';

import { closeBrowser, env, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App } from './lib/app.mjs';
import { ISSUER, openOAuth2, openTokens, PAGE, TOKEN_PATH } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };
const USERINFO = `${ISSUER}/userinfo`;
// The sandbox's userinfo for scope openid profile, byte for byte.
const ME = '{"name":"Sandbox Learner","preferred_username":"sandbox-learner","sub":"1001"}';
const CONSOLE = 'Console: call an API with a stored token';
const QUERY_WARNING =
  'Warning: RFC 6750 §2.3: a token in the URL leaks into server and proxy logs, browser history and ' +
  'Referer headers; the request asks caches not to keep it (Cache-Control: no-store), and OAuth 2.1 ' +
  'forbids this placement. Use it only where the resource accepts nothing else.';

after(closeBrowser);

/** The code flow against the sandbox, step 4 with a DPoP proof when `dpop`: the token issued. */
async function codeFlowToken(app, { dpop = false } = {}) {
  await openOAuth2(app);
  await app.button('Build the authorization URL').click();
  await app.button('Go to the provider').click();
  await app.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
  await app.page.getByRole('button', { name: 'Allow', exact: true }).click();
  await app.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
  if (dpop) await app.field("Bind the token to this browser's DPoP key (send a DPoP proof, RFC 9449 §5)").check();
  const answered = app.page.waitForResponse((r) => r.url().includes(TOKEN_PATH) || r.url().includes(encodeURIComponent(TOKEN_PATH)));
  await app.button('Send the token request').click();
  const response = await answered;
  const issued = await response.json();
  await app.page.getByText('Saved in the token store, beside the OAuth 1.0a tokens.').waitFor();
  await openTokens(app);
  return { issued, request: response.request() };
}

/** The console, with the store read again (step 4 saved after it rendered). */
async function theConsole(app) {
  const region = app.page.getByRole('region', { name: CONSOLE, exact: true });
  await region.getByRole('button', { name: 'Reload the token list', exact: true }).click();
  return { region, c: app.within(region) };
}

/** Sends from the console: the request as the sandbox got it and the page's raw response. */
async function sendFrom(app, region) {
  const sent = app.page.waitForRequest((r) => /userinfo/.test(decodeURIComponent(r.url())) && r.method() !== 'OPTIONS');
  await region.getByRole('button', { name: 'Send the request', exact: true }).click();
  const request = await sent;
  await region.locator('#console-status').waitFor();
  const status = await region.locator('#console-status').innerText();
  const raw = region.locator('figure', { hasText: 'Response' }).last().locator('pre');
  const response = await raw.innerText();
  const shown = await region.locator('figure', { hasText: 'Request' }).last().locator('pre').innerText();
  return { request, status, response, shown };
}

/** The console alone, for looking at it (tests/e2e/out/screenshots). */
const shoot = (region, name) =>
  region.screenshot({ path: path.join(env.screenshots, `${name}.png`), animations: 'disabled', caret: 'hide' });

const body = (raw) => raw.slice(raw.indexOf('\n\n') + 2);

function decodeJwt(jwt) {
  const [h, c] = jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  return { header: h, claims: c };
}

describe('OAuth 2.0 console against the sandbox', () => {
  test('Bearer in the header by default; the query only when picked, with its warning', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    const { issued } = await codeFlowToken(app);
    assert.equal(issued.token_type, 'Bearer');
    const { region, c } = await theConsole(app);
    assert.equal(await c.field('URL').inputValue(), USERINFO);
    assert.equal(await c.select('Token placement').inputValue(), 'header');
    assert.equal(await region.locator('#console-warning').count(), 0, 'no warning for the header');

    const one = await sendFrom(app, region);
    assert.match(one.status, /^HTTP 200\b/);
    assert.equal(body(one.response), ME);
    const headers = await one.request.allHeaders();
    assert.equal(headers.authorization, `Bearer ${issued.access_token}`);
    assert.match(one.shown, /^GET \/sandbox\/oauth2\/userinfo HTTP\/1\.1/);
    assert.ok(!one.shown.includes(issued.access_token), 'the raw request masks the token');
    await screenshot(s.page, '30-oauth2-console-bearer', { fullPage: true });

    await c.select('Token placement').selectOption('query');
    assert.equal(await region.locator('#console-warning').innerText(), QUERY_WARNING);
    const two = await sendFrom(app, region);
    assert.match(two.status, /^HTTP 200\b/);
    assert.equal(body(two.response), ME);
    const target = new URL(decodeURIComponent(two.request.url()).replace(/^.*?(http:\/\/[^?]*\/userinfo)/, '$1'));
    assert.equal(target.searchParams.get('access_token'), issued.access_token);
    const h2 = await two.request.allHeaders();
    assert.equal(h2.authorization, undefined, 'the token is in the query only');
    assert.equal(h2['cache-control'], undefined, 'CORS preflights refuse Cache-Control: left out, and said');
    await region.getByText('From a browser the request goes without Cache-Control: no-store: CORS preflights (the sandbox\'s, the relay\'s, most APIs\') do not allow that header.', { exact: true }).waitFor();
    assert.ok(!two.shown.includes(issued.access_token), 'the raw request masks the token in the query');
    await screenshot(s.page, '31-oauth2-console-query-1280', { fullPage: true });
    await shoot(region, '31-oauth2-console-query-1280-region');
    await s.page.setViewportSize({ width: 390, height: 900 });
    await region.scrollIntoViewIfNeeded();
    const wide = await s.page.evaluate(() => [...document.querySelectorAll('#console *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`));
    assert.deepEqual(wide, [], 'nothing in the console is wider than a 390 px phone');
    await screenshot(s.page, '32-oauth2-console-query-390', { fullPage: true });
    await shoot(region, '32-oauth2-console-query-390-region');
  }));

  test('a DPoP-bound token: a proof by a non-extractable key kept in IndexedDB, the same after a reload', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    const { issued, request } = await codeFlowToken(app, { dpop: true });
    assert.equal(issued.token_type, 'DPoP', 'the token request carried a proof');
    const tokenProof = decodeJwt((await request.allHeaders()).dpop);
    assert.equal(tokenProof.header.typ, 'dpop+jwt');
    assert.equal(tokenProof.claims.htm, 'POST');
    assert.equal(tokenProof.claims.ath, undefined, 'no ath at the token endpoint');

    const { region, c } = await theConsole(app);
    assert.deepEqual(
      await c.select('Token placement').locator('option').allInnerTexts(),
      ['Authorization header (RFC 6750 §2.1)'],
      'a DPoP token goes in the header only',
    );
    const one = await sendFrom(app, region);
    assert.match(one.status, /^HTTP 200\b/);
    assert.equal(body(one.response), ME);
    const headers = await one.request.allHeaders();
    assert.equal(headers.authorization, `DPoP ${issued.access_token}`);
    const proof = decodeJwt(headers.dpop);
    assert.deepEqual(Object.keys(proof.header.jwk).sort(), ['crv', 'kty', 'x', 'y'], 'the public key only');
    assert.deepEqual(proof.header.jwk, tokenProof.header.jwk, 'the key the token is bound to');
    assert.equal(proof.claims.htu, USERINFO);
    assert.equal(proof.claims.htm, 'GET');
    const ath = (await import('node:crypto')).createHash('sha256').update(issued.access_token).digest('base64url');
    assert.equal(proof.claims.ath, ath);
    // The workings: the proof decoded, and the key's thumbprint.
    const workings = await region.locator('details.workings pre').first().innerText();
    assert.ok(workings.includes(`"ath": "${ath}"`), workings);
    const about = await region.locator('#console-dpop-key').innerText();
    assert.match(about, /^DPoP key thumbprint \(jkt\): [A-Za-z0-9_-]{43}, found in IndexedDB/);
    await screenshot(s.page, '33-oauth2-console-dpop', { fullPage: true });
    await shoot(region, '33-oauth2-console-dpop-region');

    // After a reload: the same key from IndexedDB, and the bound token still works.
    await s.page.reload();
    await s.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
    const again = app.page.getByRole('region', { name: CONSOLE, exact: true });
    const two = await sendFrom(app, again);
    assert.match(two.status, /^HTTP 200\b/);
    assert.equal(body(two.response), ME);
    const proof2 = decodeJwt((await two.request.allHeaders()).dpop);
    assert.deepEqual(proof2.header.jwk, proof.header.jwk, 'the same key after a reload');
    assert.notEqual(proof2.claims.jti, proof.claims.jti, 'a fresh proof per request');
    assert.equal(await again.locator('#console-dpop-key').innerText(), about);

    // A resource that asks for a nonce (RFC 9449 §9): the page retries once, the nonce in the proof.
    s.expect(/status of 401/);
    let asked = 0;
    await s.page.route('**/sandbox/oauth2/userinfo*', (route) => {
      if (asked++ > 0) return route.continue();
      return route.fulfill({
        status: 401,
        headers: { 'DPoP-Nonce': 'nonce-from-the-resource', 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"' },
        body: '',
      });
    });
    const retried = [];
    const onRequest = (r) => { if (/userinfo/.test(r.url())) retried.push(r); };
    s.page.on('request', onRequest);
    await again.getByRole('button', { name: 'Send the request', exact: true }).click();
    await eventually(async () => retried.length === 2 && (await again.locator('#console-status').count()) === 1, {
      message: 'the retry with the nonce to be answered',
    });
    s.page.off('request', onRequest);
    assert.match(await again.locator('#console-status').innerText(), /^HTTP 200\b/);
    const [first, second] = await Promise.all(retried.map(async (r) => decodeJwt((await r.allHeaders()).dpop)));
    assert.equal(first.claims.nonce, undefined);
    assert.equal(second.claims.nonce, 'nonce-from-the-resource');
    assert.notEqual(second.claims.jti, first.claims.jti);
    assert.match(await again.locator('pre[aria-label="DPoP proof 2"]').innerText(), /"nonce": "nonce-from-the-resource"/);
    await s.page.unroute('**/sandbox/oauth2/userinfo*');

    // The private key cannot be read by any script: exportKey rejects.
    const probe = await s.page.evaluate(async () => {
      const db = await new Promise((ok, no) => {
        const r = indexedDB.open('oauth-playground');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const pair = await new Promise((ok, no) => {
        const r = db.transaction('dpop-keys').objectStore('dpop-keys').get('es256');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const refused = await crypto.subtle.exportKey('pkcs8', pair.privateKey).then(() => 'exported', (e) => e.name);
      return { refused, extractable: pair.privateKey.extractable, alg: pair.privateKey.algorithm.namedCurve };
    });
    assert.deepEqual(probe, { refused: 'InvalidAccessError', extractable: false, alg: 'P-256' });
  }));
});
