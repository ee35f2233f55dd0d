// The workings panel, the product's lead feature, checked by its content (not by a
// screenshot): every parameter with its source, the three parts of the base string, the
// masked key, the signature and the exact HTTP request, each compared with an oracle
// computed here from the inputs (Node's crypto, lib/workings.mjs) and with what went on
// the wire. The page's clock is frozen (freezeClock) so oauth_timestamp is known; the
// nonce is read from the panel and checked against the wire.
// Run with `bash tests/e2e/run.sh`.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { closeBrowser, env, formPairs, scenario, TEST_TIMEOUT } from './lib/harness.mjs';
import { App, fromEndpoint, SANDBOX } from './lib/app.mjs';
import { PROVIDERS, recordRequests, stepRegion, threeLegged } from './lib/flows.mjs';
import {
  authorizationHeader, baseStringParts, enc, freezeClock, HEADINGS, hmac, mask, normalize, readWorkings, rsa,
} from './lib/workings.mjs';

const T = { timeout: TEST_TIMEOUT };
const BASE = 'Signature base string (§3.4.1.1)';
const NORMALISED = 'Normalised parameters (§3.4.1.3.2)';
const HTTP_ERROR = (status) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

after(closeBrowser);

/** The <details> holding a step's workings. */
function stepWorkings(page, key) {
  return stepRegion(page, key).locator('details')
    .filter({ has: page.getByText('Workings: the signed request', { exact: true }) });
}

/** The nonce the panel shows: alphanumeric (§3.3), then checked against the wire. */
function nonceOf(w) {
  const nonce = w.rows.find(([n]) => n === 'oauth_nonce')?.[1];
  assert.match(nonce ?? '', /^[0-9A-Za-z]{16,64}$/, `a nonce in ${JSON.stringify(w.rows)}`);
  return nonce;
}

const rowsOf = (params, sources) => params.map(([n, v], i) => [n, v, sources[i] ?? 'protocol']);

describe('the workings panel, exactly', () => {
  test('HMAC-SHA1 request token: sources, base string parts, masked key, the HTTP request sent', T,
    (t) => scenario(t, async (s) => {
      const timestamp = await freezeClock(s.context);
      const app = new App(s);
      await app.open();
      await app.useSandbox({ method: 'HMAC-SHA1' });
      const endpoint = `${env.appOrigin}/sandbox/oauth/request_token`;
      // A query parameter and a form-body one, beside the protocol's (§3.4.1.3.1).
      await app.fill('Request token URL', `${endpoint}?scope=read%20write`);
      await s.page.getByText('Extra parameters per step', { exact: true }).click();
      await app.fill('Extra parameters (request token)', 'lang=café ✓');
      const seen = recordRequests(s.page);
      const issued = await app.getRequestToken();
      assert.ok(issued.token, 'the sandbox verified the signature and issued a token');

      const w = await readWorkings(stepWorkings(s.page, 'requestToken'));
      const nonce = nonceOf(w);
      const params = [
        ['scope', 'read write'],
        ['lang', 'café ✓'],
        ['oauth_consumer_key', SANDBOX.key],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', String(timestamp)],
        ['oauth_nonce', nonce],
        ['oauth_version', '1.0'],
        ['oauth_callback', env.appUrl],
      ];
      assert.deepEqual(w.headings, HEADINGS('HMAC-SHA1'));
      assert.deepEqual(w.rows, rowsOf(params, ['query', 'form body']));
      assert.equal(w.text[NORMALISED], normalize(params));
      const parts = baseStringParts('POST', endpoint, params);
      assert.deepEqual(w.parts[BASE], parts, 'the three parts: method, base string URI, parameters');
      const base = parts.join('&');
      assert.equal(w.text[BASE], base);
      // The key's secrets masked, their length kept (the token secret is empty here).
      assert.equal(w.text['Signing key (HMAC-SHA1)'], `${mask(enc(SANDBOX.secret))}&`);
      const signature = hmac('sha1', base, SANDBOX.secret);
      assert.equal(w.text.Signature, signature);

      assert.equal(seen.length, 1);
      const authorization = authorizationHeader([...params.slice(2), ['oauth_signature', signature]]);
      assert.equal(seen[0].headers.authorization, authorization, 'the header sent is the one computed here');
      assert.deepEqual(formPairs(seen[0].body), [['lang', 'café ✓']]);
      assert.equal(w.text['HTTP request'], [
        'POST /sandbox/oauth/request_token?scope=read%20write HTTP/1.1',
        `Host: ${new URL(env.appUrl).host}`,
        `Authorization: ${authorization}`,
        'Content-Type: application/x-www-form-urlencoded',
        `Content-Length: ${Buffer.byteLength(seen[0].body)}`,
        '',
        seen[0].body,
      ].join('\n'));
      assert.deepEqual(w.copies, ['Copy the base string', 'Copy the HTTP request']);
      assert.deepEqual(w.notes, []);
    }));

  test('PLAINTEXT: the signature is the secrets, so it is masked everywhere it is shown', T,
    (t) => scenario(t, async (s) => {
      const timestamp = await freezeClock(s.context);
      const app = new App(s);
      await app.open();
      await app.useSandbox({ method: 'PLAINTEXT' });
      const seen = recordRequests(s.page);
      await app.getRequestToken();
      const w = await readWorkings(stepWorkings(s.page, 'requestToken'));
      const nonce = nonceOf(w);
      const params = [
        ['oauth_consumer_key', SANDBOX.key],
        ['oauth_signature_method', 'PLAINTEXT'],
        ['oauth_timestamp', String(timestamp)],
        ['oauth_nonce', nonce],
        ['oauth_version', '1.0'],
        ['oauth_callback', env.appUrl],
      ];
      assert.deepEqual(w.headings, HEADINGS('PLAINTEXT'));
      assert.deepEqual(w.rows, rowsOf(params, []));
      const endpoint = `${env.appOrigin}/sandbox/oauth/request_token`;
      assert.equal(w.text[BASE], baseStringParts('POST', endpoint, params).join('&'));
      // §3.4.4: the signature is `consumer_secret&token_secret`; on the wire in clear ...
      const signature = `${enc(SANDBOX.secret)}&`;
      assert.equal(seen[0].headers.authorization, authorizationHeader([...params, ['oauth_signature', signature]]));
      // ... and in the panel never: the signature, the key and the HTTP request are masked.
      assert.equal(w.text.Signature, mask(signature));
      assert.equal(w.text['Signing key (PLAINTEXT)'], `${mask(enc(SANDBOX.secret))}&`);
      assert.equal(w.text['HTTP request'], [
        'POST /sandbox/oauth/request_token HTTP/1.1',
        `Host: ${new URL(env.appUrl).host}`,
        `Authorization: ${authorizationHeader(params)}, oauth_signature="${mask(signature)}"`,
        '',
        '',
      ].join('\n'));
      // No "Copy" of the HTTP request (it would copy the secret), and the secret is nowhere on the page.
      assert.deepEqual(w.copies, ['Copy the base string']);
      const pageText = await s.page.evaluate(() => document.body.innerText);
      assert.ok(!pageText.includes(SANDBOX.secret), 'the consumer secret is not shown on the page');
    }));

  test('signature_invalid where the server saw another parameter: both base strings, the first difference marked', T,
    (t) => scenario(t, async (s) => {
      s.expect(HTTP_ERROR(401));
      await freezeClock(s.context);
      const app = new App(s);
      await app.open();
      await app.useSandbox({ method: 'HMAC-SHA1' });
      // A relay that adds a query parameter on the way: the sandbox signs over one more
      // parameter than the app did (a proxy rewriting URLs does this in real life).
      await app.choose('Relay', 'Relay template');
      await app.fill('Relay URL template', '/relay?url={url}%3Fextra%3Dfrom-the-relay');
      const r = await app.step('Get request token', '/oauth/request_token');
      assert.equal(r.status, 401, r.body);
      assert.equal(new URL(r.response.url()).pathname, '/relay');
      const problem = new URLSearchParams(r.body);
      assert.equal(problem.get('oauth_problem'), 'signature_invalid');
      const theirs = problem.get('debug_sbs');

      const w = await readWorkings(stepWorkings(s.page, 'requestToken'));
      const ours = w.text[BASE];
      const endpoint = `${env.appOrigin}/sandbox/oauth/request_token`;
      const head = `POST&${enc(endpoint)}&`;
      // The server's differs in its parameters only: `extra` sorts first.
      assert.ok(ours.startsWith(`${head}oauth_callback%3D`), ours);
      assert.equal(theirs, `${head}extra%3Dfrom-the-relay%26${ours.slice(head.length)}`);

      await app.waitStatus('Get request token: failed with HTTP 401. See the explanation.');
      const alert = await app.waitAlert('signature_invalid');
      assert.match(alert, new RegExp(`The base strings differ from character ${head.length + 1} on \\(highlighted\\)\\.`));
      for (const [name, text] of [['Ours', ours], ["The server's (debug_sbs)", theirs]]) {
        const shown = await s.page.getByRole('figure', { name }).locator('pre').evaluate((pre) => ({
          text: pre.textContent,
          marked: [...pre.querySelectorAll('mark')].map((m) => m.textContent),
        }));
        assert.equal(shown.text, text, name);
        assert.deepEqual(shown.marked, [text.slice(head.length)], `${name}: marked from the first difference on`);
      }
    }));

  test('the API console signs RSA-SHA1 with the token in use: the exact signature, which the sandbox accepts', T,
    (t) => scenario(t, async (s) => {
      const timestamp = await freezeClock(s.context);
      const app = new App(s);
      await app.open();
      const issued = await threeLegged(app, PROVIDERS.sandbox, { method: 'RSA-SHA1' });
      const region = s.page.getByRole('region', { name: 'API console', exact: true });
      const con = app.within(region);
      const resource = `${env.appOrigin}/sandbox/api/me`;
      await con.choose('Method', 'GET');
      await con.fill('URL', `${resource}?view=full`);
      const seen = recordRequests(s.page);
      const [response] = await Promise.all([
        s.page.waitForResponse(fromEndpoint('/sandbox/api/me')),
        con.click('Send'),
      ]);
      assert.equal(response.status(), 200, await response.text());
      assert.equal(JSON.parse(await response.text()).token, issued.accessToken.token, 'the sandbox verified it');

      await region.getByText('Workings: how this call was signed', { exact: true }).click();
      const w = await readWorkings(region.locator('details')
        .filter({ has: s.page.getByText('Workings: how this call was signed', { exact: true }) }));
      const nonce = nonceOf(w);
      const params = [
        ['view', 'full'],
        ['oauth_consumer_key', SANDBOX.rsaKey],
        ['oauth_token', issued.accessToken.token],
        ['oauth_signature_method', 'RSA-SHA1'],
        ['oauth_timestamp', String(timestamp)],
        ['oauth_nonce', nonce],
        ['oauth_version', '1.0'],
      ];
      assert.deepEqual(w.headings, HEADINGS('RSA-SHA1'));
      assert.deepEqual(w.rows, rowsOf(params, ['query']));
      const base = baseStringParts('GET', resource, params).join('&');
      assert.equal(w.text[BASE], base);
      assert.equal(w.text['Signing key (RSA-SHA1)'], "the consumer's RSA private key (RSASSA-PKCS1-v1_5)");
      // PKCS#1 v1.5 is deterministic: Node's signature over the same base string is the same bytes.
      const signature = rsa('sha1', base, env.sandboxRsaPrivateKey);
      assert.equal(w.text.Signature, signature);
      const sent = seen.filter((req) => req.target.pathname === '/sandbox/api/me');
      assert.equal(sent.length, 1);
      assert.equal(sent[0].headers.authorization, authorizationHeader([...params.slice(1), ['oauth_signature', signature]]));
      assert.deepEqual(w.notes,
        ["The signature was made by this browser's Web Crypto (RSASSA-PKCS1-v1_5 with SHA-1), over the base string above."]);
    }));
});
