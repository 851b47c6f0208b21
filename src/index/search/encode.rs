//! The compact encodings of the search index, mirrored by `search.js`.
//!
//! Posting lists are strings over the URL-safe base-64 alphabet [`ALPHABET`]:
//! - document ids, ascending, as gaps minus one (`id - previous - 1`, the first from -1),
//!   each a base-32 varint: most significant 5-bit group first, every group but the last
//!   written as `ALPHABET[32 + g]`, the last as `ALPHABET[g]` (so a dense list is `AAAA…`);
//! - per posting one character `ALPHABET[info]`, `info = bucket * 4 + title * 2 + area`
//!   (see [`super::tokenize::tf_bucket`]).

/// URL-safe base 64, in value order.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` as a base-32 varint (see the module docs).
pub fn push_varint(out: &mut String, v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    let mut x = v;
    loop {
        groups[n] = (x & 31) as u8;
        n += 1;
        x >>= 5;
        if x == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let g = groups[i] + if i > 0 { 32 } else { 0 };
        out.push(ALPHABET[g as usize] as char);
    }
}

/// Decodes a varint list (for tests and tools).
pub fn decode_varints(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    for b in s.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == b) else {
            continue;
        };
        acc = (acc << 5) | (v as u32 & 31);
        if v < 32 {
            out.push(acc);
            acc = 0;
        }
    }
    out
}

/// 32-bit FNV-1a of the UTF-8 bytes: which shard a token lives in.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Encodes postings packed as `doc << 6 | info` (ascending by doc): the id gaps and, when
/// `with_info`, the info characters.
pub fn postings(list: &[u32], with_info: bool) -> (String, String) {
    let mut ids = String::with_capacity(list.len());
    let mut infos = String::with_capacity(if with_info { list.len() } else { 0 });
    let mut prev: i64 = -1;
    for &p in list {
        let doc = i64::from(p >> 6);
        push_varint(&mut ids, (doc - prev - 1) as u32);
        prev = doc;
        if with_info {
            infos.push(ALPHABET[(p & 63) as usize] as char);
        }
    }
    (ids, infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let vals = [0, 1, 31, 32, 33, 1000, 1 << 20, u32::MAX];
        let mut s = String::new();
        for &v in &vals {
            push_varint(&mut s, v);
        }
        assert_eq!(decode_varints(&s), vals);
        let mut one = String::new();
        push_varint(&mut one, 32);
        assert_eq!(one, "hA");
    }

    #[test]
    fn postings_are_gaps() {
        let list = [5, (1 << 6) | 2, 2 << 6, (40 << 6) | 63];
        let (ids, infos) = postings(&list, true);
        assert_eq!(ids, "AAAhF");
        assert_eq!(infos, "FCA_");
        assert_eq!(postings(&list, false).1, "");
    }

    #[test]
    fn fnv_matches_reference() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
        assert_eq!(fnv1a("foobar"), 0xbf9cf968);
    }
}
