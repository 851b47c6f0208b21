//! The search index: generated JSON under `search/`, read by `search.js` (format in
//! docs/search.md).
//!
//! Every case, and every issue-level figure caption, is a *document*, numbered newest first.
//! Its fields are folded ([`fold`]) and tokenised ([`tokenize`]); posting lists per token are
//! written in hash-addressed shards, so a query downloads only the shards of its own tokens
//! and then the documents it shows (in chunks of [`CHUNK`] consecutive ids), never the
//! archive's text.

mod document;
pub mod encode;
pub mod fold;
pub mod memo;
pub mod tokenize;

use crate::model::Site;
use crate::output::OutFile;
use document::{Prepared, Source, doc_hashes, documents, prepare};
use encode::{Encoded, FirstTier, Stored};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
pub fn input_fingerprint(input: &Input) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (input.key, tier_size(), widen()).hash(&mut h);
    input.hashes.hash(&mut h);
    h.finish()
}

/// What the index is built from, worked out once per build: the documents in index order,
/// each one's input hash, and [`memo_key`].
pub struct Input {
    docs: Vec<Source>,
    hashes: Vec<u64>,
    key: u64,
}

impl Input {
    pub fn of(site: &Site) -> Input {
        let docs = documents(site);
        let hashes = doc_hashes(site, &docs);
        Input {
            docs,
            hashes,
            key: memo_key(site),
        }
    }
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

/// A file of the current output to keep: path and fingerprint.
pub type KeptFile = (String, u64);

/// The search index files for the site, giving up (`None`) as soon as `stop` says so; it
/// is asked between steps of a few milliseconds each. Posting lists come from the build
/// cache `memo` where they can; a `d/` file that `current` says the output has, with the
/// same fingerprint, is not made but listed (path, fingerprint) for the writer to keep.
pub fn files_unless(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
    memo: Option<std::path::PathBuf>,
    current: &(dyn Fn(&str, u64) -> Option<u64> + Sync),
) -> Option<(Vec<OutFile>, Vec<KeptFile>)> {
    let mut all = Vec::new();
    let kept = std::sync::Mutex::new(Vec::new());
    let keep = |path: &str, fp: u64| {
        let h = current(path, fp)?;
        kept.lock().ok()?.push((path.to_string(), fp));
        Some(h)
    };
    let reuse = Reuse { memo, keep: &keep };
    emit_unless(site, &Input::of(site), stop, &reuse, &mut |batch| {
        all.extend(batch);
        true
    })?;
    Some((all, kept.into_inner().unwrap_or_default()))
}

/// `search/d/<chunk>.json` alone (a file [`files_unless`] listed as kept, which could not be
/// kept after all): the same bytes and fingerprint as the whole index's.
pub fn chunk_file(site: &Site, chunk: usize) -> Option<OutFile> {
    let docs = documents(site);
    let ids = chunk * CHUNK..((chunk + 1) * CHUNK).min(docs.len());
    let srcs = docs.get(ids)?;
    let hashes = doc_hashes(site, srcs);
    let mut json = vec![b'['];
    for (k, &src) in srcs.iter().enumerate() {
        if k > 0 {
            json.push(b',');
        }
        json.extend_from_slice(&prepare(site, src, false, true).json);
    }
    json.push(b']');
    let path = format!("search/d/{chunk}.json");
    Some(OutFile::bytes(path, json).with_fp(chunk_fp(memo_key(site), &hashes)))
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
    input: &Input,
    stop: &(dyn Fn() -> bool + Sync),
    reuse: &Reuse,
    emit: &mut dyn FnMut(Vec<OutFile>) -> bool,
) -> Option<()> {
    let t = std::time::Instant::now();
    let (docs, hashes, key) = (&input.docs, &input.hashes, input.key);
    let mut out = Emitter {
        emit,
        hashes: Vec::new(),
    };
    let mut batch: Vec<OutFile> = Vec::new();

    // Postings, packed `doc << 6 | info`, ascending by doc: from the cache, renumbered,
    // where it has the document; tokenised otherwise.
    if stop() {
        return None;
    }
    let memo = match reuse.memo.as_deref() {
        Some(f) => memo::load(f, key, stop)?,
        None => None,
    };
    if stop() {
        return None;
    }
    let t = crate::timing::lap("    search: hashes + cache read", t);
    let from_memo = memo.is_some();
    let (mut lists, fresh, same_docs) = match memo {
        Some(m) => {
            let (map, fresh) = memo::remap(&m.hashes, hashes);
            let same = &m.hashes == hashes;
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
        // Which of the group's `d/` files are kept as they are (each a look at the disk).
        let mut made = vec![false; group.len()];
        let kept: Vec<Option<(String, u64)>> = made
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(k, ids)| {
                let from = first + k * CHUNK;
                let path = format!("search/d/{}.json", from / CHUNK);
                let fp = chunk_fp(key, &hashes[from..from + ids.len()]);
                let h = (reuse.keep)(&path, fp);
                if h.is_none() {
                    ids.fill(true);
                }
                Some(path).zip(h)
            })
            .collect();
        out.hashes.extend(kept.into_iter().flatten());
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
            let lists = &lists;
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
    if stop() {
        return None;
    }
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
