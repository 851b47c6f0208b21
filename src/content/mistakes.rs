//! The editor's mistakes the load stage can name beyond the front matter's own checks: a
//! case's area that config.toml does not list, a case saved with the wrong file ending.

use crate::config::Config;
use crate::content::front;
use crate::error::Diagnostic;
use std::path::Path;

/// The error for a case whose `area` config.toml does not list, at the `area` value.
pub(super) fn unknown_area(
    file: &Path,
    text: &str,
    split: &front::Split,
    area: &str,
    config: &Config,
) -> Diagnostic {
    #[derive(serde::Deserialize)]
    struct AreaField {
        area: Option<toml::Spanned<String>>,
    }
    let d = config
        .unknown_area(area)
        .label(crate::t!("content-area-label"));
    match toml::from_str::<AreaField>(split.front)
        .ok()
        .and_then(|f| f.area)
    {
        Some(v) => d.at(
            file,
            text,
            split.front_start + v.span().start,
            split.front_start + v.span().end,
        ),
        None => d.in_file(file),
    }
}

/// The errors for figures (`[[figures]] area = "…"`) whose area config.toml does not
/// list, each at its `area` value: a photo's area would otherwise make a new area page.
pub(super) fn unknown_figure_areas(
    file: &Path,
    text: &str,
    split: &front::Split,
    config: &Config,
) -> Vec<Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Figures {
        #[serde(default)]
        figures: Vec<FigureArea>,
    }
    #[derive(serde::Deserialize)]
    struct FigureArea {
        area: Option<toml::Spanned<String>>,
    }
    let Ok(parsed) = toml::from_str::<Figures>(split.front) else {
        return Vec::new();
    };
    parsed
        .figures
        .into_iter()
        .filter_map(|f| f.area)
        .filter(|a| !config.allows_area(a.get_ref()))
        .map(|a| {
            config
                .unknown_area(a.get_ref())
                .label(crate::t!("content-area-label"))
                .at(
                    file,
                    text,
                    split.front_start + a.span().start,
                    split.front_start + a.span().end,
                )
        })
        .collect()
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
