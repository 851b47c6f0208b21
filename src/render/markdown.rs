//! Markdown → HTML: CommonMark plus tables, footnotes, strikethrough and task lists; fenced
//! code highlighted by syntect with CSS classes (the syntax set is loaded only when needed).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd, html};
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Prefix of syntect's CSS classes, so they cannot clash with the theme's.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Rendered HTML and whether it holds highlighted code (so the page loads the stylesheet).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub has_code: bool,
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A link or image target as written in the Markdown, and where: the byte range of the
/// target (or of the whole link, when the target cannot be found in it) in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Target<'a> {
    pub dest: &'a str,
    pub range: std::ops::Range<usize>,
    pub image: bool,
}

/// Renders Markdown. Raw HTML in the source is escaped: content is the editor's text, and a
/// stray tag must not break the page. Relative link and image targets are resolved against
/// `asset_base` (the URL of the directory the source file's neighbours are copied to).
pub fn render(src: &str, asset_base: &str) -> Rendered {
    render_with(src, &mut |t| resolve(asset_base, t.dest))
}

/// Renders Markdown like [`render`], each link and image target (after script targets are
/// defused; e-mail autolinks aside) replaced by what `resolve` returns, or kept when `None`.
pub fn render_with(src: &str, resolve: &mut dyn FnMut(&Target) -> Option<String>) -> Rendered {
    render_pictures(src, resolve, &mut |_| None)
}

/// An image as written: its target (as [`Target`] gives it), alt text and title.
pub struct Image<'a> {
    pub dest: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
}

/// [`render_with`], each image replaced by the HTML `picture` returns for it (a photo's
/// `<picture>`), or rendered as an `<img>` when `None`.
pub fn render_pictures(
    src: &str,
    resolve: &mut dyn FnMut(&Target) -> Option<String>,
    picture: &mut dyn FnMut(&Image) -> Option<String>,
) -> Rendered {
    let mut events = Vec::new();
    // The image being read: where its start is in `events`, its target, title and alt text.
    let mut image: Option<(usize, String, String, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut has_code = false;
    let mut target = |dest: CowStr<'_>, range: std::ops::Range<usize>, image: bool| {
        let dest = defuse(dest, image);
        let range = src
            .get(range.clone())
            .and_then(|text| text.rfind(&*dest))
            .map_or(range.clone(), |at| {
                range.start + at..range.start + at + dest.len()
            });
        let t = Target {
            dest: &dest,
            range,
            image,
        };
        resolve(&t).map(CowStr::from)
    };
    for (ev, range) in Parser::new_ext(src, crate::text::markdown_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split([' ', ',']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    has_code = true;
                    events.push(Event::Html(CowStr::from(highlight(&lang, &text))));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Link {
                // An e-mail autolink's target is the address; the HTML writer adds `mailto:`.
                dest_url: if link_type == LinkType::Email {
                    dest_url
                } else {
                    let written = defuse(dest_url.clone(), false);
                    target(dest_url, range, false).unwrap_or(written)
                },
                link_type,
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if image.is_none() {
                    let written = defuse(dest_url.clone(), true).to_string();
                    image = Some((events.len(), written, title.to_string(), String::new()));
                }
                events.push(Event::Start(Tag::Image {
                    dest_url: {
                        let written = defuse(dest_url.clone(), true);
                        target(dest_url, range, true).unwrap_or(written)
                    },
                    link_type,
                    title,
                    id,
                }))
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((_, _, _, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
                events.push(Event::Text(t));
            }
            Event::End(TagEnd::Image) => {
                events.push(Event::End(TagEnd::Image));
                if let Some((start, dest, title, alt)) = image.take() {
                    let img = Image {
                        dest: &dest,
                        alt: &alt,
                        title: &title,
                    };
                    if let Some(html) = picture(&img) {
                        events.truncate(start);
                        events.push(Event::InlineHtml(CowStr::from(html)));
                    }
                }
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        has_code,
    }
}

/// A link target that would run code when followed (`javascript:`, `vbscript:`, and for
/// links `data:`) becomes `#`: raw HTML is escaped, so this is the one way script could get
/// into a page. Schemes are read as browsers read them: case-insensitive, after leading
/// spaces and control characters, with tabs and line breaks anywhere ignored. Images may
/// keep `data:` (an `<img>` runs no script).
fn defuse(url: CowStr<'_>, image: bool) -> CowStr<'_> {
    let scheme: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    let scripting = has_colon
        && (scheme == "javascript" || scheme == "vbscript" || (scheme == "data" && !image));
    if scripting { CowStr::from("#") } else { url }
}

/// Whether `url` is relative to the page's directory: not empty, no scheme, not a root
/// path, an anchor or a query.
pub fn is_relative(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with(['/', '#', '?'])
        && !url.split_once(':').is_some_and(|(scheme, _)| {
            scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `photo.jpg` → `<asset_base>photo.jpg`; absolute URLs, root paths and anchors unchanged.
fn resolve(asset_base: &str, url: &str) -> Option<String> {
    is_relative(url).then(|| format!("{asset_base}{}", url.trim_start_matches("./")))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

fn highlight(lang: &str, code: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let ss = syntax_set();
    let syntax = (!lang.is_empty())
        .then(|| ss.find_syntax_by_token(lang))
        .flatten()
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code, light and dark.
pub fn code_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::css_for_theme_with_class_style;
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(s: &str) -> Rendered {
        render(s, "/base/")
    }

    #[test]
    fn relative_links_resolve_against_asset_dir() {
        let r = render(
            "![图](photo.jpg) [a](./doc.pdf) [b](https://x.org/) [c](/abs/) [d](#fn) [e](mailto:a@b.c)",
            "/a/2023/",
        );
        assert!(r.html.contains("src=\"/a/2023/photo.jpg\""), "{}", r.html);
        assert!(r.html.contains("href=\"/a/2023/doc.pdf\""));
        assert!(r.html.contains("href=\"https://x.org/\""));
        assert!(r.html.contains("href=\"/abs/\""));
        assert!(r.html.contains("href=\"#fn\""));
        assert!(r.html.contains("href=\"mailto:a@b.c\""));
    }

    #[test]
    fn email_autolinks_are_not_resolved() {
        // CommonMark spec examples 604 and 605.
        let r = render(
            "<foo@bar.example.com> <foo+special@Bar.baz-bar0.com>",
            "/a/2023/",
        );
        assert!(
            r.html.contains("href=\"mailto:foo@bar.example.com\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("href=\"mailto:foo+special@Bar.baz-bar0.com\"")
        );
    }

    #[test]
    fn extensions_render() {
        let r = render_plain(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n- [x] done\n\n[^1]: note\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
        assert!(!r.has_code);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render_plain("```rust\nfn main() {}\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn script_links_are_defused() {
        let r = render_plain(concat!(
            "[a](javascript:alert(1)) [b](JavaScript:alert(2)) [c](java&#9;script:alert(3)) ",
            "[d]( vbscript:x) [e](data:text/html,<script>) <javascript:alert(4)> [ref][f] ",
            "![i](data:image/png;base64,AAAA) [ok](https://x.org/a:b) [js](/js:1)\n\n",
            "[f]: javascript:alert(5)\n",
        ));
        let targets: Vec<&str> = r
            .html
            .split(" href=\"")
            .chain(r.html.split(" src=\""))
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        for t in &targets {
            let t = t.to_ascii_lowercase();
            assert!(
                !["javascript:", "vbscript:", "data:text"]
                    .iter()
                    .any(|bad| t.contains(bad)),
                "{t} in {}",
                r.html
            );
        }
        assert_eq!(
            r.html.matches("href=\"#\"").count(),
            7,
            "seven defused links: {}",
            r.html
        );
        assert!(
            r.html.contains("src=\"data:image/png;base64,AAAA\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://x.org/a:b\""));
        assert!(r.html.contains("href=\"/js:1\""));
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render_plain("<script>alert(1)</script>\n\n段落<b>x</b>");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }
}
