// Shared by the browser tests and bench/search_size.mjs: build a site with the release binary,
// serve its output over HTTP on 127.0.0.1, and drive Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SHEQU_BIN || join(REPO, 'target', 'release', 'shequ');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A temporary site: `bundled` (the repo's own content) or a fixture directory. */
export function makeSite(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-browser-'));
  const root = join(dir, 'site');
  if (kind === 'bundled') {
    cpSync(join(REPO, 'config.toml'), join(root, 'config.toml'));
    cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  } else {
    cpSync(kind, root, { recursive: true });
  }
  if (!existsSync(join(root, 'themes'))) {
    cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  }
  return { dir, root, public: join(root, 'public'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The synthetic archive of `n` cases (bench/gen_corpus.py: 80 areas, issues of 25 cases),
 * as a temporary site with the repository's theme, not yet built. */
export function makeArchive(n) {
  const gen = process.env.GEN_CORPUS || join(REPO, 'bench', 'gen_corpus.py');
  const dir = mkdtempSync(join(tmpdir(), 'shequ-archive-'));
  const root = join(dir, 'site');
  const r = spawnSync('python3', [gen, root, '-n', String(n), '--layout', 'ours'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gen_corpus.py failed:\n${r.stderr}`);
  rmSync(join(root, 'themes'), { recursive: true, force: true });
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  return { dir, root, public: join(root, 'public'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `shequ build --root ROOT ...args` (with `env` added); throws with stderr on failure. */
export function build(root, args = [], env = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --release first`);
  const r = spawnSync(BIN, ['--root', root, 'build', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`shequ build failed:\n${r.stderr}${r.stdout}`);
  return r.stderr + r.stdout;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.pdf': 'application/pdf',
};

/** Serves `dir` under the URL path `prefix` (`/` or `/archive/`) on 127.0.0.1. Every request is
 * logged with the gzip size of what was sent, for transfer budgets. */
export async function serve(dir, prefix = '/') {
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end('not found'); return; }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) { res.writeHead(301, { Location: path + '/' + url.search }); res.end(); return; }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) {
      const nf = join(dir, '404.html');
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      res.end(existsSync(nf) ? readFileSync(nf) : 'not found');
      log.push({ path, status: 404, bytes: 0, gzip: 0 });
      return;
    }
    const body = readFileSync(file);
    log.push({ path: path + url.search, status: 200, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (p = '') => `http://127.0.0.1:${port}${prefix}${p}`,
    log,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: keep Chromium from reaching out at all.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
