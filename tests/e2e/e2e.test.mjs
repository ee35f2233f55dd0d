// End-to-end scenarios: a real Chromium drives the built app, as a person would, against
// the sandbox of `oauth-playground serve` and an independent oauthlib provider (through
// the relay). Run with `bash tests/e2e/run.sh`, which starts both providers.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, peerCredentials, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, PEER, SANDBOX, STORE_KEY } from './lib/app.mjs';
import { bandShot, checkShownAndStored, placementOf, PROVIDERS, recordRequests, stepRegion, threeLegged, tryIt }
  from './lib/flows.mjs';

const T = { timeout: TEST_TIMEOUT };
const METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1'];
/** Console lines Chromium prints for any non-2xx fetch; tolerated where a scenario provokes one. */
const HTTP_ERROR = (status) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

after(closeBrowser);

describe('the harness itself', () => {
  test('serve announces its sandbox and relay; the relay reaches the oauthlib provider', T, async () => {
    const pj = await (await fetch(new URL('/playground.json', env.appUrl))).json();
    assert.equal(pj.relay, '/relay?url={url}');
    assert.equal(pj.sandbox.consumer_key, SANDBOX.key);
    assert.equal(pj.sandbox.consumer_secret, SANDBOX.secret);
    // An unsigned request through the relay gets oauthlib's own refusal, not the relay's.
    const target = `${env.peerUrl}/oauth/request_token`;
    const r = await fetch(new URL(`/relay?url=${encodeURIComponent(target)}`, env.appUrl), {
      method: 'POST',
      headers: { Origin: env.appOrigin },
    });
    const body = await r.text();
    assert.equal(r.status, 400, body);
    assert.match(body, /error=invalid_request/);
    const creds = peerCredentials();
    assert.deepEqual(Object.keys(creds.consumers).sort(), [PEER.key, PEER.rsaKey]);
  });
});

describe('three legs, the provider sends the user back to the app', () => {
  for (const provider of [PROVIDERS.sandbox, PROVIDERS.peer]) {
    for (const method of METHODS) {
      test(`${provider.name}: ${method}`, T, (t) => scenario(t, async (s) => {
        const app = new App(s);
        await app.open();
        // The README's pictures come from the plainest walk: the sandbox with HMAC-SHA1.
        const readme = provider.name === 'sandbox' && method === 'HMAC-SHA1';
        const shots = readme
          ? { requestToken: '01-request-token-workings', authorize: '02-sandbox-authorize', accessToken: '03-access-token' }
          : null;
        // The oauthlib page: a person clicks Allow for HMAC-SHA1; the others approve at once (?auto=1).
        const decide = provider.name === 'oauthlib' && method !== 'HMAC-SHA1' ? 'auto' : 'click';
        const seen = recordRequests(s.page);
        const issued = await threeLegged(app, provider, { method, decide, shots });
        const me = await tryIt(app);
        assert.equal(me.token, issued.accessToken.token, 'the protected resource saw the access token');
        assert.equal(me.consumer_key, provider.consumerKey(method));
        if (readme) await bandShot(s.page, '04-try-it', [stepRegion(s.page, 'resource')]);
        // Every signed request carried its oauth_* parameters in the Authorization header,
        // through the relay for oauthlib and straight to the sandbox otherwise.
        assert.equal(seen.length, 3);
        for (const req of seen) {
          assert.deepEqual(placementOf(req), ['Header'], `${req.method} ${req.target}`);
          assert.equal(new URL(req.url).pathname === '/relay', provider.name === 'oauthlib', req.url);
          assert.match(req.headers.authorization, new RegExp(`oauth_signature_method="${method}"`));
        }
      }));
    }
  }
});
