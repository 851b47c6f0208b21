//! Readable ASCII URL slugs: pinyin for Han characters (纺大 → `fangda`), lowercase ASCII
//! words kept, everything else a separator.

use pinyin::ToPinyin;

/// Slug of `s`: a run of Han characters becomes one word of toneless pinyin; runs are
/// joined by single hyphens. Returns an empty string when nothing readable remains.
pub fn slugify(s: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_is_han = false;
    let flush = |cur: &mut String, words: &mut Vec<String>| {
        if !cur.is_empty() {
            words.push(std::mem::take(cur));
        }
    };
    for (c, py) in s.chars().zip(s.to_pinyin()) {
        let c = fold_width(c);
        if let Some(py) = py {
            if !cur_is_han {
                flush(&mut cur, &mut words);
            }
            cur_is_han = true;
            // Toneless pinyin still writes ü (绿 lü); URLs spell it v, as pinyin keyboards do.
            cur.extend(py.plain().chars().map(|c| if c == 'ü' { 'v' } else { c }));
        } else if c.is_ascii_alphanumeric() {
            if cur_is_han {
                flush(&mut cur, &mut words);
            }
            cur_is_han = false;
            cur.push(c.to_ascii_lowercase());
        } else {
            flush(&mut cur, &mut words);
            cur_is_han = false;
        }
    }
    flush(&mut cur, &mut words);
    words.join("-")
}

/// Whether `s` may be used as a URL part as given (a `slug` in front matter or config.toml):
/// lowercase ASCII letters, digits, hyphens and underscores, not starting with a hyphen.
/// Anything else could name another page (`.`), a sub-directory (`a/b`) or a path outside
/// the output (`../x`).
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// The message for a slug [`is_valid_slug`] refuses.
pub fn invalid_slug_message(s: &str) -> String {
    let slug = format!("{s:?}");
    crate::t!("config-slug-invalid", slug = slug)
}

/// The help for a slug [`is_valid_slug`] refuses, with an example fitting the place.
pub fn invalid_slug_help(example: &str) -> String {
    crate::t!("config-slug-invalid.help", example = example)
}

/// Full-width ASCII forms (`２`, `Ａ`) to their half-width letters and digits.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_valid_slug, slugify};

    #[test]
    fn valid_slugs() {
        for ok in ["fangda", "fangda-shangpu", "2023", "a_b", "x-"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "Fang Da",
            "-",
            "-a",
            "../../evil",
            "纺大",
            "a b",
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn pinyin_and_ascii() {
        assert_eq!(slugify("纺大"), "fangda");
        assert_eq!(slugify("天山二村"), "tianshanercun");
        assert_eq!(slugify("2023-tianshan"), "2023-tianshan");
        assert_eq!(slugify("Case 12: 遵义"), "case-12-zunyi");
        assert_eq!(slugify("２号线"), "2-haoxian");
        assert_eq!(slugify("“”！"), "");
        // ASCII only: ü as v.
        assert_eq!(slugify("小区绿化"), "xiaoqulvhua");
        assert_eq!(slugify("女子"), "nvzi");
        assert!(is_valid_slug(&slugify("绿地")));
    }
}
