//! Load stage: walk `content/`, read each file, split and parse its front matter.
//!
//! Layout: `content/<issue>/_index.md` is an issue; `content/<issue>/<case>.md` and
//! `content/<issue>/<case>/index.md` are cases; any other file is an asset copied to the
//! matching place in the output.

mod body;
mod cache;
pub mod date;
pub mod field_type;
pub mod front;
mod mistakes;
pub mod punct;
pub mod source;
pub mod stored;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::t;
use front::{CaseMeta, IssueMeta};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub use body::{Body, hash_of as body_hash};
pub use cache::ParseCache;
use cache::{CachedParse, SourceStamp, config_fingerprint, stamp};
pub use source::{
    Limit, MAX_ASSET_BYTES, MAX_FILE_BYTES, is_ignored_name, read_asset, read_text_as,
};

#[derive(Debug, Clone)]
pub struct LoadedIssue {
    /// Directory name under `content/`.
    pub dir: String,
    /// Path shown in messages (`content/<dir>/_index.md`).
    pub file: PathBuf,
    pub meta: IssueMeta,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct LoadedCase {
    pub issue_dir: String,
    pub file: PathBuf,
    /// File stem, or the bundle directory's name.
    pub stem: String,
    /// Lives in its own directory (`<case>/index.md`) with its assets.
    pub bundle: bool,
    pub meta: CaseMeta,
    pub body: Body,
    /// URL slug: the front matter's, or the stem's (computed once, with the parse).
    pub slug: String,
}

impl LoadedCase {
    pub fn new(
        issue_dir: String,
        file: PathBuf,
        stem: String,
        bundle: bool,
        meta: CaseMeta,
        body: Body,
    ) -> LoadedCase {
        let slug = meta
            .slug
            .clone()
            .unwrap_or_else(|| crate::text::slugify(&stem));
        LoadedCase {
            issue_dir,
            file,
            stem,
            bundle,
            meta,
            body,
            slug,
        }
    }
}

/// A non-Markdown file to copy: `rel` is its path under `content/<issue_dir>/`.
#[derive(Debug, Clone)]
pub struct Asset {
    pub src: PathBuf,
    pub issue_dir: String,
    pub rel: PathBuf,
}

#[derive(Debug, Default)]
pub struct Content {
    pub issues: Vec<LoadedIssue>,
    pub cases: Vec<LoadedCase>,
    pub assets: Vec<Asset>,
    /// Files left out for their errors (issues, cases, refused files). While none is, the
    /// rest of a failing build can still check what it would have published (links,
    /// photos), so that one build names every mistake.
    pub left_out: usize,
    /// Case files parsed (the others came from the parse cache).
    pub cases_parsed: usize,
}

#[derive(Clone)]
enum Job {
    Issue {
        dir: String,
        path: PathBuf,
        file: PathBuf,
    },
    Case {
        dir: String,
        path: PathBuf,
        file: PathBuf,
        stem: String,
        bundle: bool,
    },
}

/// The files a walk of `content/` found, and what it had to say about them.
#[derive(Default)]
struct Walked {
    jobs: Vec<Job>,
    /// Per job, its file's stamp as walked.
    stamps: Vec<Option<crate::stamp::Stamp>>,
    assets: Vec<Asset>,
    diagnostics: Vec<Diagnostic>,
}

impl Job {
    fn path(&self) -> &Path {
        match self {
            Job::Issue { path, .. } | Job::Case { path, .. } => path,
        }
    }
}

impl Walked {
    /// Whether `path` (as walked) is one of the files found.
    fn knows(&self, path: &Path) -> bool {
        self.jobs.iter().any(|j| j.path() == path) || self.assets.iter().any(|a| a.src == path)
    }
}

/// Walks `root/content` and parses every issue and case (in parallel). Like every stage,
/// it returns its value (`None` when there is none: no `content/` to walk) and adds what it
/// has to say to `diags`; a file with errors is left out of the value.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Content> {
    load_cached(root, config, None, diags)
}

/// Like [`load`], reusing files parsed before when they have not changed.
pub fn load_cached(
    root: &Path,
    config: &Config,
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) -> Option<Content> {
    let walked = match walk(root) {
        Ok(w) => w,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let walked = std::sync::Arc::new(walked);
    if let Some(Ok(mut w)) = cache.map(|c| c.walked.lock()) {
        *w = Some(walked.clone());
    }
    Some(parse_all(&walked, config, cache, None, diags))
}

/// Like [`load_cached`], but trusting that only the files in `changed` (paths as walked:
/// `root/content/…`) changed since the last load: no walk, and no other file is looked at.
/// `None` when that cannot be trusted — no earlier walk, or a changed path that is not a
/// file the last walk found (created, deleted, renamed, a directory) or is not an ordinary
/// file now (a symbolic link, a FIFO: the walk checks where it leads): then walk.
pub fn load_trusting(
    root: &Path,
    config: &Config,
    cache: &ParseCache,
    changed: &[PathBuf],
    diags: &mut Diagnostics,
) -> Option<Content> {
    let content_dir = root.join("content");
    let walked = cache.walked.lock().ok()?.clone()?;
    let trusted = changed
        .iter()
        .all(|p| p.starts_with(&content_dir) && walked.knows(p) && source::is_plain_file(p));
    if !trusted {
        return None;
    }
    if let Ok(mut e) = cache.entries.write() {
        for p in changed {
            e.remove(p);
        }
    }
    Some(parse_all(
        &walked,
        config,
        Some(cache),
        Some(changed),
        diags,
    ))
}

/// Whether `content/` holds exactly the files of the last load, none changed since (by
/// modification time and length): whether a load that trusted the watcher missed nothing.
pub fn unchanged_since_load(root: &Path, cache: &ParseCache) -> bool {
    let Some(last) = cache.walked.lock().ok().and_then(|w| w.clone()) else {
        return false;
    };
    let Ok(now) = walk(root) else {
        return false;
    };
    let same_files = now.jobs.len() == last.jobs.len()
        && now.assets.len() == last.assets.len()
        && now.diagnostics.len() == last.diagnostics.len()
        && now
            .jobs
            .iter()
            .zip(&last.jobs)
            .all(|(a, b)| a.path() == b.path())
        && now
            .assets
            .iter()
            .zip(&last.assets)
            .all(|(a, b)| a.src == b.src);
    if !same_files {
        return false;
    }
    let Ok(entries) = cache.entries.read() else {
        return false;
    };
    now.jobs.iter().all(|job| {
        let stamp = std::fs::metadata(job.path()).map(|m| crate::stamp::Stamp::of(&m));
        match (stamp, entries.get(job.path())) {
            (Ok(s), Some(c)) => c.stamp.file == Some(s),
            _ => false,
        }
    })
}

/// Walks `content/`: the issue and case files to parse and the assets to copy.
fn walk(root: &Path) -> Result<Walked, Diagnostic> {
    let content_dir = root.join("content");
    let mut out = Walked::default();
    let mut jobs = Vec::new();
    let site = source::SiteRoot::new(root);
    site.check_dir(&content_dir)?;
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(t!("content-no-content-dir"))
            .in_file("content")
            .help(t!("content-no-content-dir.help")));
    }
    let found = source::walk(&site, &content_dir, &mut out.diagnostics);
    let mut issue_dirs_with_index = std::collections::BTreeSet::new();
    let mut issue_dirs = Vec::new();
    for entry in found {
        let too_big = entry.over(Limit::Asset);
        let stamp = entry.stamp;
        let depth = entry.depth;
        let path = entry.path;
        let rel = path
            .strip_prefix(&content_dir)
            .unwrap_or(&path)
            .to_path_buf();
        let file = shown_path(root, &path);
        let comps: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = comps.last().cloned().unwrap_or_default();
        if entry.is_dir {
            if depth == 1 {
                issue_dirs.push((comps[0].clone(), file));
            }
            continue;
        }
        let is_md = name.ends_with(".md");
        match (depth, is_md) {
            (1, true) => out.diagnostics.push(
                Diagnostic::warning(t!("content-md-in-root"))
                    .in_file(file)
                    .help(t!("content-md-in-root.help")),
            ),
            (1, false) => out.diagnostics.push(
                Diagnostic::warning(t!("content-file-in-root"))
                    .in_file(file)
                    .help(t!("content-file-in-root.help")),
            ),
            (2, true) if name == "_index.md" => {
                issue_dirs_with_index.insert(comps[0].clone());
                out.stamps.push(stamp);
                jobs.push(Job::Issue {
                    dir: comps[0].clone(),
                    path,
                    file,
                });
            }
            (2, true) if name.starts_with('_') => {}
            (2, true) => {
                let stem = name.trim_end_matches(".md").to_string();
                out.stamps.push(stamp);
                jobs.push(Job::Case {
                    dir: comps[0].clone(),
                    path,
                    file,
                    stem,
                    bundle: false,
                });
            }
            (3, true) if name == "index.md" => {
                out.stamps.push(stamp);
                jobs.push(Job::Case {
                    dir: comps[0].clone(),
                    path,
                    file,
                    stem: comps[1].clone(),
                    bundle: true,
                });
            }
            (_, true) if name.starts_with('_') => {}
            (_, true) => out
                .diagnostics
                .push(Diagnostic::warning(t!("content-md-not-case")).in_file(file)),
            (_, false) if name.starts_with('_') => {}
            (_, false) if let Some(renamed) = mistakes::misnamed_case(&name) => {
                out.diagnostics.push(
                    Diagnostic::warning(t!("content-misnamed", name = name.as_str()))
                        .in_file(file)
                        .help(t!("content-misnamed.help", renamed = renamed)),
                )
            }
            (_, false) => match too_big {
                Some(too_big) => out.diagnostics.push(too_big.diagnostic(&file)),
                None => out.assets.push(Asset {
                    src: path,
                    issue_dir: comps[0].clone(),
                    rel: comps[1..].iter().collect(),
                }),
            },
        }
    }
    for (dir, file) in issue_dirs {
        if !issue_dirs_with_index.contains(&dir) {
            out.diagnostics.push(
                Diagnostic::error(t!("content-issue-no-index", dir = dir.as_str()))
                    .in_file(file)
                    .help(t!("content-issue-no-index.help", dir = dir.as_str())),
            );
        }
    }
    out.jobs = jobs;
    Ok(out)
}

/// Parses the walked files (in parallel), from `cache` where the file is unchanged. With
/// `trusted`, files not listed there are taken from the cache without looking at them.
fn parse_all(
    walked: &Walked,
    config: &Config,
    cache: Option<&ParseCache>,
    trusted: Option<&[PathBuf]>,
    out_diags: &mut Diagnostics,
) -> Content {
    let jobs = &walked.jobs;
    let mut out = Content {
        assets: walked.assets.clone(),
        ..Content::default()
    };
    out_diags.extend(walked.diagnostics.iter().cloned());
    out.left_out = walked.diagnostics.iter().filter(|d| d.is_error()).count();
    let config_fp = config_fingerprint(config);
    let cases_parsed = std::sync::atomic::AtomicUsize::new(0);
    let parse = |job: &Job| {
        if matches!(job, Job::Case { .. }) {
            cases_parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        parse_job(job.clone(), config)
    };
    let results: Vec<(Option<Parsed>, Vec<Diagnostic>)> = jobs
        .par_iter()
        .zip(&walked.stamps)
        .map(|(job, walked_stamp)| {
            let Some(cache) = cache else {
                return parse(job);
            };
            let path = job.path().to_path_buf();
            if trusted.is_some_and(|t| !t.contains(&path)) {
                let hit = cache.entries.read().ok().and_then(|e| {
                    e.get(&path)
                        .filter(|c| c.stamp.config == config_fp && c.stamp.file.is_some())
                        .map(|c| c.result.clone())
                });
                if let Some(result) = hit {
                    return result;
                }
            }
            // Just walked: its stamp then (taken before it is read). Otherwise (the walk of
            // an earlier load), stamped now.
            let stamp = match (trusted, walked_stamp) {
                (None, Some(s)) => SourceStamp {
                    file: Some(*s),
                    config: config_fp,
                },
                _ => stamp(&path, config_fp),
            };
            let hit = cache.entries.read().ok().and_then(|e| {
                e.get(&path)
                    .filter(|c| c.stamp == stamp && stamp.file.is_some())
                    .map(|c| c.result.clone())
            });
            if let Some(result) = hit {
                return result;
            }
            let mut result = parse(job);
            if matches!(job, Job::Case { .. }) {
                cache
                    .parsed
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            // Kept, the case leaves its text on disk, to be read when needed (and checked).
            if let (true, (Some(Parsed::Case(c)), _)) = (cache.lean, &mut result) {
                c.body = Body::stored(c.body.digest(), c.body.len(), path.clone(), c.file.clone());
            }
            if let Ok(mut e) = cache.entries.write() {
                e.insert(
                    path,
                    CachedParse {
                        stamp,
                        result: result.clone(),
                    },
                );
            }
            result
        })
        .collect();
    out.cases_parsed = cases_parsed.into_inner();
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        let cases = jobs
            .iter()
            .filter(|j| matches!(j, Job::Case { .. }))
            .count();
        eprintln!(
            "timing:   parse: {} of {cases} cases parsed",
            out.cases_parsed
        );
    }
    for (parsed, diags) in results {
        out_diags.extend(diags);
        match parsed {
            Some(Parsed::Issue(i)) => out.issues.push(i),
            Some(Parsed::Case(c)) => out.cases.push(c),
            None => out.left_out += 1,
        }
    }
    out
}

/// Parses again one case file of the last walk (`path` as walked), updating the cache.
/// `None` when the last walk did not find it as a case.
pub fn reparse_case(
    config: &Config,
    cache: &ParseCache,
    path: &Path,
) -> Option<(Option<LoadedCase>, Vec<Diagnostic>)> {
    let walked = cache.walked.lock().ok()?.clone()?;
    let job = walked
        .jobs
        .iter()
        .find(|j| matches!(j, Job::Case { .. }) && j.path() == path)?
        .clone();
    let stamp = stamp(path, config_fingerprint(config));
    let result = parse_job(job, config);
    if let Ok(mut e) = cache.entries.write() {
        e.insert(
            path.to_path_buf(),
            CachedParse {
                stamp,
                result: result.clone(),
            },
        );
    }
    match result {
        (Some(Parsed::Case(c)), diags) => Some((Some(c), diags)),
        (None, diags) => Some((None, diags)),
        (Some(Parsed::Issue(_)), _) => None,
    }
}

#[derive(Clone)]
enum Parsed {
    Issue(LoadedIssue),
    Case(LoadedCase),
}

fn parse_job(job: Job, config: &Config) -> (Option<Parsed>, Vec<Diagnostic>) {
    let (path, file) = match &job {
        Job::Issue { path, file, .. } | Job::Case { path, file, .. } => {
            (path.clone(), file.clone())
        }
    };
    let text = match read_text(&path, &file) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = match front::split(text, &file) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    match job {
        Job::Issue { dir, .. } => {
            let (meta, p) = front::parse_issue(&file, text, &split);
            let mut diags = p.errors;
            diags.extend(p.warnings);
            let mut meta = meta;
            if let Some(m) = meta.as_mut() {
                let at = mistakes::At::new(&file, text, &split);
                mistakes::unlisted_figure_areas(&at, config, &mut m.figures, &mut diags);
            }
            let parsed = meta.map(|meta| {
                Parsed::Issue(LoadedIssue {
                    dir,
                    file,
                    meta,
                    body: Body::new(split.body),
                })
            });
            (parsed, diags)
        }
        Job::Case {
            dir, stem, bundle, ..
        } => {
            let (mut meta, p) = front::parse_case(&file, text, &split, config);
            let mut diags = p.errors;
            diags.extend(p.warnings);
            if let Some(m) = meta.as_mut() {
                let at = mistakes::At::new(&file, text, &split);
                mistakes::unlisted_case_area(&at, config, &mut m.area, &mut diags);
                mistakes::unlisted_figure_areas(&at, config, &mut m.figures, &mut diags);
            }
            let parsed = meta.map(|meta| {
                Parsed::Case(LoadedCase::new(
                    dir,
                    file,
                    stem,
                    bundle,
                    meta,
                    Body::new(split.body),
                ))
            });
            (parsed, diags)
        }
    }
}

/// Reads a Markdown file as UTF-8, with a located error for invalid bytes and oversized files
/// (and for anything but an ordinary file, never opened: see [`source`]).
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    read_text_as(path, shown, Limit::Markdown)
}

/// The path shown to the user: relative to the site root when inside it.
pub fn shown_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests;
