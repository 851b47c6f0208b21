//! Markdown → HTML: CommonMark plus tables, footnotes, strikethrough and task lists; fenced
//! code highlighted by syntect with CSS classes (the syntax set is loaded only when needed).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown. Raw HTML in the source is escaped: content is the editor's text, and a
/// stray tag must not break the page. Relative link and image targets are resolved against
/// `asset_base` (the URL of the directory the source file's neighbours are copied to).
pub fn render(src: &str, asset_base: &str) -> Rendered {
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut has_code = false;
    for ev in Parser::new_ext(src, options()) {
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
                link_type,
                dest_url: resolve(asset_base, dest_url),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Image {
                link_type,
                dest_url: resolve(asset_base, dest_url),
                title,
                id,
            })),
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

/// `photo.jpg` → `<asset_base>photo.jpg`; absolute URLs, root paths and anchors unchanged.
fn resolve<'a>(asset_base: &str, url: CowStr<'a>) -> CowStr<'a> {
    let is_relative = !url.is_empty()
        && !url.starts_with(['/', '#', '?'])
        && !url.split_once(':').is_some_and(|(scheme, _)| {
            scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if is_relative {
        CowStr::from(format!("{asset_base}{}", url.trim_start_matches("./")))
    } else {
        url
    }
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

/// Plain text of Markdown (for summaries, search and feeds).
pub fn plain_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for ev in Parser::new_ext(src, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out
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
    fn raw_html_is_escaped() {
        let r = render_plain("<script>alert(1)</script>\n\n段落<b>x</b>");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("**措施之一**：组建\n\n第二段").trim(),
            "措施之一：组建\n第二段"
        );
    }
}
