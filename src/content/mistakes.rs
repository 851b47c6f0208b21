//! The editor's mistakes the load stage can name beyond the front matter's own checks: a
//! case's area that config.toml does not list, a case saved with the wrong file ending.

use crate::config::Config;
use crate::content::front;
use crate::error::Diagnostic;
use std::path::Path;

/// Where the front matter being checked is: its file, the file's text and the split.
pub(super) struct At<'a> {
    file: &'a Path,
    text: &'a str,
    split: &'a front::Split<'a>,
}

impl<'a> At<'a> {
    pub(super) fn new(file: &'a Path, text: &'a str, split: &'a front::Split<'a>) -> At<'a> {
        At { file, text, split }
    }

    /// `d` pointed at a span of the front matter, or at the file when there is none.
    fn point(&self, d: Diagnostic, span: Option<std::ops::Range<usize>>) -> Diagnostic {
        match span {
            Some(r) => d.at(
                self.file,
                self.text,
                self.split.front_start + r.start,
                self.split.front_start + r.end,
            ),
            None => d.in_file(self.file),
        }
    }
}

/// A case whose `area` config.toml does not list: an error at the `area` value, and a
/// listed area stands in, so that the build can go on to check the case's links and
/// photos (the error stops it before anything is written; an unlisted name never becomes
/// an area page).
pub(super) fn unlisted_case_area(
    at: &At,
    config: &Config,
    area: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    if config.allows_area(area) {
        return;
    }
    #[derive(serde::Deserialize)]
    struct AreaField {
        area: Option<toml::Spanned<String>>,
    }
    let span = toml::from_str::<AreaField>(at.split.front)
        .ok()
        .and_then(|f| f.area)
        .map(|v| v.span());
    let d = config
        .unknown_area(area)
        .label(crate::t!("content-area-label"));
    diags.push(at.point(d, span));
    *area = config.areas.keys().next().cloned().unwrap_or_default();
}

/// Figures (`[[figures]] area = "…"`) whose area config.toml does not list: an error at
/// each `area` value (a photo's area would otherwise make a new area page), and the figure
/// is taken as showing the case's own area.
pub(super) fn unlisted_figure_areas(
    at: &At,
    config: &Config,
    figures: &mut [front::Figure],
    diags: &mut Vec<Diagnostic>,
) {
    if figures
        .iter()
        .all(|f| f.area.as_deref().is_none_or(|a| config.allows_area(a)))
    {
        return;
    }
    #[derive(serde::Deserialize)]
    struct Figures {
        #[serde(default)]
        figures: Vec<FigureArea>,
    }
    #[derive(serde::Deserialize)]
    struct FigureArea {
        area: Option<toml::Spanned<String>>,
    }
    let spans = toml::from_str::<Figures>(at.split.front)
        .map(|f| f.figures)
        .unwrap_or_default();
    for (i, f) in figures.iter_mut().enumerate() {
        let Some(area) = f.area.take_if(|a| !config.allows_area(a)) else {
            continue;
        };
        let span = spans.get(i).and_then(|s| s.area.as_ref()).map(|a| a.span());
        let d = config
            .unknown_area(&area)
            .label(crate::t!("content-area-label"));
        diags.push(at.point(d, span));
    }
}

/// The name a Markdown file saved with the wrong ending should have (`a.md.txt`,
/// `a.markdown`, `a.mdown`, `a.MD` → `a.md`); `None` for any other file.
pub(super) fn misnamed_case(name: &str) -> Option<String> {
    let stem_len = [".md.txt", ".markdown", ".mdown", ".md"]
        .iter()
        .find_map(|end| {
            let at = name.len().checked_sub(end.len()).filter(|&at| at > 0)?;
            let tail = name.get(at..)?;
            tail.eq_ignore_ascii_case(end).then_some(at)
        })?;
    Some(format!("{}.md", &name[..stem_len]))
}
