//! `shequ check`: everything `build` validates, plus hints from the case texts: forces and
//! governance modes a text mentions (through the configured synonyms) that its front matter
//! leaves out. The editor decides; these are warnings.

use crate::config::Dimension;
use crate::error::Diagnostic;
use crate::model::Site;
use crate::t;

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
        let groups: [(&[Dimension], &[usize], &str); 2] = [
            (&site.config.forces, &case.forces, "forces"),
            (&site.config.governance, &case.governance, "governance"),
        ];
        for (dims, tagged, field) in groups {
            for (i, dim) in dims.iter().enumerate() {
                if tagged.contains(&i) {
                    continue;
                }
                let hit = pointers(dim)
                    .filter_map(|w| text[body_start..].find(w).map(|at| (body_start + at, w)))
                    .min_by_key(|(at, _)| *at);
                if let Some((at, word)) = hit {
                    let name = dim.name.as_str();
                    out.push(
                        Diagnostic::warning(t!(
                            "check-mention",
                            word = word,
                            field = field,
                            name = name
                        ))
                        .at(case.file.clone(), text, at, at + word.len())
                        .label(t!("check-mention.label", name = name))
                        .help(t!(
                            "check-mention.help",
                            name = name,
                            field = field
                        )),
                    );
                }
            }
        }
    }
    out
}

/// One punctuation mark `shequ check --fix` rewrote.
pub struct PunctuationFix {
    pub file: std::path::PathBuf,
    pub line: usize,
    pub col: usize,
    pub from: char,
    pub to: char,
}

/// Rewrites input-method punctuation in the front matter of every Markdown file under
/// `content/` (never inside string values, never the body). A file whose corrected front
/// matter would still not be TOML is left untouched and named in the second list.
pub fn fix_punctuation(root: &std::path::Path) -> (Vec<PunctuationFix>, Vec<std::path::PathBuf>) {
    use crate::content::{front, punct};
    let mut fixes = Vec::new();
    let mut left = Vec::new();
    let files = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"));
    for entry in files {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", rest),
            None => ("", text.as_str()),
        };
        let Ok(split) = front::split(body, &rel) else {
            continue;
        };
        let (marks, _) = punct::scan(split.front);
        if marks.is_empty() {
            continue;
        }
        let corrected = punct::replace(split.front, &marks);
        if toml::de::DeTable::parse(&corrected).is_err() {
            left.push(rel);
            continue;
        }
        let new = format!(
            "{bom}{}{corrected}{}",
            &body[..split.front_start],
            &body[split.front_start + split.front.len()..]
        );
        if std::fs::write(path, new).is_err() {
            left.push(rel);
            continue;
        }
        for m in marks {
            let at = split.front_start + m.offset;
            let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
            fixes.push(PunctuationFix {
                file: rel.clone(),
                line: body[..at].matches('\n').count() + 1,
                col: body[line_start..at].chars().count() + 1,
                from: m.found,
                to: m.ascii,
            });
        }
    }
    (fixes, left)
}
