// The relationship index /wushe/ as residents read it, in a real headless Chromium, on the
// bundled archive and on the 1,000-case synthetic archive (80 areas, from
// bench/gen_corpus.py): at 390×844 every count of an area's row is on screen without
// sideways scrolling; at 1280×800 and in print the whole matrix shows; the diagram's labels
// stay on a phone's screen; hovering or focusing a node restyles its own lines and no other,
// without JavaScript; and axe-core finds nothing on the big page either.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build, launch, makeArchive, serve } from './harness.mjs';
import { buildBundled } from './theme-sites.mjs';

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** A4 less the theme's @page margins (16 mm left and right), in CSS px: print's layout width. */
const A4_CONTENT = Math.floor(((210 - 2 * 16) / 25.4) * 96);

let browser;
const sites = {};

/** The 1,000-case archive, generated and built with the repo's theme. */
function buildCorpus() {
  const site = makeArchive(1000);
  build(site.root);
  return site;
}

before(async () => {
  const bundled = buildBundled();
  sites.bundled = { site: bundled, srv: await serve(bundled.public, '/') };
  const corpus = buildCorpus();
  sites.corpus = { site: corpus, srv: await serve(corpus.public, '/') };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const { site, srv } of Object.values(sites)) {
    await srv.close();
    site.cleanup();
  }
});

async function open(name, viewport, opts = {}) {
  const ctx = await browser.newContext({ viewport, ...opts });
  const page = await ctx.newPage();
  const res = await page.goto(sites[name].srv.url('wushe/'));
  assert.equal(res.status(), 200);
  return page;
}

/** The boxes of a row's cells (header, counts, total), the names of their labels, and the
 * page's and viewport's widths. */
function rowBoxes(page, selector) {
  return page.$eval(selector, (tr) => {
    const cells = [...tr.children].map((c) => {
      const r = c.getBoundingClientRect();
      const label = c.querySelector('.cl');
      const cs = label && getComputedStyle(label);
      return {
        text: c.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
        label: label && cs.display !== 'none' && cs.visibility !== 'hidden' ? label.textContent : null,
      };
    });
    return { cells, vw: innerWidth, vh: innerHeight, scrollWidth: document.scrollingElement.scrollWidth };
  });
}

function headerNames(page) {
  return page.$$eval('.matrix thead th', (ths) => ths.map((th) => th.querySelector('a')?.textContent ?? th.textContent));
}

for (const name of ['bundled', 'corpus']) {
  describe(`/wushe/ on the ${name} archive`, () => {
    test('390×844: each area is a card whose every count is on screen, labelled with its column', async () => {
      const page = await open(name, PHONE);
      const names = await headerNames(page);
      assert.equal(names.length, 12, String(names));
      const rows = await page.$$eval('.matrix tbody tr', (trs) => trs.length);
      if (name === 'corpus') assert.equal(rows, 80);
      // No row of zeros: every listed area has a case.
      const totals = await page.$$eval('.matrix tbody tr > :last-child', (tds) => tds.map((td) => td.lastChild.textContent));
      assert.ok(totals.every((t) => Number(t) > 0), String(totals));
      for (const i of [1, Math.ceil(rows / 2), rows]) {
        const sel = `.matrix tbody tr:nth-child(${i})`;
        await page.$eval(sel, (tr) => tr.scrollIntoView({ block: 'center' }));
        const { cells, vw, vh, scrollWidth } = await rowBoxes(page, sel);
        assert.ok(scrollWidth <= vw, `the page scrolls sideways: ${scrollWidth} > ${vw}`);
        assert.equal(cells.length, 12);
        for (const [j, c] of cells.entries()) {
          assert.ok(c.left >= 0 && c.right <= vw && c.top >= 0 && c.bottom <= vh,
            `row ${i} cell ${j} (${c.text}) is off screen: ${JSON.stringify(c)}`);
          // Each count says which column it is.
          if (j > 0) assert.equal(c.label, j === 11 ? '合计' : names[j], `row ${i} cell ${j}`);
        }
        // Nothing covers the counts: the point at each count's centre is the count.
        const hits = await page.$eval(sel, (tr) => [...tr.querySelectorAll('td')].every((td) => {
          const r = td.getBoundingClientRect();
          return td.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2));
        }));
        assert.ok(hits, `row ${i}: a count is covered`);
      }
      await page.context().close();
    });

    test('1280×800: all columns of the matrix, 智治 and 合计 included, within the viewport', async () => {
      const page = await open(name, DESKTOP);
      const m = await page.evaluate(() => {
        const wrap = document.querySelector('.matrix-wrap');
        const right = Math.max(...[...document.querySelectorAll('.matrix th, .matrix td')]
          .map((c) => c.getBoundingClientRect().right));
        return { inner: wrap.scrollWidth - wrap.clientWidth, right, vw: innerWidth,
          wrapRight: wrap.getBoundingClientRect().right,
          last: [...document.querySelectorAll('.matrix thead th')].slice(-2).map((th) => th.textContent.trim()) };
      });
      assert.equal(m.inner, 0, 'the matrix does not scroll inside its region');
      assert.ok(m.right <= m.wrapRight + 0.5 && m.right <= m.vw, JSON.stringify(m));
      assert.match(m.last[0], /^智治/);
      assert.equal(m.last[1], '合计');
      await page.context().close();
    });

    test('print: all columns show on an A4 page, as a table', async () => {
      const page = await open(name, DESKTOP);
      await page.emulateMedia({ media: 'print' });
      for (const width of [DESKTOP.width, A4_CONTENT]) {
        await page.setViewportSize({ width, height: 1100 });
        const m = await page.evaluate(() => {
          const wrap = document.querySelector('.matrix-wrap');
          const cells = [...document.querySelectorAll('.matrix th, .matrix td')];
          return {
            display: getComputedStyle(document.querySelector('.matrix')).display,
            inner: wrap.scrollWidth - wrap.clientWidth,
            right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
            hidden: cells.filter((c) => !c.getClientRects().length).length,
            vw: document.documentElement.clientWidth,
          };
        });
        assert.deepEqual({ display: m.display, inner: m.inner, hidden: m.hidden }, { display: 'table', inner: 0, hidden: 0 }, `${width} px`);
        assert.ok(m.right <= m.vw, `${width} px: the matrix ends at ${m.right}`);
      }
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 1000);
      await page.context().close();
    });

    test('390×844: every diagram label is inside the viewport, with a legend', async () => {
      const page = await open(name, PHONE);
      const d = await page.evaluate(() => {
        const texts = [...document.querySelectorAll('.wushe-diagram text')].map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent, left: r.left, right: r.right };
        });
        return { texts, vw: innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
          legend: document.querySelector('.dg-legend')?.textContent ?? '',
          nodes: document.querySelectorAll('.wushe-diagram a').length,
          scripts: document.scripts.length };
      });
      assert.ok(d.scrollWidth <= d.vw);
      assert.ok(d.texts.length >= 12, `${d.texts.length} labels`);
      const out = d.texts.filter((t) => t.left < 0 || t.right > d.vw);
      assert.deepEqual(out, [], 'labels off screen');
      // What a line means, and what its width means (every line the same when no pair has
      // more than one case, as in the bundled archive).
      assert.match(d.legend, /红线：这种社会力量（五社）参与了这个居民区的案例/);
      assert.match(d.legend, /线越粗，案例越多：最细的线是 1 个案例，最粗的是 \d+ 个|每条线都是 1 个案例/);
      if (name === 'corpus') {
        // 80 areas: the 12 with most cases, and one node for the rest.
        assert.match(d.legend, /只画出案例最多的 12 个居民区，其余 68 个/);
        assert.equal(d.nodes, 10 + 12 + 1);
      }
      assert.equal(d.scripts, 0, 'the page needs no JavaScript');
      await page.context().close();
    });

    test('hover or keyboard focus on a node restyles its own lines and no other', async () => {
      const page = await open(name, DESKTOP);
      /** Lines drawn at full strength, by their index among all lines. */
      const strong = () => page.$$eval('.wushe-diagram .dg-e', (ps) => ps.flatMap((p, i) => {
        const cs = getComputedStyle(p);
        return cs.visibility === 'visible' && Number(cs.strokeOpacity) >= 0.9 ? [i] : [];
      }));
      const own = (group) => page.$$eval('.wushe-diagram .dg-e', (ps, g) => ps.flatMap((p, i) =>
        (p.closest('.dg-n') === document.querySelectorAll('.wushe-diagram .dg-n')[g] ? [i] : [])), group);
      const faded = () => page.$$eval('.wushe-diagram .dg-e', (ps) => ps.filter((p) => {
        const cs = getComputedStyle(p);
        return cs.visibility === 'visible' && Number(cs.strokeOpacity) < 0.2;
      }).length);
      assert.deepEqual(await strong(), [], 'at rest no line stands out');
      const groups = await page.$$eval('.wushe-diagram .dg-n', (gs) => gs.map((g) => g.classList[1]));
      const area = groups.indexOf('dg-area');
      const force = groups.indexOf('dg-force');
      const gov = groups.indexOf('dg-gov');
      for (const g of [area, force, gov]) {
        const mine = await own(g);
        assert.ok(mine.length > 0, `group ${g} has lines`);
        const link = `.wushe-diagram .dg-n:nth-of-type(${g + 1}) > a`;
        assert.equal(await page.$eval(link, (a) => a.tabIndex), 0, 'the node is a link in the tab order');
        await page.hover(link);
        assert.deepEqual(await strong(), mine, `hover on group ${g}: only its lines stand out`);
        assert.ok(await faded() > 0, 'the other lines fade');
        await page.mouse.move(0, 0);
        assert.deepEqual(await strong(), []);
        // The keyboard: Tab reaches the node (a link), and focus does what hover does.
        await page.focus(link);
        assert.deepEqual(await strong(), mine, `focus on group ${g}`);
        await page.$eval(link, (a) => a.blur());
      }
      // An area's lines are its non-zero cells in the matrix.
      const areaName = await page.$eval('.wushe-diagram .dg-area a', (a) => a.getAttribute('aria-label').split('：')[0]);
      const nonzero = await page.$$eval('.matrix tbody tr', (trs, n) => {
        const tr = trs.find((t) => t.querySelector('th').textContent === n);
        return [...tr.querySelectorAll('td')].slice(0, -1).filter((td) => td.querySelector('a')).length;
      }, areaName);
      assert.equal((await own(area)).length, nonzero, areaName);
      await page.context().close();
    });

    test('axe-core: no violations at 390 and 1280 px, a node focused', { timeout: 120000 }, async () => {
      for (const viewport of [PHONE, DESKTOP]) {
        const page = await open(name, viewport);
        await page.focus('.wushe-diagram .dg-n a');
        await page.addScriptTag({ content: AXE });
        const { violations } = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
          resultTypes: ['violations'],
        }));
        assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [],
          `${viewport.width} px`);
        await page.context().close();
      }
    });
  });
}
