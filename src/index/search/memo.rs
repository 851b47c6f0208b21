//! The search index's build cache (`.shequ/cache/search/postings`): every document's input
//! hash and every posting list of the last index built, so that the next build tokenises
//! only the documents that changed and patches the lists (`super::emit_unless`).
//!
//! It is a memo, never a source of truth: keyed by everything the index depends on besides
//! the documents (shequ itself, the format, the config), covered by a checksum, and checked
//! as it is read (lengths, ids, order). Anything amiss and it is ignored: the index is then
//! built from every document, as without a cache. Written to a temporary file and renamed
//! into place, so that a reader sees a whole file or none.
//!
//! Layout (little-endian): [`MAGIC`], key `u64`, document count `u32`, the documents'
//! hashes (`u64` each), Han list count `u32`, per list its key `u64` and postings, word
//! list count `u32`, per list its token (length `u32`, UTF-8) and postings, then the
//! xxh3 of everything before it (`u64`). Postings: count `u32`, byte length `u32`, then
//! the packed postings (`doc << 6 | info`, ascending) as LEB128 gaps from the previous
//! one (the first from 0).

use super::tokenize::HanMap;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"shequ search postings 1\n";

/// The posting lists as the index builds them.
pub struct Lists {
    pub han: HanMap<Vec<u32>>,
    pub words: HashMap<String, Vec<u32>>,
}

/// A cache as read: the documents it was built from and its lists.
pub struct Memo {
    pub hashes: Vec<u64>,
    pub lists: Lists,
}

/// Where the cache of the site at `root` lives.
pub fn path(root: &Path) -> PathBuf {
    root.join(".shequ")
        .join("cache")
        .join("search")
        .join("postings")
}

fn push_leb(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn encode_list(list: &[u32]) -> Vec<u8> {
    let mut data = Vec::with_capacity(list.len() * 2);
    let mut prev = 0u32;
    for &p in list {
        push_leb(&mut data, p.wrapping_sub(prev));
        prev = p;
    }
    let mut out = Vec::with_capacity(data.len() + 8);
    out.extend_from_slice(&(list.len() as u32).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&data);
    out
}

/// The cache's bytes.
fn encode(key: u64, hashes: &[u64], lists: &Lists) -> Vec<u8> {
    let han: Vec<Vec<u8>> = lists
        .han
        .par_iter()
        .map(|(k, list)| {
            let mut out = k.to_le_bytes().to_vec();
            out.extend_from_slice(&encode_list(list));
            out
        })
        .collect();
    let words: Vec<Vec<u8>> = lists
        .words
        .par_iter()
        .map(|(w, list)| {
            let mut out = (w.len() as u32).to_le_bytes().to_vec();
            out.extend_from_slice(w.as_bytes());
            out.extend_from_slice(&encode_list(list));
            out
        })
        .collect();
    let size = MAGIC.len()
        + 24
        + hashes.len() * 8
        + han.iter().map(Vec::len).sum::<usize>()
        + words.iter().map(Vec::len).sum::<usize>();
    let mut out = Vec::with_capacity(size + 8);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(hashes.len() as u32).to_le_bytes());
    for h in hashes {
        out.extend_from_slice(&h.to_le_bytes());
    }
    out.extend_from_slice(&(han.len() as u32).to_le_bytes());
    for part in han {
        out.extend_from_slice(&part);
    }
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for part in words {
        out.extend_from_slice(&part);
    }
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads what [`encode`] wrote, checking every length against what is left.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A list's count and encoded bytes, not yet decoded.
    fn list(&mut self) -> Option<(usize, &'a [u8])> {
        let n = self.u32()? as usize;
        let len = self.u32()? as usize;
        Some((n, self.take(len)?))
    }
}

/// Decodes `n` postings, ascending, each of a document below `docs`.
fn decode_list(n: usize, data: &[u8], docs: usize) -> Option<Vec<u32>> {
    // Every posting takes at least one byte: a count beyond that is a lie.
    if n > data.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let (mut acc, mut shift, mut prev) = (0u32, 0u32, 0u32);
    for &b in data {
        if shift > 28 {
            return None;
        }
        acc |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 != 0 {
            shift += 7;
            continue;
        }
        let p = prev.checked_add(acc)?;
        if (!out.is_empty() && acc == 0) || (p >> 6) as usize >= docs {
            return None;
        }
        out.push(p);
        prev = p;
        acc = 0;
        shift = 0;
    }
    (shift == 0 && out.len() == n).then_some(out)
}

/// Decodes, giving up (`None`) as soon as `stop` says so, checked every list.
fn decode(bytes: &[u8], key: u64, stop: &(dyn Fn() -> bool + Sync)) -> Option<Memo> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.u64()? != key {
        return None;
    }
    let docs = r.u32()? as usize;
    let hashes: Vec<u64> = (0..docs).map(|_| r.u64()).collect::<Option<_>>()?;
    let n = r.u32()? as usize;
    let mut han_raw = Vec::with_capacity(n.min(body.len() / 16));
    for _ in 0..n {
        let k = r.u64()?;
        han_raw.push((k, r.list()?));
    }
    let n = r.u32()? as usize;
    let mut words_raw = Vec::with_capacity(n.min(body.len() / 9));
    for _ in 0..n {
        let len = r.u32()? as usize;
        let w = std::str::from_utf8(r.take(len)?).ok()?;
        words_raw.push((w, r.list()?));
    }
    if r.at != body.len() {
        return None;
    }
    let han: Vec<(u64, Vec<u32>)> = han_raw
        .into_par_iter()
        .map(|(k, (n, data))| {
            if stop() {
                return None;
            }
            Some((k, decode_list(n, data, docs)?))
        })
        .collect::<Option<_>>()?;
    let words: Vec<(String, Vec<u32>)> = words_raw
        .into_par_iter()
        .map(|(w, (n, data))| Some((w.to_string(), decode_list(n, data, docs)?)))
        .collect::<Option<_>>()?;
    let (han_len, words_len) = (han.len(), words.len());
    let lists = Lists {
        han: han.into_iter().collect(),
        words: words.into_iter().collect(),
    };
    // A token twice is not a cache this module wrote.
    if lists.han.len() != han_len || lists.words.len() != words_len {
        return None;
    }
    Some(Memo { hashes, lists })
}

/// The cache at `file` when it was written for `key` and reads back whole (`Some(None)`
/// otherwise); `None` when `stop` said to give up.
pub fn load(file: &Path, key: u64, stop: &(dyn Fn() -> bool + Sync)) -> Option<Option<Memo>> {
    let Ok(meta) = std::fs::symlink_metadata(file) else {
        return Some(None);
    };
    // Only a regular file (never a link followed out of the cache).
    let Some(bytes) = meta.is_file().then(|| std::fs::read(file).ok()).flatten() else {
        return Some(None);
    };
    match decode(&bytes, key, stop) {
        Some(m) => Some(Some(m)),
        None if stop() => None,
        None => Some(None),
    }
}

/// Writes the cache ([`crate::output::replace_cache_file`]).
pub fn save(file: &Path, key: u64, hashes: &[u64], lists: &Lists) {
    crate::output::replace_cache_file(file, &encode(key, hashes, lists));
}

/// Where each document of the memo went: `old id → new id` (`u32::MAX`: gone), and the new
/// documents no memo'd one matches (to be tokenised). Documents are matched by input hash;
/// identical documents (same hash) index identically, so any pairing of them will do.
pub fn remap(old: &[u64], new: &[u64]) -> (Vec<u32>, Vec<bool>) {
    let mut by_hash: HashMap<u64, Vec<u32>> = HashMap::with_capacity(old.len());
    for (i, h) in old.iter().enumerate().rev() {
        by_hash.entry(*h).or_default().push(i as u32);
    }
    let mut map = vec![u32::MAX; old.len()];
    let mut fresh = vec![false; new.len()];
    for (j, h) in new.iter().enumerate() {
        match by_hash.get_mut(h).and_then(Vec::pop) {
            Some(i) => map[i as usize] = j as u32,
            None => fresh[j] = true,
        }
    }
    (map, fresh)
}

/// Applies [`remap`] to every list: postings of documents gone are dropped, the others
/// renumbered (and re-sorted when documents moved).
pub fn apply(lists: &mut Lists, map: &[u32]) {
    let fix = |list: &mut Vec<u32>| {
        list.retain_mut(|p| {
            let to = map[(*p >> 6) as usize];
            *p = (to << 6) | (*p & 63);
            to != u32::MAX
        });
        if !list.is_sorted() {
            list.sort_unstable();
        }
    };
    lists.han.par_iter_mut().for_each(|(_, l)| fix(l));
    lists.words.par_iter_mut().for_each(|(_, l)| fix(l));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Lists {
        let mut han = HanMap::default();
        han.insert(7, vec![5, (2 << 6) | 1, (300 << 6) | 63]);
        let mut words = HashMap::new();
        words.insert("#a:天山".to_string(), vec![1 << 6]);
        words.insert("ab".to_string(), vec![]);
        Lists { han, words }
    }

    #[test]
    fn round_trip() {
        let hashes: Vec<u64> = (0..301).map(|i| i * 7919).collect();
        let bytes = encode(42, &hashes, &sample());
        let m = decode(&bytes, 42, &|| false).unwrap();
        assert_eq!(m.hashes, hashes);
        assert_eq!(m.lists.han, sample().han);
        assert_eq!(m.lists.words, sample().words);
    }

    #[test]
    fn another_key_or_any_damage_is_ignored() {
        let hashes: Vec<u64> = (0..301).collect();
        let bytes = encode(42, &hashes, &sample());
        assert!(decode(&bytes, 43, &|| false).is_none());
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                decode(&bytes[..cut], 42, &|| false).is_none(),
                "cut at {cut}"
            );
        }
        for at in [0, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 9] {
            let mut b = bytes.clone();
            b[at] ^= 0x10;
            assert!(decode(&b, 42, &|| false).is_none(), "flipped at {at}");
        }
    }

    #[test]
    fn lists_are_checked_not_trusted() {
        // A document beyond the count, a repeated posting, a truncated varint.
        assert!(decode_list(1, &[0x80, 0x80, 1], 3).is_none());
        assert_eq!(decode_list(2, &[64, 64], 3), Some(vec![64, 128]));
        assert!(decode_list(2, &[64, 0], 3).is_none());
        assert!(decode_list(1, &[0x80], 3).is_none());
        assert!(decode_list(5, &[1], 3).is_none());
    }

    #[test]
    fn remap_follows_documents_by_hash() {
        // b edited, d new, c moved before a.
        let (map, fresh) = remap(&[10, 11, 12, 12], &[12, 10, 99, 12]);
        assert_eq!(map, vec![1, u32::MAX, 0, 3]);
        assert_eq!(fresh, vec![false, false, true, false]);
        let mut lists = Lists {
            han: HanMap::default(),
            words: HashMap::new(),
        };
        lists.han.insert(1, vec![3, (1 << 6) | 2, (2 << 6) | 1]);
        apply(&mut lists, &map);
        assert_eq!(lists.han[&1], vec![1, (1 << 6) | 3]);
    }
}
