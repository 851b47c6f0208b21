/* shequ search: reads the index under search/ (format: README.md, "Search").
 * Vanilla JavaScript, no dependencies. The first part (folding, tokenising, decoding,
 * ranking) is pure and mirrors src/index/search/ in Rust; Node's tests load it directly.
 * The second part drives the page. Every piece of content is put in the page with
 * textContent or text nodes, never as HTML. */
(function () {
  'use strict';

  // ---------------------------------------------------------------- core
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var AVAL = {};
  for (var ai = 0; ai < 64; ai++) AVAL[ALPHABET.charCodeAt(ai)] = ai;
  var PREFIX_MAX = 12;
  var OTHER = 0, HAN = 1, WORD = 2;

  /** Class of a folded character (src/index/search/tokenize.rs, `class`). */
  function cls(ch) {
    var cp = ch.codePointAt(0);
    if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a)) return WORD;
    if (cp === 0x3005 || cp === 0x3007 || (cp >= 0x3040 && cp <= 0x30ff) ||
        (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0x20000 && cp <= 0x3134f)) return HAN;
    if (cp === 0xd7 || cp === 0xf7) return OTHER;
    if (cp >= 0xc0 && cp <= 0x2af) return WORD;
    if (cp === 0x375 || cp === 0x37e || cp === 0x384 || cp === 0x385 || cp === 0x387) return OTHER;
    if (cp >= 0x370 && cp <= 0x3ff) return WORD;
    if (cp >= 0x482 && cp <= 0x489) return OTHER;
    if (cp >= 0x400 && cp <= 0x52f) return WORD;
    return OTHER;
  }

  /** Rule-based folding (width, case); null when the rules leave `ch` alone. */
  function ruleFold(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 32);
    if (cp >= 0xff01 && cp <= 0xff5e) {
      var a = cp - 0xfee0;
      if (a >= 0x41 && a <= 0x5a) a += 32;
      return String.fromCharCode(a);
    }
    if (cp === 0x3000) return ' ';
    if (cp >= 0xc0 && cp <= 0x52f) {
      var l = ch.toLowerCase();
      if (l !== ch && l.length === 1) return l;
    }
    return null;
  }

  /** Whether the traditional→simplified table may have an entry for `ch` (3-byte UTF-8). */
  function tableCandidate(ch) {
    var cp = ch.codePointAt(0);
    return cp >= 0x800 && cp <= 0xffff && ruleFold(ch) === null;
  }

  /** Folds one character; `table` maps traditional to simplified characters. */
  function foldChar(ch, table) {
    var r = ruleFold(ch);
    if (r !== null) return r;
    if (table && Object.prototype.hasOwnProperty.call(table, ch)) return table[ch];
    return ch;
  }

  /** Folds text into an array of characters, one per code point of the input. */
  function foldChars(s, table) {
    var out = Array.from(s);
    for (var i = 0; i < out.length; i++) out[i] = foldChar(out[i], table);
    return out;
  }

  /** Runs of one class: [{cls, start, end}]. */
  function runs(chars) {
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var c = cls(chars[i]);
      var j = i + 1;
      while (j < chars.length && cls(chars[j]) === c) j++;
      out.push({ cls: c, start: i, end: j });
      i = j;
    }
    return out;
  }

  /** Start offsets of the bigrams looked up for a Han run of n >= 2 (tokenize.rs, `cover`). */
  function cover(n) {
    var v = [];
    for (var k = 0; k < n - 1; k += 2) v.push(k);
    if (n >= 2 && v[v.length - 1] !== n - 2) v.push(n - 2);
    return v;
  }

  /** Tokens a folded term looks up (tokenize.rs, `query_tokens`). */
  function queryTokens(chars) {
    var out = [];
    function push(t) { if (out.indexOf(t) < 0) out.push(t); }
    runs(chars).forEach(function (r) {
      if (r.cls === HAN) {
        if (r.end - r.start === 1) push(chars[r.start]);
        else cover(r.end - r.start).forEach(function (k) { push(chars[r.start + k] + chars[r.start + k + 1]); });
      } else if (r.cls === WORD) {
        push(chars.slice(r.start, Math.min(r.end, r.start + PREFIX_MAX)).join(''));
      }
    });
    return out;
  }

  /** Whether a term's index tokens decide its matches exactly (no check against text). */
  function exactTerm(chars) {
    var rs = runs(chars);
    if (rs.length !== 1) return false;
    var n = rs[0].end - rs[0].start;
    return (rs[0].cls === HAN && n <= 2) || (rs[0].cls === WORD && n <= PREFIX_MAX);
  }

  /** The query's terms: split on spaces, folded, deduplicated; unindexable terms dropped. */
  function parseQuery(q, table) {
    var terms = [];
    var seen = Object.create(null);
    String(q || '').split(/[\s\u3000]+/).forEach(function (raw) {
      if (!raw) return;
      var chars = foldChars(raw, table);
      var text = chars.join('');
      var tokens = queryTokens(chars);
      if (!tokens.length || seen[text]) return;
      seen[text] = true;
      terms.push({ raw: raw, chars: chars, text: text, tokens: tokens,
        exact: exactTerm(chars), word: cls(chars[0]) === WORD });
    });
    return terms;
  }

  /** Caps the tokens a query fetches at `max`, taking them round-robin from the terms so each
   * term keeps at least one (a query of more terms than `max` fetches one token per term); sets `t.lookup`. Dropped tokens only narrowed the candidates, which
   * are checked against the text; a term that lost some is no longer exact. */
  function limitTokens(terms, max) {
    terms.forEach(function (t) { t.lookup = []; });
    var left = Math.max(max, terms.length);
    for (var round = 0; left > 0; round++) {
      var any = false;
      for (var i = 0; i < terms.length && left > 0; i++) {
        if (round < terms[i].tokens.length) {
          terms[i].lookup.push(terms[i].tokens[round]);
          left--;
          any = true;
        }
      }
      if (!any) break;
    }
    terms.forEach(function (t) {
      if (t.lookup.length < t.tokens.length) t.exact = false;
    });
    return terms;
  }

  /** Characters of a query whose table slice is needed, as slice numbers. */
  function foldSlices(q, slices) {
    var out = [];
    Array.from(String(q || '')).forEach(function (ch) {
      if (!tableCandidate(ch)) return;
      var k = ch.codePointAt(0) % slices;
      if (out.indexOf(k) < 0) out.push(k);
    });
    return out.sort(function (a, b) { return a - b; });
  }

  /** 32-bit FNV-1a of the UTF-8 bytes (encode.rs, `fnv1a`). */
  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function hex8(h) { return ('0000000' + h.toString(16)).slice(-8); }

  /** Decodes a stored posting list `[ids, infos]` into {ids, infos}. */
  function decodePostings(v) {
    var s = v[0], ids = [], prev = -1, acc = 0;
    for (var i = 0; i < s.length; i++) {
      var x = AVAL[s.charCodeAt(i)];
      acc = acc * 32 + (x & 31);
      if (x < 32) { prev = prev + acc + 1; ids.push(prev); acc = 0; }
    }
    var infos = null;
    if (v[1]) {
      infos = new Uint8Array(v[1].length);
      for (var j = 0; j < v[1].length; j++) infos[j] = AVAL[v[1].charCodeAt(j)];
    }
    return { ids: ids, infos: infos, df: ids.length };
  }

  /** Relevance bucket of a count: its bit length, at most 15 (tokenize.rs, `tf_bucket`). */
  function tfBucket(count) {
    if (count <= 0) return 0;
    return Math.min(15, 32 - Math.clz32(count));
  }

  /** Intersects sorted id arrays. */
  function intersectIds(a, b) {
    var out = [], p = 0, q = 0;
    while (p < a.length && q < b.length) {
      if (a[p] < b[q]) p++;
      else if (a[p] > b[q]) q++;
      else { out.push(a[p]); p++; q++; }
    }
    return out;
  }

  /** Points for a term found in the title (2) and the area (1). */
  function fieldPoints(title, area) { return (title ? 2 : 0) + (area ? 1 : 0); }

  function idf(docs, df) { return Math.log(1 + docs / Math.max(1, df)); }

  /** Orders keys: field points, then relevance, both descending; then newest (lower id). */
  function compareKeys(a, b) {
    if (a.field !== b.field) return b.field - a.field;
    if (Math.abs(a.rel - b.rel) > 1e-9) return b.rel - a.rel;
    return a.id - b.id || (a.sentinel ? 1 : 0) - (b.sentinel ? 1 : 0);
  }

  /** A list's infos by document id (built once per list). */
  function infoMap(l) {
    if (!l.map) {
      l.map = new Map();
      for (var i = 0; i < l.ids.length; i++) l.map.set(l.ids[i], l.infos ? l.infos[i] : 0);
    }
    return l.map;
  }

  /** Ranks candidates from the index alone. `terms[i].lists`: the posting lists of its
   * tokens, each whole ({ids, infos, df}) or a first tier ({…, rest: {title, area, bucket,
   * id}}, the bound of the postings left out); `filterIds` sorted id arrays that must all
   * hold; `docs` the document count. A document holds a term when it holds all the term's
   * tokens; the term's key in it is its title and area flags (all tokens there) and the
   * smallest bucket, upper bounds of the exact ones. Returns {keys best first: {id, field,
   * rel, sure}, base: the terms' candidates before filters (null while a list is a first
   * tier), truncated, estimate, estimateExact}. While some list is a first tier, a key is
   * `sure` only when every list held the document, and when every term's lists are all
   * first tiers a `sentinel` key bounds the documents none of them holds: nothing after it
   * can be ranked before the whole lists are loaded. */
  function evaluate(terms, filterIds, docs) {
    var truncated = false;
    var open = terms.length > 0;
    terms.forEach(function (t) {
      t.df = Infinity;
      t.open = true;
      t.lists.forEach(function (l) {
        t.df = Math.min(t.df, l.df === undefined ? l.ids.length : l.df);
        if (l.rest) truncated = true; else t.open = false;
      });
      if (!t.lists.length) { t.df = 0; t.open = false; }
      t.idf = idf(docs, t.df);
      if (!t.open) open = false;
    });
    var filtered = function (ids) {
      filterIds.forEach(function (f) { ids = intersectIds(ids, f); });
      return ids;
    };
    if (!terms.length) {
      var only = null;
      filterIds.forEach(function (f) { only = only === null ? f : intersectIds(only, f); });
      return { keys: (only || []).map(function (id) { return { id: id, field: 0, rel: 0, sure: true }; }),
        base: null, truncated: false, estimate: 0, estimateExact: true };
    }
    // Documents that may hold every term: a closed term's shortest whole list bounds them;
    // else any list's.
    var universe;
    var closed = terms.filter(function (t) { return !t.open; });
    if (closed.length) {
      var whole = closed[0].lists.filter(function (l) { return !l.rest; })
        .sort(function (x, y) { return x.ids.length - y.ids.length; })[0];
      universe = whole ? whole.ids : [];
    } else {
      var seen = new Set();
      terms.forEach(function (t) { t.lists.forEach(function (l) { l.ids.forEach(function (id) { seen.add(id); }); }); });
      universe = Array.from(seen).sort(function (x, y) { return x - y; });
    }
    var maps = terms.map(function (t) { return t.lists.map(infoMap); });
    var keys = [];
    for (var u = 0; u < universe.length; u++) {
      var id = universe[u];
      var key = { id: id, field: 0, rel: 0, sure: true };
      for (var ti = 0; ti < terms.length && key; ti++) {
        var t = terms[ti], title = 1, area = 1, bucket = 15;
        for (var li = 0; li < t.lists.length; li++) {
          var inf = maps[ti][li].get(id);
          var l = t.lists[li];
          if (inf === undefined) {
            if (!l.rest) { key = null; break; }
            key.sure = false;
            title &= l.rest.title; area &= l.rest.area; bucket = Math.min(bucket, l.rest.bucket);
          } else {
            title &= (inf >> 1) & 1; area &= inf & 1; bucket = Math.min(bucket, inf >> 2);
          }
        }
        if (!key) break;
        key.field += fieldPoints(title, area);
        key.rel += t.idf * bucket;
      }
      if (key) keys.push(key);
    }
    var base = truncated ? null : keys.map(function (k) { return k.id; });
    if (filterIds.length) {
      var keep = new Set(filtered(keys.map(function (k) { return k.id; })));
      keys = keys.filter(function (k) { return keep.has(k.id); });
    }
    var estimate = 0, estimateExact = false;
    if (truncated) {
      estimate = docs;
      terms.forEach(function (t) { estimate *= t.df / docs; });
      filterIds.forEach(function (f) { estimate *= f.length / docs; });
      estimate = Math.round(estimate);
      if (!open) estimate = Math.min(estimate, keys.length);
      estimateExact = terms.length === 1 && terms[0].lists.length === 1 && !!terms[0].exact && !filterIds.length;
    }
    if (open) {
      // A document in none of the first tiers: every term at the bound of its rests.
      var s = { id: 0, field: 0, rel: 0, sentinel: true };
      terms.forEach(function (t) {
        var ti = 1, ar = 1, b = 15, at = Infinity;
        t.lists.forEach(function (l) { ti &= l.rest.title; ar &= l.rest.area; b = Math.min(b, l.rest.bucket); });
        t.lists.forEach(function (l) { if (l.rest.bucket === b) at = Math.min(at, l.rest.id); });
        s.field += fieldPoints(ti, ar);
        s.rel += t.idf * b;
        s.id = Math.max(s.id, at);
      });
      keys.push(s);
    }
    keys.sort(compareKeys);
    return { keys: keys, base: base, truncated: truncated, estimate: estimate, estimateExact: estimateExact };
  }

  /** Start positions of a folded term in folded text (overlapping); a term starting with a
   * letter or digit only where a word starts. */
  function findAll(hay, term, word) {
    var out = [];
    var n = term.length;
    outer: for (var i = 0; i + n <= hay.length; i++) {
      for (var j = 0; j < n; j++) if (hay[i + j] !== term[j]) continue outer;
      if (word && i > 0 && cls(hay[i - 1]) === WORD) continue;
      out.push(i);
    }
    return out;
  }

  /** A document's searchable fields, folded: {title, area, body: [..]} (as arrays of chars). */
  function docFields(doc) {
    var x = doc.x || {};
    var body = [doc.s || '', doc.b || ''].concat(doc.p || [], doc.c || [], doc.g || []);
    return {
      title: foldChars(doc.k === 1 ? '' : (doc.t || ''), x),
      area: foldChars(doc.a || '', x),
      body: body.map(function (s) { return foldChars(s, x); })
    };
  }

  /** The exact key of a document, or null when some term does not occur in it. */
  function exactKey(id, doc, terms) {
    var f = docFields(doc);
    var key = { id: id, field: 0, rel: 0 };
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var inTitle = findAll(f.title, t.chars, t.word).length > 0;
      var inArea = findAll(f.area, t.chars, t.word).length > 0;
      var count = 0;
      f.body.forEach(function (b) { count += findAll(b, t.chars, t.word).length; });
      if (!inTitle && !inArea && count === 0) return null;
      key.field += fieldPoints(inTitle, inArea);
      key.rel += (t.idf || 0) * tfBucket(count);
    }
    return key;
  }

  /** Highlight intervals [start, end) of all terms in folded text, merged. */
  function matchIntervals(folded, terms) {
    var iv = [];
    terms.forEach(function (t) {
      findAll(folded, t.chars, t.word).forEach(function (p) { iv.push([p, p + t.chars.length]); });
    });
    iv.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var out = [];
    iv.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
    });
    return out;
  }

  /** Chooses the snippet: the field with the most distinct terms, a window around its first
   * match. Returns {label, chars, from, to, marks} (marks relative to chars). */
  function makeSnippet(doc, terms, width) {
    width = width || 90;
    var x = doc.x || {};
    var fields = [
      ['', doc.s || ''],
      ['', doc.b || ''],
      ['图片：', (doc.c || []).join(' · ')],
      ['合作伙伴：', (doc.p || []).join('、')],
      ['标签：', (doc.g || []).join('、')]
    ];
    if (doc.k === 1) fields = [['', (doc.c || []).join(' · ')]];
    var best = null;
    fields.forEach(function (f) {
      if (!f[1]) return;
      var folded = foldChars(f[1], x);
      var distinct = 0;
      terms.forEach(function (t) { if (findAll(folded, t.chars, t.word).length) distinct++; });
      if (distinct > 0 && (!best || distinct > best.distinct)) {
        best = { label: f[0], text: f[1], folded: folded, distinct: distinct };
      }
    });
    if (!best) {
      var fallback = doc.s || doc.b || '';
      best = { label: '', text: fallback, folded: foldChars(fallback, x), distinct: 0 };
    }
    var chars = Array.from(best.text);
    var marks = matchIntervals(best.folded, terms);
    var from = 0;
    if (marks.length) from = Math.max(0, marks[0][0] - Math.floor(width / 4));
    var to = Math.min(chars.length, from + width);
    if (to - from < width) from = Math.max(0, to - width);
    return { label: best.label, chars: chars, from: from, to: to, marks: marks };
  }

  /** Parts of a query to suggest when it finds nothing, longest first: proper subsets of its
   * terms (up to four terms; beyond that each term alone), then the substrings of each term
   * of at least two characters that neither start inside a word nor start or end with a
   * separator; at equal length whole terms first. A part is {pieces: [{t, from, to}], text,
   * len}: term index and character range of each piece. */
  function suggestParts(terms) {
    var parts = [];
    var n = terms.length;
    function whole(i) { return { t: i, from: 0, to: terms[i].chars.length }; }
    if (n > 4) {
      for (var k = 0; k < n; k++) parts.push([whole(k)]);
    } else if (n > 1) {
      for (var mask = 1; mask < (1 << n) - 1; mask++) {
        var pieces = [];
        for (var i = 0; i < n; i++) if (mask & (1 << i)) pieces.push(whole(i));
        parts.push(pieces);
      }
    }
    terms.forEach(function (t, ti) {
      var ch = t.chars;
      for (var a = 0; a < ch.length; a++) {
        var c = cls(ch[a]);
        if (c === OTHER || (c === WORD && a > 0 && cls(ch[a - 1]) === WORD)) continue;
        for (var b = a + 2; b <= ch.length; b++) {
          if ((a > 0 || b < ch.length) && cls(ch[b - 1]) !== OTHER) {
            parts.push([{ t: ti, from: a, to: b }]);
          }
        }
      }
    });
    return parts.map(function (pieces) {
      var len = 0;
      var text = pieces.map(function (p) {
        len += p.to - p.from;
        return Array.from(terms[p.t].raw).slice(p.from, p.to).join('');
      }).join(' ');
      var isWhole = pieces[0].from === 0 && pieces[0].to === terms[pieces[0].t].chars.length;
      return { pieces: pieces, text: text, len: len, rank: isWhole ? 0 : 1 };
    }).sort(function (x, y) {
      return y.len - x.len || x.rank - y.rank || x.pieces[0].t - y.pieces[0].t ||
        x.pieces[0].from - y.pieces[0].from;
    });
  }

  /** Whether part `a` holds part `b`: every piece of b lies within a piece of a's. */
  function partContains(a, b) {
    return b.pieces.every(function (q) {
      return a.pieces.some(function (p) { return p.t === q.t && p.from <= q.from && q.to <= p.to; });
    });
  }

  /** Counts beside the filters: for each kind of filter and each of its values, how many
   * documents of `base` (sorted ids; null: all `docs`) the value would keep, with the other
   * kinds' active values applied. `facets` {kind: {value: ids}}, `active` {kind: value}.
   * Unless `exact`, `checked` {id: bool} says which ids were checked against their text:
   * false ones are not counted, and a count with unchecked ids is approximate.
   * Returns {kind: {value: {n, approx}}}, the key '' for the kind's total. */
  function facetCounts(base, docs, facets, active, exact, checked) {
    var out = {};
    var kinds = Object.keys(facets);
    var hits = new Uint8Array(docs);
    kinds.forEach(function (k) {
      hits.fill(0);
      var need = 1;
      if (base) base.forEach(function (id) { hits[id] = 1; });
      else hits.fill(1);
      kinds.forEach(function (o) {
        if (o === k || !active[o]) return;
        need++;
        var l = Object.prototype.hasOwnProperty.call(facets[o], active[o]) ? facets[o][active[o]] : [];
        l.forEach(function (id) { if (hits[id] === need - 1) hits[id] = need; });
      });
      function count(ids) {
        var r = { n: 0, approx: false };
        for (var i = 0; i < ids.length; i++) {
          var id = ids[i];
          if (hits[id] !== need) continue;
          var ok = exact || !checked ? true : checked[id];
          if (ok === false) continue;
          r.n++;
          if (ok !== true) r.approx = true;
        }
        return r;
      }
      var all = [];
      for (var id = 0; id < docs; id++) if (hits[id] === need) all.push(id);
      out[k] = Object.create(null);
      out[k][''] = count(all);
      Object.keys(facets[k]).forEach(function (v) { out[k][v] = count(facets[k][v]); });
    });
    return out;
  }

  var core = {
    cls: cls, foldChar: foldChar, foldChars: foldChars, tableCandidate: tableCandidate,
    cover: cover, queryTokens: queryTokens, exactTerm: exactTerm, parseQuery: parseQuery,
    limitTokens: limitTokens, foldSlices: foldSlices, fnv1a: fnv1a, hex8: hex8, decodePostings: decodePostings,
    tfBucket: tfBucket, intersectIds: intersectIds,
    evaluate: evaluate, compareKeys: compareKeys, findAll: findAll, exactKey: exactKey,
    matchIntervals: matchIntervals, makeSnippet: makeSnippet, idf: idf,
    suggestParts: suggestParts, partContains: partContains, facetCounts: facetCounts,
    PREFIX_MAX: PREFIX_MAX
  };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = core;
    return;
  }
  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------- page
  var results = document.getElementById('search-results');
  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  if (!results || !form || !input) return;
  var statusEl = document.getElementById('search-status');
  var moreBtn = document.getElementById('search-more');
  var suggestEl = document.getElementById('search-suggest');
  var noteEl = document.getElementById('search-filter-note');
  var filterBox = document.querySelector('.search-filter-box');
  var base = results.getAttribute('data-index') || 'search/';
  var PAGE = 10;
  var MAX_TOKENS = 12;
  var FILTERS = [['area', 'a'], ['force', 'f'], ['mode', 'g'], ['year', 'y']];
  var SUGGEST_MAX = 4;
  var SUGGEST_CHECKS = 12;
  var selects = {};
  FILTERS.forEach(function (f) { selects[f[0]] = document.getElementById('filter-' + f[0]); });

  var meta = null;
  var table = {};
  var cache = Object.create(null);
  var postingCache = Object.create(null);
  var seq = 0;
  var current = null;
  var lastTypeAt = 0;

  function status(text) { if (statusEl) statusEl.textContent = text; }

  function getJSON(path, fresh) {
    var url = base + path + (fresh ? '' : '?v=' + encodeURIComponent(meta.version));
    if (!cache[url]) {
      cache[url] = fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function loadMeta() {
    return getJSON('meta.json', true).then(function (m) {
      if (m.format !== 3) throw new Error('unknown search index format ' + m.format);
      meta = m;
      var ys = selects.year;
      if (ys) {
        var want = new URLSearchParams(location.search).get('year') || ys.value;
        m.years.forEach(function (y) {
          var o = document.createElement('option');
          o.value = String(y);
          o.textContent = y + '年';
          ys.appendChild(o);
        });
        ys.value = want || '';
      }
      FILTERS.forEach(function (f) {
        var sel = selects[f[0]];
        if (sel) Array.prototype.forEach.call(sel.options, function (o) { o.label0 = o.textContent; });
      });
      noteFilters();
      return m;
    });
  }

  function loadTable(q) {
    return Promise.all(foldSlices(q, meta.fold_shards).map(function (k) {
      return getJSON('fold/' + k + '.json').then(function (slice) {
        Object.keys(slice).forEach(function (c) { table[c] = slice[c]; });
      });
    }));
  }

  function postings(token) {
    if (postingCache[token]) return postingCache[token];
    var h = fnv1a(token);
    var p = getJSON('s/' + (h % meta.shards) + '.json').then(function (shard) {
      var v = Object.prototype.hasOwnProperty.call(shard, token) ? shard[token] : undefined;
      if (v === undefined) return { ids: [], infos: null };
      if (v === 0) {
        return getJSON('t/' + hex8(h) + '.json').then(function (big) {
          if (!Object.prototype.hasOwnProperty.call(big, token)) return { ids: [], infos: null, df: 0 };
          var e = big[token];
          var l = decodePostings(e);
          if (e.length > 2) {
            // A first tier: the whole list is in u/, fetched only when needed.
            l.df = e[2];
            l.rest = { title: (e[3] >> 1) & 1, area: e[3] & 1, bucket: e[3] >> 2, id: e[4] };
            var whole = null;
            l.whole = function () {
              if (!whole) {
                whole = getJSON('u/' + hex8(h) + '.json').then(function (u) { return decodePostings(u[token]); });
                whole.catch(function () { whole = null; });
              }
              return whole;
            };
          }
          return l;
        });
      }
      return decodePostings(v);
    });
    postingCache[token] = p;
    p.catch(function () { delete postingCache[token]; });
    return p;
  }

  /** Document `id`, from the file of its chunk (fetched once per page load: getJSON caches
   * the promise by URL, so the documents of one chunk share one request). */
  function getDoc(id) {
    var c = Math.floor(id / meta.chunk);
    return getJSON('d/' + c + '.json').then(function (chunk) {
      var d = chunk[id - c * meta.chunk];
      if (!d) throw new Error('document ' + id + ' missing from d/' + c + '.json');
      return d;
    });
  }

  var facets = null;
  var facetsReady = null;

  /** The filter values' ids (facets.json), fetched once results are shown with the filters
   * unfolded: on a large archive it is the largest file a search could fetch, and the counts
   * it gives are only seen there. */
  function loadFacets() {
    if (!facetsReady) {
      facetsReady = getJSON('facets.json').then(function (f) {
        var out = {};
        Object.keys(f).forEach(function (k) {
          out[k] = Object.create(null);
          Object.keys(f[k]).forEach(function (v) { out[k][v] = decodePostings([f[k][v], '']).ids; });
        });
        facets = out;
        showCounts(current);
      }, function (e) {
        facetsReady = null;
        if (window.console) console.error(e);
      });
    }
    return facetsReady;
  }

  /** Writes beside each filter value how many of the current results it would give (the
   * other filters applied); plain labels when there is no search. */
  function showCounts(c) {
    var counts = null;
    if (c && facets && c.truncated) {
      // Counts need the whole lists.
      c.resolver.widen().then(function () { if (current === c) showCounts(c); },
        function (e) { if (window.console) console.error(e); });
      return;
    }
    if (c && facets) {
      var active = {};
      FILTERS.forEach(function (f) { if (c.filters[f[0]]) active[f[1]] = c.filters[f[0]]; });
      counts = facetCounts(c.base, meta.docs, facets, active, c.exact, c.resolver.checked);
    }
    FILTERS.forEach(function (f) {
      var sel = selects[f[0]];
      if (!sel) return;
      Array.prototype.forEach.call(sel.options, function (o) {
        if (o.label0 === undefined) return;
        var r = counts && (counts[f[1]] || Object.create(null))[o.value];
        if (counts && !r) r = { n: 0 };
        o.textContent = o.label0 + (r ? '（' + (r.approx ? '约 ' : '') + r.n + '）' : '');
      });
    });
  }

  /** Names the active filters beside the folded filters' summary. */
  function noteFilters() {
    if (!noteEl) return;
    var names = [];
    FILTERS.forEach(function (f) {
      var sel = selects[f[0]];
      if (sel && sel.value) names.push(sel.value + (f[0] === 'year' ? '年' : ''));
    });
    noteEl.textContent = names.length ? '：' + names.join('、') : '';
  }

  function filterValues() {
    var out = {};
    FILTERS.forEach(function (f) {
      var s = selects[f[0]];
      if (s && s.value) out[f[0]] = s.value;
    });
    return out;
  }

  /** The query string of a state: q, then the filters. */
  function stateParams(q, filters) {
    var p = new URLSearchParams();
    if (q) p.set('q', q);
    FILTERS.forEach(function (f) { if (filters[f[0]]) p.set(f[0], filters[f[0]]); });
    return p.toString();
  }

  function stateUrl(q, filters) {
    var s = stateParams(q, filters);
    return location.pathname + (s ? '?' + s : '');
  }

  /** Marks the list as settled for a state (tests and assistive tools wait on it). */
  function settled(q, filters) {
    results.setAttribute('aria-busy', 'false');
    results.setAttribute('data-done', stateParams(q.trim(), filters));
  }

  /** Keeps the URL in step with the page. Typing replaces the entry it made itself, unless
   * the reader paused for a while on its results; Enter settles the entry; a filter change
   * makes a new entry. So back returns to each query the reader stopped at. */
  function syncUrl(kind) {
    var url = stateUrl(input.value.trim(), filterValues());
    var same = url === location.pathname + location.search;
    var st = history.state;
    var now = Date.now();
    if (kind === 'type') {
      if (same) return;
      if (st && st.typing && now - lastTypeAt < 1500) history.replaceState({ typing: true }, '', url);
      else history.pushState({ typing: true }, '', url);
      lastTypeAt = now;
    } else if (kind === 'commit') {
      if (same) history.replaceState({ typing: false }, '', url);
      else history.pushState({ typing: false }, '', url);
    } else if (!same) {
      history.pushState({ typing: false }, '', url);
    }
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    FILTERS.forEach(function (f) {
      var s = selects[f[0]];
      if (s) s.value = p.get(f[0]) || '';
    });
  }

  /** Produces results in exact order: candidates are checked against their text best first;
   * a candidate's index key bounds its exact key, so a checked one is shown once no
   * unchecked one can beat it. */
  function Resolver(keys, terms, exact) {
    this.keys = keys;
    this.terms = terms;
    this.exact = exact;
    this.next = 0;
    this.ready = [];
    this.shown = 0;
    this.dropped = 0;
    this.checked = {};
    /** Loads the whole lists of first tiers; resolves to the keys they give. */
    this.expand = null;
    this.widening = null;
    /** Set when the whole lists cost more than `meta.widen` postings: candidates the first tiers do
     * not decide are then taken best bound first and shown in exact order among themselves. */
    this.approx = false;
  }
  /** Whether loading the whole lists of the first tiers is within `meta.widen` postings
   * (about 50 KB gzip; docs/search.md, "Large archives"). */
  Resolver.prototype.affordable = function () {
    var n = 0;
    this.terms.forEach(function (t) { t.lists.forEach(function (l) { if (l.rest) n += l.df; }); });
    return n <= meta.widen;
  };
  /** Index of the next key to check, skipping those checked already. */
  Resolver.prototype.pending = function () {
    while (this.next < this.keys.length && !this.keys[this.next].sentinel &&
      this.checked[this.keys[this.next].id] !== undefined) this.next++;
    return this.keys[this.next];
  };
  /** Replaces first tiers by whole lists (once); what was checked stays checked. */
  Resolver.prototype.widen = function () {
    var self = this;
    if (!self.expand) return Promise.resolve();
    if (!self.widening) {
      self.widening = self.expand().then(function (keys) {
        self.keys = keys;
        self.next = 0;
        self.expand = null;
        self.approx = false;
        self.dropped = keys.filter(function (k) { return self.checked[k.id] === false; }).length;
      }, function (e) { self.widening = null; throw e; });
    }
    return self.widening;
  };
  Resolver.prototype.take = function (n, my) {
    var self = this;
    var out = [];
    function step() {
      if (my !== seq) return Promise.resolve(out);
      while (out.length < n) {
        var top = self.ready[0];
        var pending = self.pending();
        if (top && (!pending || self.approx || compareKeys(top.key, pending) <= 0)) {
          out.push(self.ready.shift());
          continue;
        }
        if (!pending) return Promise.resolve(out);
        // A key the first tiers leave open: load the whole lists when they are cheap enough,
        // else go on best bound first; past the first tiers' documents, load them anyway.
        if (pending.sentinel) return self.widen().then(step);
        if (!pending.sure && self.expand && !self.approx) {
          if (self.affordable()) return self.widen().then(step);
          self.approx = true;
        }
        var batch = [];
        var want = Math.max(n - out.length, 4);
        while (batch.length < want && self.pending() && !self.keys[self.next].sentinel) {
          batch.push(self.keys[self.next++]);
        }
        return Promise.all(batch.map(function (k) {
          return getDoc(k.id).then(function (doc) {
            var key = self.exact && k.sure ? k : exactKey(k.id, doc, self.terms);
            self.checked[k.id] = !!key;
            if (!key) { self.dropped++; return; }
            self.ready.push({ key: key, doc: doc });
          });
        })).then(function () {
          self.ready.sort(function (a, b) { return compareKeys(a.key, b.key); });
          return step();
        });
      }
      return Promise.resolve(out);
    }
    return step();
  };
  Resolver.prototype.done = function () {
    return !this.pending() && this.ready.length === 0;
  };

  /** How many results a search has: {n, approx}. Exact once every candidate is checked, or
   * when the index decides every term; while first tiers stand in for long lists, estimated
   * from the lists' lengths (exact for one token). */
  function countOf(c) {
    var r = c.resolver;
    if (r.done()) {
      var n = 0;
      Object.keys(r.checked).forEach(function (id) { if (r.checked[id]) n++; });
      return { n: n, approx: false };
    }
    if (!c.truncated) return { n: c.keys.length - r.dropped, approx: !c.exact };
    var sure = 0;
    Object.keys(r.checked).forEach(function (id) { if (r.checked[id]) sure++; });
    return { n: Math.max(sure, c.estimate), approx: !c.estimateExact };
  }

  function appendMarked(el, chars, from, to, marks) {
    var pos = from;
    marks.forEach(function (m) {
      var s = Math.max(m[0], from), e = Math.min(m[1], to);
      if (e <= s) return;
      if (s > pos) el.appendChild(document.createTextNode(chars.slice(pos, s).join('')));
      var mark = document.createElement('mark');
      mark.textContent = chars.slice(s, e).join('');
      el.appendChild(mark);
      pos = e;
    });
    if (pos < to) el.appendChild(document.createTextNode(chars.slice(pos, to).join('')));
  }

  function marked(el, text, terms, x) {
    var chars = Array.from(text);
    appendMarked(el, chars, 0, chars.length, matchIntervals(foldChars(text, x), terms));
  }

  function safeUrl(u) {
    return typeof u === 'string' && (u.charAt(0) === '/' || /^https?:\/\//.test(u)) ? u : '#';
  }

  function renderItem(r, terms) {
    var d = r.doc;
    var li = document.createElement('li');
    li.className = 'search-hit';
    var h = document.createElement('h2');
    var a = document.createElement('a');
    a.href = safeUrl(d.u);
    a.className = 'search-hit-title';
    marked(a, d.t || '', terms, d.x);
    h.appendChild(a);
    li.appendChild(h);
    var m = document.createElement('p');
    m.className = 'search-hit-meta';
    if (d.k === 1) {
      var kind = document.createElement('span');
      kind.className = 'search-hit-kind';
      kind.textContent = '图片说明';
      m.appendChild(kind);
    }
    [d.a, d.i, d.d].forEach(function (v, i) {
      if (!v) return;
      var s = document.createElement('span');
      s.className = ['search-hit-area', 'search-hit-issue', 'search-hit-date'][i];
      if (i === 0) marked(s, v, terms, d.x); else s.textContent = v;
      m.appendChild(s);
    });
    li.appendChild(m);
    var sn = d.k === 1 ? { chars: [] } : makeSnippet(d, terms);
    if (sn.chars.length) {
      var p = document.createElement('p');
      p.className = 'search-hit-snippet';
      if (sn.label) {
        var lab = document.createElement('span');
        lab.className = 'search-hit-label';
        lab.textContent = sn.label;
        p.appendChild(lab);
      }
      if (sn.from > 0) p.appendChild(document.createTextNode('…'));
      appendMarked(p, sn.chars, sn.from, sn.to, sn.marks);
      if (sn.to < sn.chars.length) p.appendChild(document.createTextNode('…'));
      li.appendChild(p);
    }
    return li;
  }

  function countText(c) {
    var k = countOf(c);
    if (k.n <= 0 && c.resolver.done()) return '没有找到匹配的案例。';
    return (k.approx ? '找到约 ' : '找到 ') + k.n + ' 个结果';
  }

  /** Shows the next page of results; `replace` swaps out the previous list only once the new
   * one is ready, so the list does not flicker while the reader types. */
  function showMore(my, replace) {
    var c = current;
    if (!c || c.seq !== my) return Promise.resolve();
    if (moreBtn) moreBtn.hidden = true;
    return c.resolver.take(PAGE, my).then(function (items) {
      if (my !== seq) return;
      if (replace) clear();
      items.forEach(function (r) { results.appendChild(renderItem(r, c.terms)); });
      status(countText(c));
      if (moreBtn) moreBtn.hidden = c.resolver.done();
      // The counts are only seen with the filters unfolded (and may need the whole lists).
      if (filtersOpen()) {
        if (facets) showCounts(c);
        else loadFacets();
      }
    });
  }

  function filtersOpen() { return !filterBox || filterBox.open; }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (moreBtn) moreBtn.hidden = true;
    if (suggestEl) suggestEl.hidden = true;
  }

  /** For a query that finds nothing: its longest parts that do find something, each a link
   * with its count (as the linked page would show it), none inside another. */
  function suggest(c, my) {
    var parts = suggestParts(parseQuery(c.q, table));
    var found = [];
    var checks = 0;
    var i = 0;
    function next() {
      if (my !== seq) return Promise.resolve();
      while (i < parts.length && found.length < SUGGEST_MAX && checks < SUGGEST_CHECKS) {
        var part = parts[i++];
        if (found.some(function (f) { return partContains(f.part, part); })) continue;
        return prepare(part.text, c.filters, my).then(function (s) {
          if (!s || !s.keys.length) return next();
          if (s.exact && !s.truncated) {
            found.push({ part: part, n: s.keys.length, approx: false });
            return next();
          }
          checks++;
          return s.resolver.take(PAGE, my).then(function (items) {
            if (items.length) {
              var k = countOf(s);
              found.push({ part: part, n: k.n, approx: k.approx });
            }
            return next();
          });
        });
      }
      if (my === seq) showSuggestions(found, c.filters);
      return Promise.resolve();
    }
    return next();
  }

  function showSuggestions(found, filters) {
    if (!suggestEl) return;
    var list = suggestEl.querySelector('ul');
    while (list.firstChild) list.removeChild(list.firstChild);
    found.forEach(function (f) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = stateUrl(f.part.text, filters);
      a.setAttribute('data-q', f.part.text);
      a.textContent = f.part.text;
      var n = document.createElement('span');
      n.className = 'count';
      n.textContent = (f.approx ? '约 ' : '') + f.n + ' 个结果';
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(n);
      list.appendChild(li);
    });
    suggestEl.hidden = !found.length;
  }

  var metaReady = null;

  /** Looks a query up: {q, filters, terms, keys (ranked candidates), exact, base (the terms'
   * candidates before filters; null: every document), resolver}, or null for nothing to do. */
  function prepare(q, filters, my) {
    return loadTable(q).then(function () {
      var terms = limitTokens(parseQuery(q, table), MAX_TOKENS);
      var filterTokens = FILTERS.filter(function (f) { return filters[f[0]]; })
        .map(function (f) { return '#' + f[1] + ':' + filters[f[0]]; });
      if (!terms.length && !filterTokens.length) return null;
      return Promise.all(terms.map(function (t) {
        return Promise.all(t.lookup.map(postings));
      }).concat([Promise.all(filterTokens.map(postings))])).then(function (lists) {
        var filterIds = lists.pop().map(function (l) { return l.ids; });
        terms.forEach(function (t, i) { t.lists = lists[i]; });
        var exact = terms.every(function (t) { return t.exact; });
        var c = { seq: my, q: q, filters: filters, terms: terms, exact: exact };
        function assess() {
          var e = evaluate(terms, filterIds, meta.docs);
          c.keys = e.keys;
          c.base = e.base;
          c.truncated = e.truncated;
          c.estimate = e.estimate;
          c.estimateExact = e.estimateExact;
        }
        assess();
        c.resolver = new Resolver(c.keys, terms, exact);
        if (c.truncated) {
          c.resolver.expand = function () {
            return Promise.all(terms.map(function (t) {
              return Promise.all(t.lists.map(function (l) { return l.rest ? l.whole() : l; }));
            })).then(function (whole) {
              terms.forEach(function (t, i) { t.lists = whole[i]; });
              assess();
              return c.keys;
            });
          };
        }
        return c;
      });
    });
  }

  function run() {
    var my = ++seq;
    if (!meta) {
      return metaReady.then(function () { if (my === seq) return run(); }, function () {});
    }
    var q = input.value;
    var filters = filterValues();
    noteFilters();
    if (!q.trim() && !Object.keys(filters).length) {
      current = null;
      clear();
      showCounts(null);
      status('');
      settled(q, filters);
      return Promise.resolve();
    }
    results.setAttribute('aria-busy', 'true');
    var slow = setTimeout(function () { if (my === seq) status('正在搜索…'); }, 250);
    return prepare(q, filters, my).then(function (c) {
      if (my !== seq) return;
      if (!c) {
        current = null;
        clear();
        showCounts(null);
        status('请输入要搜索的字词。');
        settled(q, filters);
        return;
      }
      current = c;
      return showMore(my, true).then(function () {
        clearTimeout(slow);
        if (my === seq && c.resolver.done() && countOf(c).n === 0 && c.terms.length) {
          return suggest(c, my);
        }
      }).then(function () { if (my === seq) settled(q, filters); });
    }).catch(function (e) {
      if (my !== seq) return;
      clear();
      status('搜索索引加载失败，请稍后重试。');
      settled(q, filters);
      if (window.console) console.error(e);
    }).then(function () { clearTimeout(slow); });
  }

  var timer = null;
  var composing = false;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { syncUrl('type'); run(); }, 120);
  }

  input.addEventListener('compositionstart', function () { composing = true; });
  input.addEventListener('compositionend', function () { composing = false; schedule(); });
  input.addEventListener('input', function (e) {
    if (composing || e.isComposing) return;
    schedule();
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    syncUrl('commit');
    run();
  });
  FILTERS.forEach(function (f) {
    var s = selects[f[0]];
    if (s) s.addEventListener('change', function () { syncUrl('filter'); run(); });
  });
  if (moreBtn) {
    moreBtn.addEventListener('click', function () {
      var first = results.children.length;
      showMore(seq).then(function () {
        var link = results.children[first] && results.children[first].querySelector('a');
        if (link) link.focus();
      });
    });
  }
  if (suggestEl) {
    suggestEl.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a[data-q]');
      if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      input.value = a.getAttribute('data-q');
      input.focus();
      syncUrl('commit');
      run();
    });
  }
  if (filterBox) {
    filterBox.addEventListener('toggle', function () {
      if (!filterBox.open || !current) return;
      if (facets) showCounts(current);
      else loadFacets();
    });
  }
  window.addEventListener('popstate', function () { readUrl(); run(); });

  // Keyboard: ↓ from the box to the results, ↑/↓ between them, Esc back to the box.
  function links() { return Array.prototype.slice.call(results.querySelectorAll('a.search-hit-title')); }
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {
      var l = links();
      if (l.length) { e.preventDefault(); l[0].focus(); }
    }
  });
  results.addEventListener('keydown', function (e) {
    var l = links();
    var i = l.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < l.length) { e.preventDefault(); l[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? l[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
  });

  document.documentElement.classList.add('js-search');
  readUrl();
  metaReady = loadMeta();
  metaReady.then(function () {
    return run();
  }, function (e) {
    status('搜索索引加载失败，请稍后重试。');
    if (window.console) console.error(e);
  });
})();
