// Per-file breakdown of the search page's first-query transfer on an already built site.
//
//   node bench/search_breakdown.mjs PUBLIC_DIR [query ...]
//
// Serves PUBLIC_DIR, opens /search/?q=… for each query (default: bench/search_queries.mjs) in a fresh context and prints every
// response with its gzip size (level 9), grouped by kind (page, index shards, long lists,
// documents, facets), then the total. Same measure as bench/search_size.mjs, without building.
import { serve, launch } from '../tests/browser/harness.mjs';
import { QUERIES } from './search_queries.mjs';

const [dir, ...qs] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/search_breakdown.mjs PUBLIC_DIR [query ...]');
const queries = qs.length ? qs : QUERIES;
const kind = (p) => (/\/search\/s\//.test(p) ? 'shard' : /\/search\/t\//.test(p) ? 'list'
  : /\/search\/u\//.test(p) ? 'whole'
  : /\/search\/d\//.test(p) ? 'docs' : /\/search\/fold\//.test(p) ? 'fold'
  : /facets/.test(p) ? 'facets' : /\/search\/(index\.html)?(\?|$)|\.css|\.js/.test(p) ? 'page' : 'other');
let largest = 0;
const srv = await serve(dir, '/');
const browser = await launch();
try {
  for (const q of queries) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.log('  page error:', e.message));
    page.on('console', (m) => { if (m.type() === 'error') console.log('  console:', m.text()); });
    srv.log.length = 0;
    await page.goto(srv.url('search/?q=' + encodeURIComponent(q)));
    await page.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status').textContent), null, { timeout: 60000 });
    await page.waitForLoadState('networkidle');
    const status = await page.textContent('#search-status');
    const by = {};
    let total = 0;
    for (const l of srv.log.filter((l) => l.status === 200)) {
      const k = kind(l.path);
      by[k] = by[k] || { n: 0, gzip: 0, max: 0 };
      by[k].n++; by[k].gzip += l.gzip; by[k].max = Math.max(by[k].max, l.gzip); total += l.gzip;
    }
    const wholeLists = by.whole ? by.whole.n : 0;
    console.log(`${q}: ${(total / 1024).toFixed(1)} KB gzip, ${status}, ${wholeLists} whole lists (search/u/)`);
    largest = Math.max(largest, total);
    for (const [k, v] of Object.entries(by)) {
      console.log(`  ${k.padEnd(7)} ${String(v.n).padStart(3)} files ${(v.gzip / 1024).toFixed(1).padStart(7)} KB (largest ${(v.max / 1024).toFixed(1)} KB)`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await srv.close();
}
console.log(`largest first-query transfer: ${(largest / 1024).toFixed(1)} KB gzip`);
