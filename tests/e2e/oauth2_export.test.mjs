// The OAuth 2.0 page's Export panel for the token set the page got from the sandbox: the
// curl snippet's exact text, the token as bullets until "Include secrets" and "Reveal".
// tests/snippets_oauth2.rs runs the same snippets against the sandbox.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, screenshot, TEST_TIMEOUT } from './lib/harness.mjs';
import { App } from './lib/app.mjs';
import { ISSUER, openOAuth2, codeFlowToken, openTokens, TOKENS_PAGE } from './lib/oauth2.mjs';

const T = { timeout: TEST_TIMEOUT };

after(closeBrowser);

const curl = (token) =>
  '# The access token as a bearer credential (RFC 6750 §2.1): send it over TLS only.\n'
  + `curl -sS ${ISSUER}/userinfo \\\n  -H 'Authorization: Bearer ${token}'\n`;

describe('OAuth 2.0: export', () => {
  test('the curl snippet for the token the page got from the sandbox', T, (t) => scenario(t, async (s) => {
    const app = new App(s);
    await s.page.goto(TOKENS_PAGE);
    const panel = s.page.getByRole('region', { name: 'Export', exact: true });
    await panel.getByText('No OAuth 2.0 token set is saved yet', { exact: false }).waitFor();
    await openOAuth2(app);
    const issued = await codeFlowToken(app);
    await openTokens(app);
    assert.match(issued.access_token, /^[A-Za-z0-9_-]{43}$/);
    // Coming to the panel reads the store again: the new set is there.
    await panel.hover();
    const sets = panel.getByLabel('Token set');
    await sets.waitFor();
    assert.equal(await sets.locator('option').count(), 1);
    assert.equal(await sets.locator('option').textContent(), '127.0.0.1 — client playground-spa');
    assert.equal(await panel.getByLabel('Snippet').inputValue(), 'curl');
    const code = panel.locator('pre.snippet');
    assert.equal(await code.getAttribute('aria-label'), 'curl code');
    // Secrets left out: bullets on screen and in the copy.
    assert.equal(await code.textContent(), curl('•'.repeat(12)));
    await panel.getByLabel('Include secrets').check();
    assert.equal(await code.textContent(), curl('•'.repeat(12)), 'still masked until Reveal');
    await panel.getByRole('button', { name: 'Reveal', exact: true }).click();
    await eventually(async () => (await code.textContent()) === curl(issued.access_token), {
      message: 'the revealed snippet carries the issued token',
    });
    await panel.getByRole('button', { name: 'Hide secrets', exact: true }).click();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(s.page, '30-oauth2-export', { fullPage: true });
    await s.page.setViewportSize({ width: 390, height: 844 });
    // The panel alone at phone width, where a long URL or token must wrap.
    await panel.screenshot({ path: path.join(env.screenshots, '30-oauth2-export-390.png'), animations: 'disabled', caret: 'hide' });
    // A resource URL that is not http(s) is refused, not printed.
    await panel.getByLabel('Resource URL').fill('javascript:alert(1)');
    await panel.getByRole('alert').getByText('The resource URL: Refused: the URL "javascript:alert(1)" must start with http:// or https://.', { exact: true }).waitFor();
  }));
});
