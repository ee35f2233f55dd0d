// The app defends itself (issue 10, items 1-4), tried as an attacker would, on loopback:
// a #config= link with a javascript: authorize URL on a static server that sends no CSP
// header, a link that changes the relay, a stray ?denied=, and where secrets are kept.
// Run with `bash tests/e2e/run.sh`, which starts serve, the oauthlib provider, and hands
// over DIST (the built app), which this file serves with `python3 -m http.server`.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { closeBrowser, env, eventually, newSession, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, PEER, STORE_KEY } from './lib/app.mjs';
import { PROVIDERS, stepRegion, threeLegged } from './lib/flows.mjs';

const T = { timeout: TEST_TIMEOUT };
const SESSION_KEY = 'oauth-playground.session';
const KEEP_KEY = 'oauth-playground.keep-tokens';

/** `#config=1.` + the JSON as base64url without padding (docs/config-link.md). */
const configLink = (config) => `#config=1.${Buffer.from(JSON.stringify(config)).toString('base64url')}`;

/** What the attack's script would leave behind, were it to run in the app's origin. */
const PAYLOAD = "localStorage.setItem('pwned','1');document.title='pwned'";
const ATTACK = {
  provider: 'custom',
  request_token_url: `${env.peerUrl}/oauth/request_token`,
  access_token_url: `${env.peerUrl}/oauth/access_token`,
  // Mixed case and leading spaces: browsers still run it as javascript:.
  authorize_url: `   JaVaScRiPt:${PAYLOAD}//`,
  consumer_key: PEER.key,
  consumer_secret: PEER.secret,
  relay: 'direct',
  callback: 'this_page',
};

// ---- a plain static server: python3 -m http.server on loopback, no CSP header ----------
let staticServer = null;
let staticUrl = null;

before(async () => {
  const dist = process.env.DIST;
  assert.ok(dist, 'DIST is not set: run with bash tests/e2e/run.sh');
  staticServer = spawn('/usr/bin/python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dist],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
  const lines = createInterface({ input: staticServer.stdout });
  staticUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python3 -m http.server did not start within 30 s')), 30_000);
    lines.on('line', (l) => {
      const m = /port (\d+)/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}/`);
      }
    });
    staticServer.on('exit', (code) => reject(new Error(`python3 -m http.server exited (${code})`)));
  });
});

after(async () => {
  if (staticServer) staticServer.kill();
  await closeBrowser();
});

/** Opens the statically served app (no playground.json there: a 404 the browser logs). */
async function openStatic(s, fragment = '') {
  s.expect(/Failed to load resource: the server responded with a status of 404 .*playground\.json/);
  const app = new App(s);
  await s.page.goto(staticUrl + fragment);
  await app.ready();
  return app;
}

const pwned = (page) => page.evaluate(() => [localStorage.getItem('pwned'), document.title]);

describe('hardening: a javascript: authorize URL from a #config= link, on a static host', () => {
  test('the static server sends no CSP; the page carries its own and it blocks inline script', T, async () => {
    const r = await fetch(staticUrl);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-security-policy'), null, 'python3 -m http.server sends no CSP');
    const html = await r.text();
    assert.match(html, /<meta content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'; /);
    const s = await newSession();
    try {
      const app = await openStatic(s);
      await s.page.evaluate(() => {
        const el = document.createElement('script');
        el.textContent = 'window.e2eInjected = true';
        document.head.append(el);
      });
      await eventually(() => s.problems.some((p) => p.kind === 'csp'), { message: 'the meta policy to report the script' });
      assert.equal(await s.page.evaluate(() => window.e2eInjected ?? false), false, 'the meta CSP blocked it');
      // The app itself ran: its loader is allowed by hash, and nothing else was blocked.
      assert.equal(s.problems.filter((p) => p.kind === 'csp').length, 1, JSON.stringify(s.problems));
      await app.button('Get request token').waitFor();
    } finally {
      await s.close();
    }
  });

  for (const callback of ['Return to this page', 'Out of band (PIN)']) {
    test(`refused at every depth, nothing runs (${callback})`, T, (t) => scenario(t, async (s) => {
      const opened = [];
      s.context.on('page', (p) => opened.push(p));
      const link = configLink({ ...ATTACK, callback: callback === 'Return to this page' ? 'this_page' : 'oob' });
      const app = await openStatic(s, link);
      // 1. Reading the link: refused whole, nothing applied.
      const refusal = await app.alertText();
      const applied = await app.field('Request token URL').inputValue();
      // 2. Typed by hand, it is refused where it is typed ...
      if (!applied) {
        await app.choose('Provider', 'Custom');
        await app.fill('Request token URL', ATTACK.request_token_url);
        await app.fill('Authorize URL', ATTACK.authorize_url);
        await app.fill('Access token URL', ATTACK.access_token_url);
        await app.fill('Consumer key', PEER.key);
        await app.fill('Consumer secret', PEER.secret);
        await app.choose('Callback', callback);
        await app.choose('Relay', 'Direct (endpoint sends CORS headers)');
      }
      const fieldError = await s.page.locator('#auth-url-error').textContent().catch(() => null);
      if (callback === 'Return to this page' && fieldError) {
        const provider = s.page.getByRole('region', { name: 'Provider', exact: true });
        for (const width of [1280, 390]) {
          await s.page.setViewportSize({ width, height: 900 });
          await provider.screenshot({ path: path.join(env.artifacts, `hardening-refused-url-${width}.png`),
            animations: 'disabled' });
        }
        await s.page.setViewportSize({ width: 1280, height: 900 });
      }
      // 3. ... and again where the navigation happens.
      await app.getRequestToken();
      await app.click('Authorize');
      const authorize = stepRegion(s.page, 'authorize');
      // Refused (fixed), or gone: the status says so, or the script replaced the page.
      await eventually(async () => (await authorize.getByText('The authorize URL is not usable.').count()) > 0 ||
        (await pwned(s.page))[0] !== null || /Leaving|new tab/.test(await app.status().innerText()),
      { message: 'Authorize to be refused or to go' });

      assert.deepEqual(await pwned(s.page), [null, 'OAuth 1.0a Playground'], 'no script ran in the app origin');
      assert.equal(opened.length, 0, 'no tab was opened');
      assert.equal(new URL(s.page.url()).origin, new URL(staticUrl).origin, 'the page stayed');
      assert.equal(applied, '', 'the link changed nothing');
      assert.equal(refusal, 'the configuration link was refused and nothing was changed. Its Authorize URL: Refused: the ' +
        `URL "JaVaScRiPt:${PAYLOAD}//" must start with http:// or https://.`);
      assert.match(fieldError ?? '', /^Refused: the URL "JaVaScRiPt:.*" must start with http:\/\/ or https:\/\/\.$/);
      assert.equal(await app.field('Authorize URL').getAttribute('aria-invalid'), 'true');
      await authorize.getByText(/^The authorize URL is not usable\. Refused: the URL "JaVaScRiPt:.*\?oauth_token=.*" must start with http:\/\/ or https:\/\/\.$/).waitFor();
    }));
  }
});

describe('hardening: a link asks before it changes the configuration', () => {
  // A relay on a loopback port nothing listens on: it must never be contacted.
  const RELAY = 'http://127.0.0.1:9/relay?url={url}';

  test('a link that changes the relay and the signature method shows them and waits', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await app.open();
    const contacted = [];
    s.context.on('request', (r) => { if (new URL(r.url()).port === '9') contacted.push(r.url()); });
    const link = configLink({
      provider: 'custom',
      request_token_url: `${env.peerUrl}/oauth/request_token`,
      authorize_url: `${env.peerUrl}/oauth/authorize`,
      access_token_url: `${env.peerUrl}/oauth/access_token`,
      consumer_key: PEER.key,
      signature_method: 'PLAINTEXT',
      relay: 'template',
      relay_template: RELAY,
    });
    const review = s.page.getByRole('region', { name: 'Apply the settings from this link?', exact: true });
    const openLink = async () => {
      await s.page.goto('about:blank');
      await s.page.goto(env.appUrl + link);
      await app.ready();
      await review.waitFor();
    };
    await openLink();
    // One line per setting: "Setting: now → from the link".
    const rows = await review.getByRole('listitem').allInnerTexts();
    for (const line of [
      `Request token URL: ${env.appOrigin}/sandbox/oauth/request_token → ${env.peerUrl}/oauth/request_token`,
      'Relay: Direct (endpoint sends CORS headers) → Relay template',
      `Relay URL template: (empty) → ${RELAY}`,
      'Signature method: HMAC-SHA1 → PLAINTEXT',
      'Provider: Local sandbox → Custom',
      // The demo consumer's secret is there now; the link has none. Said, never shown.
      'Consumer secret: (set) → (empty)',
    ]) {
      assert.ok(rows.includes(line), `the review lists ${JSON.stringify(line)}; it lists:\n${rows.join('\n')}`);
    }
    assert.ok(!rows.some((r) => r.includes('playground-demo-secret')), 'no secret is printed');
    await review.getByText('The relay sees every signed request').waitFor();
    await review.getByText('PLAINTEXT sends your consumer and token secrets').waitFor();
    // Nothing is applied while the question stands.
    assert.equal(await app.selected('Provider'), 'Local sandbox');
    assert.equal(await app.selected('Relay'), 'Direct (endpoint sends CORS headers)');
    assert.equal(await app.selected('Signature method'), 'HMAC-SHA1');
    for (const width of [1280, 390]) {
      await s.page.setViewportSize({ width, height: 900 });
      await review.screenshot({ path: path.join(env.artifacts, `hardening-link-review-${width}.png`), animations: 'disabled' });
    }
    await s.page.setViewportSize({ width: 1280, height: 900 });

    await app.click('Keep my settings');
    await review.waitFor({ state: 'detached' });
    assert.equal(await app.selected('Relay'), 'Direct (endpoint sends CORS headers)');
    assert.equal(await app.field('Request token URL').inputValue(), `${env.appOrigin}/sandbox/oauth/request_token`);

    await openLink();
    await app.click('Apply');
    await review.waitFor({ state: 'detached' });
    assert.equal(await app.selected('Relay'), 'Relay template');
    assert.equal(await app.field('Relay URL template').inputValue(), RELAY);
    assert.equal(await app.selected('Signature method'), 'PLAINTEXT');
    assert.equal(await app.field('Request token URL').inputValue(), `${env.peerUrl}/oauth/request_token`);
    assert.deepEqual(contacted, [], 'the relay of the link was never contacted');
  }));
});

describe('hardening: ?denied= counts only for the pending request token', () => {
  test('a stray denial is ignored; the provider\'s own is not', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await app.open();
    await app.useSandbox();
    const rt = await app.getRequestToken();
    for (const stray of ['', 'someone-elses-token']) {
      await s.page.goto(`${env.appUrl}?denied=${stray}`);
      await app.ready();
      const alert = await app.waitAlert('Ignored');
      assert.equal(alert, `Ignored: the address said denied="${stray}", which is not the pending request token ` +
        '(the pending request token is kept). A denial counts only when it names the token being authorized.');
      assert.equal(await app.button('Authorize').isDisabled(), false, 'the pending request token is still there');
      assert.equal(await app.field('Authorization link').inputValue().then((u) => new URL(u).searchParams.get('oauth_token')),
        rt.token);
    }
    await s.page.goto(`${env.appUrl}?denied=${encodeURIComponent(rt.token)}`);
    await app.ready();
    assert.match(await app.waitAlert('Authorization was denied'),
      new RegExp(`Authorization was denied \\(token ${rt.token}\\)\\. Start over to try again\\.`));
    assert.equal(await app.button('Authorize').isDisabled(), true);
  }));
});

describe('hardening: where secrets are kept', () => {
  test('"Keep secrets in this tab only" moves the token store to sessionStorage and back', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      const issued = await threeLegged(app, PROVIDERS.sandbox);
      const store = s.page.getByRole('region', { name: 'Saved tokens', exact: true });
      await store.getByText('Saved tokens, with their token secrets and the consumer secrets or RSA keys they sign ' +
        'with: in this browser (localStorage): they stay after the tab closes, until you delete them.').waitFor();
      const kept = () => s.page.evaluate(([tokens, keep]) => ({
        local: localStorage.getItem(tokens) !== null,
        session: sessionStorage.getItem(tokens) !== null,
        choice: localStorage.getItem(keep),
      }), [STORE_KEY, KEEP_KEY]);
      assert.deepEqual(await kept(), { local: true, session: false, choice: null });

      await app.field('Keep secrets in this tab only').check();
      await store.getByText('in this tab only (sessionStorage): they are gone when the tab closes').waitFor();
      assert.deepEqual(await kept(), { local: false, session: true, choice: 'tab' });
      const inTab = await s.page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)), STORE_KEY);
      assert.equal(inTab.tokens[0].token_secret, issued.accessToken.secret, 'moved whole');
      const localText = await s.page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
      assert.ok(!localText.includes(issued.accessToken.secret), 'no token secret is left in localStorage');
      for (const width of [1280, 390]) {
        await s.page.setViewportSize({ width, height: 900 });
        await store.screenshot({ path: path.join(env.artifacts, `hardening-token-store-${width}.png`), animations: 'disabled' });
      }
      await s.page.setViewportSize({ width: 1280, height: 900 });

      // A reload keeps the tab's store; another tab starts empty, with the same choice.
      await s.page.reload();
      await app.ready();
      assert.equal(await app.field('Token name').inputValue(), 'Local sandbox token');
      const other = new App({ ...s, page: await s.context.newPage() });
      await other.page.goto(env.appUrl);
      await other.ready();
      await other.page.getByText('No tokens yet.').waitFor();
      assert.equal(await other.field('Keep secrets in this tab only').isChecked(), true);
      assert.equal(await other.page.evaluate(([k, token]) => sessionStorage.getItem(k)?.includes(token) ?? false,
        [STORE_KEY, issued.accessToken.token]), false);
      await other.page.close();

      await app.field('Keep secrets in this tab only').uncheck();
      await store.getByText('in this browser (localStorage): they stay after the tab closes').waitFor();
      assert.deepEqual(await kept(), { local: true, session: false, choice: null });
      assert.equal((await app.storedTokens())[0].token_secret, issued.accessToken.secret);
      assert.equal(await s.page.evaluate((k) => sessionStorage.getItem(k), SESSION_KEY) !== null, true,
        'the pending flow stays in the tab');
    }));
});
