//! Diagnostics: every problem a build finds, with where it is and how to fix it.
//!
//! Stages collect `Diagnostic`s instead of stopping at the first; the CLI prints them all
//! once, rustc-style (`file:line:col`, the offending line with a caret, a `help:` line).

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the user's files.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path shown to the user (relative to the site root when possible).
    pub file: Option<PathBuf>,
    /// 1-based line and column (column counted in characters).
    pub line: usize,
    pub col: usize,
    /// The source line the problem is on, for the snippet.
    pub source_line: Option<String>,
    /// Width of the caret underline, in characters.
    pub span_chars: usize,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            line: 0,
            col: 0,
            source_line: None,
            span_chars: 1,
            label: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Names the file without a position.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points at a byte range of `text` (the whole file), computing line, column and snippet.
    pub fn at(mut self, file: impl Into<PathBuf>, text: &str, start: usize, end: usize) -> Self {
        self.file = Some(file.into());
        let start = clamp_boundary(text, start);
        let end = clamp_boundary(text, end.max(start));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        self.line = text[..start].matches('\n').count() + 1;
        self.col = text[line_start..start].chars().count() + 1;
        let line = text[line_start..line_end].trim_end_matches('\r');
        self.source_line = Some(printable(line).into_owned());
        let span_end = end.min(line_end);
        self.span_chars = text[start..span_end].chars().count().max(1);
        self
    }

    /// Points at a 1-based line of `text`, underlining the line's content.
    pub fn at_line(self, file: impl Into<PathBuf>, text: &str, line: usize) -> Self {
        let start = line_offset(text, line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let content_start = start + (text[start..end].len() - text[start..end].trim_start().len());
        self.at(file, text, content_start, end)
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `s` with control characters made visible, one character for one (so columns still
/// match): a stray carriage return or an escape sequence in a user's file must not garble
/// the terminal. Line feeds and tabs are kept.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' => '\u{240d}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Byte offset of the start of a 1-based line.
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

fn clamp_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => crate::t!("severity-error"),
            Severity::Warning => crate::t!("severity-warning"),
        };
        let colon = crate::i18n::colon();
        writeln!(f, "{kind}{colon}{}", printable(&self.message))?;
        if let Some(file) = &self.file {
            if self.line > 0 {
                writeln!(
                    f,
                    "  --> {}:{}:{}",
                    printable(&display_path(file)),
                    self.line,
                    self.col
                )?;
            } else {
                writeln!(f, "  --> {}", printable(&display_path(file)))?;
            }
        }
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, " {pad} |")?;
            writeln!(f, " {num} | {src}")?;
            // Han characters take two columns in a terminal.
            let before: usize = src
                .chars()
                .take(self.col.saturating_sub(1))
                .map(display_width)
                .sum();
            let under: usize = src
                .chars()
                .skip(self.col.saturating_sub(1))
                .take(self.span_chars)
                .map(display_width)
                .sum::<usize>()
                .max(1);
            write!(f, " {pad} | {}{}", " ".repeat(before), "^".repeat(under))?;
            if let Some(label) = &self.label {
                write!(f, " {}", printable(label))?;
            }
            writeln!(f)?;
        } else if let Some(label) = &self.label {
            writeln!(f, "   = {}", printable(label))?;
        }
        if let Some(help) = &self.help {
            let word = crate::t!("diagnostic-help");
            writeln!(f, "   = {word}{colon}{}", printable(help))?;
        }
        Ok(())
    }
}

fn display_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else if is_wide(c) {
        2
    } else {
        1
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Errors and warnings collected over a whole build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorts by file and position so output is stable whatever order stages ran in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
    }
}

/// Closest candidate by edit distance over characters, if close enough to be a useful hint.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let len = word.chars().count().max(c.chars().count());
    (d * 2 <= len.max(2)).then_some(c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_in_chars() {
        let text = "+++\ntitle = \"x\"\nforces = [\"社区\", \"社区志愿军\"]\n";
        let start = text.find("\"社区志愿军").unwrap();
        let d = Diagnostic::error("unknown force").at("a.md", text, start, start + 17);
        assert_eq!((d.line, d.col), (3, 17));
        assert_eq!(d.span_chars, 7);
        let shown = d.to_string();
        assert!(shown.contains("--> a.md:3:17"), "{shown}");
    }

    #[test]
    fn suggests_closest_name() {
        let forces = [
            "社区",
            "社会组织",
            "社会工作者",
            "社区志愿者",
            "社会慈善资源",
        ];
        assert_eq!(closest("社区志愿军", forces), Some("社区志愿者"));
        assert_eq!(closest("社会工作", forces), Some("社会工作者"));
        assert_eq!(closest("完全无关的词语啊", forces), None);
    }
}
