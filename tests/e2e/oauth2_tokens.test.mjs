// The OAuth 2.0 page's Tokens panel against the sandbox of `oauth-playground serve`: the
// set step 4 saved appears with its countdown and masked tokens; Refresh saves the rotated
// pair the sandbox sent (RFC 6749 §6), Introspect says "active: yes" (RFC 7662), Revoke
// ends it (RFC 7009) so introspection says "active: no", and Delete removes it from the store.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, STORE_KEY } from './lib/app.mjs';
import { codeFlowToken, openOAuth2, openTokens, TOKEN_PATH, TOKENS_PAGE } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };

after(closeBrowser);

const stored = async (page) =>
  (JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY) ?? '{"tokens":[]}').tokens ?? [])
    .filter((e) => e.protocol === 'oauth2');

describe('OAuth 2.0: the Tokens panel against the sandbox', () => {
  test('refresh with rotation, introspect, revoke and delete a stored set', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await s.page.goto(TOKENS_PAGE);
    await s.page.getByText('No OAuth 2.0 token sets yet: step 4 saves one here.', { exact: false }).waitFor();
    await openOAuth2(app);
    const issued = await codeFlowToken(app);
    await openTokens(app);
    assert.ok(issued.refresh_token, 'the sandbox issues the SPA a refresh token');

    // The set step 4 saved is on the tokens page.
    const [entry] = await stored(s.page);
    const set = s.page.getByRole('article', { name: `Token set ${entry.name}`, exact: true });
    const access = set.getByLabel('Stored access token', { exact: true });
    assert.equal(await access.inputValue(), issued.access_token);
    assert.equal(await access.getAttribute('type'), 'password', 'masked until revealed');
    assert.equal(await set.getByLabel('Stored refresh token', { exact: true }).inputValue(), issued.refresh_token);
    await set.getByRole('button', { name: 'Reveal' }).first().click();
    assert.equal(await access.getAttribute('type'), 'text');
    const dd = (term) => set.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    assert.equal(await dd('Scope').innerText(), issued.scope);
    assert.equal(await dd('Token type').innerText(), 'Bearer');
    // The countdown ticks: 3600 s from issue, one second at a time.
    const expiry = set.getByRole('timer', { name: 'Expiry' });
    const first = await expiry.innerText();
    assert.match(first, /^expires in (59 min \d\d? s|1 h 0 min)$/);
    await eventually(async () => (await expiry.innerText()) !== first, { message: 'the countdown to tick' });
    await screenshot(s.page, '30-oauth2-tokens', { fullPage: true });
    await s.page.setViewportSize({ width: 390, height: 844 });
    await set.scrollIntoViewIfNeeded();
    await screenshot(s.page, '31-oauth2-tokens-390', { fullPage: false });
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(s.page, '31-oauth2-tokens-390-dark', { fullPage: false });
    await s.page.emulateMedia({ colorScheme: 'light' });
    await s.page.setViewportSize({ width: 1280, height: 900 });

    // Refresh: the sandbox rotates the refresh token; the store holds exactly what it sent.
    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    await set.getByRole('button', { name: 'Refresh', exact: true }).click();
    const refreshed = await (await answered).json();
    await set.getByText('Refreshed: a new access token, and the server rotated the refresh token: the new one is saved (RFC 6749 §6).', { exact: true }).waitFor();
    assert.notEqual(refreshed.refresh_token, issued.refresh_token, 'rotated');
    const request = await set.locator('figure', { hasText: 'Request' }).locator('pre').innerText();
    assert.match(request, /^POST \/sandbox\/oauth2\/token HTTP\/1\.1/);
    assert.match(request, /grant_type=refresh_token/);
    assert.ok(!request.includes(issued.refresh_token), 'the raw request masks the refresh token');
    const after = await eventually(async () => {
      const [e] = await stored(s.page);
      return e?.access_token === refreshed.access_token ? e : false;
    }, { message: 'the refreshed access token in the store' });
    assert.equal(after.refresh_token, refreshed.refresh_token);
    assert.equal(after.id, entry.id, 'the same entry, in its place');
    assert.equal((await stored(s.page)).length, 1);
    await eventually(async () => (await access.inputValue()) === refreshed.access_token, {
      message: 'the panel to show the new access token',
    });

    // Introspect (the refresh token by default): active, with its claims.
    assert.equal(await set.getByRole('combobox', { name: 'Introspect or revoke' }).inputValue(), 'refresh');
    await set.getByRole('button', { name: 'Introspect', exact: true }).click();
    await set.getByText('active: yes', { exact: true }).waitFor();
    const claims = set.getByRole('table', { name: 'What the token stands for' });
    assert.match(await claims.innerText(), /client_id\s+"playground-spa"/);
    assert.match(await claims.innerText(), /exp\s+\d+\s+20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    await claims.scrollIntoViewIfNeeded();
    await screenshot(s.page, '32-oauth2-introspected', { fullPage: false });

    // Revoke: the grant ends; the set stays, marked revoked; introspection now says no.
    await set.getByRole('button', { name: 'Revoke', exact: true }).click();
    await set.getByText(/^Revoked \(RFC 7009 §2\.2\)/).waitFor();
    assert.equal(await expiry.innerText(), 'revoked');
    assert.equal((await stored(s.page)).length, 1, 'revoking leaves the set in the store');
    await set.getByRole('button', { name: 'Introspect', exact: true }).click();
    await set.getByText('active: no', { exact: true }).waitFor();

    // Delete, confirmed: gone from the panel and the store.
    await set.getByRole('button', { name: 'Delete', exact: true }).click();
    await set.getByRole('button', { name: 'Delete for good', exact: true }).click();
    await set.waitFor({ state: 'detached' });
    assert.deepEqual(await stored(s.page), []);
  }));

  test('"Refresh before expiry" refreshes by itself shortly before exp', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await openOAuth2(app);
    const issued = await codeFlowToken(app);
    await openTokens(app);
    // The page's clock, to be moved forward: the sandbox's own clock (and its tokens) stay real.
    await s.page.clock.install();
    const [entry] = await stored(s.page);
    const set = s.page.getByRole('article', { name: `Token set ${entry.name}`, exact: true });
    await set.getByLabel('Refresh before expiry', { exact: true }).check();
    const expiry = set.getByRole('timer', { name: 'Expiry' });
    assert.match(await expiry.innerText(), /^expires in /);
    const answered = s.page.waitForResponse((r) => new URL(r.url()).pathname === TOKEN_PATH);
    // 3600 s tokens: 59 min 10 s later, 50 s are left, within the 60 s lead.
    await s.page.clock.fastForward('59:10');
    const refreshed = await (await answered).json();
    assert.ok(refreshed.refresh_token && refreshed.refresh_token !== issued.refresh_token, 'rotated');
    await eventually(async () => (await stored(s.page))[0]?.refresh_token === refreshed.refresh_token, {
      message: 'the rotated refresh token in the store',
    });
    assert.equal((await stored(s.page))[0].access_token, refreshed.access_token);
    // A fresh hour: not due again.
    await eventually(async () => /^expires in (59 min|1 h 0 min)/.test(await expiry.innerText()), {
      message: 'the countdown to restart from the new expiry',
    });
  }));
});
