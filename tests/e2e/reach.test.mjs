// Issue 13 in the browser: one-legged calls from the API console (the consumer alone
// signs, RFC 5849 §3.1) against the sandbox and oauthlib's signature-only endpoint, the
// engine's warnings before sending, MediaWiki's identify JWT checked in the workings, and a
// token added by hand in the token store.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import path from 'node:path';

import { closeBrowser, env, eventually, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, fromEndpoint, PEER, SANDBOX, targetOf } from './lib/app.mjs';
import { PROVIDERS, threeLegged } from './lib/flows.mjs';

const T = { timeout: TEST_TIMEOUT };
const HTTP_ERROR = (status) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);
const ONE_LEGGED = 'One-legged: sign with the consumer alone';
const EMPTY_TOKEN = 'Send an empty oauth_token';
const NO_TOKEN_NOTE = 'One-legged, signed by the consumer alone: no oauth_token was sent (RFC 5849 §3.1).';
const EMPTY_TOKEN_NOTE = 'One-legged, signed by the consumer alone, with an empty oauth_token as asked (RFC 5849 §3.1).';

after(closeBrowser);

/** The API console, and Send: the response as the browser got it and the request it sent. */
function consoleOf(app) {
  const region = app.page.getByRole('region', { name: 'API console', exact: true });
  const con = app.within(region);
  con.region = region;
  con.send = async (suffix) => {
    const [request, response] = await Promise.all([
      app.page.waitForRequest((r) => r.method() !== 'OPTIONS' && targetOf(r.url()).pathname.endsWith(suffix)),
      app.page.waitForResponse(fromEndpoint(suffix)),
      con.click('Send'),
    ]);
    const body = await response.text();
    await region.getByText(`HTTP ${response.status()} `, { exact: false }).first().waitFor();
    return { status: response.status(), body, json: () => JSON.parse(body), authorization: request.headers().authorization ?? '' };
  };
  /** The note above the workings of the last call. */
  con.workingsNote = async (text) => {
    await region.getByText('Workings: how this call was signed', { exact: true }).click();
    await region.getByText(text, { exact: true }).waitFor();
  };
  return con;
}

/** A PNG of `locator` at desktop and phone width, in tests/e2e/out/. */
async function shots(page, locator, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await locator.screenshot({ path: path.join(env.artifacts, `${name}-${width}.png`), animations: 'disabled' });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('one-legged calls from the API console', () => {
  test('sandbox: no token is sent, or an empty one when asked; both verified', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await app.open();
    const con = consoleOf(app);
    assert.equal(await con.button('Send').isDisabled(), true, 'no token in use: nothing signs yet');
    await con.field(ONE_LEGGED).check();
    await con.region.getByText(`Requests are signed one-legged, by the consumer ${SANDBOX.key} of the configuration ` +
      'alone, and sent directly.', { exact: true }).waitFor();
    await con.fill('URL', `${env.appOrigin}/sandbox/api/one-legged?per_page=1`);
    const plain = await con.send('/sandbox/api/one-legged');
    assert.equal(plain.status, 200, plain.body);
    assert.deepEqual(plain.json(), {
      consumer_key: SANDBOX.key, oauth_token: null, signature_method: 'HMAC-SHA1', params: [['per_page', '1']],
    });
    assert.match(plain.authorization, /^OAuth /);
    assert.doesNotMatch(plain.authorization, /oauth_token/);
    await con.workingsNote(NO_TOKEN_NOTE);

    await con.field(EMPTY_TOKEN).check();
    const empty = await con.send('/sandbox/api/one-legged');
    assert.equal(empty.status, 200, empty.body);
    assert.equal(empty.json().oauth_token, '', 'the sandbox saw oauth_token="" and verified it signed');
    assert.match(empty.authorization, /oauth_token=""/);
    await con.workingsNote(EMPTY_TOKEN_NOTE);
    await shots(s.page, con.region, 'reach-console-one-legged');
  }));

  test('oauthlib: its signature-only endpoint verifies the call; a wrong secret is refused', T,
    (t) => scenario(t, async (s) => {
      s.expect(HTTP_ERROR(401));
      const app = new App(s);
      await app.open();
      await app.usePeer();
      const con = consoleOf(app);
      await con.field(ONE_LEGGED).check();
      await con.fill('URL', `${env.peerUrl}/api/one-legged?per_page=1`);
      const plain = await con.send('/api/one-legged');
      assert.equal(plain.status, 200, plain.body);
      assert.deepEqual(plain.json(), {
        consumer_key: PEER.key, oauth_token: null, signature_method: 'HMAC-SHA1', params: [['per_page', '1']],
      });
      await con.field(EMPTY_TOKEN).check();
      const empty = await con.send('/api/one-legged');
      assert.equal(empty.status, 200, empty.body);
      assert.equal(empty.json().oauth_token, '');

      await app.fill('Consumer secret', 'not-the-secret');
      const refused = await con.send('/api/one-legged');
      assert.equal(refused.status, 401);
      assert.equal(refused.body, 'unauthorized: client=ok signature=bad\n');
    }));

  test('oauthlib + PyJWT: MediaWiki\'s identify JWT is checked in the workings, every check passed', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      await app.choose('Provider', 'MediaWiki (Extension:OAuth)');
      await app.fill('Consumer key', PEER.key);
      await app.fill('Consumer secret', PEER.secret);
      await app.choose('Relay', 'Relay template');
      await app.fill('Relay URL template', '/relay?url={url}');
      const con = consoleOf(app);
      await con.field(ONE_LEGGED).check();
      await con.fill('URL', `${env.peerUrl}/w/index.php?title=Special:OAuth/identify`);
      const answer = await con.send('/w/index.php');
      assert.equal(answer.status, 200, answer.body);
      const checks = con.region.locator('details.identify');
      await checks.getByText('Every check passed (username: peer-user)', { exact: true }).waitFor();
      const claims = JSON.parse(Buffer.from(answer.body.split('.')[1], 'base64url').toString());
      const items = (await checks.locator('li').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(items, [
        '✓ signature: HS256 over the header and claims with the consumer secret matches',
        `✓ iss: iss ${new URL(env.peerUrl).origin} is the wiki's origin`,
        '✓ aud: aud is the consumer key',
        '✓ nonce: nonce is the identify request\'s oauth_nonce',
        new RegExp(`^✓ iat: iat ${claims.iat} is not in the future \\(clock \\d+, leeway 300 s\\)$`),
        new RegExp(`^✓ exp: exp ${claims.exp} has not passed \\(clock \\d+, leeway 300 s\\)$`),
      ].map((want, i) => (want instanceof RegExp && want.test(items[i]) ? items[i] : want)));
      await shots(s.page, checks, 'reach-identify-checks');
    }));

  test('the engine\'s warnings show before sending, in the console and above the steps', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await app.open();
    const con = consoleOf(app);
    const warnings = con.region.getByRole('note', { name: 'Before sending', exact: true });
    await con.field(ONE_LEGGED).check();
    await con.fill('URL', 'https://shop.example/wp-json/wc/v3/orders');
    await eventually(async () => (await warnings.innerText()).trim() ===
      'this looks like WooCommerce\'s REST API (/wp-json/wc/) over https: there the store does not check OAuth 1.0a ' +
      'signatures, it expects HTTP Basic authentication with the consumer key and secret (or consumer_key and ' +
      'consumer_secret in the query). It checks one-legged OAuth 1.0a over plain http only.',
    { message: 'the WooCommerce warning' });
    await app.choose('Signature method', 'PLAINTEXT');
    await con.fill('URL', 'http://api.example/1/me');
    await eventually(async () => (await warnings.innerText()).trim() ===
      'PLAINTEXT over plain http to api.example: the consumer secret and token secret travel as the signature, ' +
      'readable by anyone on the way (RFC 5849 §3.4.4 wants TLS). Use https://, or an HMAC method.',
    { message: 'the PLAINTEXT warning' });
    await shots(s.page, con.region, 'reach-console-warning');
    // The flow's legs are warned about above the steps, by the same rule.
    await app.fill('Request token URL', 'http://api.example/oauth/request_token');
    const flowNote = s.page.getByRole('note', { name: 'Before sending', exact: true }).first();
    // Two notes now: the flow's (first in the page) and the console's.
    await eventually(async () => (await s.page.getByRole('note', { name: 'Before sending' }).count()) === 2 &&
      (await con.region.getByRole('note').count()) === 1 &&
      (await flowNote.innerText()).trim().startsWith('PLAINTEXT over plain http to api.example: the consumer secret'),
    { message: 'the PLAINTEXT warning above the steps' });
    // Loopback is this machine: no warning.
    await con.fill('URL', `${env.appOrigin}/sandbox/api/one-legged`);
    await eventually(async () => (await warnings.count()) === 0, { message: 'no warning for loopback' });
  }));
});

describe('a token added by hand', () => {
  test('sandbox: a real token added by hand calls /sandbox/api/me; a bad base URL stores nothing', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      const issued = (await threeLegged(app, PROVIDERS.sandbox)).accessToken;
      await app.click('Forget everything');
      await s.page.getByText('No tokens yet.').waitFor();
      assert.deepEqual(await app.storedTokens(), []);

      await app.click('Add a token by hand');
      const group = s.page.getByRole('group', { name: 'A token obtained elsewhere', exact: true });
      const add = app.within(group);
      await add.fill('Consumer key', SANDBOX.key);
      await add.fill('Consumer secret', SANDBOX.secret);
      await add.fill('Token', issued.token);
      await add.fill('Token secret', issued.secret);
      await add.fill('API base URL', 'javascript:alert(1)');
      await add.click('Save token');
      await group.getByText('the API\'s base URL is not usable: the URL "javascript:alert(1)" must start with ' +
        'http:// or https://', { exact: true }).waitFor();
      assert.equal(await add.field('API base URL').getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await app.storedTokens(), [], 'nothing was stored');
      await s.page.getByText('No tokens yet.').waitFor();
      assert.equal(await add.field('Token').inputValue(), issued.token, 'the form keeps what was typed');
      await shots(s.page, group, 'reach-add-token-refused');

      const base = `${env.appOrigin}/sandbox/api`;
      await add.fill('API base URL', base);
      await add.click('Save token');
      await group.getByText('Saved "127.0.0.1 token"; it is now the token in use.', { exact: true }).waitFor();
      const stored = await eventually(async () => {
        const doc = await app.stored();
        return doc?.tokens?.length === 1 ? doc : false;
      }, { message: 'the token to be stored' });
      const saved = stored.tokens[0];
      assert.equal(stored.current, saved.id);
      assert.deepEqual(
        [saved.name, saved.provider, saved.consumer_key, saved.consumer_secret, saved.token, saved.token_secret,
          saved.signature_method, saved.endpoints?.api],
        ['127.0.0.1 token', '127.0.0.1', SANDBOX.key, SANDBOX.secret, issued.token, issued.secret, 'HMAC-SHA1', base],
      );
      assert.equal(await app.field('Token name').inputValue(), '127.0.0.1 token');

      const con = consoleOf(app);
      await con.region.getByText(`Requests are signed with the token in use, "127.0.0.1 token" (consumer ${SANDBOX.key}), ` +
        'and sent directly.', { exact: true }).waitFor();
      await con.fill('URL', `${base}/me`);
      const me = await con.send('/sandbox/api/me');
      assert.equal(me.status, 200, me.body);
      const who = me.json();
      assert.deepEqual([who.consumer_key, who.token, who.screen_name, who.signature_method],
        [SANDBOX.key, issued.token, 'sandbox-learner', 'HMAC-SHA1']);
    }));
});
