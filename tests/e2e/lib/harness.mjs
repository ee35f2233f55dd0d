// The harness's plumbing: one Chromium for the whole run, a fresh context per scenario,
// console/CSP guards, condition waits with timeouts, screenshots and the environment that
// tests/e2e/run.sh hands over (URLs, credential files, keys).

import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Per-action and per-navigation timeouts; every test also has its own overall timeout. */
export const STEP_TIMEOUT = 15_000;
export const TEST_TIMEOUT = 120_000;
/** Chromium asks every origin for /favicon.ico by itself; a 404 there is logged as a console
 * error although no page requested it. Tolerated, and counted in the run's output. */
const FAVICON_404 = /^Failed to load resource: the server responded with a status of 404 .*\[https?:\/\/[^/]+\/favicon\.ico\]$/;
/** Poll interval of `eventually`: a condition wait, never a fixed sleep. */
const POLL_MS = 50;

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the harness with bash tests/e2e/run.sh`);
  return v;
}

export const env = {
  appUrl: need('E2E_APP_URL'),
  appOrigin: new URL(need('E2E_APP_URL')).origin,
  peerUrl: need('E2E_PEER_URL').replace(/\/$/, ''),
  peerCredentials: need('E2E_PEER_CREDENTIALS'),
  peerRsaPrivateKey: readFileSync(need('E2E_PEER_RSA_PRIVATE_KEY'), 'utf8'),
  sandboxRsaPrivateKey: readFileSync(need('E2E_SANDBOX_RSA_PRIVATE_KEY'), 'utf8'),
  screenshots: need('E2E_SCREENSHOTS'),
  artifacts: need('E2E_ARTIFACTS'),
};
for (const url of [env.appUrl, env.peerUrl]) {
  // Loopback only: the harness never sends traffic anywhere else.
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`not a loopback URL: ${url}`);
}

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  timeout: 60_000,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

let browserPromise = null;
/** The one browser of the run, launched on first use. */
export function browser() {
  browserPromise ??= chromium.launch(LAUNCH);
  return browserPromise;
}

export async function closeBrowser() {
  if (browserPromise) {
    const b = await browserPromise;
    browserPromise = null;
    // A wedged browser must not hold the run: give up on a graceful close after 10 s.
    let timer;
    await Promise.race([
      b.close(),
      new Promise((resolve) => { timer = setTimeout(resolve, 10_000); }),
    ]);
    clearTimeout(timer);
  }
}

/** Retries `fn` (which throws or returns falsy while the condition does not hold) until it
 * holds or `timeout` passes; returns its last value. Like Playwright's expect.poll. */
export async function eventually(fn, { timeout = STEP_TIMEOUT, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      lastError = new Error('not yet');
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      lastError.message = `timed out after ${timeout} ms waiting for ${message}: ${lastError.message}`;
      throw lastError;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * A scenario's browser context, with guards: every console error, uncaught page error and
 * CSP violation (securitypolicyviolation, reported through a binding so it survives
 * navigations) on any page of the context is recorded; `check()` fails the test on any
 * that the scenario did not `expect`.
 */
export async function newSession() {
  const b = await browser();
  const context = await b.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const problems = [];
  const expected = [FAVICON_404];
  const dialogs = [];
  await context.exposeBinding('__e2eReportViolation', ({ page }, v) => {
    problems.push({ kind: 'csp', url: page?.url(), text: `${v.directive} blocked ${v.blocked} (${v.source})` });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-undef
      window.__e2eReportViolation({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile || e.documentURI}:${e.lineNumber}`,
      });
    });
  });
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Network failures name the resource in the location, not in the text.
      const where = m.location()?.url;
      const text = /^Failed to load resource/.test(m.text()) && where ? `${m.text()} [${where}]` : m.text();
      problems.push({ kind: 'console', url: page.url(), text });
    });
    page.on('pageerror', (e) => problems.push({ kind: 'pageerror', url: page.url(), text: String(e) }));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.accept().catch(() => {});
    });
  };
  context.on('page', watch);
  const page = await context.newPage();

  const session = {
    context,
    page,
    problems,
    dialogs,
    /** Tolerates console errors matching `re` (e.g. the 401 a provider is expected to answer). */
    expect(re) {
      expected.push(re);
    },
    unexpected() {
      return problems.filter((p) => !(p.kind === 'console' && expected.some((re) => re.test(p.text))));
    },
    /** Tolerated everywhere but reported: the browser's own favicon request answered 404
     * (no page asked for it; see the report of issue 5). */
    tolerated() {
      return problems.filter((p) => p.kind === 'console' && FAVICON_404.test(p.text));
    },
    /** Fails on any console error, page error or CSP violation not expected. */
    check() {
      const bad = session.unexpected();
      if (bad.length) {
        throw new Error(
          `console errors or CSP violations during the scenario:\n` +
            bad.map((p) => `  [${p.kind}] ${p.text}  (on ${p.url})`).join('\n'),
        );
      }
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  return session;
}

/** Runs a scenario in a fresh context and checks the guards at the end. On failure, full-page
 * screenshots land in tests/e2e/out/, and the page's status line and alerts go to the log. */
export async function scenario(t, fn) {
  const s = await newSession();
  let failed = false;
  try {
    await fn(s);
    s.check();
    const favicons = new Set(s.tolerated().map((p) => p.text.replace(/.*\[(.*)\]$/, '$1')));
    if (favicons.size) t.diagnostic(`tolerated: favicon 404 from ${[...favicons].join(', ')}`);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    if (failed) {
      const name = t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      mkdirSync(env.artifacts, { recursive: true });
      for (const [i, p] of s.context.pages().entries()) {
        await p
          .screenshot({ path: path.join(env.artifacts, `${name}-${i}.png`), fullPage: true, timeout: 5000 })
          .catch(() => {});
      }
      const said = await s.page
        .evaluate(() => [...document.querySelectorAll('[role=status], [role=alert]')]
          .map((el) => `${el.getAttribute('role')}: ${el.innerText.trim()}`).filter((l) => !/: $/.test(l)))
        .catch(() => []);
      console.error(`page ${s.page.url()} says:\n${said.map((l) => `  ${l}`).join('\n') || '  (nothing)'}`);
      if (s.problems.length) {
        console.error(`guards recorded:\n${s.problems.map((p) => `  [${p.kind}] ${p.text}`).join('\n')}`);
      }
    }
    await s.close();
  }
}

/** A README screenshot: 1280 px wide, written to $E2E_SCREENSHOTS/NAME.png (tests/e2e/out/screenshots,
 * or docs/screenshots with `run.sh --refresh-screenshots`). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(env.screenshots, { recursive: true });
  const file = path.join(env.screenshots, `${name}.png`);
  // No blinking caret, no animation caught mid-way.
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  return file;
}

/** The oauthlib provider's credentials file, as issued so far. */
export function peerCredentials() {
  return JSON.parse(readFileSync(env.peerCredentials, 'utf8'));
}

/** Parses an application/x-www-form-urlencoded body into [name, value] pairs. */
export function formPairs(body) {
  return [...new URLSearchParams(body)];
}
