// What leaves the page and comes back: the token file (Export, then Import in another
// browser profile), a saved `#config=` link opened elsewhere, and the app served from a
// sub-path by a plain static server (python3 -m http.server, no CSP header, nothing else),
// where the flow's callback must come back to that sub-path.
// Run with `bash tests/e2e/run.sh`, which hands over DIST (the built app).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { closeBrowser, env, eventually, newSession, peerCredentials, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, PEER, SANDBOX } from './lib/app.mjs';
import { checkShownAndStored, PROVIDERS, threeLegged, tryIt } from './lib/flows.mjs';

const T = { timeout: TEST_TIMEOUT };
const SUB_PATH = '/tools/oauth-playground/';

// ---- the built app under a sub-path of a static server ----------------------------------
let staticServer = null;
let staticRoot = null;
let subUrl = null;

before(async () => {
  assert.ok(process.env.DIST, 'DIST is not set: run with bash tests/e2e/run.sh');
  staticRoot = mkdtempSync(path.join(tmpdir(), 'oauth-playground-subpath-'));
  mkdirSync(path.join(staticRoot, 'tools'));
  symlinkSync(path.resolve(process.env.DIST), path.join(staticRoot, 'tools', 'oauth-playground'));
  staticServer = spawn('/usr/bin/python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory',
    staticRoot], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: staticServer.stdout });
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python3 -m http.server did not start within 30 s')), 30_000);
    lines.on('line', (l) => {
      const m = /port (\d+)/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    staticServer.on('exit', (code) => reject(new Error(`python3 -m http.server exited (${code})`)));
  });
  subUrl = `${origin}${SUB_PATH}`;
});

after(async () => {
  if (staticServer) staticServer.kill();
  if (staticRoot) rmSync(staticRoot, { recursive: true, force: true });
  await closeBrowser();
});

describe('the token file: Export, then Import in another browser profile', () => {
  test('the exported file holds the issued token; imported elsewhere it signs; a second import asks first', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      const issued = await threeLegged(app, PROVIDERS.sandbox);
      const [download] = await Promise.all([s.page.waitForEvent('download'), app.click('Export tokens')]);
      assert.equal(download.suggestedFilename(), 'oauth-playground-tokens.json');
      const file = path.join(env.artifacts, `exported-tokens-${process.pid}.json`);
      await download.saveAs(file);
      const exported = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(exported.schema, 'oauth-playground/tokens');
      // Version 1 as the app writes it today, 2 once it writes through crates/store
      // (docs/token-store.md); the CLI reads both, and the fields below are the same in both.
      assert.ok([1, 2].includes(exported.version), `version ${exported.version}`);
      assert.equal(exported.tokens.length, 1);
      const stored = (await app.storedTokens())[0];
      const token = exported.tokens[0];
      for (const field of ['id', 'name', 'provider', 'created', 'token', 'token_secret', 'consumer_key',
        'consumer_secret', 'signature_method']) {
        assert.deepEqual(token[field], stored[field], `the file's ${field} is the saved one's`);
      }
      assert.equal(token.token, issued.accessToken.token);
      assert.equal(token.token_secret, issued.accessToken.secret);
      assert.equal(token.consumer_secret, SANDBOX.secret, 'secrets are in the file unless "Leave secrets out"');

      // Another profile: an empty store, the file imported.
      const other = await newSession();
      try {
        const there = new App(other);
        await there.open();
        await other.page.getByText('No tokens yet.').waitFor();
        const [chooser] = await Promise.all([other.page.waitForEvent('filechooser'), there.click('Import tokens')]);
        await chooser.setFiles(file);
        await other.page.getByText('Imported: 1 added, 0 replaced, 0 saved tokens kept as they were.', { exact: true })
          .waitFor();
        const imported = await eventually(async () => (await there.storedTokens())[0], { message: 'the import saved' });
        assert.deepEqual(imported, stored, 'saved field for field as in the first profile');
        // In use once chosen, and it signs: the sandbox accepts it.
        await other.page.reload();
        await there.ready();
        await other.page.getByRole('region', { name: 'Saved tokens', exact: true }).getByRole('button', { name: 'Use', exact: true })
          .click();
        await checkShownAndStored(there, PROVIDERS.sandbox, 'HMAC-SHA1', issued.accessToken);
        const me = await tryIt(there);
        assert.equal(me.token, issued.accessToken.token);

        // The same file again: nothing is overwritten without asking.
        const [again] = await Promise.all([other.page.waitForEvent('filechooser'), there.click('Import tokens')]);
        await again.setFiles(file);
        const group = other.page.getByRole('group', { name: '1 of the imported tokens are already saved', exact: true });
        await group.waitFor();
        await there.click('Cancel', group);
        await other.page.getByText('Import cancelled; nothing changed.', { exact: true }).waitFor();
        assert.deepEqual((await there.storedTokens()).map((x) => x.id), [imported.id], 'still the one token');
        other.check();
      } finally {
        await other.close();
        rmSync(file, { force: true });
      }
    }));
});

describe('a token file written by an earlier version: the committed fixture', () => {
  // Version 1 as the app's Export wrote it (crates/store/tests/fixtures, read field by field
  // by the store's own tests too): the page must keep importing it, and export it again
  // with every field intact.
  const FIXTURE = fileURLToPath(new URL('../../crates/store/tests/fixtures/v1-app-export.json', import.meta.url));
  const FIELDS = ['id', 'name', 'provider', 'consumer_key', 'token', 'token_secret', 'signature_method', 'scopes',
    'created', 'extra', 'consumer_secret', 'realm'];

  test('imports field by field, shows each token, signs with it, and exports it unchanged', T,
    (t) => scenario(t, async (s) => {
      const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
      assert.equal(fixture.version, 1);
      const app = new App(s);
      await app.open();
      const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), app.click('Import tokens')]);
      await chooser.setFiles(FIXTURE);
      await s.page.getByText('Imported: 2 added, 0 replaced, 0 saved tokens kept as they were.', { exact: true })
        .waitFor();
      // What the list shows, per token: its name, provider, consumer key and creation time.
      const store = s.page.getByRole('region', { name: 'Saved tokens', exact: true });
      // The saved tokens (each has its "Token name"; the list of what is kept where has none).
      const rows = store.getByRole('listitem').filter({ has: s.page.getByLabel('Token name', { exact: true }) });
      const shown = await rows.evaluateAll((items) => items.map((li) => ({
        name: li.querySelector('input')?.value,
        facts: [...li.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      })));
      assert.deepEqual(shown, fixture.tokens.map((x) => ({
        name: x.name,
        facts: [['Provider', x.provider], ['Consumer key', x.consumer_key], ['Created', x.created]],
      })));
      // "Use" the first: the "Try it" step shows its token and (revealed) secret.
      await rows.first().getByRole('button', { name: 'Use', exact: true }).click();
      assert.deepEqual(await app.shownToken(), { token: fixture.tokens[0].token, secret: fixture.tokens[0].token_secret });

      const [download] = await Promise.all([s.page.waitForEvent('download'), app.click('Export tokens')]);
      const file = path.join(env.artifacts, `reexported-tokens-${process.pid}.json`);
      await download.saveAs(file);
      try {
        const again = JSON.parse(readFileSync(file, 'utf8'));
        assert.equal(again.schema, 'oauth-playground/tokens');
        assert.equal(again.tokens.length, 2);
        for (const [i, want] of fixture.tokens.entries()) {
          for (const field of FIELDS) {
            assert.deepEqual(again.tokens[i][field], want[field], `token ${i}: ${field}`);
          }
        }
      } finally {
        rmSync(file, { force: true });
      }
    }));
});

describe('a saved #config= link, opened in another browser profile', () => {
  test('"Save link" with its secrets; opened elsewhere and applied, it is the same configuration and it works', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      await app.usePeer({ method: 'HMAC-SHA256', relay: 'direct', callback: 'Out of band (PIN)' });
      await app.fill('Protected resource URL', `${env.peerUrl}/api/me`);
      await app.field('Include secrets in the link').check();
      await app.click('Save link');
      const link = await app.field('Shareable link').inputValue();
      assert.ok(link.startsWith(`${env.appUrl}#config=1.`), link);

      const other = await newSession();
      try {
        const there = new App(other);
        await other.page.goto(link);
        await there.ready();
        const review = other.page.getByRole('region', { name: 'Apply the settings from this link?', exact: true });
        await review.waitFor();
        await there.click('Apply');
        await review.waitFor({ state: 'detached' });
        assert.equal(other.page.url(), env.appUrl, 'the link left the address bar once read');
        const want = {
          'Request token URL': `${env.peerUrl}/oauth/request_token`,
          'Authorize URL': `${env.peerUrl}/oauth/authorize`,
          'Access token URL': `${env.peerUrl}/oauth/access_token`,
          'Consumer key': PEER.key,
          'Consumer secret': PEER.secret,
          'Protected resource URL': `${env.peerUrl}/api/me`,
        };
        for (const [label, value] of Object.entries(want)) {
          assert.equal(await there.field(label).inputValue(), value, label);
        }
        assert.equal(await there.selected('Provider'), 'Custom');
        assert.equal(await there.selected('Signature method'), 'HMAC-SHA256');
        assert.equal(await there.selected('Callback'), 'Out of band (PIN)');
        assert.equal(await there.selected('Relay'), 'Direct (endpoint sends CORS headers)');
        // It works: oauthlib issues a request token for the out-of-band callback.
        const rt = await there.getRequestToken();
        const recorded = peerCredentials().request_tokens.find((x) => x.token === rt.token);
        assert.equal(recorded?.callback, 'oob');
        assert.equal(recorded?.consumer_key, PEER.key);
        other.check();
      } finally {
        await other.close();
      }
    }));
});

describe('the app served from a sub-path', () => {
  test(`under ${SUB_PATH} of a static server: it loads from there and the callback comes back there`, T,
    (t) => scenario(t, async (s) => {
      // No playground.json on a static host: the 404 the browser logs is expected.
      s.expect(/Failed to load resource: the server responded with a status of 404 .*playground\.json/);
      const loaded = [];
      s.page.on('response', (r) => loaded.push([new URL(r.url()).pathname, r.status()]));
      const app = new App(s);
      await s.page.goto(subUrl);
      await app.ready();
      await eventually(() => loaded.some(([p]) => p.endsWith('/playground.json')), { message: 'the host probe' });
      // Everything from the sub-path: the page, its loader, wasm and styles; the probe too.
      const own = loaded.filter(([p]) => new URL(subUrl).pathname !== p);
      assert.ok(own.length >= 3, JSON.stringify(loaded));
      for (const [p, status] of own) {
        assert.ok(p.startsWith(SUB_PATH), `requested outside the sub-path: ${p}`);
        if (!p.endsWith('/playground.json')) assert.equal(status, 200, p);
      }
      assert.deepEqual(loaded.find(([p]) => p.endsWith('/playground.json')), [`${SUB_PATH}playground.json`, 404]);

      // A three-legged flow with oauthlib (direct: it sends CORS headers), back to this page.
      await app.usePeer({ method: 'HMAC-SHA1', relay: 'direct', auto: true });
      const rt = await app.getRequestToken();
      assert.equal(peerCredentials().request_tokens.find((x) => x.token === rt.token)?.callback, subUrl,
        'oauth_callback is the sub-path page');
      const back = s.page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(subUrl) &&
        new URL(r.url()).searchParams.has('oauth_verifier'), { timeout: 30_000 });
      await app.click('Authorize');
      const verifier = new URL((await back).url()).searchParams.get('oauth_verifier');
      await s.page.waitForURL((u) => u.href.startsWith(subUrl));
      await app.ready();
      await app.waitStatus('Authorized: the verifier arrived.');
      await eventually(() => s.page.url() === subUrl, { message: 'the address bar cleaned, still on the sub-path' });
      assert.equal(await app.field('Verifier (PIN)').inputValue(), verifier);
      const at = await app.getAccessToken();
      const issued = peerCredentials().access_tokens.find((x) => x.token === at.token);
      assert.deepEqual(issued && [issued.token, issued.secret], [at.token, at.secret]);
    }));
});
