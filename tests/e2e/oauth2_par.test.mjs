// The OAuth 2.0 page's pushed authorization request (RFC 9126) and UserInfo step (OIDC
// Core §5.3) against the sandbox of `oauth-playground serve`: step 1 pushes its parameters,
// the browser carries only client_id and request_uri, and step 6's UserInfo answer names
// the id_token's user.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App } from './lib/app.mjs';
import { ISSUER, openOAuth2, PAGE, TOKEN_PATH } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };

after(closeBrowser);

/** The claims of a compact JWS, decoded (not verified: the page verifies). */
function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

describe('OAuth 2.0: PAR and UserInfo against the sandbox', () => {
  test('the pushed request goes by request_uri, and UserInfo names the id_token\'s user', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    await s.page.getByLabel('Push the parameters first (PAR, RFC 9126)').check();
    await app.button('Build the authorization URL').click();
    const front = s.page.getByRole('table', { name: 'The authorization URL, parameter by parameter' });
    await front.waitFor();
    assert.equal(await app.button('Go to the provider').isDisabled(), true, 'not before the push');

    const pushedAt = s.page.waitForResponse((r) => new URL(r.url()).pathname === '/sandbox/oauth2/par');
    await app.button('Push the request').click();
    const answer = await (await pushedAt).json();
    assert.match(answer.request_uri, /^urn:ietf:params:oauth:request_uri:/);
    // By its caption: the response's body names request_uri, which hasText 'Request' matches too.
    const request = await s.page.locator('.par figure').filter({ has: s.page.getByText('Request', { exact: true }) })
      .locator('pre').innerText();
    assert.match(request, /^POST \/sandbox\/oauth2\/par HTTP\/1\.1/);
    assert.match(request, /code_challenge_method=S256/);
    assert.match(request, /response_type=code/);
    const url = new URL(await app.field('Authorization URL').inputValue());
    assert.equal(url.origin + url.pathname, `${ISSUER}/authorize`);
    assert.deepEqual([...url.searchParams.keys()], ['client_id', 'request_uri']);
    assert.equal(url.searchParams.get('client_id'), 'playground-spa');
    assert.equal(url.searchParams.get('request_uri'), answer.request_uri);
    const rows = s.page.getByRole('table', { name: 'The authorization URL after the push' }).getByRole('row');
    assert.equal(await rows.count(), 3);
    await screenshot(s.page, '25-oauth2-par', { fullPage: true });

    await app.button('Go to the provider').click();
    await s.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
    await s.page.getByRole('button', { name: 'Allow', exact: true }).click();
    await s.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    await s.page.getByText('state: passed').waitFor();
    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await app.button('Send the token request').click();
    const issued = await (await answered).json();
    assert.ok(issued.id_token, 'scope openid: an id_token');
    const sub = claimsOf(issued.id_token).sub;

    const six = s.page.getByRole('region', { name: '6. UserInfo (OpenID Connect)', exact: true });
    const asked = s.page.waitForResponse((r) => new URL(r.url()).pathname === '/sandbox/oauth2/userinfo');
    await six.getByRole('button', { name: 'Ask the UserInfo endpoint' }).click();
    const info = await (await asked).json();
    assert.equal(info.sub, sub);
    // The check's line: "sub: passed — " then its reason.
    await six.getByText(`sub: passed — ${sub} equals the id_token's sub: the same user (OIDC Core §5.3.2)`, { exact: true }).waitFor();
    await six.getByText('sub: passed', { exact: true }).waitFor();
    const raw = await six.locator('figure').filter({ has: s.page.getByText('Request', { exact: true }) }).locator('pre').innerText();
    assert.match(raw, /^GET \/sandbox\/oauth2\/userinfo HTTP\/1\.1/);
    assert.ok(!raw.includes(issued.access_token), 'the token is masked in the raw request');
    const claims = await six.getByRole('table', { name: 'UserInfo claims' }).innerText();
    assert.ok(claims.includes(`"${sub}"`), claims);
  }));

  test('UserInfo refuses an answer about another user', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    await s.page.route('**/sandbox/oauth2/userinfo', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({ sub: 'mallory' }),
    }));
    await app.button('Build the authorization URL').click();
    await app.button('Go to the provider').click();
    await s.page.waitForURL((u) => u.pathname === '/sandbox/oauth2/authorize');
    await s.page.getByRole('button', { name: 'Allow', exact: true }).click();
    await s.page.waitForURL((u) => u.href === PAGE, { timeout: 15_000 });
    await app.button('Send the token request').click();
    const six = s.page.getByRole('region', { name: '6. UserInfo (OpenID Connect)', exact: true });
    await six.getByRole('button', { name: 'Ask the UserInfo endpoint' }).click();
    await six.getByText('userinfo: failed', { exact: true }).waitFor();
    assert.match(await six.innerText(), /mallory/);
    assert.match(await six.innerText(), /OIDC Core §5\.3\.2/);
  }));
});

/** The form a `#oauth2=1.` link carries. */
function formOf(link) {
  const payload = new URL(link).hash.slice('#oauth2=1.'.length);
  return new URLSearchParams(Buffer.from(payload, 'base64url').toString('utf8'));
}

/** Opens `url` as a new document: a goto that changes only the fragment would not reload. */
async function reopen(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

function linkOf(form) {
  return `${PAGE}#oauth2=1.${Buffer.from(form.toString(), 'utf8').toString('base64url')}`;
}

describe('OAuth 2.0: the shareable link', () => {
  test('saved without the secret, reviewed before it applies, and sent here from the OAuth 1.0a page', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    await app.button('Save link').click();
    const saved = await app.field('Shareable link').inputValue();
    assert.ok(saved.startsWith(`${PAGE}#oauth2=1.`), saved);
    const form = formOf(saved);
    assert.equal(form.get('client_id'), 'playground-spa');
    assert.equal(form.get('issuer'), ISSUER);
    assert.equal(form.get('client_secret'), '');

    // Someone else's link: another scope. The page asks first and changes nothing until then.
    form.set('scope', 'openid email');
    const review = s.page.getByRole('region', { name: 'Apply the settings from this link?' });
    await reopen(s.page, linkOf(form));
    await review.waitFor();
    await review.getByText('scope: openid profile → openid email', { exact: true }).waitFor();
    assert.equal(new URL(s.page.url()).hash, '', 'the link leaves no trace in the address bar');
    await review.getByRole('button', { name: 'Apply' }).click();
    await review.waitFor({ state: 'detached' });
    const stored = await s.page.evaluate(() => localStorage.getItem('oauth-playground.oauth2.config'));
    assert.equal(new URLSearchParams(stored).get('scope'), 'openid email');

    // Opened on the OAuth 1.0a page, an OAuth 2.0 link goes to the OAuth 2.0 page.
    form.set('scope', 'profile');
    const onOne = linkOf(form).replace(PAGE, new URL('../', PAGE).href);
    await reopen(s.page, onOne);
    await s.page.waitForURL((u) => u.pathname === new URL(PAGE).pathname);
    await review.getByText('scope: openid email → profile', { exact: true }).waitFor();
    await review.getByRole('button', { name: 'Keep my settings' }).click();
    await review.waitFor({ state: 'detached' });
    assert.equal(new URLSearchParams(await s.page.evaluate(() => localStorage.getItem('oauth-playground.oauth2.config'))).get('scope'), 'openid email');
    await screenshot(s.page, '26-oauth2-share', { fullPage: false });
  }));

  test('a link with a javascript: endpoint, or for OAuth 1.0a, changes nothing', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    const before = await s.page.evaluate(() => localStorage.getItem('oauth-playground.oauth2.config'));
    const evil = new URLSearchParams({ client_id: 'x', token_endpoint: 'javascript:alert(1)' });
    await reopen(s.page, linkOf(evil));
    await s.page.getByRole('alert').getByText(
      'the configuration link was refused and nothing was changed. Its token_endpoint: Refused: the URL "javascript:alert(1)" must start with http:// or https://.',
      { exact: true }).waitFor();
    await reopen(s.page, `${PAGE}#config=1.e30`);
    await s.page.getByRole('alert').getByText('This link is for the OAuth 1.0a page: open it there (OAuth 1.0a, above).', { exact: true }).waitFor();
    assert.equal(await s.page.evaluate(() => localStorage.getItem('oauth-playground.oauth2.config')), before);
  }));
});

describe('Both pages: the first step is on the first screen', () => {
  test('at 1280×900 and at 390×844, with the served sandbox (configuration folded)', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      await s.page.setViewportSize({ width, height });
      await openOAuth2(app);
      const two = await app.button('Build the authorization URL').boundingBox();
      assert.ok(two.y + two.height <= height, `OAuth 2.0 at ${width}: step 1's button ends at ${two.y + two.height} px`);
      await s.page.goto(new URL('../', PAGE).href);
      await app.ready();
      const one = await app.button('Get request token').boundingBox();
      assert.ok(one.y + one.height <= height, `OAuth 1.0a at ${width}: step 1's button ends at ${one.y + one.height} px`);
    }
  }));
});
