//! What rendering derives from the model before any page: every case's and issue's
//! rendered Markdown, its local references checked ([`super::references`]; kept between
//! dev-server rebuilds in a [`MarkdownCache`]) and every case's listing fingerprint.

use super::references::{self, Place, Problem, Resolution, Source, Targets};
use super::theme::Theme;
use super::{fingerprint, markdown};
use crate::content::front::Figure;
use crate::error::Diagnostics;
use crate::model::Site;
use rayon::prelude::*;

/// Markdown of a case rendered once, used by its page, the feed and search.
#[derive(Clone)]
pub struct RenderedCase {
    /// Hash of `html`, for page fingerprints.
    pub fingerprint: u64,
    pub html: std::sync::Arc<str>,
    pub has_code: bool,
    /// Its broken references (text and figures); a build with any fails.
    pub problems: Vec<Problem>,
}

/// A link or image target of a rendered source and what it resolved to: the rendering is
/// still valid while every target resolves the same.
struct Reference {
    dest: String,
    range: std::ops::Range<usize>,
    image: bool,
    resolution: Resolution,
}

/// Rendered Markdown kept between rebuilds (dev server), keyed by the address of the
/// (shared, immutable) Markdown source; the entry holds the source alive, so its address
/// cannot be reused while cached, and records what each of its targets resolved to.
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<std::collections::HashMap<usize, MarkdownEntry>>,
}

struct MarkdownEntry {
    source: std::sync::Arc<str>,
    file: std::path::PathBuf,
    references: Vec<Reference>,
    rendered: RenderedCase,
}

impl MarkdownEntry {
    /// Whether this entry is `body` of `source` rendered as it would be now.
    fn is_for(&self, body: &std::sync::Arc<str>, source: &Source, targets: &Targets) -> bool {
        std::sync::Arc::ptr_eq(&self.source, body)
            && self.file == source.file
            && self
                .references
                .iter()
                .all(|r| targets.resolve(source, &r.dest, r.image) == r.resolution)
    }
}

fn source_key(source: &std::sync::Arc<str>) -> usize {
    std::sync::Arc::as_ptr(source) as *const u8 as usize
}

impl MarkdownCache {
    fn get(
        &self,
        body: &std::sync::Arc<str>,
        source: &Source,
        targets: &Targets,
    ) -> Option<RenderedCase> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(&source_key(body))?;
        e.is_for(body, source, targets).then(|| e.rendered.clone())
    }

    fn put(&self, entry: MarkdownEntry) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(source_key(&entry.source), entry);
        }
    }

    /// Drops every entry whose source is not among `live`.
    fn retain<'s>(&self, live: impl Iterator<Item = &'s std::sync::Arc<str>>) {
        let live: std::collections::HashSet<usize> = live.map(source_key).collect();
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|k, _| live.contains(k));
        }
    }
}

/// Renders Markdown `body` of `source`, its targets resolved by `targets`, from `cache`
/// when it was rendered before and every target still resolves the same.
fn render_markdown(
    body: &std::sync::Arc<str>,
    source: &Source,
    targets: &Targets,
    cache: Option<&MarkdownCache>,
) -> RenderedCase {
    if let Some(hit) = cache.and_then(|c| c.get(body, source, targets)) {
        return hit;
    }
    let mut references = Vec::new();
    let r = markdown::render_with(body, &mut |t| {
        let resolution = targets.resolve(source, t.dest, t.image);
        let url = resolution.clone().ok().flatten();
        references.push(Reference {
            dest: t.dest.to_string(),
            range: t.range.clone(),
            image: t.image,
            resolution,
        });
        url
    });
    let problems = references
        .iter()
        .filter_map(|r| {
            let miss = r.resolution.clone().err()?;
            Some(Problem {
                file: source.file.to_path_buf(),
                place: Place::Body(r.range.clone(), body.len()),
                miss,
            })
        })
        .collect();
    let rendered = RenderedCase {
        fingerprint: xxhash_rust::xxh3::xxh3_64(r.html.as_bytes()),
        html: r.html.into(),
        has_code: r.has_code,
        problems,
    };
    if let Some(c) = cache {
        c.put(MarkdownEntry {
            source: body.clone(),
            file: source.file.to_path_buf(),
            references,
            rendered: rendered.clone(),
        });
    }
    rendered
}

/// Broken figure `src`s of a case or issue whose files are beside `source`.
fn figure_problems(targets: &Targets, source: &Source, figures: &[Figure]) -> Vec<Problem> {
    figures
        .iter()
        .filter_map(|f| {
            let src = f.src.as_deref()?;
            let miss = targets.resolve(source, src, true).err()?;
            Some(Problem {
                file: source.file.to_path_buf(),
                place: Place::FigureSrc(src.to_string()),
                miss,
            })
        })
        .collect()
}

/// Case `c`'s Markdown and figures, rendered and checked.
fn render_case(
    site: &Site,
    c: &crate::model::Case,
    targets: &Targets,
    cache: Option<&MarkdownCache>,
    hit: Option<RenderedCase>,
) -> RenderedCase {
    let source = Source {
        file: &c.file,
        link_base: site.url(&c.asset_dir),
    };
    let mut r = hit.unwrap_or_else(|| render_markdown(&c.body, &source, targets, cache));
    r.problems
        .extend(figure_problems(targets, &source, &c.figures));
    r
}

/// What rendering derives from the model before any page: every case's and issue's rendered
/// Markdown and every case's listing fingerprint. A dev-server session keeps it with the
/// model and patches it when a case changes ([`RenderParts::patch_case`]).
pub struct RenderParts {
    pub bodies: Vec<RenderedCase>,
    pub issue_bodies: Vec<std::sync::Arc<str>>,
    pub ref_fingerprints: Vec<u64>,
    /// Broken references in the issues' text and figures.
    pub issue_problems: Vec<Problem>,
    /// What local references may name; kept for patches, which change no page, file or URL.
    pub(super) targets: Targets,
}

impl RenderParts {
    /// Renders and checks every case and issue (`theme`: its static files may be linked from
    /// the site root), reusing `cache` where it can.
    pub fn new(site: &Site, theme: &Theme, cache: Option<&MarkdownCache>) -> RenderParts {
        let owned_targets = Targets::new(site, theme.statics.iter().map(|(_, dest)| dest.as_str()));
        let targets = &owned_targets;
        // Look every case up under one lock, then render the misses in parallel.
        let hits: Vec<Option<RenderedCase>> = match cache.map(|c| c.entries.lock()) {
            Some(Ok(entries)) => site
                .cases
                .par_iter()
                .map(|c| {
                    let e = entries.get(&source_key(&c.body))?;
                    let source = Source {
                        file: &c.file,
                        link_base: site.url(&c.asset_dir),
                    };
                    e.is_for(&c.body, &source, targets)
                        .then(|| e.rendered.clone())
                })
                .collect(),
            _ => vec![None; site.cases.len()],
        };
        let bodies: Vec<RenderedCase> = site
            .cases
            .par_iter()
            .zip(hits)
            .map(|(c, hit)| render_case(site, c, targets, cache, hit))
            .collect();
        let issues: Vec<RenderedCase> = site
            .issues
            .par_iter()
            .map(|i| {
                let source = Source {
                    file: &i.file,
                    link_base: site.url(&i.path),
                };
                let mut r = render_markdown(&i.body, &source, targets, cache);
                r.problems
                    .extend(figure_problems(targets, &source, &i.figures));
                r
            })
            .collect();
        if let Some(c) = cache {
            // Drop the sources nothing uses any more.
            c.retain(
                site.cases
                    .iter()
                    .map(|c| &c.body)
                    .chain(site.issues.iter().map(|i| &i.body)),
            );
        }
        let ref_fingerprints = (0..site.cases.len())
            .into_par_iter()
            .map(|i| fingerprint::case_ref(site, i))
            .collect();
        let mut issue_problems = Vec::new();
        let issue_bodies = issues
            .into_iter()
            .map(|r| {
                issue_problems.extend(r.problems);
                r.html
            })
            .collect();
        RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
            issue_problems,
            targets: owned_targets,
        }
    }

    /// Every broken reference found, as located errors (the files are read again from
    /// `root` to point at them), and config.toml's share_image when it names no file;
    /// whether there were none.
    pub fn check(&self, site: &Site, root: &std::path::Path, diags: &mut Diagnostics) -> bool {
        let share_image = site
            .config
            .share_image_site_path()
            .filter(|path| !self.targets.has(path));
        if let Some(path) = share_image {
            diags.push(
                crate::error::Diagnostic::error(crate::t!(
                    "render-share-image-missing",
                    path = path
                ))
                .in_file("config.toml")
                .help(crate::t!("render-share-image-missing.help")),
            );
        }
        let problems: Vec<Problem> = self
            .bodies
            .iter()
            .flat_map(|b| b.problems.iter())
            .chain(&self.issue_problems)
            .cloned()
            .collect();
        diags.extend(references::diagnostics(&problems, root));
        problems.is_empty() && share_image.is_none()
    }

    /// Brings case `i`'s parts up to date after it changed in the model (in place: its URL,
    /// files and every other page stay where they were, so the targets built with these
    /// parts still hold); `false` when it has broken references (the site must then be
    /// built anew, to report them).
    pub fn patch_case(
        &mut self,
        site: &Site,
        _theme: &Theme,
        i: usize,
        cache: Option<&MarkdownCache>,
    ) -> bool {
        self.bodies[i] = render_case(site, &site.cases[i], &self.targets, cache, None);
        self.ref_fingerprints[i] = fingerprint::case_ref(site, i);
        self.bodies[i].problems.is_empty()
    }
}
