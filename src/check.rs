//! `shequ check`: everything `build` validates, plus hints from the case texts: forces and
//! governance modes a text mentions (through the configured synonyms) that its front matter
//! leaves out. The editor decides; these are warnings.

use crate::config::Dimension;
use crate::error::Diagnostic;
use crate::model::Site;

/// Words that point to `dim` in a text: its synonyms, and its name when specific enough
/// (two-character names like 社区 occur in nearly every story).
fn pointers(dim: &Dimension) -> impl Iterator<Item = &str> {
    let name = (dim.name.chars().count() >= 4).then_some(dim.name.as_str());
    name.into_iter()
        .chain(dim.synonyms.iter().map(String::as_str))
}

/// Warnings for mentions the front matter does not tag.
pub fn untagged_mentions(site: &Site, root: &std::path::Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for case in &site.cases {
        let Ok(text) = crate::content::read_text(&root.join(&case.file), &case.file) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let body_start = text.len() - case.body.len().min(text.len());
        let groups: [(&[Dimension], &[usize], &str, &str); 2] = [
            (&site.config.forces, &case.forces, "forces", "force"),
            (
                &site.config.governance,
                &case.governance,
                "governance",
                "governance mode",
            ),
        ];
        for (dims, tagged, field, what) in groups {
            for (i, dim) in dims.iter().enumerate() {
                if tagged.contains(&i) {
                    continue;
                }
                let hit = pointers(dim)
                    .filter_map(|w| text[body_start..].find(w).map(|at| (body_start + at, w)))
                    .min_by_key(|(at, _)| *at);
                if let Some((at, word)) = hit {
                    out.push(
                        Diagnostic::warning(format!(
                            "the text mentions {word} ({what} {}) but `{field}` does not list it",
                            dim.name
                        ))
                        .at(case.file.clone(), text, at, at + word.len())
                        .label(format!("points to {}", dim.name))
                        .help(format!("if the case involves it, add \"{}\" to `{field}`; otherwise ignore this", dim.name)),
                    );
                }
            }
        }
    }
    out
}
