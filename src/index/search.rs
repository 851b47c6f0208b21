//! The search index: generated JSON under `search/`, read by `search.js` (format in
//! docs/search.md).
//!
//! Every case, and every issue-level figure caption, is a *document*, numbered newest first.
//! Its fields are folded ([`fold`]) and tokenised ([`tokenize`]); posting lists per token are
//! written in hash-addressed shards, so a query downloads only the shards of its own tokens
//! and then the documents it shows (in chunks of [`CHUNK`] consecutive ids), never the
//! archive's text.

pub mod encode;
pub mod fold;
pub mod memo;
pub mod tokenize;

use crate::content::date::PartialDate;
use crate::model::Site;
use crate::output::OutFile;
use encode::{Encoded, FirstTier, Stored};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tokenize::{DocTokens, Field};

/// Version of the file format, in `meta.json`.
pub const FORMAT: u32 = 3;

/// The index's description (format, version, shards…), written last.
pub const META: &str = "search/meta.json";
/// Documents per file: `d/<c>.json` holds ids `c * CHUNK .. c * CHUNK + CHUNK` (the last file
/// fewer). Chosen by measurement (docs/search.md, "Sizes"): fewer files to create at build time
/// against more bytes fetched by a query that shows documents from different chunks.
pub const CHUNK: usize = 4;
/// Encoded posting lists longer than this (bytes) get a file of their own (`t/<hash>.json`).
pub const BIG_POSTINGS: usize = 1536;
/// Target size (bytes, before compression) of a shard of small posting lists.
pub const SHARD_TARGET: usize = 4 * 1024;
/// Prefix of filter tokens: `#a:<area>`, `#f:<force>`, `#g:<governance mode>`, `#y:<year>`.
pub const FILTER_PREFIX: char = '#';

/// Where a document comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Case(usize),
    /// An issue-level figure: issue index, figure index.
    Figure(usize, usize),
}

/// A document as `search.js` shows and verifies it (an element of `d/<chunk>.json`).
#[derive(Serialize)]
struct DocJson<'a> {
    /// 0: a case; 1: an issue-level figure caption (its title is the caption, not searched
    /// as a title).
    k: u8,
    /// Page URL (with the base path).
    u: String,
    /// Title (a figure: its caption).
    t: &'a str,
    /// Area name, or "".
    a: &'a str,
    /// Issue title.
    i: &'a str,
    /// Date as shown (`2023年10月`).
    d: String,
    /// Summary, or "".
    s: &'a str,
    /// Plain text of the body, whitespace runs collapsed.
    b: String,
    /// Partners.
    p: Vec<&'a str>,
    /// Figure captions.
    c: Vec<&'a str>,
    /// Tags.
    g: &'a [String],
    /// Traditional characters of this document with their simplified fold, so the browser
    /// can highlight without the whole table.
    x: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    /// Hash of every other index file; `search.js` adds it to their URLs (`?v=`).
    version: String,
    docs: usize,
    /// Documents per `d/<chunk>.json` file ([`CHUNK`]).
    chunk: usize,
    shards: usize,
    fold_shards: u32,
    prefix_max: usize,
    /// Postings in the first tier of a long list ([`TIER`]).
    tier: usize,
    /// Most postings a query loads as whole lists ([`WIDEN`]).
    widen: usize,
    areas: Vec<&'a str>,
    forces: Vec<&'a str>,
    governance: Vec<&'a str>,
    years: Vec<i32>,
}

/// A hash of everything the index is built from: shequ itself, the config, and for every
/// document in index order what [`prepare`] reads. Hashing is some hundred times cheaper than
/// tokenising, so an unchanged archive keeps its index at a fraction of the cost.
/// `tests/incremental.rs` holds it to account: kept indexes must equal rebuilt ones.
pub fn input_fingerprint(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let per_doc = doc_hashes(site, &documents(site));
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (memo_key(site), tier_size(), widen()).hash(&mut h);
    per_doc.hash(&mut h);
    h.finish()
}

/// What every document's index entry depends on besides the document: shequ itself, the
/// format, the config and the site's URL.
fn memo_key(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (crate::build_id::fingerprint(), FORMAT, &site.config).hash(&mut h);
    site.url("").hash(&mut h);
    h.finish()
}

/// Per document (in index order), a hash of everything [`prepare`] reads of it.
fn doc_hashes(site: &Site, docs: &[Source]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    docs.par_iter()
        .map(|&src| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            match src {
                Source::Case(ci) => {
                    let c = &site.cases[ci];
                    (0u8, &c.title, &site.areas[c.area].name, &c.body, &c.summary).hash(&mut h);
                    for &p in &c.partners {
                        site.partners[p].name.hash(&mut h);
                    }
                    for f in &c.figures {
                        f.caption.hash(&mut h);
                    }
                    (&c.tags, &c.forces, &c.governance, &c.date, &c.path).hash(&mut h);
                    site.issues[c.issue].title.hash(&mut h);
                }
                Source::Figure(ii, fi) => {
                    let issue = &site.issues[ii];
                    let f = &issue.figures[fi];
                    (
                        1u8,
                        &f.caption,
                        &f.area,
                        &issue.title,
                        &issue.date,
                        &issue.path,
                    )
                        .hash(&mut h);
                    issue.figure_areas[fi]
                        .map(|a| &site.areas[a].path)
                        .hash(&mut h);
                }
            }
            h.finish()
        })
        .collect()
}

/// Fingerprint of a `d/<chunk>.json` file: its documents' hashes.
fn chunk_fp(key: u64, hashes: &[u64]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (key, CHUNK, hashes).hash(&mut h);
    // 0 means "no fingerprint" to the output.
    h.finish().max(1)
}

/// Postings in the first tier of a long list ([`encode::first_tier`]): a first query fetches
/// these, and the whole list only when its best results are not among them. Chosen by
/// measurement at 100,000 cases (docs/search.md, "Sizes"). `SHEQU_SEARCH_TIER` overrides
/// it (tests use a small tier on small archives).
pub const TIER: usize = 2048;

/// A list gets a first tier when it is longer than this many tiers: shorter ones cost a
/// query little more whole (under 5 KB gzip) than their first tier would, and at 10,000 cases
/// a query of common words then loads no list twice.
pub const TIERED_FROM: usize = 8;

/// Most postings a query loads as whole lists to rank its first results exactly (about 50 KB
/// gzip at 100,000 cases); past it, `search.js` ranks from the first tiers (docs/search.md,
/// "Large archives"). `SHEQU_SEARCH_WIDEN` overrides it (tests).
pub const WIDEN: usize = 240_000;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn tier_size() -> usize {
    env_or("SHEQU_SEARCH_TIER", TIER)
}

fn widen() -> usize {
    env_or("SHEQU_SEARCH_WIDEN", WIDEN)
}

/// Whitespace runs become one space, or one newline when they contain one.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            pending = Some(if c == '\n' || pending == Some('\n') {
                '\n'
            } else {
                ' '
            });
        } else {
            if let Some(p) = pending.take()
                && !out.is_empty()
            {
                out.push(p);
            }
            out.push(c);
        }
    }
    out
}

/// Sort key of a document: date (newest first), issue, cases before figures, position.
type DocOrder = (std::cmp::Reverse<PartialDate>, usize, u8, usize);

/// The documents, newest first: cases in site order, each issue's figures after the cases
/// of the same date and issue.
fn documents(site: &Site) -> Vec<Source> {
    let mut keyed: Vec<(DocOrder, Source)> = site
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| ((std::cmp::Reverse(c.date), c.issue, 0, i), Source::Case(i)))
        .collect();
    for (ii, issue) in site.issues.iter().enumerate() {
        for fi in 0..issue.figures.len() {
            keyed.push((
                (std::cmp::Reverse(issue.date), ii, 1, fi),
                Source::Figure(ii, fi),
            ));
        }
    }
    // Site order already sorts cases by date, then issue; the key agrees and places figures.
    keyed.sort_by_key(|k| k.0);
    keyed.into_iter().map(|(_, s)| s).collect()
}

/// One document's tokens and JSON.
struct Prepared {
    /// When asked for.
    tokens: Option<DocTokens>,
    /// When asked for; empty otherwise.
    json: Vec<u8>,
}

/// A document's tokens (when `tokens`) and JSON (when `json`).
fn prepare(site: &Site, src: Source, tokens: bool, json: bool) -> Prepared {
    let mut t = DocTokens::default();
    let mut x = BTreeMap::new();
    let add = |t: &mut DocTokens, text: &str, field: Field| {
        if tokens {
            t.add(text, field);
        }
    };
    let hits = |text: &str, x: &mut BTreeMap<_, _>| {
        if json {
            fold::table_hits(text, x);
        }
    };
    let filter = |t: &mut DocTokens, kind: char, value: &str| {
        if tokens {
            t.words
                .entry(format!("{FILTER_PREFIX}{kind}:{value}"))
                .or_default();
        }
    };
    let doc = match src {
        Source::Case(ci) => {
            let c = &site.cases[ci];
            let area = &site.areas[c.area].name;
            // Plain text straight from the source: keeping it for every case until the
            // index is built would cost as much memory as the rendered bodies.
            let body = collapse_ws(&crate::text::plain_text(&c.body));
            let summary = c.summary.as_deref().unwrap_or("");
            let partners: Vec<&str> = c
                .partners
                .iter()
                .map(|&p| site.partners[p].name.as_str())
                .collect();
            let captions: Vec<&str> = c.figures.iter().map(|f| f.caption.as_str()).collect();
            add(&mut t, &c.title, Field::Title);
            add(&mut t, area, Field::Area);
            for text in [summary, body.as_str()]
                .into_iter()
                .chain(partners.iter().copied())
                .chain(captions.iter().copied())
                .chain(c.tags.iter().map(String::as_str))
            {
                add(&mut t, text, Field::Body);
                hits(text, &mut x);
            }
            hits(&c.title, &mut x);
            hits(area, &mut x);
            filter(&mut t, 'a', area);
            for &f in &c.forces {
                filter(&mut t, 'f', &site.config.forces[f].name);
            }
            for &g in &c.governance {
                filter(&mut t, 'g', &site.config.governance[g].name);
            }
            filter(&mut t, 'y', &c.date.year.to_string());
            DocJson {
                k: 0,
                u: site.url(&c.path),
                t: &c.title,
                a: area,
                i: &site.issues[c.issue].title,
                d: c.date.zh(),
                s: summary,
                b: body,
                p: partners,
                c: captions,
                g: &c.tags,
                x: BTreeMap::new(),
            }
        }
        Source::Figure(ii, fi) => {
            let issue = &site.issues[ii];
            let f = &issue.figures[fi];
            let area = f.area.as_deref().unwrap_or("");
            let url = match issue.figure_areas[fi] {
                Some(a) => site.url(&site.areas[a].path),
                None => site.url(&issue.path),
            };
            if !area.is_empty() {
                add(&mut t, area, Field::Area);
                hits(area, &mut x);
                filter(&mut t, 'a', area);
            }
            add(&mut t, &f.caption, Field::Body);
            hits(&f.caption, &mut x);
            filter(&mut t, 'y', &issue.date.year.to_string());
            DocJson {
                k: 1,
                u: url,
                t: &f.caption,
                a: area,
                i: &issue.title,
                d: issue.date.zh(),
                s: "",
                b: String::new(),
                p: Vec::new(),
                c: vec![f.caption.as_str()],
                g: &[],
                x: BTreeMap::new(),
            }
        }
    };
    if !json {
        return Prepared {
            tokens: tokens.then(|| {
                t.finish();
                t
            }),
            json: Vec::new(),
        };
    }
    let doc = DocJson {
        x: x.into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..doc
    };
    Prepared {
        tokens: tokens.then(|| {
            t.finish();
            t
        }),
        json: serde_json::to_vec(&doc).unwrap_or_default(),
    }
}

/// `search/facets.json`: `{kind: {value: ids}}` for every filter token `#<kind>:<value>`,
/// `ids` encoded as in a posting list. The page counts, for each filter value, how many of its
/// current results that value would keep, without fetching every filter token's shard.
fn facets(words: &HashMap<String, Vec<u32>>) -> OutFile {
    let mut map: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for (w, list) in words {
        let Some((kind, value)) = w
            .strip_prefix(FILTER_PREFIX)
            .and_then(|r| r.split_once(':'))
        else {
            continue;
        };
        map.entry(kind)
            .or_default()
            .insert(value, encode::postings(list, false).0);
    }
    OutFile::bytes(
        "search/facets.json".into(),
        serde_json::to_vec(&map).unwrap_or_default(),
    )
}

/// What a build may reuse of earlier ones.
pub struct Reuse<'a> {
    /// The build cache of posting lists ([`memo`]), when the index may use one.
    pub memo: Option<std::path::PathBuf>,
    /// Carries the current output's file at a path over when its fingerprint is the one
    /// given; the hash of its bytes then ([`crate::output::Sink::keep_data`]).
    pub keep: &'a (dyn Fn(&str, u64) -> Option<u64> + Sync),
}

impl Reuse<'_> {
    /// Nothing: every file is made.
    pub const NOTHING: Reuse<'static> = Reuse {
        memo: None,
        keep: &|_, _| None,
    };
}

/// The search index files for the site, giving up (`None`) as soon as `stop` says so; it
/// is asked between steps of a few milliseconds each. Posting lists come from the build
/// cache `memo` where they can.
pub fn files_unless(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
    memo: Option<std::path::PathBuf>,
) -> Option<Vec<OutFile>> {
    let mut all = Vec::new();
    let reuse = Reuse {
        memo,
        ..Reuse::NOTHING
    };
    emit_unless(site, stop, &reuse, &mut |batch| {
        all.extend(batch);
        true
    })?;
    Some(all)
}

/// Hands the index's files to `emit` a batch at a time, as soon as each is made, so that the
/// documents' text (the largest part) is never held whole; `search/meta.json` comes last.
/// Gives up (`None`) when `stop` says so or `emit` returns false.
///
/// With a build cache ([`Reuse::memo`]) only the documents that changed since are tokenised
/// and the cached lists patched; a `d/<chunk>.json` whose documents are unchanged is kept
/// ([`Reuse::keep`]) rather than made again. The files are the same either way.
pub fn emit_unless(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
    reuse: &Reuse,
    emit: &mut dyn FnMut(Vec<OutFile>) -> bool,
) -> Option<()> {
    let t = std::time::Instant::now();
    let docs = documents(site);
    let hashes = doc_hashes(site, &docs);
    let key = memo_key(site);
    let mut out = Emitter {
        emit,
        hashes: Vec::new(),
    };
    let mut batch: Vec<OutFile> = Vec::new();

    // Postings, packed `doc << 6 | info`, ascending by doc: from the cache, renumbered,
    // where it has the document; tokenised otherwise.
    let memo = reuse.memo.as_deref().and_then(|f| memo::load(f, key));
    let t = crate::timing::lap("    search: hashes + cache read", t);
    let from_memo = memo.is_some();
    let (mut lists, fresh, same_docs) = match memo {
        Some(m) => {
            let (map, fresh) = memo::remap(&m.hashes, &hashes);
            let same = m.hashes == hashes;
            let mut lists = m.lists;
            if !same {
                memo::apply(&mut lists, &map);
            }
            (lists, fresh, same)
        }
        None => (
            memo::Lists {
                han: tokenize::HanMap::default(),
                words: HashMap::new(),
            },
            vec![true; docs.len()],
            false,
        ),
    };
    // Lists from the cache that documents left or joined: re-sorted and emptied ones gone.
    let patched = from_memo && !same_docs;
    let years: BTreeSet<i32> = docs
        .iter()
        .map(|&src| match src {
            Source::Case(ci) => site.cases[ci].date.year,
            Source::Figure(ii, _) => site.issues[ii].date.year,
        })
        .collect();
    let info = |doc: usize, a: &tokenize::Acc| -> u32 {
        ((doc as u32) << 6)
            | (u32::from(tokenize::tf_bucket(a.count)) << 2)
            | (u32::from(a.title) << 1)
            | u32::from(a.area)
    };
    // Documents a group at a time (whole `d/` files each), in parallel, merged in order,
    // which bounds memory.
    const GROUP: usize = 512;
    const _: () = assert!(GROUP.is_multiple_of(CHUNK));
    for (group_no, group) in docs.chunks(GROUP).enumerate() {
        if stop() {
            return None;
        }
        let first = group_no * GROUP;
        // Which of the group's `d/` files are kept as they are.
        let mut made = vec![false; group.len()];
        for (k, ids) in made.chunks_mut(CHUNK).enumerate() {
            let from = first + k * CHUNK;
            let path = format!("search/d/{}.json", from / CHUNK);
            let fp = chunk_fp(key, &hashes[from..from + ids.len()]);
            match (reuse.keep)(&path, fp) {
                Some(h) => out.hashes.push((path, h)),
                None => ids.fill(true),
            }
        }
        let prepared: Vec<Option<Prepared>> = group
            .par_iter()
            .enumerate()
            .map(|(k, &s)| {
                let tokens = fresh[first + k];
                (tokens || made[k]).then(|| prepare(site, s, tokens, made[k]))
            })
            .collect();
        // The JSON array of the file being filled: `[doc,doc,…`.
        let mut chunk_json: Vec<u8> = Vec::new();
        for (k, p) in prepared.into_iter().enumerate() {
            let id = first + k;
            let Some(p) = p else { continue };
            if let Some(tokens) = p.tokens {
                for (key, a) in &tokens.han {
                    lists.han.entry(*key).or_default().push(info(id, a));
                }
                for (w, a) in tokens.words {
                    let v = info(id, &a);
                    lists.words.entry(w).or_default().push(v);
                }
            }
            if !made[k] {
                continue;
            }
            chunk_json.push(if id.is_multiple_of(CHUNK) { b'[' } else { b',' });
            chunk_json.extend_from_slice(&p.json);
            if id % CHUNK == CHUNK - 1 || id + 1 == docs.len() {
                chunk_json.push(b']');
                let from = id - id % CHUNK;
                batch.push(
                    OutFile::bytes(
                        format!("search/d/{}.json", id / CHUNK),
                        std::mem::take(&mut chunk_json),
                    )
                    .with_fp(chunk_fp(key, &hashes[from..=id])),
                );
            }
        }
        out.send(std::mem::take(&mut batch))?;
    }
    if patched {
        // The changed documents' postings went to the ends of their lists.
        let fix = |list: &mut Vec<u32>| {
            if !list.is_sorted() {
                list.sort_unstable();
            }
        };
        lists.han.par_iter_mut().for_each(|(_, l)| fix(l));
        lists.words.par_iter_mut().for_each(|(_, l)| fix(l));
        lists.han.retain(|_, l| !l.is_empty());
        lists.words.retain(|_, l| !l.is_empty());
    }
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        let n = fresh.iter().filter(|&&f| f).count();
        eprintln!(
            "timing:     search: {n} of {} documents tokenised",
            docs.len()
        );
    }
    let t = crate::timing::lap("    search: documents, tokens, merge", t);
    // The cache is written while the lists are encoded.
    std::thread::scope(|scope| {
        if let Some(file) = reuse.memo.as_deref().filter(|_| !same_docs) {
            let (hashes, lists) = (&hashes, &lists);
            scope.spawn(move || memo::save(file, key, hashes, lists));
        }
        write_lists(site, stop, &mut out, &lists, docs.len(), years, t)
    })
}

/// The posting lists' files (shards, long lists, their first tiers), the folding table and
/// `search/meta.json` last.
fn write_lists(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
    out: &mut Emitter,
    lists: &memo::Lists,
    docs: usize,
    years: BTreeSet<i32>,
    t: std::time::Instant,
) -> Option<()> {
    let (han, words) = (&lists.han, &lists.words);
    let mut batch: Vec<OutFile> = Vec::new();
    if stop() {
        return None;
    }
    out.send(vec![facets(words)])?;
    // Encode every list; long ones get their own file, and the longest a first tier.
    let tier = tier_size();
    let encode_list = |token: String, list: &[u32], with_info: bool| -> Encoded {
        let (ids, infos) = encode::postings(list, with_info);
        let first = if with_info && list.len() > TIERED_FROM * tier {
            encode::first_tier(list, tier).map(|t| {
                let (ids, infos) = encode::postings(&t.head, true);
                FirstTier(ids, infos, list.len(), t.rest_info, t.rest_id)
            })
        } else {
            None
        };
        Encoded {
            token,
            ids,
            infos,
            first,
        }
    };
    let mut encoded: Vec<Encoded> = han
        .par_iter()
        .map(|(k, list)| encode_list(tokenize::han_key_str(*k), list, true))
        .collect();
    encoded.par_extend(words.par_iter().map(|(w, list)| {
        let with_info = !w.starts_with(FILTER_PREFIX);
        encode_list(w.clone(), list, with_info)
    }));
    let t = crate::timing::lap("    search: encode", t);
    let small_total: usize = encoded
        .iter()
        .map(Encoded::len)
        .filter(|&n| n <= BIG_POSTINGS)
        .sum();
    let shards = small_total
        .div_ceil(SHARD_TARGET)
        .max(1)
        .next_power_of_two();
    let mut shard_maps: Vec<BTreeMap<String, Stored>> =
        (0..shards).map(|_| BTreeMap::new()).collect();
    let mut big: BTreeMap<u32, BTreeMap<String, Stored>> = BTreeMap::new();
    let mut full: BTreeMap<u32, BTreeMap<String, Stored>> = BTreeMap::new();
    for e in encoded {
        let h = encode::fnv1a(&e.token);
        let shard = &mut shard_maps[(h as usize) % shards];
        if e.len() > BIG_POSTINGS {
            let listed = match e.first {
                Some(first) => {
                    full.entry(h)
                        .or_default()
                        .insert(e.token.clone(), Stored::Inline([e.ids, e.infos]));
                    Stored::Tier(first)
                }
                None => Stored::Inline([e.ids, e.infos]),
            };
            big.entry(h).or_default().insert(e.token.clone(), listed);
            shard.insert(e.token, Stored::Big(0));
        } else {
            shard.insert(e.token, Stored::Inline([e.ids, e.infos]));
        }
    }
    // Each shard's file made and handed on in turn, its map dropped.
    for (k, m) in shard_maps.into_iter().enumerate() {
        let bytes = serde_json::to_vec(&m).unwrap_or_default();
        drop(m);
        batch.push(OutFile::bytes(format!("search/s/{k}.json"), bytes));
        if batch.len() == 256 {
            out.send(std::mem::take(&mut batch))?;
        }
    }
    for (dir, mut lists) in [("t", big), ("u", full)] {
        while let Some((h, m)) = lists.pop_first() {
            let bytes = serde_json::to_vec(&m).unwrap_or_default();
            batch.push(OutFile::bytes(format!("search/{dir}/{h:08x}.json"), bytes));
            if batch.len() == 256 {
                out.send(std::mem::take(&mut batch))?;
            }
        }
    }
    for (k, m) in fold::table_shards().iter().enumerate() {
        batch.push(OutFile::bytes(
            format!("search/fold/{k}.json"),
            serde_json::to_vec(m).unwrap_or_default(),
        ));
    }
    out.send(batch)?;
    crate::timing::lap("    search: shards", t);
    let areas: Vec<&str> = site
        .areas
        .iter()
        .filter(|a| !a.cases.is_empty() || !a.figures.is_empty())
        .map(|a| a.name.as_str())
        .collect();
    let meta = Meta {
        format: FORMAT,
        version: format!("{:016x}", out.version()),
        docs,
        chunk: CHUNK,
        shards,
        fold_shards: fold::FOLD_SHARDS,
        prefix_max: tokenize::PREFIX_MAX,
        tier,
        widen: widen(),
        areas,
        forces: site.config.forces.iter().map(|f| f.name.as_str()).collect(),
        governance: site
            .config
            .governance
            .iter()
            .map(|g| g.name.as_str())
            .collect(),
        years: years.into_iter().rev().collect(),
    };
    let meta = OutFile::bytes(META.into(), serde_json::to_vec(&meta).unwrap_or_default());
    out.send(vec![meta])
}

/// Hands batches on, remembering each file's hash for the index's version.
struct Emitter<'e> {
    emit: &'e mut dyn FnMut(Vec<OutFile>) -> bool,
    hashes: Vec<(String, u64)>,
}

impl Emitter<'_> {
    fn send(&mut self, batch: Vec<OutFile>) -> Option<()> {
        for f in &batch {
            if let crate::output::Body::Bytes(b) = &f.body {
                self.hashes
                    .push((f.path.clone(), xxhash_rust::xxh3::xxh3_64(b)));
            }
        }
        (self.emit)(batch).then_some(())
    }

    /// Covers every file sent so far, so a changed index never mixes with a cached one.
    fn version(&mut self) -> u64 {
        use std::hash::{Hash, Hasher};
        self.hashes.sort_unstable();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        self.hashes.hash(&mut h);
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_ws("  a \n\n b  c\n"), "a\nb c");
        assert_eq!(collapse_ws("群租\t 整治"), "群租 整治");
    }
}
