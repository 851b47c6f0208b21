// The default theme in a real headless Chromium, both sites served over HTTP by harness.mjs:
// axe-core finds no accessibility violations (light and dark, desktop and a 360 px phone),
// no page scrolls sideways at 360 px, no request leaves the local server, the skip link and
// focus work, Chinese text gets its line-breaking rules, and a case prints as a clean article.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, serve } from './harness.mjs';
import { LONG_URL, STRESS_CASE, buildBundled, buildFixture } from './theme-sites.mjs';

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser;
const sites = {};
/** Every request any page made, as [page, url]. */
const requests = [];
const pageErrors = [];

/** Page types of each site: the home, issue, case, area, relationship and search pages and
 * the rest, by URL path relative to the site's root. */
const PAGES = {
  bundled: [
    '', '2023-tianshan/', '2023-tianshan/fangda/', '2023-tianshan/xinfeng/', 'areas/',
    'areas/fangda/', 'areas/ziyun/', 'wushe/', 'wushe/sort/total/', 'wushe/shequ/',
    'wushe/shequ/fangda/', 'wuzhi/zizhi/', 'partners/', 'partners/wuye/',
    'issues/', 'tags/', 'tags/jiazhuangdianti/',
    'search/?q=加装电梯', 'search/?q=物业&area=纺大', 'no-such-page/',
  ],
  fixture: [
    '', 'page/2/', '2024-spring/', '2024-spring/page/2/', '2024-spring/dianti/', STRESS_CASE,
    '2023-autumn/qunzu/', 'areas/fangda/', 'areas/fangda/page/2/', 'wushe/', 'wushe/shequ/',
    'wushe/shequ/page/2/', 'wushe/shequ/fangda/page/2/', 'wuzhi/zizhi/page/2/',
    'partners/yeweihui/', 'issues/', 'tags/', 'tags/caishichang/', 'search/?q=电梯', 'no-such-page/',
  ],
};

before(async () => {
  const bundled = buildBundled();
  sites.bundled = { site: bundled, srv: await serve(bundled.public, '/') };
  const fixture = buildFixture('https://example.org/archive/');
  sites.fixture = { site: fixture, srv: await serve(fixture.public, '/archive/') };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const { site, srv } of Object.values(sites)) {
    await srv.close();
    site.cleanup();
  }
});

async function newPage(opts = {}) {
  const ctx = await browser.newContext(opts);
  const page = await ctx.newPage();
  page.on('request', (r) => requests.push([page.url(), r.url()]));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

/** Opens a page of a site and waits until it is ready (a search has settled). */
async function open(page, name, path) {
  const res = await page.goto(sites[name].srv.url(path));
  assert.equal(res.status(), path.startsWith('no-such-page') ? 404 : 200, path);
  if (path.startsWith('search/')) {
    await page.waitForFunction(
      () => document.getElementById('search-results')?.hasAttribute('data-done'), null,
      { timeout: 20000 });
  }
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE });
  }
  return page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
}

function describeViolations(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n`
    + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`).join('\n'))
    .join('\n');
}

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 780 },
};

describe('axe-core: no accessibility violations', () => {
  for (const scheme of ['light', 'dark']) {
    for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
      test(`${scheme}, ${vpName}`, { timeout: 240000 }, async () => {
        const page = await newPage({ viewport, colorScheme: scheme });
        const found = [];
        for (const [name, paths] of Object.entries(PAGES)) {
          for (const path of paths) {
            await open(page, name, path);
            assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
              scheme === 'dark');
            const { violations } = await axe(page);
            if (violations.length) found.push(`${name} /${path}:\n${describeViolations(violations)}`);
          }
        }
        await page.context().close();
        assert.deepEqual(found, [], found.join('\n'));
      });
    }
  }
});

test('axe catches a violation on a broken page (the gate works)', async () => {
  const page = await newPage();
  await open(page, 'bundled', '2023-tianshan/fangda/');
  await page.evaluate(() => {
    document.querySelector('.prose p').style.color = '#ddd';
    document.documentElement.removeAttribute('lang');
  });
  const ids = (await axe(page)).violations.map((v) => v.id).sort();
  await page.context().close();
  assert.deepEqual(ids, ['color-contrast', 'html-has-lang']);
});

describe('360 px: nothing scrolls sideways but the matrix and the diagram, inside their regions', () => {
  test('every page type, both sites, light', { timeout: 180000 }, async () => {
    const page = await newPage({ viewport: VIEWPORTS.phone });
    const wide = [];
    const pages = Object.entries(PAGES).flatMap(([name, paths]) => paths.map((p) => [name, p]));
    // And every case of the bundled archive.
    await open(page, 'bundled', '2023-tianshan/');
    const cases = await page.$$eval('.case-list h3 a', (as) => as.map((a) => a.getAttribute('href').slice(1)));
    assert.ok(cases.length >= 10, String(cases));
    pages.push(...cases.map((c) => ['bundled', c]));
    for (const [name, path] of pages) {
      await open(page, name, path);
      const w = await page.evaluate(() => {
        const out = [];
        const vw = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > vw) out.push(`page is ${document.documentElement.scrollWidth} px wide`);
        // Any element reaching past the viewport, outside a scrolling region.
        for (const el of document.body.querySelectorAll('*')) {
          if (el.closest('.matrix-wrap, .diagram-wrap, .gallery, .visually-hidden, .skip')) continue;
          const r = el.getBoundingClientRect();
          if (r.width && r.right > vw + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)} px`);
        }
        return out.slice(0, 5);
      });
      if (w.length) wide.push(`${name} /${path}: ${w.join('; ')}`);
    }
    assert.deepEqual(wide, [], wide.join('\n'));

    // On a phone the matrix is a card per area, inside the screen (tests/browser/wushe.test.mjs
    // looks closer); its region stays labelled.
    await open(page, 'bundled', 'wushe/');
    const region = await page.$eval('.matrix-wrap', (el) => ({
      scrolls: el.scrollWidth > el.clientWidth,
      role: el.getAttribute('role'),
      label: document.getElementById(el.getAttribute('aria-labelledby'))?.textContent,
    }));
    assert.deepEqual(region, { scrolls: false, role: 'region', label: '居民区 × 五社、五治：每个数字是案例数' });
    await page.context().close();
  });

  test('long URLs and Latin words wrap; the wide photo, table and code fit', async () => {
    const page = await newPage({ viewport: VIEWPORTS.phone });
    await open(page, 'fixture', STRESS_CASE);
    const m = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const right = (s) => Math.max(...[...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect().right));
      const h1 = document.querySelector('h1');
      return {
        vw, h1Lines: Math.round(h1.getBoundingClientRect().height / parseFloat(getComputedStyle(h1).lineHeight)),
        h1: right('h1'), img: right('.prose img, .figure img'), table: right('.prose table'),
        pre: right('.prose pre'), code: right('.prose code'), link: right('.prose a'),
        // The photo is published resized (src/photos): the phone gets a WebP from its srcset.
        imgLoaded: document.querySelector('.figure img').naturalWidth > 0,
        imgSrc: document.querySelector('.figure img').currentSrc,
      };
    });
    assert.ok(m.imgLoaded, 'the photo loaded');
    assert.match(m.imgSrc, /wide-\d+\.webp$/, 'a resized WebP');
    for (const k of ['h1', 'img', 'table', 'pre', 'code', 'link']) assert.ok(m[k] <= m.vw, `${k} ends at ${m[k]} > ${m.vw}`);
    assert.ok(m.h1Lines >= 4, 'the long title wraps onto several lines');
    await page.context().close();
  });
});

test('no request leaves the local server', { timeout: 120000 }, async () => {
  const before = requests.length;
  for (const scheme of ['light', 'dark']) {
    const page = await newPage({ colorScheme: scheme });
    for (const [name, paths] of Object.entries(PAGES)) {
      for (const path of paths) await open(page, name, path);
    }
    // Search fetches its index as the reader types.
    await open(page, 'bundled', 'search/');
    await page.fill('#q', '电梯');
    await page.waitForFunction((want) => document.getElementById('search-results').getAttribute('data-done') === want,
      new URLSearchParams({ q: '电梯' }).toString(), { timeout: 20000 });
    await page.context().close();
  }
  const seen = requests.slice(before);
  assert.ok(seen.length > 60, `${seen.length} requests`);
  assert.ok(seen.some(([, u]) => /\/search\/s\/\d+\.json/.test(u)), 'the search index was fetched');
  assert.ok(seen.some(([, u]) => /\/style\.[0-9a-f]+\.css$/.test(u)), 'the hashed stylesheet was fetched');
  const origins = new Set(Object.values(sites).map(({ srv }) => srv.origin));
  const external = seen.filter(([, u]) => !u.startsWith('data:') && !origins.has(new URL(u).origin));
  assert.deepEqual(external, []);
  // Fonts are the system's: no font file is fetched.
  assert.deepEqual(seen.filter(([, u]) => /\.(woff2?|ttf|otf)(\?|$)/.test(u)), []);
});

test('light and dark follow the system; focus is visible; the skip link jumps to the content', async () => {
  const bg = {};
  for (const scheme of ['light', 'dark']) {
    const page = await newPage({ colorScheme: scheme });
    await open(page, 'bundled', '2023-tianshan/fangda/');
    bg[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      const s = getComputedStyle(a);
      return { text: a.textContent, href: a.getAttribute('href'), visible: r.left >= 0 && r.top >= 0 && r.width > 0, outline: s.outlineStyle, outlineWidth: s.outlineWidth };
    });
    assert.deepEqual(skip, { text: '跳到正文', href: '#main', visible: true, outline: 'solid', outlineWidth: '3px' });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    // The next Tab lands inside the content, past the header.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('main')), true);
    await page.context().close();
  }
  const lum = (c) => c.match(/\d+/g).slice(0, 3).reduce((s, x) => s + Number(x), 0) / 765;
  assert.ok(lum(bg.light) > 0.9, bg.light);
  assert.ok(lum(bg.dark) < 0.15, bg.dark);
});

test('Chinese typography: system fonts, strict line breaking, a readable measure', async () => {
  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    const page = await newPage({ viewport });
    await open(page, 'bundled', '2023-tianshan/fangda/');
    const t = await page.evaluate(() => {
      const p = document.querySelector('.prose p');
      const s = getComputedStyle(p);
      const fs = parseFloat(s.fontSize);
      return {
        lang: document.documentElement.lang,
        lineBreak: s.lineBreak, wordBreak: s.wordBreak, overflowWrap: s.overflowWrap,
        indentEm: parseFloat(s.textIndent) / fs,
        lineHeight: parseFloat(s.lineHeight) / fs,
        fontSize: fs,
        charsPerLine: p.clientWidth / fs,
        family: getComputedStyle(document.body).fontFamily,
        fonts: [...document.fonts].length,
      };
    });
    assert.equal(t.lang, 'zh-CN');
    assert.equal(t.lineBreak, 'strict');
    assert.equal(t.wordBreak, 'normal');
    assert.equal(t.overflowWrap, 'anywhere');
    assert.equal(t.indentEm, 2);
    assert.ok(t.lineHeight >= 1.7 && t.lineHeight <= 1.9, String(t.lineHeight));
    assert.ok(t.fontSize >= 16, `${t.fontSize} px`);
    assert.match(t.family, /"PingFang SC".*"Microsoft YaHei".*"Noto Sans CJK SC".*sans-serif$/);
    assert.equal(t.fonts, 0, 'no web font is declared');
    if (vpName === 'desktop') assert.ok(t.charsPerLine <= 40.5 && t.charsPerLine >= 30, `${t.charsPerLine} characters a line`);
    else assert.ok(t.charsPerLine >= 18, `${t.charsPerLine} characters a line at 360 px`);
    await page.context().close();
  }
});

test('no line of a case starts with closing punctuation (360 px and 390 px)', { timeout: 120000 }, async () => {
  const starts = [];
  for (const width of [360, 390]) {
    const page = await newPage({ viewport: { width, height: 800 } });
    await open(page, 'bundled', '2023-tianshan/');
    const cases = await page.$$eval('.case-list h3 a', (as) => as.map((a) => a.getAttribute('href').slice(1)));
    let lines = 0;
    for (const path of cases) {
      await open(page, 'bundled', path);
      const r = await page.evaluate(() => {
        // Closing and non-starter punctuation. (The interpunct · of 温馨·邻里 is U+00B7, which
        // Unicode line breaking treats as a letter: browsers may start a line with it.)
        const CLOSING = '，。、；：？！）》」』】〕〉”’…';
        const bad = [];
        let count = 0;
        for (const block of document.querySelectorAll('.prose p, .prose li, .case .summary, h1')) {
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          let lastTop = null;
          const range = document.createRange();
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.data;
            for (let i = 0; i < text.length; i++) {
              if (/\s/.test(text[i])) continue;
              range.setStart(node, i); range.setEnd(node, i + 1);
              const rect = range.getClientRects()[0];
              if (!rect) continue;
              if (lastTop === null || rect.top > lastTop + rect.height / 2) {
                count++;
                if (lastTop !== null && CLOSING.includes(text[i])) bad.push(text.slice(Math.max(0, i - 6), i + 4));
                lastTop = rect.top;
              }
            }
          }
        }
        return { bad, count };
      });
      lines += r.count;
      starts.push(...r.bad.map((b) => `${width}px /${path}: …${b}…`));
    }
    assert.ok(lines > 300, `${lines} lines looked at`);
    await page.context().close();
  }
  assert.deepEqual(starts, []);
});

test('print: a case is a clean article with its source URL, black on white even in dark mode', async () => {
  const page = await newPage({ colorScheme: 'dark' });
  await open(page, 'bundled', '2023-tianshan/fangda/');
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const p = await page.evaluate(() => {
    const shown = (s) => [...document.querySelectorAll(s)].filter((e) => e.getClientRects().length > 0).length;
    return {
      header: shown('.site-header'), footer: shown('.site-footer'), nav: shown('nav'), forms: shown('form'),
      crumbs: shown('.crumbs'), pager: shown('.pager'), others: shown('main > section'),
      article: shown('article.case'), h1: shown('article h1'), source: document.querySelector('.print-source').innerText,
      sourceShown: shown('.print-source'),
      color: getComputedStyle(document.querySelector('.prose p')).color,
      meta: getComputedStyle(document.querySelector('.case .meta')).color,
      bg: getComputedStyle(document.body).backgroundColor,
    };
  });
  assert.deepEqual(p, {
    header: 0, footer: 0, nav: 0, forms: 0, crumbs: 0, pager: 0, others: 0, article: 1, h1: 1,
    source: '原文链接：https://tianshanlu.example.org/2023-tianshan/fangda/', sourceShown: 1,
    color: 'rgb(0, 0, 0)', meta: 'rgb(68, 68, 68)', bg: 'rgb(255, 255, 255)',
  });
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 3, `${pages} pages`);
  await page.context().close();
});

test('print: external links show their address', async () => {
  const page = await newPage();
  await open(page, 'fixture', STRESS_CASE);
  await page.emulateMedia({ media: 'print' });
  const after = await page.$eval(`.prose a[href^="http"]`, (a) => getComputedStyle(a, '::after').content);
  assert.equal(after, `"（${LONG_URL}）"`);
  await page.context().close();
});

test('no page raised a script error', () => {
  assert.deepEqual(pageErrors, []);
});
