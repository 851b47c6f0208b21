// What a phone downloads for a page, measured in headless Chromium (Debian's
// /usr/bin/chromium, through playwright-core from tests/browser): every image response's
// body size, for a 390 × 844 CSS-pixel viewport at each device pixel ratio given, after
// the page has loaded and settled (lazy images near the viewport load; nothing scrolls).
//
// Usage: node bench/photos_phone.mjs URL [DPR ...]   (bench/photos.py --chromium runs it)
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [url, ...dprs] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const out = {};
for (const dpr of (dprs.length ? dprs : ['3']).map(Number)) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: dpr, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  const images = [];
  page.on('response', async (r) => {
    if (r.request().resourceType() !== 'image') return;
    try {
      images.push([new URL(r.url()).pathname, (await r.body()).length]);
    } catch { /* a body no longer there */ }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  out[dpr] = images.sort();
  await context.close();
}
await browser.close();
console.log(JSON.stringify(out));
