// Unit tests of search.js's pure core (folding, tokenising, decoding, ranking, snippets), and
// its agreement with the Rust index through vectors.json (written by tests/search.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

const require = createRequire(import.meta.url);
const S = require(join(REPO, 'themes/default/static/search.js'));
const V = JSON.parse(readFileSync(join(REPO, 'tests/browser/vectors.json'), 'utf8'));

test('rule folding matches Rust for every BMP code point', () => {
  const mine = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const f = S.foldChar(ch, null);
    if (f !== ch) mine.push([cp, f.codePointAt(0)]);
  }
  assert.deepEqual(mine, V.fold_rules);
});

test('character classes match Rust for every code point', () => {
  const mine = [];
  let start = 0;
  const cls = (cp) => (cp >= 0xd800 && cp <= 0xdfff ? 0 : S.cls(String.fromCodePoint(cp)));
  let cur = cls(0);
  for (let cp = 1; cp <= 0x10ffff; cp++) {
    const k = cls(cp);
    if (k !== cur) { mine.push([start, cp - 1, cur]); start = cp; cur = k; }
  }
  mine.push([start, 0x10ffff, cur]);
  assert.deepEqual(mine, V.classes);
});

test('query folding and tokens match Rust', () => {
  assert.equal(S.PREFIX_MAX, V.prefix_max);
  for (const [raw, folded, tokens] of V.query_tokens) {
    const chars = S.foldChars(raw, V.table);
    assert.equal(chars.join(''), folded, raw);
    assert.deepEqual(S.queryTokens(chars), tokens, raw);
  }
});

test('tf buckets, hashes and posting lists match Rust', () => {
  V.tf_bucket.forEach((b, count) => assert.equal(S.tfBucket(count), b, `count ${count}`));
  for (const [s, h] of V.fnv1a) assert.equal(S.fnv1a(s), h, s);
  for (const [ids, infos, a, b] of V.postings) {
    const d = S.decodePostings([a, b]);
    assert.deepEqual(d.ids, ids);
    assert.deepEqual(Array.from(d.infos), infos);
  }
  assert.equal(S.decodePostings(['AAB', '']).infos, null);
});

test('folding: width, case, traditional', () => {
  const t = { '緒': '绪', '浹': '浃' };
  assert.equal(S.foldChars('２号线ＡＢｃ', t).join(''), '2号线abc');
  assert.equal(S.foldChars('情緒 汗流浹背', t).join(''), '情绪 汗流浃背');
  // One code point out for one in, astral characters included.
  assert.equal(S.foldChars('𠀀Ａ', t).length, 2);
  const want = [...new Set(Array.from('加裝電梯').map((c) => c.codePointAt(0) % 64))].sort((x, y) => x - y);
  assert.deepEqual(S.foldSlices('加裝電梯 abc ２', 64), want);
});

test('query parsing: terms, AND, dedupe, exactness, token cap', () => {
  const terms = S.parseQuery(' 加装电梯  群租\u3000群租 ——  2号线 wechat ', {});
  assert.deepEqual(terms.map((t) => t.text), ['加装电梯', '群租', '2号线', 'wechat']);
  assert.deepEqual(terms.map((t) => t.exact), [false, true, false, true]);
  assert.deepEqual(terms[0].tokens, ['加装', '电梯']);
  assert.equal(terms[3].word, true);
  const many = S.limitTokens(S.parseQuery('居民满意度明显提升 形成了可复制的经验', {}), 6);
  assert.deepEqual(many.map((t) => t.lookup.length), [3, 3]);
  assert.equal(many.every((t) => !t.exact), true);
  assert.deepEqual(S.parseQuery('__proto__ constructor', {}).map((t) => t.text), ['__proto__', 'constructor']);
  const wide = S.limitTokens(S.parseQuery('a b c d', {}), 2);
  assert.deepEqual(wide.map((t) => t.lookup), [['a'], ['b'], ['c'], ['d']]);
});

test('findAll: overlapping, word starts only for letters and digits', () => {
  const hay = Array.from('哈哈哈 12号线 2号线 wechat');
  assert.deepEqual(S.findAll(hay, Array.from('哈哈'), false), [0, 1]);
  assert.deepEqual(S.findAll(hay, Array.from('2号线'), true), [9]);
  assert.deepEqual(S.findAll(hay, Array.from('号线'), false), [6, 10]);
  assert.deepEqual(S.findAll(hay, Array.from('chat'), true), []);
});

function postings(list) {
  return { ids: list.map((x) => x[0]), infos: Uint8Array.from(list.map((x) => x[1] * 4 + (x[2] || 0))) };
}

const ids = (r) => r.keys.filter((k) => !k.sentinel).map((k) => k.id);

test('ranking: title and area first, then relevance, newest as tie-break', () => {
  // doc: [id, bucket, flags(title=2, area=1)]
  const a = postings([[0, 1], [1, 3], [2, 1, 2], [3, 1], [4, 1, 1], [5, 2]]);
  const terms = () => [{ lists: [a] }];
  const r = S.evaluate(terms(), [], 100);
  assert.deepEqual(ids(r), [2, 4, 1, 5, 0, 3]);
  assert.equal(r.truncated, false);
  assert.ok(r.keys.every((k) => k.sure && !k.sentinel));
  assert.deepEqual(r.base, [0, 1, 2, 3, 4, 5]);
  // A filter intersects (the base stays the terms' candidates).
  const f = S.evaluate(terms(), [[1, 3, 4]], 100);
  assert.deepEqual(ids(f), [4, 1, 3]);
  assert.deepEqual(f.base, [0, 1, 2, 3, 4, 5]);
  // Empty query with a filter: newest first.
  assert.deepEqual(ids(S.evaluate([], [[2, 7, 9]], 100)), [2, 7, 9]);
});

test('ranking: a term is in a document only with all its tokens; bounds combine', () => {
  const x = postings([[1, 3, 2], [2, 1], [3, 2, 2]]);
  const y = postings([[1, 1, 2], [3, 4], [4, 1]]);
  const r = S.evaluate([{ lists: [x, y] }], [], 100);
  assert.deepEqual(ids(r), [1, 3]);
  assert.deepEqual(r.keys.map((k) => k.field), [2, 0]);
  // Two terms: AND, rarer term weighs more (a term's df: its rarest token's).
  const rare = { lists: [postings([[5, 1], [6, 1]])] };
  const common = { lists: [postings([[1, 1], [5, 1], [6, 4], [7, 1], [8, 1]])] };
  const keys = S.evaluate([rare, common], [], 1000).keys;
  assert.deepEqual(keys.map((k) => k.id), [6, 5]);
  assert.ok(rare.idf > common.idf);
});

/** A first tier of `whole` as search.rs writes it: `head` ids, the rest's bound. */
function tier(whole, head, rest) {
  const keep = new Set(head);
  const h = postings(whole.filter((x) => keep.has(x[0])));
  h.df = whole.length;
  h.rest = { title: (rest[1] >> 1) & 1, area: rest[1] & 1, bucket: rest[0], id: rest[2] };
  return h;
}

test('first tiers: keys of documents some head misses are bounds, a sentinel bounds the rest', () => {
  // [id, bucket, flags]; the head holds the title posting and bucket 4; the rest's best is
  // bucket 2, newest of it doc 1.
  const wa = [[0, 1], [1, 2], [2, 4], [3, 1, 2], [4, 2], [5, 4], [6, 1]];
  const wb = [[1, 3], [2, 1], [3, 3], [5, 1], [6, 3]];
  const a = tier(wa, [2, 3, 5], [2, 0, 1]);
  const r = S.evaluate([{ lists: [a], exact: true }], [], 100);
  assert.equal(r.truncated, true);
  assert.equal(r.base, null);
  assert.deepEqual(r.keys.map((k) => (k.sentinel ? 's' : k.id)), [3, 2, 5, 's']);
  const s = r.keys[3];
  assert.deepEqual([s.field, s.id], [0, 1]);
  assert.ok(Math.abs(s.rel - r.keys[0].rel * 2) < 1e-9, 'bucket 2 against the title posting\'s 1');
  // One token, no filter: its length is the count.
  assert.deepEqual([r.estimate, r.estimateExact], [7, true]);
  // With a second term whose list is whole, that list bounds the candidates: docs 1, 6 get
  // the head's rest bound and are not sure; no sentinel.
  const b = postings(wb);
  const r2 = S.evaluate([{ lists: [a] }, { lists: [b] }], [], 100);
  assert.deepEqual(r2.keys.map((k) => k.id).sort(), [1, 2, 3, 5, 6]);
  assert.ok(!r2.keys.some((k) => k.sentinel));
  assert.deepEqual(r2.keys.filter((k) => !k.sure).map((k) => k.id).sort(), [1, 6]);
  // Every bound is at least the exact key the whole lists give, and the order of the sure
  // keys is theirs.
  const whole = S.evaluate([{ lists: [postings(wa)] }, { lists: [b] }], [], 100);
  for (const k of whole.keys) {
    const bound = r2.keys.find((x) => x.id === k.id);
    assert.ok(S.compareKeys(bound, k) <= 0 || (bound.field === k.field && Math.abs(bound.rel - k.rel) < 1e-9), `doc ${k.id}`);
  }
  // The sentinel sorts after keys equal to it with older ids... and before newer ones.
  const eq = { id: 1, field: 0, rel: 1 };
  assert.ok(S.compareKeys({ ...eq, sentinel: true }, eq) > 0);
  assert.ok(S.compareKeys({ ...eq, id: 0 }, { ...eq, sentinel: true }) < 0);
});

test('exact keys: false candidates drop out, counts are exact', () => {
  const [term] = S.parseQuery('加装电梯', {});
  term.idf = 1;
  const doc = { k: 0, t: '电表更换', a: '创联', s: '为楼道加装了装电表的箱子，又检修了电梯。', b: '', p: [], c: [], g: [], x: {} };
  assert.equal(S.exactKey(0, doc, [term]), null);
  const hit = { k: 0, t: '延西：加装电梯', a: '延西', s: '', b: '加装电梯，加装电梯，加装电梯。', p: [], c: [], g: [], x: {} };
  assert.deepEqual(S.exactKey(3, hit, [term]), { id: 3, field: 2, rel: 2 });
  // Traditional text in the document folds through its own table.
  const [t2] = S.parseQuery('汗流浃背', {});
  t2.idf = 1;
  const trad = { k: 0, t: 'x', a: '', s: '', b: '志願者汗流浹背', p: [], c: [], g: [], x: { '浹': '浃', '願': '愿' } };
  assert.deepEqual(S.exactKey(1, trad, [t2]), { id: 1, field: 0, rel: 1 });
  // A figure's caption is not a title.
  const fig = { k: 1, t: '加装电梯竣工', a: '', s: '', b: '', p: [], c: ['加装电梯竣工'], g: [], x: {} };
  assert.deepEqual(S.exactKey(2, fig, [term]), { id: 2, field: 0, rel: 1 });
});

test('snippets: the best field, a window around the first match, marks on the original text', () => {
  const terms = S.parseQuery('汗流浃背', {});
  const doc = { k: 0, t: 't', a: '', s: '短摘要', b: '甲'.repeat(100) + '志願者汗流浹背。' + '乙'.repeat(100), p: [], c: [], g: [], x: { '浹': '浃' } };
  const sn = S.makeSnippet(doc, terms, 40);
  const shown = sn.chars.slice(sn.from, sn.to).join('');
  assert.equal(shown.length, 40);
  assert.ok(shown.includes('汗流浹背'));
  assert.deepEqual(sn.marks.map(([a, b]) => sn.chars.slice(a, b).join('')), ['汗流浹背']);
  const partner = S.makeSnippet({ k: 0, t: 't', a: '', s: '', b: '正文', p: ['天山茶城'], c: [], g: [], x: {} }, S.parseQuery('茶城', {}));
  assert.equal(partner.label, '合作伙伴：');
  // Overlapping matches merge into one mark.
  assert.deepEqual(S.matchIntervals(Array.from('加装电梯'), S.parseQuery('加装 装电梯', {})), [[0, 4]]);
});

test('suggestions: the parts of a query, longest first, none across a word start', () => {
  const texts = (q) => S.suggestParts(S.parseQuery(q, {})).map((p) => p.text);
  assert.deepEqual(texts('垃圾分类'), ['垃圾分', '圾分类', '垃圾', '圾分', '分类']);
  // Several terms: the subsets of terms first (longest first), then pieces of each term.
  const two = texts('加装电梯 通风口');
  assert.deepEqual(two.slice(0, 2), ['加装电梯', '通风口']);
  assert.ok(two.includes('电梯') && two.includes('风口') && !two.includes('加装电梯 通风口'));
  // Latin words: prefixes only; punctuation never at either end; written form kept.
  assert.deepEqual(texts('WeChat群'), ['WeChat', 'WeCha', 'WeCh', 'WeC', 'We']);
  assert.ok(!texts('垃圾—分类').some((x) => /^—|—$/.test(x)));
  assert.deepEqual(texts('垃'), []);
  assert.deepEqual(texts('垃圾'), []);
  // Many terms: each alone.
  assert.deepEqual(texts('甲乙 丙丁 戊己 庚辛 壬癸').slice(0, 5), ['甲乙', '丙丁', '戊己', '庚辛', '壬癸']);
});

test('suggestions: a part inside another is not suggested again', () => {
  const parts = S.suggestParts(S.parseQuery('加装电梯 通风口', {}));
  const get = (t) => parts.find((p) => p.text === t);
  assert.equal(S.partContains(get('加装电梯'), get('电梯')), true);
  assert.equal(S.partContains(get('加装电梯'), get('风口')), false);
  assert.equal(S.partContains(get('装电梯'), get('加装')), false);
  assert.equal(S.partContains(get('通风口'), get('通风')), true);
});

test('filter counts: each value within the other filters, checked ids only', () => {
  // 6 documents; kinds a (area) and y (year).
  const facets = { a: { 甲: [0, 1, 2], 乙: [3, 4], 丙: [5] }, y: { 2024: [0, 3, 5], 2023: [1, 2, 4] } };
  const plain = (c) => Object.fromEntries(Object.entries(c).map(([k, v]) =>
    [k, Object.fromEntries(Object.entries(v).map(([x, r]) => [x, r.approx ? `~${r.n}` : r.n]))]));
  // A query found documents 0, 1, 3, 5 (exact), no filter.
  assert.deepEqual(plain(S.facetCounts([0, 1, 3, 5], 6, facets, {}, true, null)),
    { a: { '': 4, 甲: 2, 乙: 1, 丙: 1 }, y: { '': 4, 2024: 3, 2023: 1 } });
  // Year 2024 on: areas count within it; years still count every year (within no other filter).
  assert.deepEqual(plain(S.facetCounts([0, 1, 3, 5], 6, facets, { y: '2024' }, true, null)),
    { a: { '': 3, 甲: 1, 乙: 1, 丙: 1 }, y: { '': 4, 2024: 3, 2023: 1 } });
  // No words: every document.
  assert.deepEqual(plain(S.facetCounts(null, 6, facets, { a: '甲' }, true, null)).y, { '': 3, 2024: 1, 2023: 2 });
  // Candidates not all checked: 1 is false, 0 true, 3 and 5 unchecked.
  assert.deepEqual(plain(S.facetCounts([0, 1, 3, 5], 6, facets, {}, false, { 0: true, 1: false })).a,
    { '': '~3', 甲: 1, 乙: '~1', 丙: '~1' });
  // An unknown value counts nothing.
  assert.deepEqual(plain(S.facetCounts([0], 6, facets, { y: '1999' }, true, null)).a, { '': 0, 甲: 0, 乙: 0, 丙: 0 });
});
