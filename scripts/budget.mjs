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
const rendered = [];
const fcp = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext(); // cold cache each time
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('app-rendered').length > 0, null, { timeout: 10_000 });
  const t = await page.evaluate(() => ({
    rendered: performance.getEntriesByName('app-rendered')[0].startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  rendered.push(t.rendered);
  if (t.fcp !== null) fcp.push(t.fcp);
  await context.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
console.log(JSON.stringify({ runs, rendered_ms: rendered.map(Math.round), median_rendered_ms: Math.round(median(rendered)),
  min_rendered_ms: Math.round(Math.min(...rendered)),
  median_fcp_ms: fcp.length ? Math.round(median(fcp)) : null }));
