// The search page in a real headless Chromium: the bundled site served at `/`, a fixture
// (tests/browser/fixtures/search) served under the sub-path `/archive/`, and a synthetic
// archive of 1,000 cases (gen_corpus.py, as bench/build.py writes it) at `/`, twice more with
// first tiers of 32 postings (as 100,000 cases have them at 2,048). All are built by the
// release binary and served over HTTP by harness.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO, build, launch, makeArchive, makeSite, serve } from './harness.mjs';

const S = createRequire(import.meta.url)(join(REPO, 'themes/default/static/search.js'));
const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser;
const sites = {};
const pageErrors = [];

before(async () => {
  for (const [name, make, prefix, env] of [
    ['bundled', () => makeSite('bundled'), '/'],
    ['fixture', () => makeSite(join(REPO, 'tests/browser/fixtures/search')), '/archive/'],
    ['big', () => makeArchive(1000), '/'],
    ['tiered', () => makeArchive(1000), '/', { SHEQU_SEARCH_TIER: '32' }],
    ['approx', () => makeArchive(1000), '/', { SHEQU_SEARCH_TIER: '32', SHEQU_SEARCH_WIDEN: '0' }],
  ]) {
    const site = make();
    build(site.root, [], env);
    sites[name] = { site, srv: await serve(site.public, prefix) };
  }
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
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => { pageErrors.push('dialog: ' + d.message()); d.dismiss(); });
  return page;
}

/** The state string search.js writes to data-done once a search has settled. */
function state(q, filters = {}) {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  for (const k of ['area', 'force', 'mode', 'year']) if (filters[k]) p.set(k, filters[k]);
  return p.toString();
}

async function settled(page, q, filters) {
  const want = state(q, filters);
  await page.waitForFunction(
    (w) => document.getElementById('search-results')?.getAttribute('data-done') === w,
    want, { timeout: 15000 });
}

/** Results as shown: title, meta line, snippet, and the marked texts. */
function hits(page) {
  return page.$$eval('#search-results > li', (lis) => lis.map((li) => ({
    title: li.querySelector('.search-hit-title').textContent,
    href: li.querySelector('.search-hit-title').getAttribute('href'),
    meta: li.querySelector('.search-hit-meta').textContent,
    kind: li.querySelector('.search-hit-kind')?.textContent || '',
    snippet: li.querySelector('.search-hit-snippet')?.textContent || '',
    titleMarks: [...li.querySelectorAll('.search-hit-title mark')].map((m) => m.textContent),
    snippetMarks: [...li.querySelectorAll('.search-hit-snippet mark')].map((m) => m.textContent),
  })));
}

/** Types a query into the page's box like a reader (clears it first). */
async function typeQuery(page, q, filters) {
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type(q, { delay: 20 });
  await settled(page, q, filters);
}

async function openSearch(name, query = '', opts = {}) {
  const page = await newPage(opts);
  await page.goto(sites[name].srv.url('search/' + (query ? '?' + query : '')));
  return page;
}

const titles = async (page) => (await hits(page)).map((h) => h.title);

/** Unfolds the filters (they are folded away until asked for). */
async function openFilters(page) {
  if (!(await page.$eval('.search-filter-box', (d) => d.open))) await page.click('.search-filter-box > summary');
  await page.waitForSelector('#filter-area', { state: 'visible' });
}

describe('fixture under /archive/', () => {
  test('results as you type, ranked: title first, then relevance, newest as tie-break', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '加装电梯');
    assert.deepEqual(await titles(page), [
      '延西：加装电梯的故事', // title, 2024-03-01
      '遵义：加装电梯回顾', // title, 2023-10: same score, older
      '新风：楼组议事', // five times in the body
      '天义：小区改造', // once in the body
    ]);
    assert.equal(await page.textContent('#search-status'), '找到 4 个结果');
    const h = await hits(page);
    assert.deepEqual(h[0].titleMarks, ['加装电梯']);
    assert.ok(h[2].snippetMarks.length >= 3 && h[2].snippetMarks.every((m) => m === '加装电梯'));
    assert.equal(h[0].href, '/archive/2024-spring/title-hit/');
    assert.match(h[0].meta, /延西.*2024年春季刊.*2024年3月1日/);
    // 创联 holds 加装, 装电 and 电梯 but not 加装电梯: checked against its text, left out.
    assert.ok(!(await titles(page)).includes('创联：电表更换'));
  });

  test('simplified and traditional match both ways, highlighting the text as written', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '汗流浃背');
    let h = await hits(page);
    assert.deepEqual(h.map((x) => x.title), ['仙霞：情緒疏導與WeChat群']);
    assert.deepEqual(h[0].snippetMarks, ['汗流浹背']);
    await typeQuery(page, '情绪');
    h = await hits(page);
    assert.deepEqual(h[0].titleMarks, ['情緒']);
    await typeQuery(page, '議事');
    h = await hits(page);
    assert.ok(h.some((x) => x.title === '新风：楼组议事' && x.titleMarks[0] === '议事'));
  });

  test('mixed text: digits, full width, Latin words in any case', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '２号线');
    assert.deepEqual(await titles(page), ['仙霞：情緒疏導與WeChat群']);
    assert.deepEqual((await hits(page))[0].snippetMarks, ['２号线']);
    await typeQuery(page, '5万元');
    assert.deepEqual(await titles(page), ['仙霞：情緒疏導與WeChat群'], '15万元 is not 5万元');
    await typeQuery(page, 'WECH');
    assert.deepEqual((await hits(page))[0].titleMarks, ['WeCh']);
    await typeQuery(page, '12号线');
    assert.deepEqual(await titles(page), ['仙霞：情緒疏導與WeChat群']);
  });

  test('terms separated by spaces must all match', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '加装电梯 延西');
    assert.deepEqual(await titles(page), ['延西：加装电梯的故事']);
    await typeQuery(page, '加装电梯 通风口');
    assert.deepEqual(await titles(page), []);
    assert.equal(await page.textContent('#search-status'), '没有找到匹配的案例。');
  });

  test('filters by area, force, governance mode and year', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '加装电梯');
    await openFilters(page);
    const pick = async (sel, value, filters) => {
      await page.selectOption(sel, value);
      await settled(page, '加装电梯', filters);
      return titles(page);
    };
    assert.deepEqual(await pick('#filter-area', '延西', { area: '延西' }), ['延西：加装电梯的故事']);
    assert.equal((await pick('#filter-area', '', {})).length, 4);
    assert.deepEqual(await pick('#filter-force', '社会组织', { force: '社会组织' }), ['新风：楼组议事']);
    assert.equal((await pick('#filter-force', '', {})).length, 4);
    assert.deepEqual(await pick('#filter-mode', '德治', { mode: '德治' }), ['新风：楼组议事']);
    assert.deepEqual(await pick('#filter-area', '天义', { area: '天义', mode: '德治' }), []);
    await pick('#filter-area', '', { mode: '德治' });
    await pick('#filter-mode', '', {});
    const years = await page.$$eval('#filter-year option', (o) => o.map((x) => x.value));
    assert.deepEqual(years, ['', '2024', '2023']);
    assert.deepEqual(await pick('#filter-year', '2023', { year: '2023' }), ['遵义：加装电梯回顾']);
    assert.match(page.url(), /\?q=.*&year=2023$/);
    // Filters alone list their cases, newest first.
    await page.fill('#q', '');
    await page.keyboard.press('Enter');
    await settled(page, '', { year: '2023' });
    assert.deepEqual(await titles(page), ['遵义：加装电梯回顾']);
  });

  test('issue figures are results that lead to their area page', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '通风口');
    const h = await hits(page);
    assert.equal(h.length, 1);
    assert.equal(h[0].kind, '图片说明');
    assert.equal(h[0].href, '/archive/areas/ziyun/');
    assert.deepEqual(h[0].titleMarks, ['通风口']);
  });

  test('the query lives in the URL: shared links, back and forward', async () => {
    const page = await openSearch('fixture', 'q=' + encodeURIComponent('加装电梯') + '&area=' + encodeURIComponent('遵义'));
    await settled(page, '加装电梯', { area: '遵义' });
    assert.equal(await page.inputValue('#q'), '加装电梯');
    assert.equal(await page.inputValue('#filter-area'), '遵义');
    assert.deepEqual(await titles(page), ['遵义：加装电梯回顾']);
    await openFilters(page);
    await page.selectOption('#filter-area', '');
    await settled(page, '加装电梯', {});
    await typeQuery(page, '通风口');
    assert.equal(new URL(page.url()).search, '?q=' + encodeURIComponent('通风口'));
    await page.goBack();
    await settled(page, '加装电梯', {});
    assert.equal(await page.inputValue('#q'), '加装电梯');
    assert.equal((await titles(page)).length, 4);
    await page.goBack();
    await settled(page, '加装电梯', { area: '遵义' });
    assert.equal(await page.inputValue('#filter-area'), '遵义');
    await page.goForward();
    await settled(page, '加装电梯', {});
    // Following a result and coming back shows the same list.
    await page.click('#search-results > li:first-child a');
    await page.waitForURL(/title-hit/);
    await page.goBack();
    await settled(page, '加装电梯', {});
    assert.equal((await titles(page))[0], '延西：加装电梯的故事');
  });

  test('content is escaped: markup in titles and summaries shows as text', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '居民议事');
    const h = await hits(page);
    assert.deepEqual(h.map((x) => x.title), ['<img src=x onerror=alert(1)>居民议事<script>alert(2)</script>']);
    await typeQuery(page, '<script>');
    assert.equal((await hits(page))[0].titleMarks[0], '<script>');
    await typeQuery(page, 'HTML');
    assert.match((await hits(page))[0].snippet, /<b>HTML<\/b> 的案例 & 其他符号/);
    const injected = await page.$$eval('#search-results img, #search-results script, #search-results b', (e) => e.length);
    assert.equal(injected, 0);
    assert.deepEqual(pageErrors, []);
  });

  test('keyboard: arrows move between the box and the results, Enter opens one', async () => {
    const page = await openSearch('fixture');
    await typeQuery(page, '加装电梯');
    const active = () => page.evaluate(() => document.activeElement.id || document.activeElement.textContent);
    await page.keyboard.press('ArrowDown');
    assert.equal(await active(), '延西：加装电梯的故事');
    await page.keyboard.press('ArrowDown');
    assert.equal(await active(), '遵义：加装电梯回顾');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await active(), 'q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.equal(await active(), 'q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/archive\/2024-spring\/title-hit\/$/);
  });

  test('readable at 360 px wide', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(sites.fixture.srv.url('search/?q=' + encodeURIComponent('加装电梯')));
    await settled(page, '加装电梯');
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      input: document.getElementById('q').getBoundingClientRect().width,
      right: Math.max(...[...document.querySelectorAll('#search-results li, select, #q')]
        .map((e) => e.getBoundingClientRect().right)),
      font: parseFloat(getComputedStyle(document.querySelector('.search-hit-snippet')).fontSize),
    }));
    assert.ok(m.scroll <= 360, `page scrolls sideways: ${m.scroll}`);
    assert.ok(m.right <= 360, `content overflows: ${m.right}`);
    assert.ok(m.input >= 180, `search box too narrow: ${m.input}`);
    assert.ok(m.font >= 14, `text too small: ${m.font}`);
  });

  test('without JavaScript the page says so', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(sites.fixture.srv.url('search/?q=x'));
    assert.match(await page.textContent('main'), /搜索需要启用 JavaScript/);
  });

  test('the search box on every page leads here', async () => {
    const page = await newPage();
    for (const path of ['', '2024-spring/title-hit/', 'areas/']) {
      await page.goto(sites.fixture.srv.url(path));
      await page.fill('#site-search', '加装电梯');
      await page.press('#site-search', 'Enter');
      await page.waitForURL(/\/archive\/search\/\?q=/);
      await settled(page, '加装电梯');
      assert.equal((await titles(page)).length, 4, path);
    }
  });
});

describe('bundled site', () => {
  test('the words readers remember find their stories first', async () => {
    const page = await openSearch('bundled');
    for (const [q, first] of [
      ['群租', '联建：反复抓，抓反复，杜绝“群租”乱象'],
      ['加装电梯', '新风：“五社联动”让加梯提速'],
      ['以茶会友', '玉屏：以“茶”会友，创新社区治理'],
      ['2号线', '创联：五社联动让业委会长能耐'],
      ['5万元', '仙霞：“乐享家园”反应敏捷'],
      ['加裝電梯', '新风：“五社联动”让加梯提速'],
    ]) {
      await typeQuery(page, q);
      const h = await hits(page);
      assert.equal(h[0]?.title, first, q);
      assert.ok(h[0].titleMarks.length + h[0].snippetMarks.length > 0, `${q}: nothing highlighted`);
    }
    // An area name: its case (title and area) before cases that mention it.
    await typeQuery(page, '纺大');
    const h = await hits(page);
    assert.equal(h[0].title, '纺大：街区治理推动街居共治');
    assert.deepEqual(h[0].titleMarks, ['纺大']);
  });

  test('long lists load more on demand, focus moving to the first new result', async () => {
    const page = await openSearch('bundled');
    await typeQuery(page, '区');
    assert.equal((await hits(page)).length, 10);
    assert.equal(await page.isVisible('#search-more'), true);
    await page.click('#search-more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length > 10);
    const focused = await page.evaluate(() => document.activeElement.closest('li') ===
      document.querySelectorAll('#search-results > li')[10]);
    assert.equal(focused, true);
    assert.deepEqual(pageErrors, []);
  });

  test('documents come in chunks, each file fetched once per page load', async () => {
    const { site, srv } = sites.bundled;
    const meta = JSON.parse(readFileSync(join(site.public, 'search/meta.json'), 'utf8'));
    assert.ok(meta.chunk > 1, `chunk ${meta.chunk}`);
    const from = srv.log.length;
    const page = await openSearch('bundled');
    await typeQuery(page, '区');
    await page.click('#search-more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length > 10);
    const shown = (await hits(page)).length;
    await typeQuery(page, '社区');
    await typeQuery(page, '区');
    const got = srv.log.slice(from).map((l) => l.path).filter((p) => p.includes('/search/d/'));
    assert.deepEqual(got.filter((p, i) => got.indexOf(p) !== i), [], 'fetched twice');
    const files = Math.ceil(meta.docs / meta.chunk);
    for (const p of got) {
      const m = /\/search\/d\/(\d+)\.json\?v=/.exec(p);
      assert.ok(m && Number(m[1]) < files, p);
    }
    assert.ok(got.length >= Math.ceil(shown / meta.chunk) && got.length < shown, `${got.length} files for ${shown} results`);
    assert.deepEqual(pageErrors, []);
  });
});

/** The count the status line gives (0 for none); `approx` when it reads 约. */
async function statusCount(page) {
  const t = await page.textContent('#search-status');
  if (t === '没有找到匹配的案例。') return { n: 0, approx: false };
  const m = /^找到(约)? (\d+) 个结果$/.exec(t);
  assert.ok(m, `status: ${t}`);
  return { n: Number(m[2]), approx: !!m[1] };
}

/** A filter's options as shown: value, label, and the count beside it. */
function options(page, sel) {
  return page.$$eval(`${sel} option`, (os) => os.map((o) => {
    const m = /^(.*)（(约 )?(\d+)）$/.exec(o.textContent);
    return { value: o.value, text: o.textContent, label: m ? m[1] : o.textContent,
      n: m ? Number(m[3]) : null, approx: m ? !!m[2] : false };
  }));
}

/** Waits for the counts beside the filters to agree with the status line. */
async function countsShown(page) {
  await page.waitForFunction(() => /（(约 )?\d+）$/.test(document.querySelector('#filter-area option').textContent));
}

/** Applies each listed value of a filter and checks that the results number its count. */
async function checkCounts(page, q, kind, base, values) {
  for (const o of values) {
    assert.equal(o.approx, false, `${kind} ${o.text}`);
    await page.selectOption(`#filter-${kind}`, o.value);
    await settled(page, q, { ...base, [kind]: o.value });
    assert.deepEqual(await statusCount(page), { n: o.n, approx: false }, `${q} ${kind}=${o.value}`);
  }
  await page.selectOption(`#filter-${kind}`, '');
  await settled(page, q, base);
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const r = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PHONE = { viewport: { width: 390, height: 844 } };

describe('on a phone (390×844) and a desktop (1280×800)', () => {
  for (const [name, q] of [['bundled', '加装电梯'], ['bundled', '社区'], ['big', '加装电梯'], ['big', '居民']]) {
    test(`${name}, ${q}: the first result on the first screen, its meta on one line`, async () => {
      for (const viewport of [PHONE.viewport, { width: 1280, height: 800 }]) {
        const page = await openSearch(name, 'q=' + encodeURIComponent(q), { viewport });
        await settled(page, q);
        const m = await page.evaluate(() => {
          const first = document.querySelector('#search-results > li');
          const metas = [...document.querySelectorAll('.search-hit-meta')].map((p) => ({
            height: p.getBoundingClientRect().height,
            line: parseFloat(getComputedStyle(p).lineHeight),
            text: p.textContent,
            clipped: p.scrollWidth > p.clientWidth + 1,
            issueEllipsis: getComputedStyle(p.querySelector('.search-hit-issue')).textOverflow,
          }));
          const box = document.querySelector('.site-header .search-box');
          return {
            top: first.getBoundingClientRect().top,
            titleBottom: first.querySelector('h2').getBoundingClientRect().bottom,
            metas,
            headerBox: box ? getComputedStyle(box).display : 'none',
            filtersOpen: document.querySelector('.search-filter-box').open,
            scroll: document.documentElement.scrollWidth,
          };
        });
        assert.ok(m.top < viewport.height, `first result at ${m.top} px`);
        assert.ok(m.titleBottom < viewport.height, `first title ends at ${m.titleBottom} px`);
        assert.equal(m.headerBox, 'none', 'one search box on the search page');
        assert.equal(m.filtersOpen, false, 'filters folded');
        assert.ok(m.scroll <= viewport.width, `page scrolls sideways: ${m.scroll}`);
        assert.ok(m.metas.length > 0);
        for (const x of m.metas) {
          assert.ok(x.height <= x.line * 1.2, `meta on ${x.height / x.line} lines: ${x.text}`);
          assert.ok(!/^\s*·/.test(x.text), x.text);
          assert.equal(x.clipped, false, `meta cut without ellipsis: ${x.text}`);
          assert.equal(x.issueEllipsis, 'ellipsis');
        }
      }
    });
  }

  test('a long meta line ends in an ellipsis on the issue title, area and date whole', async () => {
    const page = await openSearch('bundled', 'q=' + encodeURIComponent('群租'), PHONE);
    await settled(page, '群租');
    const m = await page.evaluate(() => {
      const p = document.querySelector('.search-hit-meta');
      p.querySelector('.search-hit-issue').textContent = '非常长的期刊标题'.repeat(8);
      const issue = p.querySelector('.search-hit-issue');
      const date = p.querySelector('.search-hit-date');
      return {
        height: p.getBoundingClientRect().height, line: parseFloat(getComputedStyle(p).lineHeight),
        issueCut: issue.scrollWidth > issue.clientWidth,
        dateRight: date.getBoundingClientRect().right, pRight: p.getBoundingClientRect().right,
      };
    });
    assert.ok(m.height <= m.line * 1.2, `${m.height / m.line} lines`);
    assert.equal(m.issueCut, true);
    assert.ok(m.dateRight <= m.pRight + 0.5, 'the date stays in view');
  });

  test('filters are folded and open on click and from the keyboard', async () => {
    const page = await openSearch('bundled', 'q=' + encodeURIComponent('社区'), PHONE);
    await settled(page, '社区');
    assert.equal(await page.isVisible('#filter-area'), false);
    await page.click('.search-filter-box > summary');
    assert.equal(await page.isVisible('#filter-area'), true);
    const first = await page.evaluate(() => document.querySelector('#search-results > li').getBoundingClientRect().top);
    assert.ok(first < 844, `open filters still leave the first result at ${first} px`);
    await page.click('.search-filter-box > summary');
    assert.equal(await page.isVisible('#filter-area'), false);
    // Keyboard: Tab from the box and its button to the summary, Enter and Space toggle it.
    await page.focus('#q');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
    await page.keyboard.press('Enter');
    assert.equal(await page.isVisible('#filter-area'), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filter-area');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.isVisible('#filter-area'), false);
    // The summary names the active filters while folded.
    await openFilters(page);
    await page.selectOption('#filter-year', '2023');
    await settled(page, '社区', { year: '2023' });
    await page.click('.search-filter-box > summary');
    assert.equal(await page.textContent('.search-filter-box > summary'), '筛选：2023年');
    assert.deepEqual(pageErrors, []);
  });

  test('counts beside the filter values are the results each gives (bundled)', async () => {
    const page = await openSearch('bundled', 'q=' + encodeURIComponent('社区'), PHONE);
    await settled(page, '社区');
    await openFilters(page);
    await countsShown(page);
    const total = await statusCount(page);
    for (const kind of ['area', 'force', 'mode', 'year']) {
      const os = await options(page, `#filter-${kind}`);
      assert.deepEqual({ n: os[0].n, approx: os[0].approx }, total, `${kind}: the total beside 全部`);
      await checkCounts(page, '社区', kind, {}, os.slice(1));
    }
    // With a filter on, the other filters count within it.
    await page.selectOption('#filter-force', '社会组织');
    await settled(page, '社区', { force: '社会组织' });
    await checkCounts(page, '社区', 'area', { force: '社会组织' }, (await options(page, '#filter-area')).slice(1));
    // A longer query (checked against the text) updates the counts.
    await page.selectOption('#filter-force', '');
    await typeQuery(page, '加装电梯');
    await page.waitForFunction(() => /（[1-9]\d*）$/.test(document.querySelector('#filter-area option').textContent)
      && !document.querySelector('#filter-area option').textContent.includes('约'));
    const areas = await options(page, '#filter-area');
    assert.equal(areas[0].n, (await statusCount(page)).n);
    await checkCounts(page, '加装电梯', 'area', {}, areas.slice(1).filter((o) => o.n > 0));
    // No search, no counts.
    await page.fill('#q', '');
    await page.keyboard.press('Enter');
    await settled(page, '');
    assert.equal((await options(page, '#filter-area'))[0].text, '全部居民区');
    assert.deepEqual(pageErrors, []);
  });

  test('counts beside the filter values are the results each gives (1,000 cases)', async () => {
    const page = await openSearch('big', 'q=' + encodeURIComponent('电梯'), PHONE);
    await settled(page, '电梯');
    await openFilters(page);
    await countsShown(page);
    const total = await statusCount(page);
    assert.ok(total.n > 20, `电梯: ${total.n}`);
    for (const kind of ['force', 'mode', 'year']) {
      const os = await options(page, `#filter-${kind}`);
      assert.equal(os[0].n, total.n);
      await checkCounts(page, '电梯', kind, {}, os.slice(1));
    }
    const areas = (await options(page, '#filter-area')).slice(1);
    assert.equal(areas.reduce((a, o) => a + o.n, 0), total.n, 'each case has one area');
    await checkCounts(page, '电梯', 'area', {}, areas.filter((o) => o.n > 0).slice(0, 6));
    assert.deepEqual(pageErrors, []);
  });

  test('no result: the longest parts that find something, with counts, as links', async () => {
    const page = await openSearch('bundled', 'q=' + encodeURIComponent('垃圾分类'), PHONE);
    await settled(page, '垃圾分类');
    assert.equal(await page.textContent('#search-status'), '没有找到匹配的案例。');
    assert.equal(await page.isVisible('#search-suggest'), true);
    const sug = () => page.$$eval('#search-suggest li', (lis) => lis.map((li) => ({
      q: li.querySelector('a').textContent, count: li.querySelector('.count').textContent,
      href: li.querySelector('a').getAttribute('href'),
    })));
    const s = await sug();
    assert.deepEqual(s.map((x) => [x.q, x.count]), [['垃圾', '1 个结果'], ['分类', '2 个结果']]);
    assert.equal(s[0].href, '/search/?q=' + encodeURIComponent('垃圾'));
    // Each link finds what it says, in the page and as a link opened anew.
    await page.click('#search-suggest a >> nth=0');
    await settled(page, '垃圾');
    assert.equal(new URL(page.url()).search, '?q=' + encodeURIComponent('垃圾'));
    assert.equal(await page.inputValue('#q'), '垃圾');
    assert.deepEqual(await statusCount(page), { n: 1, approx: false });
    assert.equal((await titles(page))[0], '仙霞：“乐享家园”反应敏捷');
    assert.equal(await page.isVisible('#search-suggest'), false);
    await page.goBack();
    await settled(page, '垃圾分类');
    await page.goto(sites.bundled.srv.url(s[1].href.slice(1)));
    await settled(page, '分类');
    assert.equal((await hits(page)).length, 2);
    // A query none of whose parts finds anything: no suggestions.
    for (const q of ['火星探测', '垃', '火星 探测器']) {
      await typeQuery(page, q);
      assert.equal(await page.isVisible('#search-suggest'), false, q);
      assert.equal(await page.$$eval('#search-suggest li', (l) => l.length), 0, q);
    }
    assert.deepEqual(pageErrors, []);
  });

  test('no result for several terms: the terms that do match, within the filters', async () => {
    const page = await openSearch('fixture', 'q=' + encodeURIComponent('加装电梯 通风口'));
    await settled(page, '加装电梯 通风口');
    const s = await page.$$eval('#search-suggest li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(s, ['加装电梯 4 个结果', '通风口 1 个结果']);
    await page.goto(sites.fixture.srv.url('search/?q=' + encodeURIComponent('加装电梯回顾 通风口') + '&year=2023'));
    await settled(page, '加装电梯回顾 通风口', { year: '2023' });
    const links = await page.$$eval('#search-suggest a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [['加装电梯回顾', '/archive/search/?q=' + encodeURIComponent('加装电梯回顾') + '&year=2023']]);
  });

  test('no result on 1,000 cases: the suggestion counts what its link finds', async () => {
    const q = '垃圾分类火星探测';
    const page = await openSearch('big', 'q=' + encodeURIComponent(q), PHONE);
    await settled(page, q);
    const s = await page.$$eval('#search-suggest li', (lis) => lis.map((li) => ({
      q: li.querySelector('a').textContent, count: li.querySelector('.count').textContent })));
    assert.equal(s[0]?.q, '垃圾分类');
    const first = await page.evaluate(() => document.querySelector('#search-suggest a').getBoundingClientRect().bottom);
    assert.ok(first < 844, `suggestion at ${first} px`);
    await page.click('#search-suggest a >> nth=0');
    await settled(page, '垃圾分类');
    const c = await statusCount(page);
    assert.equal(s[0].count, `${c.approx ? '约 ' : ''}${c.n} 个结果`);
    assert.ok(c.n > 0);
  });

  test('axe-core: no violations with filters folded and open, and with suggestions', async () => {
    for (const [name, q] of [['bundled', '社区'], ['bundled', '垃圾分类'], ['big', '加装电梯']]) {
      for (const opts of [PHONE, { viewport: { width: 1280, height: 800 } }]) {
        const page = await openSearch(name, 'q=' + encodeURIComponent(q), opts);
        await settled(page, q);
        assert.deepEqual(await axe(page), [], `${name} ${q} folded`);
        await openFilters(page);
        await countsShown(page);
        assert.deepEqual(await axe(page), [], `${name} ${q} open`);
      }
    }
  });
});

describe('first tiers of long posting lists (1,000 cases, tiers of 32)', () => {
  const QUERIES = ['社区', '电梯', '加装电梯', '物业 业委会', '楼组长 加装电梯 议事会', '居民'];

  /** The results of a query as shown, with "more" clicked `more` times, and what was fetched. */
  async function results(name, q, more = 0) {
    const { srv } = sites[name];
    const page = await openSearch(name);
    const from = srv.log.length;
    await typeQuery(page, q);
    for (let i = 0; i < more; i++) {
      const n = (await hits(page)).length;
      await page.click('#search-more');
      await page.waitForFunction((k) => document.querySelectorAll('#search-results > li').length > k, n);
    }
    const shown = (await hits(page)).map((h) => h.href);
    return { page, shown, count: await statusCount(page), fetched: srv.log.slice(from).map((l) => l.path) };
  }

  test('the order is the whole lists\' order; a word in most cases needs no whole list', async () => {
    const meta = JSON.parse(readFileSync(join(sites.tiered.site.public, 'search/meta.json'), 'utf8'));
    assert.equal(meta.tier, 32);
    for (const q of QUERIES) {
      const whole = await results('big', q, 2);
      const tiered = await results('tiered', q, 2);
      assert.deepEqual(tiered.shown, whole.shown, q);
      assert.ok(whole.fetched.every((p) => !p.includes('/search/u/')), `${q}: no first tiers without the knob`);
      assert.equal(tiered.count.n >= tiered.shown.length, true, `${q}: ${tiered.count.n}`);
    }
    // One word in nearly every case: its first tier ranks the first page, whole count known.
    const one = await results('tiered', '社区');
    assert.ok(one.fetched.some((p) => p.includes('/search/t/')), 'a first tier fetched');
    assert.deepEqual(one.fetched.filter((p) => p.includes('/search/u/')), [], 'no whole list');
    assert.equal(one.count.approx, false);
    assert.equal(one.count.n, (await results('big', '社区')).count.n);
    assert.deepEqual(pageErrors, []);
  });

  test('the counts beside the filters load the whole lists and equal the untiered ones', async () => {
    const counts = {};
    for (const name of ['big', 'tiered']) {
      const { srv } = sites[name];
      const from = srv.log.length;
      const facetsFetched = () => srv.log.slice(from).some((l) => l.path.includes('/search/facets.json'));
      const page = await openSearch(name, 'q=' + encodeURIComponent('加装电梯'), PHONE);
      await settled(page, '加装电梯');
      // The filters' data (the largest file a search could fetch) only once they are unfolded.
      await page.waitForLoadState('networkidle');
      assert.equal(facetsFetched(), false, `${name}: facets.json fetched with the filters folded`);
      await openFilters(page);
      await countsShown(page);
      counts[name] = { areas: await options(page, '#filter-area'), years: await options(page, '#filter-year'), status: await statusCount(page) };
    }
    assert.deepEqual(counts.tiered, counts.big);
    assert.ok(sites.big.srv.log.some((l) => l.path.includes('/search/facets.json')), 'facets.json fetched once unfolded');
    assert.ok(counts.big.areas[0].n > 10, `加装电梯: ${counts.big.areas[0].n}`);
    assert.deepEqual(pageErrors, []);
  });

  test('past the whole-list budget the first tiers rank: every result a true match, no whole list', async () => {
    // Every document of the archive by URL, to check results against their text.
    const dir = join(sites.approx.site.public, 'search/d');
    const docs = new Map();
    for (const f of readdirSync(dir)) for (const d of JSON.parse(readFileSync(join(dir, f), 'utf8'))) docs.set(d.u, d);
    for (const q of ['物业 业委会', '楼组长 加装电梯 议事会']) {
      const terms = S.parseQuery(q, {});
      const { shown, fetched, count } = await results('approx', q, 1);
      assert.equal(shown.length, 20, q);
      assert.equal(new Set(shown).size, 20, `${q}: shown twice`);
      for (const h of shown) assert.ok(S.exactKey(0, docs.get(h), terms), `${q}: ${h} does not hold every term`);
      assert.deepEqual(fetched.filter((p) => p.includes('/search/u/')), [], `${q}: a whole list loaded`);
      assert.equal(count.approx, true, q);
    }
    assert.deepEqual(pageErrors, []);
  });
});
