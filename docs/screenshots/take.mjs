// Takes the README's screenshots of the bundled archive: `node docs/screenshots/take.mjs`
// (after `cargo build --release`; uses tests/browser's harness, Debian's Chromium and the
// fonts-noto-cjk package that scripts/test installs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, launch, makeSite, serve } from '../../tests/browser/harness.mjs';

const OUT = dirname(fileURLToPath(import.meta.url));
const CASE = '2023-tianshan/fangda/';
const SHOTS = [
  // name, path, viewport, device scale factor, colour scheme, format
  ['home-desktop', '', { width: 1280, height: 800 }, 1, 'light', 'png'],
  ['case-desktop', CASE, { width: 1280, height: 800 }, 1, 'light', 'png'],
  ['home-phone', '', { width: 360, height: 780 }, 2, 'light', 'png'],
  ['case-phone', CASE, { width: 360, height: 780 }, 2, 'light', 'png'],
  ['case-phone-dark', CASE, { width: 360, height: 780 }, 2, 'dark', 'png'],
];

const site = makeSite('bundled');
build(site.root);
const srv = await serve(site.public, '/');
const browser = await launch();
try {
  for (const [name, path, viewport, deviceScaleFactor, colorScheme, type] of SHOTS) {
    const ctx = await browser.newContext({ viewport, deviceScaleFactor, colorScheme });
    const page = await ctx.newPage();
    await page.goto(srv.url(path));
    const file = join(OUT, `${name}.${type === 'jpeg' ? 'jpg' : 'png'}`);
    await page.screenshot({ path: file, type, ...(type === 'jpeg' ? { quality: 80 } : {}) });
    console.log(file);
    await ctx.close();
  }
} finally {
  await browser.close();
  await srv.close();
  site.cleanup();
}
