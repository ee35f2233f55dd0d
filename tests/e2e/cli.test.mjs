// The CLI's `authorize` and `request` against the independent oauthlib provider (issue 6):
// the same token file format the app exports, three legs in the terminal, then signed calls.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { env, peerCredentials, TEST_TIMEOUT } from './lib/harness.mjs';

const BIN = process.env.BIN;

/** Runs the binary; resolves with its exit code and output. `onLine` sees stdout lines. */
function run(args, { onLine, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      const before = stdout;
      stdout += chunk;
      if (onLine) for (const line of stdout.slice(before.lastIndexOf('\n') + 1).split('\n').slice(0, -1)) {
        onLine(line, child);
      }
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

test('oauth-playground authorize and request against the oauthlib provider', { timeout: TEST_TIMEOUT }, async () => {
  assert.ok(BIN, 'BIN is set by tests/e2e/run.sh');
  const tokens = join(mkdtempSync(join(tmpdir(), 'oauth-playground-cli-')), 'tokens.json');
  let pinFetched = null;
  const authorized = await run([
    'authorize',
    '--request-token-url', `${env.peerUrl}/oauth/request_token`,
    '--authorize-url', `${env.peerUrl}/oauth/authorize`,
    '--access-token-url', `${env.peerUrl}/oauth/access_token`,
    '--consumer-key', 'peer-hmac-consumer-key',
    '--consumer-secret', 'peer-hmac-consumer-secret',
    '--signature-method', 'HMAC-SHA256',
    '--tokens', tokens,
    '--name', 'peer',
  ], {
    // The authorize URL is the one stdout line; approve it as the user would, then type the PIN.
    onLine: (line, child) => {
      const url = new URL(line.trim());
      assert.equal(url.origin, new URL(env.peerUrl).origin);
      url.searchParams.set('auto', '1');
      pinFetched = fetch(url).then(async (r) => {
        const html = await r.text();
        const pin = /<code id="verifier">([^<]+)<\/code>/.exec(html)?.[1];
        assert.ok(pin, `no verifier on the provider's page: ${html.slice(0, 300)}`);
        child.stdin.end(`${pin}\n`);
        return pin;
      });
    },
  });
  const pin = await pinFetched;
  assert.equal(authorized.code, 0, authorized.stderr);

  const file = JSON.parse(readFileSync(tokens, 'utf8'));
  assert.equal(file.schema, 'oauth-playground/tokens');
  assert.equal(file.version, 2);
  assert.equal(statSync(tokens).mode & 0o777, 0o600);
  const saved = file.tokens.find((t) => t.name === 'peer');
  const issued = peerCredentials().access_tokens.find((t) => t.token === saved.token);
  assert.ok(issued, 'the provider issued the saved token');
  assert.equal(saved.token_secret, issued.secret);
  assert.equal(saved.consumer_key, 'peer-hmac-consumer-key');
  assert.equal(saved.signature_method, 'HMAC-SHA256');
  assert.ok(peerCredentials().request_tokens.every((t) => t.verifier !== pin), 'the exchanged request token is gone');

  const me = await run(['request', '--tokens', tokens, 'GET', `${env.peerUrl}/api/me`]);
  assert.equal(me.code, 0, me.stderr);
  assert.deepEqual(JSON.parse(me.stdout), {
    consumer_key: 'peer-hmac-consumer-key', token: saved.token, user: 'peer-user',
  });

  const form = [['greeting', 'hello world'], ['plus', 'a+b'], ['amp', 'x&y=z'], ['unicode', 'café ✓ 日本']];
  const echo = await run(['request', '--tokens', tokens, 'POST', `${env.peerUrl}/api/echo`,
    ...form.flatMap(([n, v]) => ['-d', `${n}=${v}`])]);
  assert.equal(echo.code, 0, echo.stderr);
  assert.deepEqual(JSON.parse(echo.stdout).params.filter(([n]) => !n.startsWith('oauth_')), form);

  // A token the provider never issued: a non-zero exit and the provider's answer explained.
  const forged = { ...file, tokens: file.tokens.map((t) => ({ ...t, token_secret: 'wrong' })) };
  const forgedPath = `${tokens}.forged.json`;
  writeFileSync(forgedPath, JSON.stringify(forged));
  const refused = await run(['request', '--tokens', forgedPath, 'GET', `${env.peerUrl}/api/me`]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /401/);
});
