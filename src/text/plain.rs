//! Plain text of Markdown, and the Markdown dialect shequ reads.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

/// The Markdown extensions shequ reads: tables, footnotes, strikethrough, task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Plain text of Markdown (for summaries, search and feeds).
pub fn plain_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for ev in Parser::new_ext(src, markdown_options()) {
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

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("**措施之一**：组建\n\n第二段").trim(),
            "措施之一：组建\n第二段"
        );
    }
}
