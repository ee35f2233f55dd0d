// First render in headless Chromium on loopback: navigation start → the app's
// `app-rendered` Performance mark (set by the first effect after the first render, with
// the configuration form on screen). Prints the median of RUNS cold loads as JSON.
import { createRequire } from 'node:module';

// playwright-core is the end-to-end harness's (tests/e2e, installed by scripts/setup.sh).
const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const url = process.argv[2];
const runs = Number(process.env.RUNS ?? 11);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
// Resolves once the `app-rendered` mark is set: the mark's time and first-contentful-paint's;
// rejects after 10 s (CDP's own `timeout` bounds only synchronous execution, not the wait).
const RENDERED = `new Promise((resolve, reject) => {
  const times = () => ({
    rendered: performance.getEntriesByName('app-rendered')[0].startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  });
  if (performance.getEntriesByName('app-rendered').length) return resolve(times());
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('app-rendered').length) { observer.disconnect(); resolve(times()); }
  }).observe({ type: 'mark' });
  setTimeout(() => reject(new Error('timed out')), 10000);
})`;
const rendered = [];
const fcp = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext(); // cold cache each time
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(url);
  // Waits for the mark with one small script: playwright's own waitForFunction first
  // compiles its injected script (some 30 ms of the page's main thread, measured in a
  // trace), which would delay the app's first effect and count against the page.
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: RENDERED, awaitPromise: true, returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`no app-rendered mark: ${JSON.stringify(exceptionDetails)}`);
  const t = result.value;
  rendered.push(t.rendered);
  if (t.fcp !== null) fcp.push(t.fcp);
  await context.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
console.log(JSON.stringify({ runs, rendered_ms: rendered.map(Math.round), median_rendered_ms: Math.round(median(rendered)),
  min_rendered_ms: Math.round(Math.min(...rendered)),
  median_fcp_ms: fcp.length ? Math.round(median(fcp)) : null }));
