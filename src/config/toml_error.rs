//! The toml crate's and serde's complaints ("string values must be quoted, expected literal
//! string", "invalid type: string \"1\", expected i64", "duplicate key") said in the editor's
//! words and language, for config.toml and for front matter alike. The common cases each
//! have a message of their own; the rest get a general one (in English followed by the
//! crate's own words, in Chinese with what to check instead).

use crate::i18n::{Lang, lang};
use crate::t;

/// What to say about one toml or serde error: the problem, and what to type if known.
pub struct Said {
    pub problem: String,
    pub help: Option<String>,
}

impl Said {
    fn new(problem: String) -> Said {
        Said {
            problem,
            help: None,
        }
    }

    fn help(mut self, help: String) -> Said {
        self.help = Some(help);
        self
    }
}

/// `message` is the error's `message()`; `key` the name whose value it is about, when
/// known; `value` the text the error's span covers.
pub fn describe(message: &str, key: Option<&str>, value: &str) -> Said {
    let message = message.trim();
    if let Some(said) = serde_error(message, key, value) {
        return said;
    }
    let head = message.split(", expected").next().unwrap_or(message);
    let problem = match head {
        "string values must be quoted" => t!("config-toml-unquoted"),
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string" => t!("config-toml-unclosed-string"),
        "duplicate key" => t!("config-toml-duplicate"),
        "key with no value" => t!("config-toml-no-equals"),
        "missing comma between array elements" => t!("config-toml-list-comma"),
        "unclosed array" => t!("config-toml-list-unclosed"),
        "extra comma in array" => t!("config-toml-list-extra-comma"),
        "unclosed table" | "unclosed array table" => t!("config-toml-heading-unclosed"),
        "unexpected key or value" => t!("config-toml-after-value"),
        "invalid boolean" => t!("config-toml-boolean"),
        "invalid date" | "invalid time" | "invalid date-time" => t!("config-toml-date"),
        "unquoted keys cannot be empty" => t!("config-toml-no-name"),
        "missing escaped value" => t!("config-toml-backslash"),
        h if (h.starts_with("invalid") && (h.contains("number") || h.contains("float")))
            || h == "unexpected leading zero"
            || h.contains("mantissa")
            || h.contains("exponent")
            || h.contains("fraction") =>
        {
            t!("config-toml-number")
        }
        _ => other(message),
    };
    Said::new(problem)
}

/// The general message, with the crate's own (English) words only in English.
fn other(message: &str) -> String {
    match lang() {
        Lang::En => format!("{} ({message})", t!("config-toml-other")),
        Lang::Zh => t!("config-toml-other"),
    }
}

/// serde's messages: a value of the wrong kind, a missing or unknown name, a number out of
/// range.
fn serde_error(message: &str, key: Option<&str>, value: &str) -> Option<Said> {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        if found.contains(" as i128") || found.contains(" as u128") {
            return Some(Said::new(t!("config-toml-too-large")));
        }
        let found = found_words(found, value);
        let expected = expected_words(expected);
        return Some(Said::new(match key {
            Some(key) => t!(
                "config-toml-should-be",
                key = key,
                expected = expected,
                found = found
            ),
            None => t!(
                "config-toml-should-be.no-key",
                expected = expected,
                found = found
            ),
        }));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, _) = rest.rsplit_once(", expected ")?;
        if found.starts_with("integer `-") {
            let key = key.unwrap_or("?");
            return Some(Said::new(t!("config-toml-negative", key = key)));
        }
        return Some(Said::new(other(message)));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Some(Said::new(t!("config-toml-missing", field = field)));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        // "expected one of `a`, `b`" / "expected `a` or `b`" / "there are no fields"
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let said = Said::new(t!("config-toml-unknown", field = field));
        return Some(match crate::error::closest(field, known.iter().copied()) {
            Some(meant) => said.help(t!("config-toml-unknown.meant", meant = meant)),
            None if !known.is_empty() => {
                let known = known.join(&t!("config-list-sep"));
                said.help(t!("config-toml-unknown.known", known = known))
            }
            None => said,
        });
    }
    None
}

/// What serde says a value should be (`i64`, `a sequence`), in the editor's words.
fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    let kind = if e.contains("string") || e.contains("char") {
        "text"
    } else if e.contains("sequence") {
        "list"
    } else if e.contains("bool") {
        "yes-no"
    } else if e.starts_with('i') || e.starts_with('u') || e.contains("integer") {
        "whole-number"
    } else if e.starts_with('f') {
        "number"
    } else if e.contains("map") || e.contains("struct") {
        "group"
    } else {
        "other"
    };
    t!("config-kind", kind = kind)
}

/// What serde says was found (`string "1"`, `integer `1``, `sequence`, `map`), in the
/// editor's words: `text in quotes "1"`, `the number 1`, `a list`. `value` is the text
/// written, which tells a date written without quotes (a map to serde) from a `{ … }` group.
pub fn found_words(found: &str, value: &str) -> String {
    let found = found.trim();
    let value_of = |rest: &str| rest.trim().trim_matches('`').to_string();
    if let Some(rest) = found.strip_prefix("string ") {
        t!("config-found.text", value = value_of(rest))
    } else if let Some(rest) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        t!("config-found.number", value = value_of(rest))
    } else if let Some(rest) = found.strip_prefix("boolean ") {
        t!("config-found.yes-no", value = value_of(rest))
    } else if found.starts_with("sequence") {
        t!("config-found.list")
    } else if found.starts_with("map")
        && value.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        t!("config-found.date", value = value.trim().to_string())
    } else if found.starts_with("map") {
        t!("config-found.group")
    } else {
        match lang() {
            Lang::En => format!("{} ({found})", t!("config-found.other")),
            Lang::Zh => t!("config-found.other"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_toml_mistakes_have_their_own_words() {
        for (message, starts) in [
            (
                "string values must be quoted, expected literal string",
                "text must be in double quotes",
            ),
            ("duplicate key", "this name is written twice"),
            (
                "missing comma between array elements, expected `,`",
                "a comma is missing",
            ),
            ("invalid boolean, expected `true`", "write true or false"),
            (
                "unknown field `theem`, expected one of `title`, `theme`",
                "there is no setting `theem`",
            ),
            ("something new, expected x", "this line cannot be read"),
        ] {
            let said = describe(message, Some("title"), "x");
            assert!(
                said.problem.starts_with(starts),
                "{message}: {}",
                said.problem
            );
        }
        let said = describe(
            "unknown field `theem`, expected one of `title`, `theme`",
            None,
            "",
        );
        assert_eq!(said.help.as_deref(), Some("did you mean `theme`?"));
        let said = describe(
            "invalid type: string \"1\", expected i64",
            Some("order"),
            "\"1\"",
        );
        assert_eq!(
            said.problem,
            "order should be a whole number without quotes; this is text in quotes \"1\""
        );
    }
}
