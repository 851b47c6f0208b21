//! Local references checked at build time: a link or image in a case's (or issue's) text,
//! or a figure's `src`, must name a file beside it, another case's `.md` file (which becomes
//! that case's URL) or, written from the site root, a page of the site (which gets the
//! `base_url`'s path). External URLs are never fetched.

use super::markdown;
use crate::error::{Diagnostic, closest};
use crate::model::{Site, paths};
use crate::t;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What a target resolved to: its new URL (`None`: kept as written), or why it is broken.
pub type Resolution = Result<Option<String>, Miss>;

/// A broken reference: what to say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub message: String,
    pub label: String,
    pub help: String,
}

/// A broken reference in a file: where, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    pub place: Place,
    pub miss: Miss,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A byte range of the Markdown body, which is the last `.1` bytes of the file.
    Body(std::ops::Range<usize>, usize),
    /// A figure's `src` in the front matter, by its value.
    FigureSrc(String),
}

/// Where a Markdown source lives: its file as shown (`content/<issue>/<case>.md`), and the
/// URL its neighbours are copied to.
pub struct Source<'a> {
    pub file: &'a Path,
    pub link_base: String,
}

/// Everything a local reference may name, built once per model.
pub struct Targets {
    base_path: String,
    /// Site paths of every page, copied file and static file.
    site_paths: HashSet<String>,
    /// Page paths only, for the closest-page hint.
    pages: Vec<String>,
    /// A copied file's source as shown → its site path.
    files: HashMap<String, String>,
    /// A case's or issue's Markdown file as shown → its page path.
    markdown: HashMap<String, String>,
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

impl Targets {
    /// Whether a site path (`share.png`, `2023-tianshan/fangda/photo.jpg`) is a page or a
    /// file the site will have.
    pub fn has(&self, site_path: &str) -> bool {
        self.site_paths.contains(site_path)
    }

    pub fn new<'s>(site: &Site, statics: impl Iterator<Item = &'s str>) -> Targets {
        let mut pages: Vec<String> = [
            paths::HOME,
            paths::AREAS,
            paths::WUSHE,
            paths::WUSHE_BY_TOTAL,
            paths::PARTNERS,
            paths::ISSUES,
            paths::TAGS,
            paths::SEARCH,
            paths::FEED,
            paths::NOT_FOUND,
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        pages.extend(site.issues.iter().map(|i| i.path.clone()));
        pages.extend(site.cases.iter().map(|c| c.path.clone()));
        pages.extend(site.areas.iter().map(|a| a.path.clone()));
        pages.extend(site.partners.iter().map(|p| p.path.clone()));
        pages.extend(site.tags.iter().map(|t| t.path.clone()));
        for d in site.dimensions() {
            pages.push(d.path(site));
            pages.push(d.sort_path(site));
        }
        // Each cell once, however many cases it holds.
        let mut cells = HashSet::new();
        for c in &site.cases {
            cells.extend(c.forces.iter().map(|&f| (true, f, c.area)));
            cells.extend(c.governance.iter().map(|&g| (false, g, c.area)));
        }
        for (force, i, area) in cells {
            let dimension = match force {
                true => crate::model::Dimension::force(i),
                false => crate::model::Dimension::governance(i),
            };
            pages.push(dimension.cell_path(site, area));
        }
        pages.sort();
        pages.dedup();
        let mut site_paths: HashSet<String> = pages.iter().cloned().collect();
        site_paths.extend(
            [
                paths::SITEMAP,
                paths::ROBOTS,
                paths::RELATIONS_JSON,
                paths::CODE_CSS,
            ]
            .map(String::from),
        );
        site_paths.extend(statics.map(String::from));
        site_paths.extend(site.assets.iter().map(|a| a.dest.clone()));
        let files = site
            .assets
            .iter()
            .map(|a| (shown(&a.file), a.dest.clone()))
            .collect();
        let markdown = site
            .cases
            .iter()
            .map(|c| (shown(&c.file), c.path.clone()))
            .chain(site.issues.iter().map(|i| (shown(&i.file), i.path.clone())))
            .collect();
        Targets {
            base_path: site.config.base_path.clone(),
            site_paths,
            pages,
            files,
            markdown,
        }
    }

    /// The URL of the file or page at `path` under the output root.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// Resolves a target written in `source`.
    pub fn resolve(&self, source: &Source, dest: &str, image: bool) -> Resolution {
        if dest.starts_with("//") {
            return Ok(None);
        }
        let split = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split);
        if let Some(rooted) = path.strip_prefix('/') {
            return self.resolve_rooted(rooted, suffix, dest);
        }
        if !markdown::is_relative(dest) || path.is_empty() {
            return Ok(None);
        }
        let dir = source.file.parent().map(shown).unwrap_or_default();
        let decoded = percent_decode(path);
        let Some(file) = normalize(&dir, &decoded) else {
            return Err(self.missing(source, &dir, dest, image));
        };
        if decoded.ends_with(".md") {
            return match self.markdown.get(&file) {
                Some(page) => Ok(Some(format!("{}{page}{suffix}", self.base_path))),
                None => Err(Miss {
                    message: t!("render-not-a-case", dest = dest),
                    label: t!("render-not-a-case.label"),
                    help: match self.same_named_case(&dir, &decoded) {
                        Some(relative) => {
                            t!(
                                "render-did-you-mean",
                                target = format!("{relative}{suffix}")
                            )
                        }
                        None => t!("render-not-a-case.help"),
                    },
                }),
            };
        }
        if let Some(site_path) = self.files.get(&file) {
            // Written as a file beside the source: the same URL as ever.
            return Ok(Some(if decoded.split('/').any(|c| c == "..") {
                format!("{}{site_path}{suffix}", self.base_path)
            } else {
                format!("{}{}", source.link_base, dest.trim_start_matches("./"))
            }));
        }
        // A page written relative to this one's directory (`../other-case/`).
        let base = source
            .link_base
            .strip_prefix(&self.base_path)
            .unwrap_or(&source.link_base);
        if let Some(page) = normalize(base.trim_end_matches('/'), &decoded)
            && (self.site_paths.contains(&page) || self.site_paths.contains(&format!("{page}/")))
        {
            return Ok(Some(format!(
                "{}{}",
                source.link_base,
                dest.trim_start_matches("./")
            )));
        }
        Err(self.missing(source, &dir, dest, image))
    }

    /// The output path of the copied file a relative target written in `source` names
    /// (`photo.jpg` → `2023-tianshan/fangda/photo.jpg`), when it names one.
    pub fn asset(&self, source: &Source, dest: &str) -> Option<&str> {
        if !markdown::is_relative(dest) {
            return None;
        }
        let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
        let dir = source.file.parent().map(shown).unwrap_or_default();
        let file = normalize(&dir, &percent_decode(path))?;
        self.files.get(&file).map(String::as_str)
    }

    /// The path from `dir` to the case or issue file whose path ends like `written` (its
    /// `./` and `../` aside): `../yanxi.md` written one level too shallow.
    fn same_named_case(&self, dir: &str, written: &str) -> Option<String> {
        let tail: Vec<&str> = written
            .split('/')
            .filter(|c| !matches!(*c, "" | "." | ".."))
            .collect();
        let tail = format!("/{}", tail.join("/"));
        let mut found: Vec<&String> = self
            .markdown
            .keys()
            .filter(|f| f.ends_with(&tail))
            .collect();
        found.sort();
        let file = found.first()?;
        let from: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
        let to: Vec<&str> = file.split('/').collect();
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let ups = "../".repeat(from.len() - common);
        Some(format!("{ups}{}", to[common..].join("/")))
    }

    fn resolve_rooted(&self, rooted: &str, suffix: &str, dest: &str) -> Resolution {
        let decoded = percent_decode(rooted);
        let base = self.base_path.trim_start_matches('/');
        let candidates = [
            Some(decoded.as_str()),
            (!base.is_empty())
                .then(|| decoded.strip_prefix(base))
                .flatten(),
        ];
        for c in candidates.into_iter().flatten() {
            let with_slash = format!("{c}/");
            if let Some(p) = [c, with_slash.as_str()]
                .into_iter()
                .find(|p| self.site_paths.contains(*p))
            {
                return Ok(Some(format!("{}{p}{suffix}", self.base_path)));
            }
        }
        let hint = closest(&decoded, self.pages.iter().map(String::as_str)).map_or_else(
            || t!("render-no-page.help"),
            |p| t!("render-did-you-mean", target = format!("/{p}")),
        );
        Err(Miss {
            message: t!("render-no-page", dest = dest),
            label: t!("render-no-page.label"),
            help: hint,
        })
    }

    fn missing(&self, source: &Source, dir: &str, dest: &str, image: bool) -> Miss {
        let prefix = format!("{dir}/");
        let mut beside: Vec<&str> = self
            .files
            .keys()
            .filter_map(|f| f.strip_prefix(&prefix))
            .filter(|f| !f.contains('/'))
            .collect();
        beside.sort_unstable();
        // A list in running text: "a, b" in English, "a、b" in Chinese.
        let sep = match crate::i18n::lang() {
            crate::i18n::Lang::Zh => "、",
            crate::i18n::Lang::En => ", ",
        };
        let there = match beside.len() {
            0 => t!("render-files-there-none"),
            n if n <= 5 => t!("render-files-there", list = beside.join(sep)),
            n => t!(
                "render-files-there-more",
                list = beside[..5].join(sep),
                count = n - 5
            ),
        };
        let file = shown(source.file);
        let folder = prefix.as_str();
        let there = there.as_str();
        if image {
            Miss {
                message: t!("render-missing-photo", dest = dest, file = file),
                label: t!("render-missing-photo.label", folder = folder),
                help: t!("render-missing-photo.help", folder = folder, there = there),
            }
        } else {
            Miss {
                message: t!("render-missing-file", dest = dest, file = file),
                label: t!("render-missing-file.label", folder = folder),
                help: t!("render-missing-file.help", folder = folder, there = there),
            }
        }
    }
}

/// The output path a relative target `dest` (a figure's `src`) names from the output
/// directory `dir` (`./a%20b.jpg` from `2024/x/` → `2024/x/a b.jpg`); `None` for a target that
/// is not relative, or leads above the root.
pub fn output_path(dir: &str, dest: &str) -> Option<String> {
    if !markdown::is_relative(dest) {
        return None;
    }
    let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
    normalize(dir, &percent_decode(path))
}

/// `dir` joined with relative `path`, `.` and `..` resolved; `None` above the root.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    let trailing = path.ends_with('/');
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    let mut out = parts.join("/");
    if trailing {
        out.push('/');
    }
    Some(out)
}

/// `%E7%85%A7.jpg` → `照.jpg` (invalid sequences kept as written).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Turns problems into diagnostics located in their files (read again from `root`).
pub fn diagnostics(problems: &[Problem], root: &Path) -> Vec<Diagnostic> {
    let mut texts: HashMap<&Path, Option<String>> = HashMap::new();
    problems
        .iter()
        .map(|p| {
            let text = texts
                .entry(&p.file)
                .or_insert_with(|| std::fs::read_to_string(root.join(&p.file)).ok());
            let d = Diagnostic::error(p.miss.message.clone())
                .label(p.miss.label.clone())
                .help(p.miss.help.clone());
            let text = text
                .as_deref()
                .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
            let at = text.and_then(|t| {
                let (start, end) = match &p.place {
                    Place::Body(range, body_len) => {
                        let offset = t.len().checked_sub(*body_len)?;
                        (offset + range.start, offset + range.end)
                    }
                    Place::FigureSrc(src) => {
                        let front_end = t.get(3..)?.find("\n+++").map_or(t.len(), |i| i + 3);
                        // As written: a basic string (escaped) or a literal one.
                        let escaped = src.replace('\\', "\\\\").replace('"', "\\\"");
                        let quoted = [format!("\"{escaped}\""), format!("'{src}'")];
                        let (at, len) = quoted
                            .iter()
                            .find_map(|q| Some((t[..front_end].find(q.as_str())?, q.len() - 2)))?;
                        (at + 1, at + 1 + len)
                    }
                };
                Some((t, start, end))
            });
            match at {
                Some((t, start, end)) => d.at(&p.file, t, start, end),
                None => d.in_file(&p.file),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_decode() {
        assert_eq!(
            normalize("content/a/b", "../c/./d.md").as_deref(),
            Some("content/a/c/d.md")
        );
        assert_eq!(normalize("content", "x/").as_deref(), Some("content/x/"));
        assert_eq!(normalize("content", "../../x"), None);
        assert_eq!(percent_decode("%E7%85%A7.jpg"), "照.jpg");
        assert_eq!(percent_decode("100%.jpg"), "100%.jpg");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
