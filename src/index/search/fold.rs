//! Character folding shared by the index (here) and the query (`search.js`): one code point in,
//! one code point out, so positions in folded text are positions in the original.
//!
//! 1. Full-width ASCII (U+FF01–U+FF5E) becomes ASCII; the ideographic space becomes a space.
//! 2. ASCII letters, and letters in U+00C0–U+052F whose lowercase is one code point, are
//!    lowercased.
//! 3. Traditional characters become simplified through fast2s's character table, applied
//!    without context (fast2s's few phrase exceptions such as 乾隆 are not used: a query
//!    character has no context) and closed under repetition, so folding is idempotent.
//!
//! Step 3 is the only table; it is written to `search/fold/<cp % FOLD_SHARDS>.json` so the
//! browser fetches only the slices for the characters a query contains.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Number of slices the traditional→simplified table is written in.
pub const FOLD_SHARDS: u32 = 64;

/// Traditional → simplified, context-free and idempotent (only 3-byte UTF-8 keys).
pub static T2S: LazyLock<BTreeMap<char, char>> = LazyLock::new(build_table);

fn build_table() -> BTreeMap<char, char> {
    // One conversion of every 3-byte character, each between spaces: fast2s converts only
    // 3-byte characters and looks at neighbours only for a few phrases, which spaces rule out.
    let candidates: Vec<char> = (0x0800u32..=0xFFFF)
        .filter_map(char::from_u32)
        .filter(|&c| rule_fold(c).is_none())
        .collect();
    let mut spaced = String::with_capacity(candidates.len() * 4);
    for &c in &candidates {
        spaced.push(c);
        spaced.push(' ');
    }
    let converted = fast2s::convert(&spaced);
    let mut raw: BTreeMap<char, char> = BTreeMap::new();
    let mut out = converted.chars().filter(|&c| c != ' ');
    for &c in &candidates {
        match out.next() {
            Some(s) if s != c => {
                raw.insert(c, s);
            }
            _ => {}
        }
    }
    // Close the table: a → b → c folds a to c, so every form of a character meets.
    let mut closed = BTreeMap::new();
    for (&k, &v) in &raw {
        let mut v = v;
        for _ in 0..8 {
            match raw.get(&v) {
                Some(&w) if w != v && w != k => v = w,
                _ => break,
            }
        }
        if v != k {
            closed.insert(k, v);
        }
    }
    closed
}

/// The table as a direct lookup for U+0800–U+FFFF: the folded code point, or 0 for none.
static DENSE: LazyLock<Box<[u16]>> = LazyLock::new(|| {
    let mut v = vec![0u16; 0x10000 - 0x800].into_boxed_slice();
    for (&k, &f) in T2S.iter() {
        v[k as usize - 0x800] = f as u32 as u16;
    }
    v
});

/// Steps 1 and 2: the rule-based part of folding, `None` when the rules leave `c` alone.
fn rule_fold(c: char) -> Option<char> {
    let cp = c as u32;
    match cp {
        0x41..=0x5A => Some((cp as u8 + 32) as char),
        0xFF01..=0xFF5E => {
            let a = (cp - 0xFEE0) as u8;
            Some(a.to_ascii_lowercase() as char)
        }
        0x3000 => Some(' '),
        0xC0..=0x52F => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x != c => Some(x),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Folds one character.
pub fn fold_char(c: char) -> char {
    if let Some(f) = rule_fold(c) {
        return f;
    }
    let cp = c as u32;
    if !(0x800..=0xFFFF).contains(&cp) {
        return c;
    }
    match DENSE[cp as usize - 0x800] {
        0 => c,
        f => char::from_u32(u32::from(f)).unwrap_or(c),
    }
}

/// Folds a string character by character (same number of characters out as in).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Characters of `s` that the table folds, with their folded form (for highlighting in the
/// browser without the whole table).
pub fn table_hits(s: &str, into: &mut BTreeMap<char, char>) {
    for c in s.chars() {
        if (0x800..=0xFFFF).contains(&(c as u32)) && rule_fold(c).is_none() {
            let f = fold_char(c);
            if f != c {
                into.insert(c, f);
            }
        }
    }
}

/// The table in `FOLD_SHARDS` slices, by code point modulo `FOLD_SHARDS`.
pub fn table_shards() -> Vec<BTreeMap<String, String>> {
    let mut shards = vec![BTreeMap::new(); FOLD_SHARDS as usize];
    for (&k, &v) in T2S.iter() {
        shards[(k as u32 % FOLD_SHARDS) as usize].insert(k.to_string(), v.to_string());
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_case() {
        assert_eq!(fold("２号线"), "2号线");
        assert_eq!(fold("ＷｅＣｈａｔ ABC"), "wechat abc");
        assert_eq!(fold("Ünïcode ΣΑ"), "ünïcode σα");
        assert_eq!(fold("\u{3000}"), " ");
        // İ lowercases to two code points: left alone, as in JavaScript's rule.
        assert_eq!(fold("İ"), "İ");
    }

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(fold("情緒"), "情绪");
        assert_eq!(fold("汗流浹背"), "汗流浃背");
        assert_eq!(fold("加裝電梯"), "加装电梯");
        // Context-free: 乾 folds the same everywhere.
        assert_eq!(fold("乾隆"), "干隆");
        // Simplified text is unchanged.
        assert_eq!(fold("以茶会友。加装电梯"), "以茶会友。加装电梯");
    }

    #[test]
    fn folding_is_idempotent_and_one_to_one() {
        for (&k, &v) in T2S.iter() {
            assert_eq!(fold_char(v), v, "{k} → {v} is not closed");
            assert_eq!(k.len_utf8(), 3);
        }
        assert!(T2S.len() > 2500, "{}", T2S.len());
    }

    #[test]
    fn table_agrees_with_fast2s_one_character_at_a_time() {
        for (&k, &v) in T2S.iter().step_by(7) {
            let one = fast2s::convert(&k.to_string());
            assert!(one == v.to_string() || T2S.get(&one.chars().next().unwrap()) == Some(&v));
        }
        assert_eq!(
            fold_char('乾'),
            fast2s::convert("乾").chars().next().unwrap()
        );
    }

    #[test]
    fn shards_cover_the_table() {
        let n: usize = table_shards().iter().map(|s| s.len()).sum();
        assert_eq!(n, T2S.len());
    }
}
