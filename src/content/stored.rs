//! The parse cache on disk (`.shequ/cache/parse/cases`): for every case file that parsed
//! without a word to say, its stamp (length, modification and change times, inode), its
//! front matter as parsed and its body's hash and length. `shequ build` reads it before
//! loading `content/`; a case whose file has the stamp recorded is taken from it without
//! being read (its body is read only if something renders or indexes it again:
//! [`super::Body`]). Issues are always parsed: they are few, and their text is rendered on
//! every build anyway.
//!
//! The cache is trusted only by the same shequ with the same configuration, and only when
//! it is whole (checksum). A file changed within [`RACY_NS`] of the build that read it is
//! not recorded (the clock's tick could hide a second change), and a file whose body is
//! not what its stamp promised fails the build that reads it rather than publishing it.

use super::front::CaseMeta;
use super::{Body, CachedParse, LoadedCase, ParseCache, Parsed, SourceStamp};
use crate::config::Config;
use crate::stamp::{RACY_NS, Stamp};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"shequ parse cache 2\n";
/// Entries per chunk: chunks are decoded in parallel.
const CHUNK: usize = 4096;

pub fn path(root: &Path) -> PathBuf {
    root.join(".shequ")
        .join("cache")
        .join("parse")
        .join("cases")
}

/// What every entry depends on besides its file: shequ itself, the format and the
/// configuration (but for the site's address, which no front matter depends on).
fn key(config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let config = Config {
        base_url: String::new(),
        ..config.clone()
    };
    (crate::build_id::fingerprint(), MAGIC, &config).hash(&mut h);
    h.finish()
}

/// One case file as it was parsed.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// Path from the site root (as shown in messages).
    #[serde(rename = "p")]
    file: PathBuf,
    /// Length, modification time, inode, change time.
    #[serde(rename = "s")]
    stamp: (u64, i64, u64, i64),
    #[serde(rename = "d")]
    issue_dir: String,
    #[serde(rename = "n")]
    stem: String,
    #[serde(rename = "b")]
    bundle: bool,
    #[serde(rename = "u")]
    slug: String,
    #[serde(rename = "m")]
    meta: CaseMeta,
    /// The body's hash and length.
    #[serde(rename = "h")]
    body_hash: [u64; 2],
    #[serde(rename = "l")]
    body_len: usize,
}

/// A parse cache filled from the file at [`path`] (empty when there is none, or none to
/// trust), and what it held.
pub struct Stored {
    pub cache: std::sync::Arc<ParseCache>,
    /// Entries read.
    read: usize,
    /// When the build began, nanoseconds since the epoch: later changes are racy.
    began: i64,
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// Reads the cache of the site at `root` for `config` (before anything under `content/` is
/// stamped or read).
pub fn load(root: &Path, config: &Config) -> Stored {
    let lean = ParseCache {
        lean: true,
        ..ParseCache::default()
    };
    load_into(std::sync::Arc::new(lean), root, config)
}

/// Like [`load`], into `cache` (a long-lived one not used yet: its entries are replaced).
pub fn load_into(cache: std::sync::Arc<ParseCache>, root: &Path, config: &Config) -> Stored {
    let began = now_ns();
    let t = std::time::Instant::now();
    let config_fp = super::config_fingerprint(config);
    let file = path(root);
    let entries = crate::build_id::read_kept(&file)
        .and_then(|bytes| decode(&bytes, key(config)))
        .unwrap_or_default();
    let t = crate::timing::lap("    parse cache: read + decode", t);
    let read = entries.len();
    let map: HashMap<PathBuf, CachedParse> = entries
        .into_par_iter()
        .map(|e| {
            let walked = root.join(&e.file);
            let (len, mtime, ino, ctime) = e.stamp;
            let stamp = SourceStamp {
                file: Some(Stamp {
                    len,
                    mtime,
                    ino,
                    ctime,
                }),
                config: config_fp,
            };
            let body = Body::stored(e.body_hash, e.body_len, walked.clone(), e.file.clone());
            let case = LoadedCase {
                issue_dir: e.issue_dir,
                file: e.file,
                stem: e.stem,
                bundle: e.bundle,
                meta: e.meta,
                body,
                slug: e.slug,
            };
            let result = (Some(Parsed::Case(case)), Vec::new());
            (walked, CachedParse { stamp, result })
        })
        .collect();
    crate::timing::lap("    parse cache: entries", t);
    if let Ok(mut e) = cache.entries.write() {
        *e = map;
    }
    Stored { cache, read, began }
}

impl Stored {
    /// The cache for the next build (to write at [`path`]) when this one parsed anything
    /// or found fewer files: every case file of this build's walk that parsed without a
    /// word to say and had not changed lately.
    pub fn next(&self, config: &Config) -> Option<Vec<u8>> {
        let parsed = self.cache.parsed.load(std::sync::atomic::Ordering::Relaxed);
        let walked = self.cache.walked.lock().ok()?.clone()?;
        let entries = self.cache.entries.read().ok()?;
        let racy_from = self.began.saturating_sub(RACY_NS);
        let out: Vec<Entry> = walked
            .jobs
            .iter()
            .filter_map(|job| {
                let c = entries.get(job.path())?;
                let stamp = c.stamp.file?;
                if stamp.mtime >= racy_from || stamp.ctime >= racy_from {
                    return None;
                }
                let (Some(Parsed::Case(case)), diags) = &c.result else {
                    return None;
                };
                if !diags.is_empty() {
                    return None;
                }
                Some(Entry {
                    file: case.file.clone(),
                    stamp: (stamp.len, stamp.mtime, stamp.ino, stamp.ctime),
                    issue_dir: case.issue_dir.clone(),
                    stem: case.stem.clone(),
                    bundle: case.bundle,
                    slug: case.slug.clone(),
                    meta: case.meta.clone(),
                    body_hash: case.body.digest(),
                    body_len: case.body.len(),
                })
            })
            .collect();
        (parsed > 0 || out.len() != self.read).then(|| encode(key(config), &out))
    }
}

/// Sealed ([`crate::build_id::seal`]): chunks of [`CHUNK`] entries, each its length (8 bytes)
/// and a JSON array.
fn encode(key: u64, entries: &[Entry]) -> Vec<u8> {
    let chunks: Vec<Vec<u8>> = entries
        .par_chunks(CHUNK)
        .map(|c| serde_json::to_vec(c).unwrap_or_default())
        .collect();
    let mut body = Vec::with_capacity(chunks.iter().map(|c| c.len() + 8).sum());
    for c in &chunks {
        body.extend_from_slice(&(c.len() as u64).to_le_bytes());
        body.extend_from_slice(c);
    }
    crate::build_id::seal(MAGIC, key, &body)
}

/// The entries, when `bytes` is a whole cache for `key`.
fn decode(bytes: &[u8], key: u64) -> Option<Vec<Entry>> {
    let mut body = crate::build_id::unseal(bytes, MAGIC, key)?;
    let mut chunks = Vec::new();
    while !body.is_empty() {
        let (len, rest) = body.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > rest.len() {
            return None;
        }
        let (chunk, rest) = rest.split_at(len);
        chunks.push(chunk);
        body = rest;
    }
    let decoded: Option<Vec<Vec<Entry>>> = chunks
        .into_par_iter()
        .map(|c| serde_json::from_slice(c).ok())
        .collect();
    Some(decoded?.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str) -> Entry {
        Entry {
            file: file.into(),
            stamp: (10, 20, 30, 40),
            issue_dir: "2023-1".into(),
            stem: "case".into(),
            bundle: false,
            slug: "case".into(),
            meta: CaseMeta {
                title: "标题".into(),
                date: crate::content::date::PartialDate::parse("2023-10").unwrap(),
                area: "天山".into(),
                forces: vec![0, 2],
                governance: vec![1],
                partners: vec!["物业".into()],
                tags: Vec::new(),
                summary: None,
                authors: Vec::new(),
                slug: None,
                draft: false,
                weight: Some(3),
                figures: Vec::new(),
            },
            body_hash: [1, 2],
            body_len: 5,
        }
    }

    /// A copy of the fixture site `name` (its config and content).
    fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = root.join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        (dir, root)
    }

    /// What a build with the cache on disk loads, and the cache it leaves.
    fn load_with_cache(root: &Path, config: &Config) -> (super::super::Content, Option<Vec<u8>>) {
        let stored = load(root, config);
        let mut diags = crate::error::Diagnostics::default();
        let content = super::super::load_cached(root, config, Some(&stored.cache), &mut diags)
            .expect("content");
        assert!(diags.items.is_empty(), "{:?}", diags.items);
        (content, stored.next(config))
    }

    #[test]
    fn a_body_from_the_cache_is_read_when_asked_for_and_a_change_meanwhile_is_caught() {
        let (_dir, root) = fixture("basic");
        let mut diags = crate::error::Diagnostics::default();
        let config = Config::load(
            &root.join("config.toml"),
            Path::new("config.toml"),
            &mut diags,
        )
        .expect("config");
        // Past the clock's tick, so that the first load records every file.
        std::thread::sleep(std::time::Duration::from_millis(60));
        let (first, bytes) = load_with_cache(&root, &config);
        assert!(
            first.cases.iter().all(|c| !c.body.is_held()),
            "parsed with a cache to keep it: left on disk"
        );
        std::fs::create_dir_all(path(&root).parent().unwrap()).unwrap();
        std::fs::write(path(&root), bytes.expect("a first cache")).unwrap();

        let (second, bytes) = load_with_cache(&root, &config);
        assert!(bytes.is_none(), "nothing parsed, nothing to write again");
        assert_eq!(second.cases.len(), first.cases.len());
        let qunzu =
            |c: &super::super::Content| c.cases.iter().find(|c| c.stem == "qunzu").unwrap().clone();
        let (was, now) = (qunzu(&first), qunzu(&second));
        assert!(!now.body.is_held(), "from the cache: not held");
        assert_eq!(now.meta.title, was.meta.title);
        assert_eq!(now.slug, was.slug);
        assert_eq!(now.body.digest(), was.body.digest());
        assert_eq!(&*now.body.text(), &*was.body.text(), "read when asked for");

        // The file changes after the load took it from the cache, before its body is read
        // (another editor saving during a build): the body is not trusted.
        let (third, _) = load_with_cache(&root, &config);
        let file = root.join("content/2023-autumn/qunzu.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("志愿者参与排摸", "志愿者一起排摸")).unwrap();
        let body = qunzu(&third).body;
        assert_eq!(&*body.text(), "");
        let failure = body.failure().expect("a changed file is caught");
        assert!(
            failure.to_string().contains("content/2023-autumn/qunzu.md"),
            "{failure}"
        );
    }

    #[test]
    fn a_cache_is_read_back_only_whole_and_for_its_key() {
        let bytes = encode(7, &[entry("content/a/b.md"), entry("content/a/c.md")]);
        let back = decode(&bytes, 7).expect("its own bytes decode");
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].file, Path::new("content/a/c.md"));
        assert_eq!(back[0].meta.weight, Some(3));
        assert!(decode(&bytes, 8).is_none(), "another key");
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        assert!(decode(&flipped, 7).is_none(), "one bit changed");
        assert!(decode(b"", 7).is_none());

        // More than one chunk: every entry back, in order.
        let many: Vec<Entry> = (0..CHUNK + 2)
            .map(|i| entry(&format!("content/a/{i}.md")))
            .collect();
        let back = decode(&encode(7, &many), 7).expect("chunks decode");
        assert_eq!(back.len(), CHUNK + 2);
        assert!(
            back.iter()
                .enumerate()
                .all(|(i, e)| e.file == Path::new(&format!("content/a/{i}.md")))
        );
    }
}
