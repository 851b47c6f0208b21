//! HTML normalisation for comparing a renderer's output with a spec example's expected
//! HTML: two fragments that a browser shows the same way (up to whitespace between blocks)
//! normalise to the same string.
//!
//! - tags: names lower-cased, attributes sorted by name, a valueless attribute written as
//!   `name=""`, values quoted with `"`, the `/` of a self-closing tag dropped (`<br />` is
//!   `<br>`);
//! - character references (`&quot;`, `&#39;`, `&#x27;`, …) decoded in text and attribute
//!   values, then only `&`, `<`, `>` (and `"` in values) written as references again;
//! - outside `<pre>`: runs of whitespace become one space, and whitespace next to a
//!   block-level tag is dropped;
//! - comments, processing instructions, declarations and CDATA are kept as written.

/// Elements whose surrounding whitespace does not show.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "section",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
    Text(String),
    /// A comment, processing instruction, declaration or CDATA section, as written.
    Verbatim(String),
}

/// Normalised form of an HTML fragment (see the module doc).
pub fn normalize(html: &str) -> String {
    let tokens = tokenize(html);
    let mut out = String::new();
    let mut pre = 0usize;
    // Whether the last thing written was a block-level tag (or the start), so that
    // whitespace after it does not count.
    let mut after_block = true;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Start { name, attrs } => {
                out.push('<');
                out.push_str(name);
                for (n, v) in attrs {
                    out.push(' ');
                    out.push_str(n);
                    out.push_str("=\"");
                    out.push_str(&escape(v, true));
                    out.push('"');
                }
                out.push('>');
                if name == "pre" {
                    pre += 1;
                }
                after_block = is_block(name);
            }
            Token::End(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                if name == "pre" {
                    pre = pre.saturating_sub(1);
                }
                after_block = is_block(name);
            }
            Token::Verbatim(raw) => {
                out.push_str(raw);
                after_block = false;
            }
            Token::Text(text) if pre > 0 => out.push_str(&escape(text, false)),
            Token::Text(text) => {
                let mut collapsed = collapse_whitespace(text);
                if after_block {
                    collapsed = collapsed.trim_start().to_string();
                }
                let before_block = match tokens.get(i + 1) {
                    None => true,
                    Some(Token::Start { name, .. } | Token::End(name)) => is_block(name),
                    Some(_) => false,
                };
                if before_block {
                    collapsed = collapsed.trim_end().to_string();
                }
                out.push_str(&escape(&collapsed, false));
                after_block = after_block && collapsed.is_empty();
            }
        }
    }
    out
}

fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes numeric character references and the named ones HTML writers use for
/// escaping. Other named references are left as written: both sides of a comparison are
/// decoded alike, and the spec examples expect no others outside raw HTML.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` stands for, and the reference's length.
fn reference(s: &str) -> Option<(char, usize)> {
    let end = s.find(';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 6 => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None if !num.is_empty() && num.len() <= 7 => num.parse().ok()?,
            None => return None,
        };
        if code == 0 {
            '\u{fffd}'
        } else {
            char::from_u32(code).unwrap_or('\u{fffd}')
        }
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// Splits HTML into tags, text and verbatim parts. A `<` that starts none of them is text.
pub fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let verbatim_end = [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<?", "?>"),
            ("<!", ">"),
        ]
        .iter()
        .find(|(open, _)| rest.starts_with(open))
        .and_then(|(open, close)| {
            rest[open.len()..]
                .find(close)
                .map(|at| open.len() + at + close.len())
        });
        let tag = if verbatim_end.is_some() {
            None
        } else {
            parse_tag(rest)
        };
        if let Some(len) = verbatim_end {
            flush(&mut text, &mut tokens);
            tokens.push(Token::Verbatim(rest[..len].to_string()));
            rest = &rest[len..];
        } else if let Some((token, len)) = tag {
            flush(&mut text, &mut tokens);
            tokens.push(token);
            rest = &rest[len..];
        } else {
            // Up to the next `<` after the first character (a `<` that starts no tag is text).
            let first = rest.chars().next().map_or(0, char::len_utf8);
            let next = rest[first..].find('<').map_or(rest.len(), |at| at + first);
            text.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    flush(&mut text, &mut tokens);
    tokens
}

fn flush(text: &mut String, tokens: &mut Vec<Token>) {
    if !text.is_empty() {
        tokens.push(Token::Text(decode(text)));
        text.clear();
    }
}

/// A start or end tag at the start of `s`, and its length.
fn parse_tag(s: &str) -> Option<(Token, usize)> {
    let bytes = s.as_bytes();
    let end_tag = s.starts_with("</");
    let mut i = if end_tag { 2 } else { 1 };
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let space = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(|b| b.is_ascii_whitespace()) {
            *i += 1;
        }
        *i > start
    };
    if end_tag {
        space(&mut i);
        return (bytes.get(i) == Some(&b'>')).then(|| (Token::End(name), i + 1));
    }
    let mut attrs = Vec::new();
    loop {
        let spaced = space(&mut i);
        match bytes.get(i)? {
            b'>' => {
                i += 1;
                break;
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                i += 2;
                break;
            }
            _ if !spaced => return None,
            _ => {}
        }
        let attr_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'=<>/`".contains(b))
        {
            i += 1;
        }
        if i == attr_start {
            return None;
        }
        let attr = s[attr_start..i].to_ascii_lowercase();
        let mut probe = i;
        space(&mut probe);
        let value = if bytes.get(probe) == Some(&b'=') {
            i = probe + 1;
            space(&mut i);
            match bytes.get(i)? {
                q @ (b'"' | b'\'') => {
                    let close = s[i + 1..].find(*q as char)? + i + 1;
                    let v = decode(&s[i + 1..close]);
                    i = close + 1;
                    v
                }
                _ => {
                    let v_start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'=<>`".contains(b))
                    {
                        i += 1;
                    }
                    if i == v_start {
                        return None;
                    }
                    decode(&s[v_start..i])
                }
            }
        } else {
            String::new()
        };
        attrs.push((attr, value));
    }
    attrs.sort();
    Some((Token::Start { name, attrs }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equivalent_forms_normalise_alike() {
        let pairs = [
            ("<p>a</p>\n<p>b</p>\n", "<p>a</p><p>b</p>"),
            ("<br />", "<BR>"),
            (
                "<img src=\"x\" alt='a \"q\"' />",
                "<img alt=\"a &quot;q&quot;\" src=x>",
            ),
            ("<p>it&#39;s &#x27;x&#x27;</p>", "<p>it's 'x'</p>"),
            ("<p>\n  a\n  b\n</p>", "<p>a b</p>"),
            (
                "<input type=\"checkbox\" disabled>",
                "<input disabled=\"\" type=\"checkbox\"/>",
            ),
            ("<ul>\n<li>a</li>\n</ul>", "<ul><li>a</li></ul>"),
        ];
        for (a, b) in pairs {
            assert_eq!(normalize(a), normalize(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn differences_that_show_are_kept() {
        let pairs = [
            (
                "<pre><code>a  b\n</code></pre>",
                "<pre><code>a b\n</code></pre>",
            ),
            ("<p>a <em>b</em></p>", "<p>a<em>b</em></p>"),
            ("<p>&lt;b&gt;</p>", "<p><b></p>"),
            ("<a href=\"x\">", "<a href=\"y\">"),
            ("<!-- a -->", "<!--a-->"),
        ];
        for (a, b) in pairs {
            assert_ne!(normalize(a), normalize(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(normalize("<p>a < b</p>"), "<p>a &lt; b</p>");
        assert_eq!(normalize("<p><33></p>"), "<p>&lt;33&gt;</p>");
    }
}
