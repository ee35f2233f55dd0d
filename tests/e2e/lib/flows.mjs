// Whole flows as a person walks them, with the checks every scenario shares: what the app
// shows and stores equals what the provider issued (on the wire, and for the oauthlib
// provider also in its credentials file).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env, eventually, peerCredentials, screenshot, formPairs } from './harness.mjs';
import { PEER, SANDBOX, STEP_TITLES, targetOf } from './app.mjs';


export const PROVIDERS = {
  sandbox: {
    name: 'sandbox',
    origin: () => env.appOrigin,
    configure: (app, o) => app.useSandbox(o),
    consumerKey: (method) => (/^RSA/.test(method) ? SANDBOX.rsaKey : SANDBOX.key),
    me: () => `${env.appOrigin}/sandbox/api/me`,
    echo: () => `${env.appOrigin}/sandbox/api/echo`,
  },
  peer: {
    name: 'oauthlib',
    origin: () => new URL(env.peerUrl).origin,
    configure: async (app, o) => {
      await app.usePeer(o);
      await app.fill('Protected resource URL', `${env.peerUrl}/api/me`);
    },
    consumerKey: (method) => (/^RSA/.test(method) ? PEER.rsaKey : PEER.key),
    me: () => `${env.peerUrl}/api/me`,
    echo: () => `${env.peerUrl}/api/echo`,
  },
};

/** A step's panel (a region named by its heading). */
export function stepRegion(page, key) {
  return page.getByRole('region', { name: STEP_TITLES[key], exact: true });
}

/** A full-width (1280 px) screenshot of the page band covering `locators`. Taken from
 * the top of the page so sticky elements (the status line) sit where they belong. */
export async function bandShot(page, name, locators) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const boxes = [];
  for (const l of locators) {
    boxes.push(await l.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    }));
  }
  const top = Math.max(0, Math.min(...boxes.map((b) => b.top)) - 16);
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + 16;
  mkdirSync(env.screenshots, { recursive: true });
  await page.screenshot({
    path: path.join(env.screenshots, `${name}.png`),
    fullPage: true,
    clip: { x: 0, y: top, width: 1280, height: bottom - top },
    animations: 'disabled',
    caret: 'hide',
  });
}

/** Records the signed requests the page sends to an endpoint (directly or via the relay). */
export function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.method() === 'OPTIONS') return;
    const target = targetOf(r.url());
    if (!/\/oauth\/(request|access)_token$|\/api\/(me|echo)$/.test(target.pathname)) return;
    seen.push({ method: r.method(), url: r.url(), target, headers: r.headers(), body: r.postData() ?? '' });
  });
  return seen;
}

/** Where the oauth_* parameters of a recorded request travelled (§3.5). */
export function placementOf(req) {
  const inHeader = /^OAuth /.test(req.headers.authorization ?? '');
  const inQuery = req.target.searchParams.has('oauth_signature');
  const inBody = formPairs(req.body).some(([n]) => n === 'oauth_signature');
  return [inHeader && 'Header', inQuery && 'Query', inBody && 'Body'].filter(Boolean);
}

/**
 * The three legs with the callback back to this page, checking every value:
 *  - the request token the app uses (its authorize link) is the one the provider issued;
 *  - the verifier the app holds is the one the provider sent back (and, for oauthlib, recorded);
 *  - the access token and secret the app shows and stores equal the provider's.
 * `decide`: 'click' (Allow on the provider's page) or 'auto' (the oauthlib page's ?auto=1);
 * `resume`: the request token already pending (leg 1 is skipped).
 * Returns what was issued.
 */
export async function threeLegged(app, provider, {
  method = 'HMAC-SHA1', placement = 'Header', decide = 'click', shots = null, configure = true, resume = null,
  relay = 'template',
} = {}) {
  const page = app.page;
  if (configure) {
    await provider.configure(app, { method, placement, auto: decide === 'auto', relay });
  }

  // Leg 1: temporary credentials (or the pending ones, to `resume` a flow).
  const rt = resume ?? (await app.getRequestToken());
  const link = await app.field('Authorization link').inputValue();
  assert.equal(new URL(link).searchParams.get('oauth_token'), rt.token, 'the authorize link carries the issued request token');
  if (provider.name === 'oauthlib') {
    const issued = peerCredentials().request_tokens.find((t) => t.token === rt.token);
    assert.ok(issued, `oauthlib recorded request token ${rt.token}`);
    assert.equal(issued.secret, rt.secret);
    assert.equal(issued.consumer_key, provider.consumerKey(method));
    assert.equal(issued.callback, env.appUrl, 'oauth_callback is this page');
  }
  if (shots?.requestToken) {
    await bandShot(page, shots.requestToken, [stepRegion(page, 'requestToken')]);
  }

  // Leg 2: the provider's page, then back here with the verifier (§2.2).
  const back = page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(env.appUrl) &&
    new URL(r.url()).searchParams.has('oauth_verifier'), { timeout: 30_000 });
  if (decide === 'auto') {
    await app.click('Authorize');
  } else {
    await app.authorizeHere(provider.origin());
    await page.getByRole('button', { name: 'Allow', exact: true }).waitFor();
    if (shots?.authorize) await screenshot(page, shots.authorize, { fullPage: false });
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
  }
  const callback = new URL((await back).url());
  assert.equal(callback.searchParams.get('oauth_token'), rt.token, 'the provider sent the request token back');
  const verifier = callback.searchParams.get('oauth_verifier');
  assert.ok(verifier, 'a verifier came back');
  await app.waitBackOnApp();
  await app.waitStatus('Authorized: the verifier arrived.');
  assert.equal(page.url(), env.appUrl, 'the app cleaned oauth_token and oauth_verifier from the address bar');
  assert.equal(await app.field('Verifier (PIN)').inputValue(), verifier);
  if (provider.name === 'oauthlib') {
    const issued = peerCredentials().request_tokens.find((t) => t.token === rt.token);
    assert.equal(issued.verifier, verifier, 'the verifier is the one oauthlib issued');
    assert.equal(issued.authorized, true);
  }

  // Leg 3: token credentials.
  const at = await app.getAccessToken();
  assert.ok(at.token && at.secret, `token and secret in ${at.body}`);
  if (provider.name === 'oauthlib') {
    const creds = peerCredentials();
    const issued = creds.access_tokens.find((t) => t.token === at.token);
    assert.ok(issued, `oauthlib recorded access token ${at.token}`);
    assert.equal(issued.secret, at.secret);
    assert.equal(issued.consumer_key, provider.consumerKey(method));
    assert.ok(!creds.request_tokens.some((t) => t.token === rt.token), 'the request token was used up');
  }
  await checkShownAndStored(app, provider, method, at);
  if (shots?.accessToken) {
    // The finished token: the "Try it" panel (token, masked secret) and the saved tokens.
    await bandShot(page, shots.accessToken, [stepRegion(page, 'resource'),
      page.getByRole('region', { name: 'Saved tokens', exact: true })]);
  }
  return { requestToken: rt, verifier, accessToken: at };
}

/** The token and secret the app shows and keeps in localStorage are `issued`. */
export async function checkShownAndStored(app, provider, method, issued) {
  await eventually(async () => (await app.tokenFields().token.inputValue()) === issued.token, {
    message: `"Access token" shows ${issued.token}`,
  });
  const shown = await app.shownToken();
  assert.deepEqual(shown, { token: issued.token, secret: issued.secret }, 'shown = issued');
  const stored = await eventually(async () => {
    const doc = await app.stored();
    return doc?.tokens?.find((t) => t.token === issued.token) ? doc : false;
  }, { message: 'the access token to be saved in localStorage' });
  assert.equal(stored.schema, 'oauth-playground/tokens');
  const saved = stored.tokens.find((t) => t.token === issued.token);
  assert.equal(saved.token_secret, issued.secret);
  assert.equal(saved.consumer_key, provider.consumerKey(method));
  assert.equal(saved.signature_method, method);
  assert.equal(stored.current, saved.id, 'the new token is the one in use');
}

/** "Try it" on the configured protected resource; returns the response JSON. */
export async function tryIt(app, { suffix = '/api/me' } = {}) {
  const r = await app.step('Try it', suffix);
  assert.equal(r.status, 200, `Try it: HTTP ${r.status}: ${r.body}`);
  await app.waitStatus('Try it: HTTP 200, the token works.');
  await stepRegion(app.page, 'resource').getByText('Success: the provider accepted the token.').waitFor();
  return JSON.parse(r.body);
}
