//! What Tera (the template engine) reports, said in the user's language.
//!
//! Tera's own text is English and written for programmers. The common problems (an unknown
//! variable, filter, function or test; a missing template; macro mistakes; a block left
//! open; a duplicated block) are recognised from Tera's error kinds and texts and said
//! plainly in both languages. Anything else gets a general message in the language; under
//! English, Tera's own words follow as the label (one language only: under Chinese they are
//! left out rather than mixed into a Chinese message).

use crate::error::{Diagnostic, line_offset};
use crate::i18n::{self, Lang};
use crate::t;
use std::path::Path;

/// All messages of an error and its sources, joined.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

/// Tera's errors from the outermost to the innermost.
fn tera_chain(e: &tera::Error) -> Vec<&tera::Error> {
    let mut out = vec![e];
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        match s.downcast_ref::<tera::Error>() {
            Some(t) => out.push(t),
            None => break,
        }
        cur = s.source();
    }
    out
}

/// The text between the first pair of `open`/`close` after `after` in `s`.
fn between<'a>(s: &'a str, after: &str, open: char, close: char) -> Option<&'a str> {
    let rest = &s[s.find(after)? + after.len()..];
    let rest = &rest[rest.find(open)? + open.len_utf8()..];
    Some(&rest[..rest.find(close)?])
}

/// Tera's words, kept only under English (see the module's doc).
fn engine_words(raw: &str, fallback: String) -> String {
    match i18n::lang() {
        Lang::En if !raw.trim().is_empty() => raw.trim().to_string(),
        _ => fallback,
    }
}

/// A failure while rendering `template` (shown as `file`).
pub fn render_error(template: &str, file: &Path, e: &tera::Error) -> Diagnostic {
    let d = describe_render(template, e);
    d.in_file(file)
}

fn describe_render(template: &str, e: &tera::Error) -> Diagnostic {
    use tera::ErrorKind as K;
    let all = tera_chain(e);
    let inner = all.last().copied().unwrap_or(e);
    for err in &all {
        let name = |n: &str| n.trim_matches(['[', ']', '\'', '"']).to_string();
        match &err.kind {
            K::FilterNotFound(n) => {
                return Diagnostic::error(t!(
                    "render-template-unknown-filter",
                    template = template,
                    name = name(n)
                ))
                .help(t!("render-template-unknown-filter.help"));
            }
            K::FunctionNotFound(n) => {
                return Diagnostic::error(t!(
                    "render-template-unknown-function",
                    template = template,
                    name = name(n)
                ))
                .help(t!("render-template-unknown-function.help"));
            }
            K::TestNotFound(n) => {
                return Diagnostic::error(t!(
                    "render-template-unknown-test",
                    template = template,
                    name = name(n)
                ))
                .help(t!("render-template-unknown-test.help"));
            }
            K::TemplateNotFound(n) => {
                return Diagnostic::error(t!(
                    "render-template-not-found",
                    template = template,
                    name = name(n)
                ))
                .help(t!("render-template-not-found.help"));
            }
            K::CallFilter(n) => {
                return Diagnostic::error(t!(
                    "render-template-filter-value",
                    template = template,
                    name = name(n)
                ))
                .label(engine_words(
                    &inner.to_string(),
                    t!("render-template-failed.label"),
                ))
                .help(t!("render-template-filter-value.help"));
            }
            // shequ's own functions say what is wrong in the user's language already.
            K::CallFunction(n) if n == "range" && !std::ptr::eq(inner, *err) => {
                return Diagnostic::error(t!(
                    "render-template-failed-because",
                    template = template,
                    detail = inner.to_string()
                ))
                .help(t!("render-template-failed.help"));
            }
            K::Msg(m) => {
                if let Some(d) = from_message(template, m) {
                    return d;
                }
            }
            _ => {}
        }
    }
    let raw = chain(inner);
    let general = Diagnostic::error(t!("render-template-failed", template = template))
        .help(t!("render-template-failed.help"));
    match i18n::lang() {
        Lang::En => general.label(raw),
        Lang::Zh => general,
    }
}

/// The render errors Tera says only in words.
fn from_message(template: &str, m: &str) -> Option<Diagnostic> {
    if m.starts_with("Variable `") && m.contains("not found in context") {
        let name = between(m, "Variable", '`', '`')?;
        return Some(
            Diagnostic::error(t!(
                "render-template-unknown-variable",
                template = template,
                name = name
            ))
            .help(t!("render-template-unknown-variable.help")),
        );
    }
    if m.starts_with("Macro namespace `") {
        let name = between(m, "namespace", '`', '`')?;
        return Some(
            Diagnostic::error(t!(
                "render-template-macro-namespace",
                template = template,
                name = name
            ))
            .help(t!("render-template-macro-namespace.help", name = name)),
        );
    }
    if m.starts_with("Macro `") && m.contains("is missing the argument") {
        let name = between(m, "Macro", '`', '`')?;
        let arg = between(m, "the argument", '`', '`')?;
        return Some(
            Diagnostic::error(t!(
                "render-template-macro-argument",
                template = template,
                name = name,
                arg = arg
            ))
            .help(t!(
                "render-template-macro-argument.help",
                name = name,
                arg = arg
            )),
        );
    }
    if m.starts_with("Macro `") && m.contains("not found") {
        let name = between(m, "Macro", '`', '`')?;
        return Some(
            Diagnostic::error(t!(
                "render-template-macro-missing",
                template = template,
                name = name
            ))
            .help(t!("render-template-macro-missing.help")),
        );
    }
    if m.starts_with("Forloop containers") {
        return Some(
            Diagnostic::error(t!("render-template-not-a-list", template = template))
                .help(t!("render-template-not-a-list.help")),
        );
    }
    None
}

/// Templates that parse alone but not together (`Tera::add_raw_templates`).
pub fn mismatch_error(e: &tera::Error) -> Diagnostic {
    use tera::ErrorKind as K;
    let help = t!("render-templates-mismatch.help");
    for err in tera_chain(e) {
        match &err.kind {
            K::MissingParent { current, parent } => {
                return Diagnostic::error(t!(
                    "render-template-missing-parent",
                    template = current.as_str(),
                    parent = parent.as_str()
                ))
                .help(help);
            }
            K::Msg(m) if m.contains("loads macros from") => {
                if let (Some(template), Some(name)) = (
                    between(m, "Template", '`', '`'),
                    between(m, "loads macros from", '`', '`'),
                ) {
                    return Diagnostic::error(t!(
                        "render-template-missing-import",
                        template = template,
                        name = name
                    ))
                    .help(help);
                }
            }
            _ => {}
        }
    }
    let d = Diagnostic::error(t!("render-templates-mismatch")).help(help);
    match i18n::lang() {
        Lang::En => d.label(chain(e)),
        Lang::Zh => d,
    }
}

/// The closing tag Tera expected where a `{% for %}` (…) was left open, from its words
/// ("expected an `else` tag, an endfor tag (`{% endfor %}`), or some content").
fn unclosed_tag(expected: &str) -> Option<String> {
    let at = expected.find(" tag (`{% end")?;
    let word = expected[..at].rsplit(' ').next()?;
    word.starts_with("end").then(|| format!("{{% {word} %}}"))
}

/// A template that does not parse (`tera::Template::new`).
pub fn syntax_error(e: &tera::Error, shown: &Path, text: &str) -> Diagnostic {
    let msg = chain(e);
    // Tera's parse errors carry "--> line:col".
    let pos = msg.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    let first_line = msg
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    let detail: Vec<&str> = msg
        .lines()
        .filter(|l| l.trim_start().starts_with('='))
        .collect();
    let expected = if detail.is_empty() {
        first_line.clone()
    } else {
        detail.join(" ").trim_start_matches([' ', '=']).to_string()
    };
    let mut d = if let Some(tag) = unclosed_tag(&expected) {
        Diagnostic::error(t!("render-template-unclosed", tag = tag.as_str()))
            .label(t!("render-template-unclosed.label", tag = tag.as_str()))
            .help(t!("render-template-unclosed.help"))
    } else if let Some(name) =
        between(&first_line, "Block", '`', '`').filter(|_| first_line.ends_with("is duplicated"))
    {
        Diagnostic::error(t!("render-template-duplicate-block", name = name))
            .help(t!("render-template-duplicate-block.help"))
    } else {
        Diagnostic::error(t!("render-template-syntax"))
            .label(engine_words(&expected, t!("render-template-syntax.label")))
            .help(t!("render-template-syntax.help"))
    };
    d = match pos {
        Some((line, col)) => {
            let start = line_offset(text, line);
            let line_text =
                &text[start..text[start..].find('\n').map_or(text.len(), |i| start + i)];
            let byte_col = line_text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
            d.at(shown, text, start + byte_col, start + byte_col + 1)
        }
        None => d.in_file(shown),
    };
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_block_names_its_closing_tag() {
        assert_eq!(
            unclosed_tag(
                "unexpected tag; expected an `else` tag, an endfor tag (`{% endfor %}`), or some content"
            )
            .as_deref(),
            Some("{% endfor %}")
        );
        assert_eq!(
            unclosed_tag("expected an `elif` tag, an `else` tag, an endif tag (`{% endif %}`), or some content").as_deref(),
            Some("{% endif %}")
        );
        assert_eq!(unclosed_tag("expected tag or some content"), None);
    }

    #[test]
    fn words_between_marks() {
        let m = "Variable `page.nope` not found in context while rendering 'a.html'";
        assert_eq!(between(m, "Variable", '`', '`'), Some("page.nope"));
        let m = "Macro `x` is missing the argument `a`";
        assert_eq!(between(m, "the argument", '`', '`'), Some("a"));
    }
}
