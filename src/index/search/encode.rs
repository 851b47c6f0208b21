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

/// A posting list as stored: inline `[ids, infos]`; `0` for "in `t/<hash>.json`"; or, in
/// `t/`, the first tier of a list whose whole is in `u/<hash>.json`.
#[derive(serde::Serialize)]
#[serde(untagged)]
pub(super) enum Stored {
    Inline([String; 2]),
    Big(u8),
    Tier(FirstTier),
}

/// `[ids, infos, df, rest, rest_id]`: the first tier's postings (encoded as a list's), the
/// whole list's length, and the bound of the rest ([`encode::Tier`]).
#[derive(serde::Serialize)]
pub(super) struct FirstTier(pub String, pub String, pub usize, pub u32, pub u32);

/// A token's encoded postings.
pub(super) struct Encoded {
    pub token: String,
    pub ids: String,
    pub infos: String,
    pub first: Option<FirstTier>,
}

impl Encoded {
    /// About the bytes it takes in a shard.
    pub fn len(&self) -> usize {
        self.token.len() + self.ids.len() + self.infos.len() + 8
    }
}

/// The first tier of a long posting list: what a query fetches first.
#[derive(Debug, PartialEq)]
pub struct Tier {
    /// The postings of most impact (field flags, then bucket, both descending), ascending by
    /// doc again: whole levels of impact, and when those are few, the newest of the next.
    pub head: Vec<u32>,
    /// An upper bound of every other posting's info: its field flags ORed, its largest bucket.
    pub rest_info: u32,
    /// The smallest document id among the other postings with that largest bucket: a
    /// document not in the head that reaches the bound is no newer than this.
    pub rest_id: u32,
}

/// Splits off the first tier of `list` (packed `doc << 6 | info`, ascending by doc), or
/// `None` when the list has no more than `size` postings. The head takes whole levels of
/// impact (same flags and bucket) while it stays within `2 × size` postings, so that the
/// documents a level holds are all in it or all left out; when that makes fewer than
/// `size`, the newest postings of the next level fill it up to `size`.
pub fn first_tier(list: &[u32], size: usize) -> Option<Tier> {
    if list.len() <= size || size == 0 {
        return None;
    }
    // Levels of impact, best highest: field flags (title 2, area 1) over bucket. One pass
    // counts them, a second picks the head in doc order (so a level cut keeps its newest).
    let level = |p: u32| (((p & 3) << 4) | ((p >> 2) & 15)) as usize;
    let mut count = [0usize; 64];
    for &p in list {
        count[level(p)] += 1;
    }
    let mut taken = 0;
    let mut cut = 64;
    for lv in (0..64).rev() {
        if taken + count[lv] > 2 * size {
            break;
        }
        taken += count[lv];
        cut = lv;
    }
    // Levels >= `cut` whole; then `extra` postings of the next level with any.
    let next = (0..cut).rev().find(|&lv| count[lv] > 0);
    let extra = match next {
        Some(lv) if taken < size => (size - taken).min(count[lv]),
        _ => 0,
    };
    if taken + extra >= list.len() {
        return None;
    }
    let mut head = Vec::with_capacity(taken + extra);
    let (mut flags, mut bucket, mut rest_id) = (0u32, 0u32, u32::MAX);
    let mut extra_left = extra;
    for &p in list {
        let lv = level(p);
        if lv >= cut {
            head.push(p);
            continue;
        }
        if Some(lv) == next && extra_left > 0 {
            extra_left -= 1;
            head.push(p);
            continue;
        }
        flags |= p & 3;
        let b = (p >> 2) & 15;
        if b > bucket {
            bucket = b;
            rest_id = p >> 6;
        } else if b == bucket {
            rest_id = rest_id.min(p >> 6);
        }
    }
    Some(Tier {
        head,
        rest_info: bucket * 4 + flags,
        rest_id,
    })
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
    fn the_first_tier_holds_the_postings_of_most_impact() {
        let p = |doc: u32, bucket: u32, title: u32, area: u32| {
            doc << 6 | bucket << 2 | title << 1 | area
        };
        let list = [
            p(0, 1, 0, 0),
            p(1, 3, 0, 0),
            p(2, 1, 1, 0),
            p(3, 3, 0, 0),
            p(4, 5, 0, 1),
            p(5, 3, 0, 0),
            p(6, 2, 0, 0),
        ];
        assert_eq!(first_tier(&list, 7), None);
        // Whole levels within 2 × 2: the title posting, the area posting; bucket 3 (three
        // postings) would make five.
        let t = first_tier(&list, 2).unwrap();
        assert_eq!(t.head, [p(2, 1, 1, 0), p(4, 5, 0, 1)]);
        assert_eq!((t.rest_info, t.rest_id), (3 * 4, 1));
        // Within 2 × 3, bucket 3 and bucket 2 are taken whole too: the oldest, lowest left.
        let t = first_tier(&list, 3).unwrap();
        assert_eq!(t.head.len(), 6);
        assert_eq!((t.rest_info, t.rest_id), (4, 0));
        let big: Vec<u32> = (0..10).map(|d| p(d, 3, 0, 0)).collect();
        let t = first_tier(&big, 4).unwrap();
        assert_eq!(
            t.head,
            [p(0, 3, 0, 0), p(1, 3, 0, 0), p(2, 3, 0, 0), p(3, 3, 0, 0)]
        );
        assert_eq!((t.rest_info, t.rest_id), (3 * 4, 4));
        // Whole levels too few: the next level's newest fill up to `size`.
        let mut mixed = big.clone();
        mixed[7] = p(7, 1, 1, 0);
        let t = first_tier(&mixed, 4).unwrap();
        assert_eq!(
            t.head,
            [p(0, 3, 0, 0), p(1, 3, 0, 0), p(2, 3, 0, 0), p(7, 1, 1, 0)]
        );
        assert_eq!((t.rest_info, t.rest_id), (3 * 4, 3));
    }

    /// The definition, by sorting: levels best first, newest first within a level.
    fn first_tier_by_sorting(list: &[u32], size: usize) -> Option<Tier> {
        if list.len() <= size {
            return None;
        }
        let level = |p: u32| (std::cmp::Reverse(p & 3), std::cmp::Reverse((p >> 2) & 15));
        let mut order = list.to_vec();
        order.sort_by_key(|&p| (level(p), p >> 6));
        let mut take = 0;
        while take < order.len() {
            let end = take + order[take..].partition_point(|&p| level(p) == level(order[take]));
            if end > 2 * size {
                break;
            }
            take = end;
        }
        let take = take.max(size);
        if take >= order.len() {
            return None;
        }
        let (head, rest) = order.split_at_mut(take);
        let bucket = rest.iter().map(|&p| (p >> 2) & 15).max().unwrap();
        head.sort_unstable();
        Some(Tier {
            head: head.to_vec(),
            rest_info: bucket * 4 + rest.iter().fold(0, |a, &p| a | (p & 3)),
            rest_id: rest
                .iter()
                .filter(|&&p| (p >> 2) & 15 == bucket)
                .map(|&p| p >> 6)
                .min()
                .unwrap(),
        })
    }

    #[test]
    fn the_first_tier_agrees_with_its_definition() {
        let mut seed = 0x2545_f491_u32;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for round in 0..300 {
            let n = 1 + rand() % 400;
            let mut list = Vec::new();
            for doc in 0..n {
                if rand() % 3 == 0 {
                    continue;
                }
                // Mostly low buckets, few flags: levels of very different sizes.
                let bucket = (rand() % 6).min(rand() % 9) + 1;
                let flags = if rand() % 20 == 0 { rand() % 4 } else { 0 };
                list.push(doc << 6 | bucket << 2 | flags);
            }
            let size = 1 + (rand() % 64) as usize;
            assert_eq!(
                first_tier(&list, size),
                first_tier_by_sorting(&list, size),
                "round {round}, size {size}"
            );
        }
    }

    #[test]
    fn fnv_matches_reference() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
        assert_eq!(fnv1a("foobar"), 0xbf9cf968);
    }
}
