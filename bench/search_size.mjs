// First-query transfer of the search page on synthetic archives, measured in a real browser.
//
//   node bench/search_size.mjs [N ...]        (default: 1000 10000)
//
// Needs: target/release/shequ (cargo build --release), tests/browser/node_modules
// (npm ci in tests/browser), /usr/bin/chromium, python3. For each N it writes the corpus with
// bench/gen_corpus.py (or $GEN_CORPUS), builds it, serves public/ on 127.0.0.1,
// and for every query opens /search/?q=… in a fresh browser context (empty cache), waits for
// the results and adds up the gzip size (level 9) of every response of that page load: the
// HTML, CSS and JavaScript, the index files and the document files (chunks of `meta.chunk`
// documents) holding the documents shown. It prints one row per query and the largest figure,
// plus the index's size on disk.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO, build, serve, launch } from '../tests/browser/harness.mjs';
import { QUERIES } from './search_queries.mjs';

const GEN = process.env.GEN_CORPUS || join(REPO, 'bench', 'gen_corpus.py');

function walk(dir) {
  let files = 0, bytes = 0, gzip = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const s = walk(p); files += s.files; bytes += s.bytes; gzip += s.gzip;
    } else {
      const b = readFileSync(p);
      files++; bytes += b.length; gzip += gzipSync(b, { level: 9 }).length;
    }
  }
  return { files, bytes, gzip };
}

const kb = (n) => (n / 1024).toFixed(1);

async function measure(n) {
  const root = join(tmpdir(), `shequ-bench-search-${n}`);
  rmSync(root, { recursive: true, force: true });
  const g = spawnSync('python3', [GEN, root, '-n', String(n), '--layout', 'ours'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  const t0 = Date.now();
  const summary = build(root).trim().split('\n').pop();
  const ms = Date.now() - t0;
  const pub = join(root, 'public');
  const idx = walk(join(pub, 'search'));
  const meta = JSON.parse(readFileSync(join(pub, 'search', 'meta.json'), 'utf8'));
  console.log(`\nN=${n}: ${summary} (${ms} ms wall)`);
  console.log(`index: ${idx.files} files, ${(idx.bytes / 1048576).toFixed(1)} MB raw, ` +
    `${(idx.gzip / 1048576).toFixed(1)} MB gzip; ${meta.shards} shards, ${meta.docs} documents ` +
    `in files of ${meta.chunk}`);
  const srv = await serve(pub, '/');
  const browser = await launch();
  const rows = [];
  try {
    for (const q of QUERIES) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      srv.log.length = 0;
      await page.goto(srv.url('search/?q=' + encodeURIComponent(q)));
      await page.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status').textContent), null, { timeout: 30000 });
      await page.waitForLoadState('networkidle');
      const status = await page.textContent('#search-status');
      const all = srv.log.filter((l) => l.status === 200);
      const total = all.reduce((s, l) => s + l.gzip, 0);
      const index = all.filter((l) => l.path.includes('/search/') && l.path.includes('.json'));
      const data = index.reduce((s, l) => s + l.gzip, 0);
      const docs = index.filter((l) => l.path.includes('/search/d/'));
      rows.push({ q, status, requests: all.length, total, data, docs: docs.reduce((s, l) => s + l.gzip, 0), nfiles: docs.length });
      await ctx.close();
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  console.log('query'.padEnd(28) + 'requests  total KB  index KB  (docs KB / files)  result');
  for (const r of rows) {
    console.log(r.q.padEnd(28 - [...r.q].filter((c) => c.charCodeAt(0) > 0x2e80).length) +
      String(r.requests).padStart(8) + kb(r.total).padStart(10) + kb(r.data).padStart(10) +
      `  (${kb(r.docs)} / ${r.nfiles})`.padEnd(19) + '  ' + r.status);
  }
  const max = rows.reduce((a, b) => (b.total > a.total ? b : a));
  console.log(`largest first-query transfer at N=${n}: ${kb(max.total)} KB gzip (${max.q})`);
  rmSync(root, { recursive: true, force: true });
  return max.total;
}

const ns = process.argv.slice(2).map(Number).filter(Boolean);
if (!existsSync(GEN)) throw new Error(`${GEN} not found (set GEN_CORPUS)`);
for (const n of ns.length ? ns : [1000, 10000]) await measure(n);

