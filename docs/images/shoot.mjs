// Takes the editor's guide's screenshots (docs/编辑指南.md): `node docs/images/shoot.mjs`
// after `cargo build --release`. Uses tests/browser's harness (its node_modules: `npm ci` in
// tests/browser), Debian's /usr/bin/chromium and the fonts-noto-cjk package.
// The preview is a real `shequ serve --watch` on a temporary copy of the bundled site; the
// error overlay is what that preview shows after a save with a misspelled area.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BIN, launch, makeSite } from '../../tests/browser/harness.mjs';

const OUT = dirname(fileURLToPath(import.meta.url));
const CASE = '2023-tianshan/fangda/';
const CASE_FILE = 'content/2023-tianshan/fangda.md';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1000, height: 720 };

/** `shequ serve --watch` on `root`; resolves once it printed its address. */
function startPreview(root) {
  // In Chinese, as on the editor's computer: the overlay shows the server's messages.
  const child = spawn(BIN, ['--root', root, 'serve', '--watch', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHEQU_LANG: 'zh' },
  });
  child.stderr.on('data', () => {});
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('shequ serve printed no address in 60 s')), 60_000);
    child.on('exit', (code) => fail(new Error(`shequ serve exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1], stop: () => child.kill() });
      }
    });
  });
}

async function shoot(browser, viewport, url, name, before) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (before) await before(page);
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
  await ctx.close();
}

const site = makeSite('bundled');
const preview = await startPreview(site.root);
const browser = await launch();
try {
  await shoot(browser, PHONE, preview.url + CASE, 'preview-case');
  await shoot(browser, DESKTOP, preview.url + 'wushe/', 'preview-wushe');
  await shoot(browser, PHONE, preview.url + CASE, 'preview-error', async (page) => {
    // A save with a misspelled area: the preview keeps the last good page and shows why.
    const file = join(site.root, CASE_FILE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('area = "纺大"', 'area = "纺大居民区"'));
    await page.waitForSelector('#shequ-build-error', { timeout: 60_000 });
  });
} finally {
  await browser.close();
  preview.stop();
  site.cleanup();
}
