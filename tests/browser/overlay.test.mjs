// The preview's error overlay in a real headless Chromium: `shequ serve --watch` (release
// binary) on the basic fixture, a case broken while the page is open. Its words come from the
// server's message files, in the server's language (SHEQU_LANG), not from the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, REPO, launch, makeSite } from './harness.mjs';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

const CASE = 'content/2024-spring/caishichang.md';

/** `shequ serve --watch --port 0` in `lang`, once it printed its address. */
function startServer(root, lang) {
  const child = spawn(BIN, ['--root', root, 'serve', '--watch', '--port', '0'], {
    env: { ...process.env, SHEQU_LANG: lang, SHEQU_DEFER_SEARCH_MS: '1000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no address printed:\n${out}`)), 60000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s) => {
      out += s;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/)\s*$/m);
      if (m) { clearTimeout(timer); ok({ child, url: m[1], lines: () => out }); }
    });
    child.on('exit', (code) => fail(new Error(`shequ serve exited with ${code}:\n${out}`)));
  });
}

/** The overlay's texts once it shows. */
async function overlayAfterBreaking(lang) {
  const site = makeSite(join(REPO, 'tests', 'fixtures', 'basic'));
  const server = await startServer(site.root, lang);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url + '2024-spring/caishichang/');
    await page.waitForFunction(() => window.__shequLive === true);
    // The page holds its event stream before the case is broken.
    await page.waitForTimeout(500);
    const file = join(site.root, CASE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title = ', 'title = = '));
    const box = page.locator('#shequ-build-error [role=alertdialog]');
    await box.waitFor({ timeout: 60000 });
    return {
      label: await box.getAttribute('aria-label'),
      lang: await box.getAttribute('lang'),
      title: await box.locator('h1').textContent(),
      intro: await box.locator('p').textContent(),
      heading: await box.locator('section > div').first().textContent(),
      hint: await box.locator('section > div').last().textContent(),
      close: await box.locator('button').textContent(),
    };
  } finally {
    await browser.close();
    server.child.kill();
    site.cleanup();
  }
}

test('the overlay speaks Chinese under a Chinese server', { timeout: 120000 }, async () => {
  const o = await overlayAfterBreaking('zh');
  assert.equal(o.label, '生成失败');
  assert.equal(o.lang, 'zh-CN');
  assert.equal(o.title, '生成失败：共 1 个错误');
  assert.equal(o.intro, '页面仍是上次成功生成的版本。请按下面的提示修改文件并保存，修好后页面会自动刷新。');
  assert.equal(o.heading, `错误　${CASE} 第 2 行，第 9 列`);
  assert.match(o.hint, /^提示：/);
  assert.equal(o.close, '关闭');
});

test('the overlay speaks English under an English server', { timeout: 120000 }, async () => {
  const o = await overlayAfterBreaking('en');
  assert.equal(o.label, 'Build failed');
  assert.equal(o.lang, 'en');
  assert.equal(o.title, 'Build failed: 1 error');
  assert.match(o.intro, /^The page is still the last good build\./);
  assert.equal(o.heading, `Error — ${CASE}, line 2, column 9`);
  assert.match(o.hint, /^Hint: /);
  assert.equal(o.close, 'Close');
});
