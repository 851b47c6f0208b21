// The Nu HTML Checker (vnu-jar from npm, run with the machine's Java) on every generated page
// of the bundled archive and of the fixture sites: no errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO, build, makeSite } from './harness.mjs';
import { STRESS_CASE, buildBundled, buildFixture } from './theme-sites.mjs';

const VNU = fileURLToPath(new URL('./node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));
const JAVA = process.env.JAVA || 'java';

const sites = [];

before(() => {
  sites.push(['bundled', buildBundled()]);
  // The basic fixture with a case of long strings, tables, code, a photo and footnotes, one
  // case per list page, under a sub-path.
  sites.push(['fixture (stress, /archive/)', buildFixture('https://example.org/archive/')]);
  // The basic fixture as it is, drafts included.
  const basic = makeSite(join(REPO, 'tests/fixtures/basic'));
  build(basic.root, ['--drafts']);
  sites.push(['fixture (basic, drafts)', basic]);
});

after(() => {
  for (const [, site] of sites) site.cleanup();
});

/** Every .html file under `dir`. */
function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
}

/** Runs vnu over `dirs`; returns the files it checked and its error messages. */
function vnu(dirs) {
  const r = spawnSync(JAVA, ['-Xss4m', '-jar', VNU, '--errors-only', '--format', 'json', '--verbose',
    '--skip-non-html', ...dirs], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`could not run ${JAVA}: ${r.error.message}`);
  let report;
  try {
    report = JSON.parse(r.stderr);
  } catch {
    throw new Error(`vnu did not print a JSON report (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  }
  const checked = r.stdout.split('\n').filter(Boolean);
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  assert.equal(r.status, errors.length ? 1 : 0, `vnu exit status ${r.status}`);
  return { checked, errors };
}

test('the Nu HTML Checker finds no error on any generated page', { timeout: 300000 }, () => {
  const dirs = sites.map(([, site]) => site.public);
  const { checked, errors } = vnu(dirs);
  const expected = dirs.flatMap(htmlFiles);
  assert.ok(expected.length > 200, `${expected.length} pages`);
  assert.equal(checked.length, expected.length, 'vnu checked every page');
  for (const must of ['404.html', 'search/index.html', 'wushe/index.html', `${STRESS_CASE}index.html`,
    'issues/index.html', 'tags/index.html', 'tags/caishichang/index.html', 'page/2/index.html',
    'wushe/shequ/page/2/index.html', 'wushe/shequ/fangda/page/2/index.html']) {
    assert.ok(checked.some((f) => f.endsWith(must)), `${must} was checked`);
  }
  const shown = errors.map((e) => {
    const file = fileURLToPath(e.url);
    const i = dirs.findIndex((d) => file.startsWith(d + '/'));
    return `${sites[i]?.[0] ?? '?'} ${relative(dirs[i] ?? '/', file)}:${e.lastLine}: ${e.message}\n    ${e.extract}`;
  });
  assert.deepEqual(shown, [], `${shown.length} errors:\n${shown.slice(0, 20).join('\n')}`);
});

test('the checker reports a broken page (the gate works)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-vnu-'));
  try {
    writeFileSync(join(dir, 'ok.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><title>好</title></head><body><main><h1>好</h1></main></body></html>');
    writeFileSync(join(dir, 'broken.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><title>坏</title></head><body><h1>坏</h1><h3>跳级</h3><ul><p>x</p></ul></body></html>');
    const { checked, errors } = vnu([dir]);
    assert.equal(checked.length, 2);
    assert.ok(errors.length >= 2, JSON.stringify(errors));
    assert.ok(errors.every((e) => e.url.endsWith('/broken.html')));
    assert.ok(errors.some((e) => /heading/.test(e.message)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
