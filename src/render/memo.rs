//! The rendered Markdown's build cache (`.shequ/cache/markdown/rendered`): for every case
//! rendered without a problem, what its page and the checks need of it — its HTML's
//! fingerprint, whether it shows code or a photo, the photos it names and what each of its
//! link and image targets resolved to — but not the HTML itself. A build that finds a case
//! here does not render its Markdown; a page that shows it renders it then (`RenderParts::
//! case_html`), which for a build after a few edits means a few cases, not all of them.
//!
//! Like the search index's cache it is a memo, never a source of truth. An entry is found
//! by a hash of the case's file, link base and text; it is used only while every target
//! it recorded still resolves the same (a file removed, a photo changed: rendered again).
//! The whole file is keyed by shequ itself, the format, the config and the site's URL, and
//! covered by a checksum; anything amiss and it is ignored. Written to a temporary file and
//! renamed into place.
//!
//! Layout: [`MAGIC`], key `u64` and the xxh3 of the rest `u64` (little-endian), then the
//! entries as JSON.

use super::parts::{Reference, RenderedCase, check_figures, photo_of, render_fresh};
use super::references::{Source, Targets};
use crate::model::Site;
use crate::photos::Photos;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"shequ rendered markdown 1\n";

/// Where the cache of the site at `root` lives.
pub fn path(root: &Path) -> PathBuf {
    root.join(".shequ")
        .join("cache")
        .join("markdown")
        .join("rendered")
}

/// What every entry depends on besides its case: shequ itself, the format and the config
/// but for the site's host (rendered text links by path: the dev server, which serves the
/// site at its own address, and `shequ build` share the cache).
pub fn key(site: &crate::model::Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let config = crate::config::Config {
        base_url: String::new(),
        ..site.config.clone()
    };
    (crate::build_id::fingerprint(), MAGIC, &config).hash(&mut h);
    site.url("").hash(&mut h);
    h.finish()
}

/// What rendering one case's Markdown gave, without its HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Hash of the case's file, link base and text ([`source_key`]).
    #[serde(rename = "k")]
    pub key: [u64; 2],
    /// xxh3 of the HTML.
    #[serde(rename = "f")]
    pub fingerprint: u64,
    #[serde(rename = "c")]
    pub has_code: bool,
    #[serde(rename = "p")]
    pub has_photo: bool,
    /// The photos its text shows or links to (their output paths).
    #[serde(rename = "r")]
    pub photo_refs: Vec<String>,
    /// Every link and image target, in order, and what it resolved to.
    #[serde(rename = "t")]
    pub targets: Vec<Target>,
}

/// A target as written and what it resolved to when the entry was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    #[serde(rename = "d")]
    pub dest: String,
    #[serde(rename = "i")]
    pub image: bool,
    /// The URL written in its place (`None`: kept as written).
    #[serde(rename = "u")]
    pub url: Option<String>,
    /// The signature of the photo it names.
    #[serde(rename = "s")]
    pub photo: Option<u64>,
}

/// The entries of a cache as read, by key.
#[derive(Default)]
pub struct Memo {
    pub entries: HashMap<[u64; 2], Entry>,
}

impl Memo {
    pub fn of(entries: Vec<Entry>) -> Memo {
        Memo {
            entries: entries.into_iter().map(|e| (e.key, e)).collect(),
        }
    }
}

/// Which entry is a case's: a hash of its file, link base and Markdown (`body`: the
/// Markdown's hash, [`crate::content::Body::digest`]).
pub fn source_key(file: &Path, link_base: &str, body: [u64; 2]) -> [u64; 2] {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let file = file.to_string_lossy();
    for part in [file.as_bytes(), link_base.as_bytes()] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(&body[0].to_le_bytes());
    h.update(&body[1].to_le_bytes());
    let v = h.digest128();
    [v as u64, (v >> 64) as u64]
}

fn encode(key: u64, entries: &[Entry]) -> Vec<u8> {
    let json = serde_json::to_vec(entries).unwrap_or_default();
    crate::build_id::seal(MAGIC, key, &json)
}

fn decode(bytes: &[u8], key: u64) -> Option<Memo> {
    let json = crate::build_id::unseal(bytes, MAGIC, key)?;
    let list: Vec<Entry> = serde_json::from_slice(json).ok()?;
    let n = list.len();
    let entries: HashMap<[u64; 2], Entry> = list.into_iter().map(|e| (e.key, e)).collect();
    // A key twice is not a cache this module wrote.
    (entries.len() == n).then_some(Memo { entries })
}

/// The cache at `file` when it was written for `key` and reads back whole; an empty one
/// otherwise.
pub fn load(file: &Path, key: u64) -> Memo {
    crate::build_id::read_kept(file)
        .and_then(|b| decode(&b, key))
        .unwrap_or_default()
}

/// Writes the cache ([`crate::output::replace_cache_file`]).
pub fn save(file: &Path, key: u64, entries: &[Entry]) {
    crate::output::replace_cache_file(file, &encode(key, entries));
}

/// What a build that uses this cache learnt.
pub struct MemoReport {
    /// Cases whose Markdown was rendered (the others came from the cache).
    pub rendered: usize,
    pub cases: usize,
    /// The entries to save for the next build, when they differ from the cache read.
    pub save: Option<Vec<Entry>>,
}

/// Whether `e`, found for `source` by its key, still holds: every target it recorded
/// resolves the same and names the same photo.
fn still_holds(e: &Entry, source: &Source, targets: &Targets, photos: &Photos) -> bool {
    e.targets.iter().all(|t| {
        targets.resolve(source, &t.dest, t.image) == Ok(t.url.clone())
            && photo_of(targets, photos, source, &t.dest).map(|(_, p)| p) == t.photo.map(Ok)
    })
}

/// The cache entry of a rendering without problems.
fn entry_of(key: [u64; 2], r: &RenderedCase, references: &[Reference]) -> Option<Entry> {
    if !r.problems.is_empty() {
        return None;
    }
    let targets = references
        .iter()
        .map(|x| {
            Some(Target {
                dest: x.dest.clone(),
                image: x.image,
                url: x.resolution.clone().ok()?,
                photo: x.photo.clone().map(|p| p.ok()).unwrap_or(None),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Entry {
        key,
        fingerprint: r.fingerprint,
        has_code: r.has_code,
        has_photo: r.has_photo,
        photo_refs: r.photo_refs.clone(),
        targets,
    })
}

/// Case `c`'s Markdown from `memo` when its entry still holds, rendered otherwise; its
/// figures checked. Also its entry for the next cache (borrowed when it was a hit).
pub(super) fn case_from_memo<'m>(
    site: &Site,
    c: &crate::model::Case,
    targets: &Targets,
    photos: &Photos,
    memo: &'m Memo,
) -> (RenderedCase, Option<std::borrow::Cow<'m, Entry>>) {
    let source = Source {
        file: &c.file,
        link_base: site.url(&c.asset_dir),
    };
    let key = source_key(&c.file, &source.link_base, c.body.digest());
    let (mut r, entry) = match memo.entries.get(&key) {
        Some(e) if still_holds(e, &source, targets, photos) => {
            let r = RenderedCase {
                fingerprint: e.fingerprint,
                html: None,
                has_code: e.has_code,
                has_photo: e.has_photo,
                photo_refs: e.photo_refs.clone(),
                problems: Vec::new(),
            };
            (r, Some(std::borrow::Cow::Borrowed(e)))
        }
        _ => {
            let (r, references) = render_fresh(&c.body.text(), &source, targets, photos);
            let entry = entry_of(key, &r, &references).map(std::borrow::Cow::Owned);
            (r, entry)
        }
    };
    check_figures(targets, photos, &source, &c.figures, &mut r);
    (r, entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::body_hash as hash_of;

    fn sample() -> Vec<Entry> {
        vec![
            Entry {
                key: source_key(Path::new("content/a/b.md"), "/a/", hash_of("正文")),
                fingerprint: 7,
                has_code: true,
                has_photo: false,
                photo_refs: vec!["a/p.jpg".into()],
                targets: vec![Target {
                    dest: "p.jpg".into(),
                    image: false,
                    url: Some("/a/p.jpg".into()),
                    photo: Some(9),
                }],
            },
            Entry {
                key: source_key(Path::new("content/a/c.md"), "/a/", hash_of("正文")),
                fingerprint: 8,
                has_code: false,
                has_photo: false,
                photo_refs: Vec::new(),
                targets: Vec::new(),
            },
        ]
    }

    #[test]
    fn round_trip() {
        let bytes = encode(3, &sample());
        let memo = decode(&bytes, 3).unwrap();
        assert_eq!(memo.entries.len(), 2);
        for e in sample() {
            assert_eq!(memo.entries[&e.key], e);
        }
    }

    #[test]
    fn another_key_or_any_damage_is_ignored() {
        let bytes = encode(3, &sample());
        assert!(decode(&bytes, 4).is_none());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], 3).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x10;
            assert!(decode(&b, 3).is_none(), "flipped at {i}");
        }
        // Well formed but twice the same case: not written by this module.
        let mut twice = sample();
        twice[1].key = twice[0].key;
        assert!(decode(&encode(3, &twice), 3).is_none());
    }

    #[test]
    fn the_key_separates_file_base_and_text() {
        let k = |f: &str, b: &str, t: &str| source_key(Path::new(f), b, hash_of(t));
        assert_ne!(k("a", "b", "c"), k("ab", "", "c"));
        assert_ne!(k("a", "b", "c"), k("a", "bc", ""));
        assert_ne!(k("a", "b", "c"), k("a", "b", "d"));
        assert_eq!(k("a", "b", "c"), k("a", "b", "c"));
    }
}
