// The LTI 1.1 launch mode (issue 13, docs/lti.md): the panel signs a Basic LTI launch and
// submits it as a form POST in a new tab. Checked by two tools on loopback: the sandbox's
// (`POST /sandbox/lti/launch`, which shows the fields it received) and oauthlib's
// SignatureOnlyEndpoint (`POST /lti/launch` of tests/e2e/oauthlib_provider.py, another
// origin, which the page's form-action allows).
// Run with `bash tests/e2e/run.sh`.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, eventually, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, PEER, SANDBOX } from './lib/app.mjs';

const T = { timeout: TEST_TIMEOUT };
after(closeBrowser);

/** The app, opened under serve, and its LTI panel (a region named by its heading). */
async function openPanel(s) {
  const app = new App(s);
  await app.open();
  const panel = s.page.getByRole('region', { name: 'LTI 1.1 launch', exact: true });
  await panel.waitFor();
  const lti = app.within(panel);
  await eventually(async () => (await lti.field('LTI consumer key').inputValue()) === SANDBOX.key &&
    (await lti.field('Tool launch URL').inputValue()) === new URL('sandbox/lti/launch', env.appUrl).href, {
    message: "the LTI panel to be prefilled with the sandbox's tool and demo consumer",
  });
  return { app, lti, panel };
}

/** Signs, then launches: the new tab, the launch's response, and the fields the form sent. */
async function launch(s, lti, panel, suffix) {
  await lti.click('Sign launch');
  const form = panel.locator('form[target="_blank"]');
  await form.waitFor();
  const sent = await form.locator('input[type=hidden]').evaluateAll((els) => els.map((e) => [e.name, e.value]));
  const [tab, response] = await Promise.all([
    s.context.waitForEvent('page'),
    s.context.waitForEvent('response', (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix)),
    lti.click('Launch in a new tab'),
  ]);
  await tab.waitForLoadState();
  return { tab, response, sent };
}

/** The received fields of a tool's page: `#fields` rows as [name, value]. */
const received = (tab) =>
  tab.locator('#fields tr').evaluateAll((rows) =>
    rows.filter((r) => r.querySelector('td')).map((r) => [r.querySelector('th').textContent, r.querySelector('td').textContent]));

describe('LTI 1.1 launch', () => {
  test('a launch opens the sandbox tool in a new tab, which verifies it and shows what it received', T, (t) =>
    scenario(t, async (s) => {
      const { lti, panel } = await openPanel(s);
      await lti.fill('Custom parameters', 'Chapter Number=3\nreview=a=b c');
      const { tab, response, sent } = await launch(s, lti, panel, '/sandbox/lti/launch');
      assert.equal(response.status(), 200);
      assert.equal(await tab.title(), 'LTI launch · OAuth Playground sandbox');
      assert.equal(await tab.locator('#verified').innerText(),
        `Signed by the consumer ${SANDBOX.key} with HMAC-SHA1; timestamp and nonce accepted.`);
      const get = (n) => sent.find(([k]) => k === n)?.[1];
      assert.equal(get('lti_message_type'), 'basic-lti-launch-request');
      assert.equal(get('lti_version'), 'LTI-1p0');
      assert.equal(get('oauth_callback'), 'about:blank');
      assert.equal(get('custom_chapter_number'), '3');
      assert.equal(get('custom_review'), 'a=b c');
      // Every field sent but the signature itself, as sent, in order.
      assert.deepEqual(await received(tab), sent.filter(([n]) => n !== 'oauth_signature'));
      // The workings of the launch are the flow's workings view.
      const base = (await panel.locator('pre.base-string').innerText()).replace(/\s/g, '');
      assert.match(base, /^POST&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fsandbox%2Flti%2Flaunch&/);
      assert.ok(base.includes('lti_message_type%3Dbasic-lti-launch-request'), base);

      // The panel at desktop and phone width (tests/e2e/out/screenshots).
      mkdirSync(env.screenshots, { recursive: true });
      await panel.screenshot({ path: path.join(env.screenshots, 'lti-panel-desktop.png'), animations: 'disabled' });
      await s.page.setViewportSize({ width: 390, height: 844 });
      await panel.screenshot({ path: path.join(env.screenshots, 'lti-panel-phone.png'), animations: 'disabled' });
    }));

  test('a launch signed with the wrong secret is refused with the sandbox reason', T, (t) =>
    scenario(t, async (s) => {
      s.expect(/status of 401/);
      const { lti, panel } = await openPanel(s);
      await lti.fill('LTI consumer secret', `${SANDBOX.secret}-tampered`);
      const { tab, response } = await launch(s, lti, panel, '/sandbox/lti/launch');
      assert.equal(response.status(), 401);
      assert.equal(await tab.locator('h1').innerText(), 'Launch refused');
      assert.equal(await tab.locator('#problem').innerText(), 'signature_invalid');
      assert.equal(await tab.locator('#fields').count(), 0);
    }));

  // The page's form-action allows what its connect-src does (docs/hosting.md), so the
  // launch goes from the page itself to oauthlib's tool on another origin, in a new tab.
  test('a launch to oauthlib on another origin opens there, and oauthlib verifies it', T, (t) =>
    scenario(t, async (s) => {
      const { lti, panel } = await openPanel(s);
      assert.notEqual(new URL(env.peerUrl).origin, env.appOrigin);
      await lti.fill('Tool launch URL', `${env.peerUrl}/lti/launch`);
      await lti.fill('LTI consumer key', PEER.key);
      await lti.fill('LTI consumer secret', PEER.secret);
      const { tab, response, sent } = await launch(s, lti, panel, '/lti/launch');
      assert.equal(response.status(), 200);
      assert.equal(tab.url(), `${env.peerUrl}/lti/launch`);
      assert.equal(await panel.locator('.notice.warn').count(), 0, 'no warning for a loopback tool');
      // oauthlib's page (tests/e2e/oauthlib_provider.py), byte for byte: every field it
      // received, in the order the form sent them, the signature included.
      const esc = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
      const rows = sent.map(([n, v]) => `<tr><th scope="row">${esc(n)}</th><td>${esc(v)}</td></tr>`).join('');
      const title = 'LTI launch verified by oauthlib';
      assert.equal(await response.text(),
        `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n` +
        `<p id="verified">oauthlib verified the HMAC-SHA1 signature of ${esc(PEER.key)}.</p>\n` +
        `<table id="fields">${rows}</table>\n</body></html>\n`);
      assert.ok(sent.some(([n]) => n === 'oauth_signature'), JSON.stringify(sent));
      // A second post of the same launch is a replayed nonce.
      const again = await fetch(`${env.peerUrl}/lti/launch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(sent).toString(),
      });
      assert.equal(again.status, 401);
    }));

  test('a launch URL that is not http(s) is refused before anything is signed', T, (t) =>
    scenario(t, async (s) => {
      const { lti, panel } = await openPanel(s);
      await lti.fill('Tool launch URL', 'javascript:alert(1)');
      await lti.click('Sign launch');
      await eventually(async () => /^Refused/.test(await panel.getByRole('alert').innerText()), {
        message: 'the panel to refuse the javascript: URL',
      });
      assert.equal(await panel.locator('form[target="_blank"]').count(), 0);
    }));
});
