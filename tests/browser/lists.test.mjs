// Every list complete, as a reader on a phone or a desktop finds it: in headless Chromium at
// 390×844 and 1280×800, on the bundled archive and on a generated 1,000-case archive, a crawl
// from a force page, an area page and a tag page through their numbered pagination (clicking
// 下一页) reaches every case of that force, area or tag — each once — and as many as the
// page states. What "every case" is comes from outside the lists: the search index's
// documents (area, tags) and each case page's own force links.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, launch, makeArchive, serve } from './harness.mjs';
import { buildBundled } from './theme-sites.mjs';

const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

let browser;
const sites = {};

/** The synthetic archive of `n` cases, built. */
function buildArchive(n) {
  const site = makeArchive(n);
  build(site.root);
  return site;
}

/** The search index's case documents: {u, a, g, …} (README, "Index format"). */
function documents(publicDir) {
  const dir = join(publicDir, 'search', 'd');
  return readdirSync(dir)
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((d) => d.k === 0);
}

/** The force pages a case page links in its own article. */
function forcesOf(publicDir, url) {
  const html = readFileSync(join(publicDir, url, 'index.html'), 'utf8');
  const article = html.slice(html.indexOf('<article class="case">'), html.indexOf('</article>'));
  return [...article.matchAll(/class="chip force" href="([^"]+)"/g)].map((m) => m[1]);
}

/** The link of the first item of the index page at `path` (most cases first). */
function firstLink(publicDir, path, listClass) {
  const html = readFileSync(join(publicDir, path, 'index.html'), 'utf8');
  const list = html.slice(html.indexOf(`<ul class="${listClass}">`));
  const m = list.match(/<a href="([^"]+)">([^<]+)<\/a> <span class="count">(\d+)<\/span>/);
  return { url: m[1], name: m[2], count: Number(m[3]) };
}

/** What to crawl on a site, each with the set of case URLs it must reach. */
function targets(publicDir) {
  const docs = documents(publicDir);
  const force = '/wushe/shequ/';
  // The area with the most cases, by the search documents.
  const perArea = new Map();
  for (const d of docs) perArea.set(d.a, (perArea.get(d.a) || 0) + 1);
  const area = [...perArea].sort((x, y) => y[1] - x[1])[0][0];
  const areasHtml = readFileSync(join(publicDir, 'areas', 'index.html'), 'utf8');
  const areaUrl = areasHtml.match(new RegExp(`<a href="([^"]+)">${area}</a>`))[1];
  const tag = firstLink(publicDir, 'tags', 'counted');
  return [
    { what: `force ${force}`, path: force, want: docs.filter((d) => forcesOf(publicDir, d.u).includes(force)).map((d) => d.u) },
    { what: `area ${area}`, path: areaUrl, want: docs.filter((d) => d.a === area).map((d) => d.u) },
    { what: `tag ${tag.name}`, path: tag.url, want: docs.filter((d) => d.g.includes(tag.name)).map((d) => d.u) },
  ];
}

before(async () => {
  const bundled = buildBundled();
  sites.bundled = { site: bundled, srv: await serve(bundled.public, '/') };
  const archive = buildArchive(1000);
  sites.archive = { site: archive, srv: await serve(archive.public, '/') };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const { site, srv } of Object.values(sites)) {
    await srv.close();
    site.cleanup();
  }
});

/** Crawls a list from its first page by clicking 下一页; returns the cases it listed and
 * what each page said of itself. */
async function crawl(page, srv, path) {
  await page.goto(srv.url(path.replace(/^\//, '')));
  const stated = await page.$eval('#cases-title', (h) => Number(h.textContent.match(/（(\d+)）/)[1]));
  const cases = [];
  const problems = [];
  for (let n = 1; ; n++) {
    const p = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const nav = document.querySelector('nav.pagination');
      const next = nav?.querySelector('a[rel="next"]');
      const r = nav?.getBoundingClientRect();
      return {
        url: location.pathname,
        cases: [...document.querySelectorAll('.case-list .case-item')]
          .map((li) => li.querySelector('h2 a, h3 a, h4 a').getAttribute('href')),
        current: nav?.querySelector('[aria-current="page"]')?.textContent,
        numbers: nav ? [...nav.querySelectorAll('ol a, ol [aria-current]')].map((a) => Number(a.textContent)) : [],
        next: next?.getAttribute('href') ?? null,
        headNext: document.querySelector('head link[rel="next"]')?.getAttribute('href') ?? null,
        headPrev: document.querySelector('head link[rel="prev"]')?.getAttribute('href') ?? null,
        navFits: !nav || (r.width > 0 && r.left >= 0 && r.right <= vw + 0.5),
        wide: document.documentElement.scrollWidth > vw,
      };
    });
    cases.push(...p.cases);
    if (p.headNext !== p.next) problems.push(`${p.url}: head next ${p.headNext}, pager next ${p.next}`);
    if (!p.navFits || p.wide) problems.push(`${p.url}: the pager or the page is wider than the screen`);
    if (n > 1 || p.next) {
      if (p.current !== String(n)) problems.push(`${p.url}: current page ${p.current}, not ${n}`);
      if (!p.numbers.includes(n + 1) && p.next) problems.push(`${p.url}: no link to page ${n + 1}`);
      if (n > 1 && !p.headPrev) problems.push(`${p.url}: no rel=prev`);
    }
    if (!p.next) break;
    await Promise.all([page.waitForURL((u) => u.pathname === p.next), page.click('nav.pagination a[rel="next"]')]);
  }
  return { stated, cases, problems };
}

describe('a crawl through the pagination reaches every case of a force, an area and a tag', () => {
  for (const name of ['bundled', 'archive']) {
    for (const [vp, viewport] of Object.entries(VIEWPORTS)) {
      test(`${name}, ${vp} ${viewport.width}×${viewport.height}`, { timeout: 300000 }, async (t) => {
        const { site, srv } = sites[name];
        const ctx = await browser.newContext({ viewport });
        const page = await ctx.newPage();
        const found = [];
        for (const { what, path, want } of targets(site.public)) {
          const { stated, cases, problems } = await crawl(page, srv, path);
          found.push(...problems.map((p) => `${what}: ${p}`));
          if (new Set(cases).size !== cases.length) found.push(`${what}: a case listed twice`);
          if (stated !== want.length) found.push(`${what}: the page states ${stated} cases, there are ${want.length}`);
          const missing = want.filter((u) => !cases.includes(u));
          const extra = cases.filter((u) => !want.includes(u));
          if (missing.length || extra.length) {
            found.push(`${what}: ${missing.length} cases not reached (${missing.slice(0, 3)}), ${extra.length} not its own (${extra.slice(0, 3)})`);
          }
          if (name === 'archive' && what.startsWith('force')) {
            assert.ok(want.length > 300, `${what}: ${want.length} cases`);
          }
        }
        await ctx.close();
        assert.deepEqual(found, [], found.join('\n'));
      });
    }
  }
});
