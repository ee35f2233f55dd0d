// End-to-end scenarios: a real Chromium drives the built app, as a person would, against
// the sandbox of `oauth-playground serve` and an independent oauthlib provider (through
// the relay). Run with `bash tests/e2e/run.sh`, which starts both providers.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
  closeBrowser, env, eventually, newSession, peerCredentials, scenario, screenshot, TEST_TIMEOUT,
} from './lib/harness.mjs';
import { App, fromEndpoint, PEER, SANDBOX } from './lib/app.mjs';
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

  test('the guards catch a console error and a CSP violation', T, async () => {
    const s = await newSession();
    try {
      const app = new App(s);
      await app.open();
      // An injected inline script is what the app's CSP exists to stop; no network involved.
      await s.page.evaluate(() => {
        const el = document.createElement('script');
        el.textContent = 'window.e2eInjected = true';
        document.head.append(el);
        console.error('e2e: a deliberate console error');
      });
      await eventually(() => s.problems.some((p) => p.kind === 'csp') &&
        s.problems.some((p) => p.text === 'e2e: a deliberate console error'), { message: 'both problems recorded' });
      assert.equal(await s.page.evaluate(() => window.e2eInjected ?? false), false, 'the CSP blocked the script');
      assert.throws(() => s.check(), /\[csp\] script-src-elem blocked inline/);
      assert.throws(() => s.check(), /\[console\] e2e: a deliberate console error/);
    } finally {
      await s.close();
    }
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

describe('out of band: the provider shows a PIN to paste', () => {
  // oauthlib sends CORS headers itself, so here the app calls it directly (no relay).
  for (const [provider, method] of [[PROVIDERS.sandbox, 'HMAC-SHA1'], [PROVIDERS.peer, 'HMAC-SHA256']]) {
    test(`${provider.name}: oob with ${method}`, T, (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      const seen = recordRequests(s.page);
      await provider.configure(app, { method, callback: 'Out of band (PIN)', relay: 'direct' });
      const rt = await app.getRequestToken();
      if (provider.name === 'oauthlib') {
        assert.equal(peerCredentials().request_tokens.find((x) => x.token === rt.token).callback, 'oob');
      }
      // oob opens the provider's page in a new tab; the app tab stays where it is.
      const [tab] = await Promise.all([s.context.waitForEvent('page'), app.click('Authorize')]);
      await app.waitStatus('opened in a new tab');
      await tab.waitForLoadState();
      assert.equal(new URL(tab.url()).searchParams.get('oauth_token'), rt.token);
      await tab.getByRole('button', { name: 'Allow', exact: true }).click();
      await tab.getByText(/verification code/i).waitFor();
      const pin = (await tab.locator('#verifier').innerText()).trim();
      assert.ok(pin.length > 0);
      if (provider.name === 'sandbox') await screenshot(tab, '05-oob-pin', { fullPage: false });
      if (provider.name === 'oauthlib') {
        assert.equal(peerCredentials().request_tokens.find((x) => x.token === rt.token).verifier, pin);
      }
      await tab.close();
      await app.fill('Verifier (PIN)', pin);
      const at = await app.getAccessToken();
      if (provider.name === 'oauthlib') {
        const issued = peerCredentials().access_tokens.find((x) => x.token === at.token);
        assert.deepEqual(issued && [issued.token, issued.secret], [at.token, at.secret]);
      }
      await checkShownAndStored(app, provider, method, at);
      const me = await tryIt(app);
      assert.equal(me.token, at.token);
      assert.deepEqual(seen.map((r) => r.target.origin), Array(3).fill(provider.origin()), 'sent directly');
      assert.ok(seen.every((r) => new URL(r.url).pathname !== '/relay'));
    }));
  }
});

describe('parameter placement (RFC 5849 §3.5)', () => {
  for (const provider of [PROVIDERS.sandbox, PROVIDERS.peer]) {
    for (const placement of ['Query', 'Body']) {
      test(`${provider.name}: ${placement}`, T, (t) => scenario(t, async (s) => {
        const app = new App(s);
        await app.open();
        const seen = recordRequests(s.page);
        // oauthlib through the relay that serve announces ("Same-origin relay").
        const issued = await threeLegged(app, provider, {
          method: 'HMAC-SHA1', placement, decide: provider.name === 'oauthlib' ? 'auto' : 'click', relay: 'same-origin',
        });
        // Body placement needs a form body (§3.5.2): call the echo resource with POST.
        let suffix = '/api/me';
        if (placement === 'Body') {
          await app.choose('Protected resource method', 'POST');
          await app.fill('Protected resource URL', provider.echo());
          await app.fill('Extra parameters (protected resource)', 'note=placed in the body');
          suffix = '/api/echo';
        }
        const answer = await tryIt(app, { suffix });
        if (placement === 'Body') {
          assert.deepEqual(answer.params.filter(([n]) => !n.startsWith('oauth_')), [['note', 'placed in the body']]);
        } else {
          assert.equal(answer.token, issued.accessToken.token);
        }
        assert.equal(seen.length, 3, seen.map((r) => r.url).join('\n'));
        for (const req of seen) {
          assert.deepEqual(placementOf(req), [placement], `${req.method} ${req.target}`);
          assert.equal(req.headers.authorization, undefined, 'no Authorization header');
          assert.equal(new URL(req.url).pathname === '/relay', provider.name === 'oauthlib', req.url);
        }
      }));
    }
  }
});

describe('protected resources: a signed GET and a signed form POST', () => {
  // Values that break naive encoders: spaces, '+', '&', '=', unicode (§3.6).
  const PARAMS = [
    ['greeting', 'hello world'],
    ['plus', 'a+b'],
    ['amp', 'x&y=z'],
    ['unicode', 'café ✓ 日本'],
  ];
  for (const provider of [PROVIDERS.sandbox, PROVIDERS.peer]) {
    test(`${provider.name}: GET me, then POST echo`, T, (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      const issued = await threeLegged(app, provider, { decide: provider.name === 'oauthlib' ? 'auto' : 'click' });
      const me = await tryIt(app);
      assert.equal(me.token, issued.accessToken.token);

      await app.choose('Protected resource method', 'POST');
      await app.fill('Protected resource URL', provider.echo());
      await app.fill('Extra parameters (protected resource)', PARAMS.map(([n, v]) => `${n}=${v}`).join('\n'));
      const seen = recordRequests(s.page);
      const echo = await tryIt(app, { suffix: '/api/echo' });
      // The provider verified the signature over exactly these values, and got them intact.
      assert.deepEqual(echo.params.filter(([n]) => !n.startsWith('oauth_')), PARAMS);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].method, 'POST');
      assert.equal(seen[0].headers['content-type'].split(';')[0], 'application/x-www-form-urlencoded');
      assert.deepEqual(new URLSearchParams(seen[0].body).getAll('unicode'), ['café ✓ 日本']);
      // The app shows the provider's answer as text.
      await stepRegion(s.page, 'resource').getByText('café ✓ 日本', { exact: false }).first().waitFor();
    }));
  }
});

describe('the API console: requests signed with the token in use', () => {
  const FORM = [
    ['greeting', 'hello world'],
    ['plus', 'a+b'],
    ['amp', 'x&y=z'],
    ['unicode', 'café ✓ 日本'],
  ];
  for (const provider of [PROVIDERS.sandbox, PROVIDERS.peer]) {
    test(`${provider.name}: GET, form POST${provider.name === 'sandbox' ? ', JSON with oauth_body_hash' : ''}`, T,
      (t) => scenario(t, async (s) => {
        const app = new App(s);
        await app.open();
        const issued = await threeLegged(app, provider, { decide: provider.name === 'oauthlib' ? 'auto' : 'click' });
        // The console goes through the relay for both (serve runs it with --allow-loopback).
        if (provider.name === 'sandbox') await app.choose('Relay', 'Same-origin relay');
        const region = s.page.getByRole('region', { name: 'API console', exact: true });
        const con = app.within(region);
        const send = async (suffix) => {
          const [response] = await Promise.all([
            s.page.waitForResponse(fromEndpoint(suffix)),
            con.click('Send'),
          ]);
          assert.equal(new URL(response.url()).pathname, '/relay', 'sent through the relay');
          const body = await response.text();
          await region.getByText(`HTTP ${response.status()} `, { exact: false }).first().waitFor();
          return { status: response.status(), body, json: () => JSON.parse(body) };
        };

        await con.choose('Method', 'GET');
        await con.fill('URL', provider.me());
        const me = await send('/api/me');
        assert.equal(me.status, 200, me.body);
        assert.equal(me.json().token, issued.accessToken.token);

        await con.choose('Method', 'POST');
        await con.fill('URL', provider.echo());
        await con.choose('Body type', 'Form');
        await con.fill('Body', FORM.map(([n, v]) => `${n}=${v}`).join('\n'));
        const echo = await send('/api/echo');
        assert.equal(echo.status, 200, echo.body);
        assert.deepEqual(echo.json().params.filter(([n]) => !n.startsWith('oauth_')), FORM);

        if (provider.name === 'sandbox') {
          // A JSON body is not a signed parameter; oauth_body_hash covers it (and the sandbox checks it).
          await con.choose('Body type', 'JSON');
          await con.fill('Body', '{"note": "café ✓"}');
          await con.field('Add oauth_body_hash').check();
          const json = await send('/api/echo');
          assert.equal(json.status, 200, json.body);
          assert.deepEqual(json.json().body, { note: 'café ✓' });
          assert.equal(json.json().body_hash, 'verified');
        }
        if (provider.name === 'sandbox') await bandShot(s.page, '09-api-console', [region]);
      }));
  }
});

describe('the token store', () => {
  test('a reload keeps the saved token; "Forget everything" empties the store', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await app.open();
    const issued = await threeLegged(app, PROVIDERS.sandbox);
    const before = await app.stored();
    assert.equal(before.tokens.length, 1);

    await s.page.reload();
    await app.ready();
    assert.deepEqual(await app.stored(), before, 'localStorage is unchanged by a reload');
    await checkShownAndStored(app, PROVIDERS.sandbox, 'HMAC-SHA1', issued.accessToken);
    assert.equal(await app.field('Token name').inputValue(), 'Local sandbox token');
    // The reloaded app still signs with it.
    const me = await tryIt(app);
    assert.equal(me.token, issued.accessToken.token);

    await app.click('Forget everything');
    await s.page.getByText('No tokens yet.').waitFor();
    await eventually(async () => {
      const doc = await app.stored();
      return doc === null || (doc.tokens.length === 0 && doc.current === null);
    }, { message: 'localStorage to hold no token' });
    assert.equal(await app.tokenFields().token.count(), 0, 'no access token is shown any more');
    assert.equal(await s.page.evaluate(() => sessionStorage.getItem('oauth-playground.session')?.includes('oauth_token') ?? false),
      false, 'no pending token is left in sessionStorage');

    await s.page.reload();
    await app.ready();
    await s.page.getByText('No tokens yet.').waitFor();
    assert.equal((await app.storedTokens()).length, 0, 'still empty after a reload');
  }));
});

describe('the user denies access', () => {
  for (const provider of [PROVIDERS.sandbox, PROVIDERS.peer]) {
    test(`${provider.name}: Deny`, T, (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      await provider.configure(app, { method: 'HMAC-SHA1' });
      const rt = await app.getRequestToken();
      await app.authorizeHere(provider.origin());
      await Promise.all([
        s.page.waitForURL((u) => u.href.startsWith(env.appUrl) && !u.pathname.includes('/oauth/')),
        s.page.getByRole('button', { name: 'Deny', exact: true }).click(),
      ]);
      await app.ready();
      const alert = await app.waitAlert('Authorization was denied');
      assert.match(alert, new RegExp(`Authorization was denied \\(token ${rt.token}\\)\\. Start over to try again\\.`));
      if (provider.name === 'sandbox') {
        await s.page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(s.page, '06-denied', { fullPage: false });
      }
      assert.equal(await app.button('Get access token').isDisabled(), true, 'nothing to exchange');
      assert.equal(await app.button('Authorize').isDisabled(), true, 'the denied request token is gone');
      if (provider.name === 'oauthlib') {
        assert.ok(!peerCredentials().request_tokens.some((x) => x.token === rt.token), 'oauthlib dropped the token');
      }
      assert.equal((await app.storedTokens()).length, 0, 'no token was saved');
      // Nothing breaks: start over and the flow works again.
      await app.click('Start over');
      await app.waitStatus('Started over.');
      await eventually(async () => (await app.alertText()) === '', { message: 'the alert to go away' });
      const again = await app.getRequestToken();
      assert.notEqual(again.token, rt.token);
    }));
  }
});

describe('errors the provider reports', () => {
  test('sandbox: a wrong consumer secret shows signature_invalid with the base strings side by side', T,
    (t) => scenario(t, async (s) => {
      s.expect(HTTP_ERROR(401));
      const app = new App(s);
      await app.open();
      await app.useSandbox({ method: 'HMAC-SHA1' });
      await app.fill('Consumer secret', 'not-the-demo-secret');
      const r = await app.step('Get request token', '/oauth/request_token');
      assert.equal(r.status, 401);
      const problem = new URLSearchParams(r.body);
      assert.equal(problem.get('oauth_problem'), 'signature_invalid');
      const debugSbs = problem.get('debug_sbs');
      assert.ok(debugSbs, `debug_sbs in ${r.body}`);
      await app.waitStatus('Get request token: failed with HTTP 401. See the explanation.');
      const alert = await app.waitAlert('signature_invalid');
      assert.match(alert, /oauth_problem = signature_invalid/);
      assert.match(alert, /Provider's advice: the signature does not match the base string this server computed/);
      // Same base string, different key: the secret is what is wrong, and the app says so.
      assert.match(alert, /The base strings are identical: the keys differ\. Check the consumer secret/);
      const theirs = s.page.getByRole('figure', { name: "The server's (debug_sbs)" });
      const ours = s.page.getByRole('figure', { name: 'Ours' });
      assert.equal((await theirs.locator('pre').innerText()).trim(), debugSbs);
      assert.equal((await ours.locator('pre').innerText()).trim(), debugSbs);
      await bandShot(s.page, '07-signature-invalid', [app.alerts().last()]);
      assert.equal(await app.button('Authorize').isDisabled(), true);
    }));

  test('oauthlib: a wrong consumer secret is refused with HTTP 401, explained', T, (t) => scenario(t, async (s) => {
    s.expect(HTTP_ERROR(401));
    const app = new App(s);
    await app.open();
    await app.usePeer({ method: 'HMAC-SHA1', secret: 'not-the-peer-secret' });
    const before = peerCredentials().request_tokens.length;
    const r = await app.step('Get request token', '/oauth/request_token');
    assert.equal(r.status, 401);
    await app.waitStatus('Get request token: failed with HTTP 401. See the explanation.');
    const alert = await app.waitAlert('HTTP 401');
    assert.match(alert, /the provider rejected the signature or the credentials/);
    assert.equal(peerCredentials().request_tokens.length, before, 'oauthlib issued nothing');
  }));
});

describe('the callback is checked (RFC 5849 §4.13)', () => {
  test('a callback with a token that is not the pending one is refused, and the flow still works', T,
    (t) => scenario(t, async (s) => {
      const app = new App(s);
      await app.open();
      await app.useSandbox({ method: 'HMAC-SHA1' });
      const rt = await app.getRequestToken();
      await s.page.goto(`${env.appUrl}?oauth_token=bogus&oauth_verifier=x`);
      await app.ready();
      const alert = await app.waitAlert('Refused');
      assert.match(alert, new RegExp(`oauth_token "bogus", which is not the pending request token "${rt.token}"`));
      await eventually(async () => s.page.url() === env.appUrl, { message: 'the query to be cleaned away' });
      assert.equal(await app.button('Get access token').isDisabled(), true, 'the bogus verifier is not used');
      assert.equal(await app.field('Verifier (PIN)').count(), 0, 'no verifier was taken');
      await bandShot(s.page, '08-callback-refused', [app.alerts().first()]);
      // The real callback still completes the pending flow.
      const issued = await threeLegged(app, PROVIDERS.sandbox, { configure: false, resume: rt });
      assert.equal(issued.requestToken.token, rt.token);
    }));
});
