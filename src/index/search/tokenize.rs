//! Tokenising folded text, identically in the index (here) and the query (`search.js`).
//!
//! Folded text is split into runs of three classes:
//! - *Han* (CJK ideographs, kana, hangul, 々, 〇): every character is a unigram token and
//!   every two adjacent characters of a run a bigram token. A query of one character looks
//!   up the unigram, a longer run its bigrams; the browser then checks the exact string
//!   against the case's text.
//! - *word* (ASCII letters and digits, Latin, Greek and Cyrillic letters): every prefix of
//!   a word, up to [`PREFIX_MAX`] characters, is a token, so a query word matches words
//!   that start with it (`wec` finds `WeChat`, `2` finds `2号线`, `5` does not find `15万元`).
//! - anything else separates runs and is not indexed (punctuation, spaces, symbols).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for the integer keys of Han tokens (the bulk of the work; no untrusted
/// key can make them collide badly: they are code points).
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Map keyed by [`han_key`]s.
pub type HanMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Longest word prefix indexed; longer query words look up this prefix and are verified.
pub const PREFIX_MAX: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Han,
    Word,
    Other,
}

/// Class of a folded character.
pub fn class(c: char) -> Class {
    let cp = c as u32;
    match cp {
        0x30..=0x39 | 0x61..=0x7A => Class::Word,
        0x3005 | 0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Class::Han,
        0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Class::Han,
        0xD7 | 0xF7 => Class::Other,
        0xC0..=0x2AF => Class::Word,
        0x375 | 0x37E | 0x384 | 0x385 | 0x387 => Class::Other,
        0x370..=0x3FF => Class::Word,
        0x482..=0x489 => Class::Other,
        0x400..=0x52F => Class::Word,
        _ => Class::Other,
    }
}

/// Key of a Han unigram or bigram (no allocation for the bulk of tokens).
pub fn han_key(a: char, b: Option<char>) -> u64 {
    match b {
        None => a as u64,
        Some(b) => (1 << 42) | ((a as u64) << 21) | b as u64,
    }
}

/// The token string of a Han key.
pub fn han_key_str(k: u64) -> String {
    let c = |x: u64| char::from_u32((x & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if k >> 42 == 1 {
        [c(k >> 21), c(k)].iter().collect()
    } else {
        c(k).to_string()
    }
}

/// Calls `han` for every Han unigram and bigram and `word` for every word-prefix token of
/// folded text, once per occurrence.
pub fn tokens(folded: &str, mut han: impl FnMut(u64), mut word: impl FnMut(&str)) {
    let chars: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let cls = class(chars[i]);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j]) == cls {
            j += 1;
        }
        match cls {
            Class::Han => {
                for k in i..j {
                    han(han_key(chars[k], None));
                    if k + 1 < j {
                        han(han_key(chars[k], Some(chars[k + 1])));
                    }
                }
            }
            Class::Word => {
                let mut prefix = String::new();
                for &c in chars[i..j].iter().take(PREFIX_MAX) {
                    prefix.push(c);
                    word(&prefix);
                }
            }
            Class::Other => {}
        }
        i = j;
    }
}

/// Token strings a query term (already folded) looks up: bigrams covering its Han runs (see
/// [`cover`]; a run of one character: the unigram) and its words' prefixes of at most
/// [`PREFIX_MAX`] characters.
/// Empty when the term has nothing indexable (punctuation only).
pub fn query_tokens(folded_term: &str) -> Vec<String> {
    let chars: Vec<char> = folded_term.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let cls = class(chars[i]);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j]) == cls {
            j += 1;
        }
        match cls {
            Class::Han if j - i == 1 => push(chars[i].to_string()),
            Class::Han => {
                for k in cover(j - i) {
                    push(chars[i + k..i + k + 2].iter().collect());
                }
            }
            Class::Word => push(chars[i..j].iter().take(PREFIX_MAX).collect()),
            Class::Other => {}
        }
        i = j;
    }
    out
}

/// Start offsets of the bigrams a query looks up for a Han run of `n` ≥ 2 characters: every
/// other one and the last, so each character is covered (`加装电梯` → 加装, 电梯). The others
/// would only narrow candidates that the browser checks against the text anyway.
pub fn cover(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n.saturating_sub(1)).step_by(2).collect();
    if n >= 2 && v.last() != Some(&(n - 2)) {
        v.push(n - 2);
    }
    v
}

/// Per-token statistics of one field or document.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Acc {
    /// Occurrences in the body-like fields (summary, body, partners, captions, tags).
    pub count: u32,
    pub title: bool,
    pub area: bool,
}

/// Token statistics of one document: fields are added, then [`DocTokens::finish`] counts the
/// Han tokens.
#[derive(Debug, Default)]
pub struct DocTokens {
    /// Han token occurrences: key and field (0 body, 1 title, 2 area).
    han_occ: Vec<(u64, u8)>,
    /// After `finish`: distinct Han keys with their statistics.
    pub han: Vec<(u64, Acc)>,
    pub words: HashMap<String, Acc>,
}

/// Which kind of field text is added as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Area,
    Body,
}

impl DocTokens {
    /// Adds one field's (unfolded) text.
    pub fn add(&mut self, text: &str, field: Field) {
        let folded = super::fold::fold(text);
        let tag = match field {
            Field::Body => 0,
            Field::Title => 1,
            Field::Area => 2,
        };
        let bump = |a: &mut Acc| match field {
            Field::Title => a.title = true,
            Field::Area => a.area = true,
            Field::Body => a.count += 1,
        };
        let (han, words) = (&mut self.han_occ, &mut self.words);
        tokens(
            &folded,
            |k| han.push((k, tag)),
            |w| match words.get_mut(w) {
                Some(a) => bump(a),
                None => bump(words.entry(w.to_string()).or_default()),
            },
        );
    }

    /// Turns the occurrences into per-token statistics (`han`, in no particular order). A map
    /// kept per thread counts them: it keeps its memory from one document to the next.
    pub fn finish(&mut self) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<HanMap<Acc>> = std::cell::RefCell::default();
        }
        let occ = std::mem::take(&mut self.han_occ);
        SCRATCH.with(|m| {
            let mut m = m.borrow_mut();
            m.clear();
            for (k, tag) in occ {
                let a = m.entry(k).or_default();
                match tag {
                    0 => a.count += 1,
                    1 => a.title = true,
                    _ => a.area = true,
                }
            }
            self.han = m.iter().map(|(&k, &a)| (k, a)).collect();
        });
    }

    /// Statistics of one Han key (after `finish`).
    pub fn han_acc(&self, key: u64) -> Option<Acc> {
        self.han.iter().find(|h| h.0 == key).map(|h| h.1)
    }
}

/// Relevance bucket of an occurrence count: its bit length (0 for none, 1 for one, 2 for two
/// or three, 3 for four to seven …), at most 15. `search.js` computes the same. One step per
/// doubling keeps the posting lists of common tokens small.
pub fn tf_bucket(count: u32) -> u8 {
    (32 - count.leading_zeros()).min(15) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_tokens(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        let folded = crate::index::search::fold::fold(s);
        let mut words = Vec::new();
        tokens(
            &folded,
            |k| v.push(han_key_str(k)),
            |w| words.push(w.to_string()),
        );
        v.extend(words);
        v
    }

    #[test]
    fn han_unigrams_and_bigrams() {
        assert_eq!(
            all_tokens("群租整治"),
            ["群", "群租", "租", "租整", "整", "整治", "治"]
        );
        // Punctuation breaks runs: no bigram across it.
        assert_eq!(all_tokens("电梯，群"), ["电", "电梯", "梯", "群"]);
    }

    #[test]
    fn mixed_text() {
        assert_eq!(all_tokens("2号线"), ["号", "号线", "线", "2"]);
        assert_eq!(all_tokens("５万元"), ["万", "万元", "元", "5"]);
        assert_eq!(
            all_tokens("WeChat"),
            ["w", "we", "wec", "wech", "wecha", "wechat"]
        );
        let long = all_tokens("internationalization");
        assert_eq!(long.len(), PREFIX_MAX);
        assert_eq!(long.last().map(String::as_str), Some("internationa"));
    }

    #[test]
    fn query_tokens_per_term() {
        assert_eq!(query_tokens("加装电梯"), ["加装", "电梯"]);
        assert_eq!(query_tokens("以茶会友吧"), ["以茶", "会友", "友吧"]);
        assert_eq!(query_tokens("群租房"), ["群租", "租房"]);
        assert_eq!(query_tokens("群"), ["群"]);
        assert_eq!(query_tokens("2号线"), ["2", "号线"]);
        assert_eq!(query_tokens("5万元"), ["5", "万元"]);
        assert_eq!(query_tokens("2号"), ["2", "号"]);
        assert_eq!(query_tokens("wechat"), ["wechat"]);
        assert_eq!(query_tokens("internationalization"), ["internationa"]);
        assert_eq!(query_tokens("——"), Vec::<String>::new());
        assert_eq!(query_tokens("哈哈哈"), ["哈哈"]);
    }

    #[test]
    fn cover_reaches_every_character() {
        assert_eq!(cover(2), [0]);
        assert_eq!(cover(3), [0, 1]);
        assert_eq!(cover(4), [0, 2]);
        assert_eq!(cover(5), [0, 2, 3]);
        assert_eq!(cover(9), [0, 2, 4, 6, 7]);
    }

    #[test]
    fn classes() {
        assert_eq!(class('群'), Class::Han);
        assert_eq!(class('〇'), Class::Han);
        assert_eq!(class('か'), Class::Han);
        assert_eq!(class('a'), Class::Word);
        assert_eq!(class('é'), Class::Word);
        assert_eq!(class('ж'), Class::Word);
        assert_eq!(class('×'), Class::Other);
        assert_eq!(class('，'), Class::Other);
        assert_eq!(class(' '), Class::Other);
    }

    #[test]
    fn doc_tokens_count_body_and_flag_title_area() {
        let mut d = DocTokens::default();
        d.add("加装电梯", Field::Title);
        d.add("延西", Field::Area);
        d.add("加装电梯，电梯竣工。", Field::Body);
        d.finish();
        let acc = d.han_acc(han_key('电', Some('梯'))).unwrap();
        assert_eq!(
            acc,
            Acc {
                count: 2,
                title: true,
                area: false
            }
        );
        assert!(d.han_acc(han_key('延', None)).unwrap().area);
        assert_eq!(d.han_acc(han_key('延', None)).unwrap().count, 0);
    }

    #[test]
    fn tf_buckets() {
        let b: Vec<u8> = [0, 1, 2, 3, 4, 7, 8, 16, 16383, 16384, 100000]
            .iter()
            .map(|&c| tf_bucket(c))
            .collect();
        assert_eq!(b, [0, 1, 2, 2, 3, 3, 4, 5, 14, 15, 15]);
    }
}
