//! The intended deviations of shequ's case renderer from the CommonMark and GFM specs: a
//! fixed set of categories, the checked-in list (`tests/spec/deviations.toml`), and for each
//! category a check that an output deviates in exactly that way and no other.
//!
//! A category's check undoes its deviation: it takes the renderer's output (or the
//! expected HTML) to what the spec says, failing when the output does not show the
//! deviation as intended. The example passes when what is left matches the spec.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Raw HTML is escaped and shown as text: a stray tag must not break a page.
    RawHtml,
    /// Relative link and image targets are resolved against the case's asset directory.
    RelativeLinks,
    /// Code blocks are `<pre class="code">` with syntect's `hl-` spans and `data-lang`.
    CodeHighlighting,
    /// Table cells are aligned with `style="text-align: …"`, not the obsolete `align`.
    TableAlignment,
    /// GFM's autolink literals (`www.x.org`, bare URLs and e-mail addresses) are not an
    /// extension pulldown-cmark has.
    AutolinkLiterals,
    /// A table without body rows gets an empty `<tbody></tbody>` (pulldown-cmark's writer);
    /// it shows nothing.
    EmptyTableBody,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::RawHtml,
        Category::RelativeLinks,
        Category::CodeHighlighting,
        Category::TableAlignment,
        Category::AutolinkLiterals,
        Category::EmptyTableBody,
    ];

    /// The name the list uses.
    pub fn name(self) -> &'static str {
        match self {
            Category::RawHtml => "raw HTML shown as text",
            Category::RelativeLinks => "relative link resolution",
            Category::CodeHighlighting => "code highlighting markup",
            Category::TableAlignment => "table alignment markup",
            Category::AutolinkLiterals => "GFM autolink literals not supported",
            Category::EmptyTableBody => "empty table body",
        }
    }

    /// The sections a category may be listed in, when it is tied to one part of a spec
    /// (raw HTML, links and code blocks turn up in examples of every section).
    pub fn sections(self) -> Option<&'static [&'static str]> {
        match self {
            Category::RawHtml | Category::RelativeLinks | Category::CodeHighlighting => None,
            Category::TableAlignment | Category::EmptyTableBody => Some(&["Tables (extension)"]),
            Category::AutolinkLiterals => Some(&["Autolinks (extension)"]),
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One entry of the list.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub example: u32,
    pub section: String,
    pub category: String,
    pub reason: String,
}

/// The list, per suite.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct List {
    pub commonmark: Vec<Entry>,
    pub gfm: Vec<Entry>,
}

/// Takes `actual` (the renderer's output) and `expected` (the spec's HTML) through the
/// checks of `categories` (`RelativeLinks` is checked apart, see `resolution_changes`).
/// `section` is the example's: GFM's tag filter applies in its own section only.
pub fn undo(
    categories: &BTreeSet<Category>,
    markdown: &str,
    section: &str,
    actual: &str,
    expected: &str,
) -> Result<(String, String), String> {
    let mut actual = actual.to_string();
    let mut expected = expected.to_string();
    for c in categories {
        match c {
            Category::CodeHighlighting => actual = unhighlight(&actual)?,
            Category::RawHtml => {
                let tag_filter = section.starts_with("Disallowed Raw HTML");
                actual = raw_html_back(&actual, markdown, tag_filter)?
            }
            Category::TableAlignment => actual = align_attributes(&actual)?,
            Category::AutolinkLiterals => expected = unlink_literals(&expected)?,
            Category::EmptyTableBody => actual = drop_empty_table_bodies(&actual)?,
            Category::RelativeLinks => {}
        }
    }
    Ok((actual, expected))
}

/// The output's highlighted code blocks as the spec writes code blocks:
/// `<pre class="code" data-lang="x"><code>` becomes `<pre><code class="language-x">`, and
/// the highlighter's spans go. Fails when there is no such block, or a block holds markup
/// other than `hl-` spans (the text of a code block is escaped, so that would be a bug).
fn unhighlight(html: &str) -> Result<String, String> {
    const OPEN: &str = "<pre class=\"code\"";
    const CLOSE: &str = "</code></pre>";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut blocks = 0;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at + OPEN.len()..];
        let head_end = rest.find("><code>").ok_or("a code block without <code>")?;
        let head = &rest[..head_end];
        let lang = match head.strip_prefix(" data-lang=\"") {
            Some(l) => Some(l.strip_suffix('"').ok_or("a code block's data-lang")?),
            None if head.is_empty() => None,
            None => return Err(format!("a code block with attributes {head:?}")),
        };
        rest = &rest[head_end + "><code>".len()..];
        let end = rest.find(CLOSE).ok_or("an unclosed code block")?;
        let mut body = &rest[..end];
        rest = &rest[end + CLOSE.len()..];
        match lang {
            Some(l) => out.push_str(&format!("<pre><code class=\"language-{l}\">")),
            None => out.push_str("<pre><code>"),
        }
        while let Some(lt) = body.find('<') {
            out.push_str(&body[..lt]);
            let gt = body[lt..]
                .find('>')
                .ok_or("an unclosed tag in a code block")?
                + lt;
            let tag = &body[lt..=gt];
            let highlighter = tag == "</span>"
                || tag
                    .strip_prefix("<span class=\"")
                    .and_then(|t| t.strip_suffix("\">"))
                    .is_some_and(|classes| classes.split(' ').all(|c| c.starts_with("hl-")));
            if !highlighter {
                return Err(format!(
                    "markup other than highlighting in a code block: {tag}"
                ));
            }
            body = &body[gt + 1..];
        }
        out.push_str(body);
        out.push_str(CLOSE);
        blocks += 1;
    }
    out.push_str(rest);
    if blocks == 0 {
        return Err("no highlighted code block in the output".into());
    }
    Ok(out)
}

/// The raw HTML of `markdown` (in source order, as the parser reports it) put back where the
/// output shows it as escaped text. Fails when the source has none, or when a piece of it
/// is not in the output's text as escaped text (so it was dropped, or went out as markup).
/// Raw HTML in an image's description is left alone: the spec too writes it as text in
/// the `alt` attribute. With `tag_filter`, the pieces go back as GFM's tag filter leaves
/// them (`<title>` as text, and the other tags it names).
fn raw_html_back(html: &str, markdown: &str, tag_filter: bool) -> Result<String, String> {
    let mut pieces = Vec::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, shequ::text::markdown_options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image -= 1,
            Event::Html(h) | Event::InlineHtml(h) if in_image == 0 && !h.is_empty() => {
                pieces.push(h.to_string())
            }
            _ => {}
        }
    }
    if pieces.is_empty() {
        return Err("no raw HTML in the source".into());
    }
    let text = text_positions(html);
    let mut out = String::with_capacity(html.len());
    let mut cursor = 0;
    for piece in pieces {
        let mut escaped = String::new();
        pulldown_cmark_escape::escape_html_body_text(&mut escaped, &piece).ok();
        let found = html[cursor..]
            .match_indices(&escaped)
            .map(|(at, _)| cursor + at)
            .find(|&at| text[at..at + escaped.len()].iter().all(|&t| t));
        let Some(at) = found else {
            return Err(format!("raw HTML {piece:?} is not shown as text"));
        };
        out.push_str(&html[cursor..at]);
        if tag_filter {
            out.push_str(&filter_tags(&piece));
        } else {
            out.push_str(&piece);
        }
        cursor = at + escaped.len();
    }
    out.push_str(&html[cursor..]);
    Ok(out)
}

/// GFM's tag filter: the `<` of the tags it disallows (start or end, any case) becomes
/// `&lt;`.
fn filter_tags(raw: &str) -> String {
    const DISALLOWED: [&str; 9] = [
        "title",
        "textarea",
        "style",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "script",
        "plaintext",
    ];
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.char_indices() {
        // `<` is one byte, so `i + 1` is a character boundary when `c` is `<`.
        let after = || raw[i + 1..].strip_prefix('/').unwrap_or(&raw[i + 1..]);
        let disallowed = c == '<'
            && DISALLOWED.iter().any(|tag| {
                let after = after();
                after
                    .get(..tag.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(tag))
                    && after[tag.len()..]
                        .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            });
        if disallowed {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    out
}

/// The output without pulldown-cmark's empty table bodies. Fails when it has none.
fn drop_empty_table_bodies(html: &str) -> Result<String, String> {
    const EMPTY: &str = "<tbody>\n</tbody>";
    if !html.contains(EMPTY) {
        return Err("no empty table body in the output".into());
    }
    Ok(html.replace(EMPTY, ""))
}

/// For each byte of the renderer's `html`, whether it is text outside `<pre>`: not inside
/// a tag, not inside a code block. (The renderer escapes every `<` of text.)
fn text_positions(html: &str) -> Vec<bool> {
    let mut text = vec![true; html.len()];
    let mut pre = 0usize;
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|at| at + i) {
        for t in &mut text[i..lt] {
            *t = pre == 0;
        }
        let gt = html[lt..].find('>').map_or(html.len() - 1, |at| at + lt);
        let tag = &html[lt..=gt];
        if tag.starts_with("<pre") {
            pre += 1;
        } else if tag.starts_with("</pre") {
            pre = pre.saturating_sub(1);
        }
        for t in &mut text[lt..=gt] {
            *t = false;
        }
        i = gt + 1;
    }
    for t in &mut text[i..] {
        *t = pre == 0;
    }
    text
}

/// `style="text-align: x"` (HTML5) written as the spec's `align="x"`. Fails when the output
/// has none.
fn align_attributes(html: &str) -> Result<String, String> {
    const STYLE: &str = " style=\"text-align: ";
    if !html.contains(STYLE) {
        return Err("no aligned table cell in the output".into());
    }
    Ok(html.replace(STYLE, " align=\""))
}

/// The spec's HTML without the links GFM makes of autolink literals: an anchor whose text
/// is its own target (`www.x.org` → `http://www.x.org`, `a@b.org` → `mailto:a@b.org`) is
/// replaced by its text. Fails when the spec's HTML has none.
fn unlink_literals(html: &str) -> Result<String, String> {
    use crate::normalize::decode;
    const OPEN: &str = "<a href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut unlinked = 0;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let literal = after.split_once("\">").and_then(|(href, tail)| {
            let (text, _) = tail.split_once("</a>")?;
            let (h, t) = (decode(href), decode(text));
            let own = !t.contains('<')
                && (h == t || h == format!("http://{t}") || h == format!("mailto:{t}"));
            own.then(|| (text, href.len() + 2 + text.len() + "</a>".len()))
        });
        match literal {
            Some((text, len)) => {
                out.push_str(text);
                rest = &after[len..];
                unlinked += 1;
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if unlinked == 0 {
        return Err("no autolink literal in the spec's HTML".into());
    }
    Ok(out)
}

/// Where `site` (rendered with the case's asset base) differs from `plain` (targets kept):
/// the targets that were resolved, each checked to be relative and resolved against `base`
/// (a leading `./` dropped). Fails when
/// anything else differs, or a target is resolved that should not be (absolute, rooted,
/// an anchor or query, a scheme) or resolved wrongly.
pub fn resolution_changes(plain: &str, site: &str, base: &str) -> Result<Vec<String>, String> {
    use crate::normalize::{Token, tokenize};
    let (p, s) = (tokenize(plain), tokenize(site));
    if p.len() != s.len() {
        return Err("the output with the asset base has other markup".into());
    }
    let mut changed = Vec::new();
    for (a, b) in p.iter().zip(&s) {
        if a == b {
            continue;
        }
        let (
            Token::Start { name, attrs },
            Token::Start {
                name: name_b,
                attrs: attrs_b,
            },
        ) = (a, b)
        else {
            return Err(format!("{a:?} became {b:?} with the asset base"));
        };
        if name != name_b || attrs.len() != attrs_b.len() {
            return Err(format!("{a:?} became {b:?} with the asset base"));
        }
        for ((n, v), (n_b, v_b)) in attrs.iter().zip(attrs_b) {
            if n != n_b {
                return Err(format!("{a:?} became {b:?} with the asset base"));
            }
            if v == v_b {
                continue;
            }
            let url_attr = (name == "a" && n == "href") || (name == "img" && n == "src");
            let resolved = format!("{base}{}", v.trim_start_matches("./"));
            if !url_attr || !relative(v) || *v_b != resolved {
                return Err(format!(
                    "<{name} {n}=\"{v}\"> became {n}=\"{v_b}\" with the asset base {base}"
                ));
            }
            changed.push(v.clone());
        }
    }
    Ok(changed)
}

/// Whether a URL is relative to its page's directory: not empty, not rooted, not an
/// anchor or query, without a scheme (RFC 3986: a letter, then letters, digits, `+-.`).
fn relative(url: &str) -> bool {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !url.is_empty() && !url.starts_with(['/', '#', '?']) && !scheme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_is_undone_and_nothing_else() {
        let html = "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">fn &lt;a&gt;\n</span></code></pre>\n<p>x</p>";
        assert_eq!(
            unhighlight(html).unwrap(),
            "<pre><code class=\"language-rust\">fn &lt;a&gt;\n</code></pre>\n<p>x</p>"
        );
        assert!(unhighlight("<pre class=\"code\"><code><b>x</b></code></pre>").is_err());
        assert!(
            unhighlight("<pre class=\"code\"><code><span class=\"k\">x</span></code></pre>")
                .is_err()
        );
        assert!(unhighlight("<pre><code>x</code></pre>").is_err());
    }

    #[test]
    fn raw_html_must_be_there_as_escaped_text() {
        let md = "<div>\n*x*\n</div>\n";
        let shown = "&lt;div&gt;\n*x*\n&lt;/div&gt;\n";
        assert_eq!(raw_html_back(shown, md, false).unwrap(), md);
        // Passed through as markup, dropped, or escaped only inside a code block: wrong.
        assert!(raw_html_back(md, md, false).is_err());
        assert!(raw_html_back("<p>*x*</p>", md, false).is_err());
        let in_code = "<pre><code>&lt;div&gt;\n*x*\n&lt;/div&gt;\n</code></pre>";
        assert!(raw_html_back(in_code, md, false).is_err());
        assert!(raw_html_back("<p>x</p>", "x", false).is_err());
    }

    #[test]
    fn the_tag_filter_escapes_only_its_tags() {
        assert_eq!(
            filter_tags("<title> <titles> </STYLE> <xmp/> <em>"),
            "&lt;title> <titles> &lt;/STYLE> &lt;xmp/> <em>"
        );
    }

    #[test]
    fn only_relative_targets_may_be_resolved() {
        let base = "/c/";
        let plain = "<p><a href=\"a.pdf\">a</a><img src=\"./b.jpg\" alt=\"b\" /></p>";
        let site = "<p><a href=\"/c/a.pdf\">a</a><img src=\"/c/b.jpg\" alt=\"b\" /></p>";
        assert_eq!(
            resolution_changes(plain, site, base).unwrap(),
            ["a.pdf", "./b.jpg"]
        );
        assert_eq!(resolution_changes(plain, plain, base).unwrap().len(), 0);
        for (p, s) in [
            ("<a href=\"/x\">", "<a href=\"/c//x\">"),
            (
                "<a href=\"https://x.org/\">",
                "<a href=\"/c/https://x.org/\">",
            ),
            ("<a href=\"mailto:a@b.c\">", "<a href=\"mailto:/c/a@b.c\">"),
            ("<a href=\"#f\">", "<a href=\"/c/#f\">"),
            ("<a href=\"x\">", "<a href=\"/d/x\">"),
            ("<a title=\"x\">", "<a title=\"/c/x\">"),
            ("<p>x</p>", "<p>/c/x</p>"),
        ] {
            assert!(resolution_changes(p, s, base).is_err(), "{p} → {s}");
        }
    }

    #[test]
    fn only_links_made_of_literals_are_unlinked() {
        let html = "<p><a href=\"http://www.x.org\">www.x.org</a> <a href=\"mailto:a@b.c\">a@b.c</a> <a href=\"/y\">y</a></p>";
        assert_eq!(
            unlink_literals(html).unwrap(),
            "<p>www.x.org a@b.c <a href=\"/y\">y</a></p>"
        );
        assert!(unlink_literals("<p><a href=\"/y\">y</a></p>").is_err());
    }
}
