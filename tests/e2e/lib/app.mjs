// The app as a person sees it: fields found by their labels, buttons by their names, the
// live region (role=status) and errors (role=alert). No CSS classes, no test ids.

import assert from 'node:assert/strict';
import { env, eventually, STEP_TIMEOUT, formPairs } from './harness.mjs';

export const STORE_KEY = 'oauth-playground.tokens';

export const SANDBOX = {
  key: 'playground-demo-key',
  secret: 'playground-demo-secret',
  rsaKey: 'playground-rsa-key',
};
export const PEER = {
  key: 'peer-hmac-consumer-key',
  secret: 'peer-hmac-consumer-secret',
  rsaKey: 'peer-rsa-consumer-key',
};

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A string matches itself exactly (whole text, case-insensitive); a RegExp as it is. */
const asRe = (m) => (m instanceof RegExp ? m : new RegExp(`^\\s*${escapeRe(m)}\\s*$`, 'i'));

/** The relay's target when `url` is `/relay?url=…`, else `url` itself. */
export function targetOf(url) {
  const u = new URL(url);
  if (u.pathname === '/relay' && u.searchParams.has('url')) return new URL(u.searchParams.get('url'));
  return u;
}

/** A response (not a CORS preflight) from the endpoint whose path ends with `suffix`,
 * directly or through the relay. */
export const fromEndpoint = (suffix) => (r) =>
  r.request().method() !== 'OPTIONS' && targetOf(r.url()).pathname.endsWith(suffix);

/** The headings of the four step panels (each a region named by its heading). */
export const STEP_TITLES = {
  requestToken: '1. Temporary credentials (RFC 5849 §2.1)',
  authorize: '2. Resource owner authorization (§2.2)',
  accessToken: '3. Token credentials (§2.3)',
  resource: '4. Call a protected resource (§3)',
};

export class App {
  constructor(session) {
    this.session = session;
    this.page = session.page;
    /** Where fields and buttons are looked for: the page, or one region of it (`within`). */
    this.root = session.page;
  }

  /** The same app, looking for fields and buttons inside `region` only. */
  within(region) {
    const scoped = Object.create(this);
    scoped.root = region;
    return scoped;
  }

  // ---- finding things ------------------------------------------------------------------
  /** An input or textarea by its label. */
  field(label) {
    return this.root.getByLabel(label, { exact: true });
  }
  /** A select by its label (role combobox: sections named like a select do not match). */
  select(label) {
    return this.root.getByRole('combobox', { name: label, exact: true });
  }
  button(name) {
    return this.root.getByRole('button', { name, exact: true });
  }
  /** A step's panel: `requestToken`, `authorize`, `accessToken` or `resource`. */
  stepRegion(key) {
    return this.page.getByRole('region', { name: STEP_TITLES[key], exact: true });
  }
  status() {
    return this.page.getByRole('status');
  }
  alerts() {
    return this.page.getByRole('alert');
  }

  // ---- actions -----------------------------------------------------------------------
  /** Opens the app fresh: under `serve` it asks /playground.json and picks the sandbox
   * with its demo consumer; edits before that would be overwritten, so wait for it. */
  async open(query = '') {
    const probed = this.page.waitForResponse((r) => new URL(r.url()).pathname === '/playground.json');
    await this.page.goto(env.appUrl + query);
    await probed;
    await this.ready();
    await eventually(async () => (await this.selected('Provider')) === 'Local sandbox' &&
      (await this.field('Consumer key').inputValue()) === SANDBOX.key, {
      message: 'the app to preselect "Local sandbox" with the demo consumer (from /playground.json)',
    });
  }

  /** The app is mounted (its first render marks the Performance timeline). */
  async ready() {
    await this.button('Get request token').waitFor({ state: 'visible' });
    await this.page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0);
    await this.openConfiguration();
  }

  /** Unfolds the configuration (folded once complete) as a user does: its summary. */
  async openConfiguration() {
    const fold = this.page.locator('details.config-fold');
    if ((await fold.count()) && !(await fold.evaluate((d) => d.open))) {
      await fold.locator(':scope > summary').click();
    }
  }

  /** The visible text of a select's chosen option. */
  async selected(label) {
    return this.select(label).evaluate((el) => el.options[el.selectedIndex]?.textContent.trim() ?? '');
  }

  /** Picks the option of select `label` whose visible text matches `text` (string: whole
   * text; RegExp: anywhere), the way a user reads the list. */
  async choose(label, text) {
    const select = this.select(label);
    const re = asRe(text);
    const options = await select.evaluate((el) =>
      [...el.options].map((o) => ({ label: o.textContent.trim(), value: o.value })),
    );
    const hit = options.find((o) => re.test(o.label));
    assert.ok(hit, `select "${label}" has no option matching ${re}; it offers: ${options.map((o) => o.label).join(' | ')}`);
    await select.selectOption({ value: hit.value });
    await eventually(async () => (await this.selected(label)) === hit.label, {
      message: `"${label}" shows "${hit.label}"`,
    });
    return hit.label;
  }

  async fill(label, value) {
    const f = this.field(label);
    await f.fill(value);
    // Yew reads `input`/`change`; make sure the value sticks (a re-render may lag).
    await eventually(async () => (await f.inputValue()) === value, { message: `"${label}" holds what was typed` });
  }

  /** Clicks a button once it is enabled (the click itself waits for that). */
  async click(name, within = this.root) {
    await within.getByRole('button', { name, exact: true }).click();
  }

  async waitStatus(match, timeout = STEP_TIMEOUT) {
    const re = match instanceof RegExp ? match : new RegExp(escapeRe(match));
    return eventually(
      async () => {
        const text = await this.status().innerText();
        if (!re.test(text)) throw new Error(`it says ${JSON.stringify(text)}`);
        return text;
      },
      { timeout, message: `the status (role=status) to say ${re}` },
    );
  }

  async alertText() {
    const all = await this.alerts().allInnerTexts();
    return all.join('\n');
  }

  async waitAlert(match, timeout = STEP_TIMEOUT) {
    const re = match instanceof RegExp ? match : new RegExp(escapeRe(match));
    return eventually(
      async () => {
        const text = await this.alertText();
        if (!re.test(text)) throw new Error(`the alerts say ${JSON.stringify(text)}`);
        return text;
      },
      { timeout, message: `an alert (role=alert) saying ${re}` },
    );
  }

  /** The sandbox of this serve, with one of its demo consumers. */
  async useSandbox({ method = 'HMAC-SHA1', placement = 'Header', callback = 'Return to this page' } = {}) {
    await this.choose('Provider', 'Local sandbox');
    await this.choose('Signature method', method);
    if (/^RSA/.test(method)) {
      // One click fills the sandbox's RSA consumer (announced by /playground.json).
      await this.click("Use the sandbox's RSA demo consumer");
      await eventually(async () => (await this.field('Consumer key').inputValue()) === SANDBOX.rsaKey, {
        message: `"Consumer key" to become ${SANDBOX.rsaKey}`,
      });
      assert.equal((await this.field('RSA private key').inputValue()).trim(), env.sandboxRsaPrivateKey.trim(),
        'the demo private key committed under crates/cli/src/sandbox/');
    } else {
      await this.fill('Consumer key', SANDBOX.key);
      await this.fill('Consumer secret', SANDBOX.secret);
    }
    await this.choose('Parameter placement', placement);
    await this.choose('Callback', callback);
  }

  /** The oauthlib provider, by default through this serve's relay as a URL template
   * (`relay`: 'template', 'same-origin' or 'direct', as oauthlib sends CORS headers). `auto`:
   * its authorize page approves at once (`?auto=1`) instead of offering Allow/Deny. */
  async usePeer({ method = 'HMAC-SHA1', placement = 'Header', callback = 'Return to this page', auto = false,
    secret = PEER.secret, relay = 'template' } = {}) {
    await this.choose('Provider', 'Custom');
    await this.fill('Request token URL', `${env.peerUrl}/oauth/request_token`);
    await this.fill('Authorize URL', `${env.peerUrl}/oauth/authorize${auto ? '?auto=1' : ''}`);
    await this.fill('Access token URL', `${env.peerUrl}/oauth/access_token`);
    await this.choose('Signature method', method);
    if (/^RSA/.test(method)) {
      await this.fill('Consumer key', PEER.rsaKey);
      await this.fill('RSA private key', env.peerRsaPrivateKey);
    } else {
      await this.fill('Consumer key', PEER.key);
      await this.fill('Consumer secret', secret);
    }
    await this.choose('Parameter placement', placement);
    await this.choose('Callback', callback);
    if (relay === 'template') {
      await this.choose('Relay', 'Relay template');
      await this.fill('Relay URL template', '/relay?url={url}');
    } else if (relay === 'same-origin') {
      await this.choose('Relay', 'Same-origin relay');
    } else {
      await this.choose('Relay', 'Direct (endpoint sends CORS headers)');
    }
  }

  /** Clicks a step's button and returns the provider's response to it (as the browser got
   * it: directly or from the relay). */
  async step(button, endpointSuffix) {
    const [response] = await Promise.all([
      this.page.waitForResponse(fromEndpoint(endpointSuffix)),
      this.click(button),
    ]);
    return { response, status: response.status(), body: await response.text() };
  }

  async getRequestToken() {
    const r = await this.step('Get request token', '/oauth/request_token');
    assert.equal(r.status, 200, `request token: HTTP ${r.status}: ${r.body}`);
    const pairs = Object.fromEntries(formPairs(r.body));
    assert.ok(pairs.oauth_token, `no oauth_token in ${r.body}`);
    await this.waitStatus('Request token received');
    return { token: pairs.oauth_token, secret: pairs.oauth_token_secret, body: r.body };
  }

  /** "Authorize" with a callback back to this page: the tab leaves for the provider. */
  async authorizeHere(providerOrigin) {
    await Promise.all([
      this.page.waitForURL((u) => u.origin === providerOrigin && u.pathname.endsWith('/oauth/authorize')),
      this.click('Authorize'),
    ]);
  }

  async waitBackOnApp() {
    await this.page.waitForURL((u) => u.origin === env.appOrigin && u.pathname === new URL(env.appUrl).pathname);
    await this.ready();
  }

  async getAccessToken() {
    const r = await this.step('Get access token', '/oauth/access_token');
    assert.equal(r.status, 200, `access token: HTTP ${r.status}: ${r.body}`);
    const pairs = Object.fromEntries(formPairs(r.body));
    await this.waitStatus(/Access token received/);
    return { token: pairs.oauth_token, secret: pairs.oauth_token_secret, pairs, body: r.body };
  }

  /** The "Access token" and "Token secret" fields of the "Try it" step. */
  tokenFields() {
    const panel = this.stepRegion('resource');
    return {
      panel,
      token: panel.getByLabel('Access token', { exact: true }),
      secret: panel.getByLabel('Token secret', { exact: true }),
    };
  }

  /** What those fields show: the secret is masked until its "Reveal" button is pressed
   * (and is masked again afterwards, as the app shows it by default). */
  async shownToken() {
    const { panel, token, secret } = this.tokenFields();
    const masked = async () => (await secret.getAttribute('type')) === 'password';
    assert.ok(await masked(), 'the token secret is masked by default');
    await this.click('Reveal', panel);
    await eventually(async () => !(await masked()), { message: 'the token secret to be revealed' });
    const shown = { token: await token.inputValue(), secret: await secret.inputValue() };
    await this.click('Hide', panel);
    await eventually(masked, { message: 'the token secret to be masked again' });
    return shown;
  }

  async stored() {
    const raw = await this.page.evaluate((k) => window.localStorage.getItem(k), STORE_KEY);
    return raw === null ? null : JSON.parse(raw);
  }

  async storedTokens() {
    const doc = await this.stored();
    return doc ? doc.tokens : [];
  }
}
