//! What rendering derives from the model before any page: every case's and issue's
//! rendered Markdown, its local references checked ([`super::references`]; kept between
//! dev-server rebuilds in a [`MarkdownCache`]) and every case's listing fingerprint.

use super::references::{self, Place, Problem, Resolution, Source, Targets};
use super::theme::Theme;
use super::{fingerprint, markdown, memo};
use crate::content::Body;
use crate::content::front::Figure;
use crate::error::Diagnostics;
use crate::model::Site;
use crate::photos::markup::{Layout, PhotoView, picture};
use crate::photos::{Failure, FileKind, Photos};
use rayon::prelude::*;
use std::sync::Arc;

/// Markdown of a case rendered once, used by its page, the feed and search.
#[derive(Clone)]
pub struct RenderedCase {
    /// Hash of the HTML, for page fingerprints.
    pub fingerprint: u64,
    /// The HTML; `None` when taken from the build cache ([`super::memo`]): rendered when a
    /// page needs it ([`RenderParts::case_html`]).
    pub html: Option<std::sync::Arc<str>>,
    pub has_code: bool,
    /// Whether its text shows a photo (the page's first photo is then in the text).
    pub has_photo: bool,
    /// The photos its text and figures show or link to (their output paths).
    pub photo_refs: Vec<String>,
    /// Its broken references (text and figures); a build with any fails.
    pub problems: Vec<Problem>,
}

/// A link or image target of a rendered source and what it resolved to: the rendering is
/// still valid while every target resolves the same.
pub(super) struct Reference {
    pub(super) dest: String,
    range: std::ops::Range<usize>,
    pub(super) image: bool,
    pub(super) resolution: Resolution,
    /// The photo it names: its signature, or why it failed.
    pub(super) photo: Option<Result<u64, Failure>>,
}

/// The photo a target of `source` names: its output path, and its signature or failure.
pub(super) fn photo_of(
    targets: &Targets,
    photos: &Photos,
    source: &Source,
    dest: &str,
) -> Option<(String, Result<u64, Failure>)> {
    let at = targets.asset(source, dest)?;
    let outcome = match photos.get(at)? {
        Ok(p) => Ok(p.signature()),
        Err(f) => Err(f.clone()),
    };
    Some((at.to_string(), outcome))
}

/// The problem of a reference to a photo that failed.
fn photo_problem(source: &Source, place: Place, failure: &Failure, photo: &str) -> Problem {
    let (message, help) = failure.describe(photo);
    Problem {
        file: source.file.to_path_buf(),
        place,
        miss: references::Miss {
            message,
            label: crate::t!("photo-label"),
            help,
        },
    }
}

/// Rendered Markdown kept between rebuilds (dev server), keyed by the address of the
/// (shared, immutable) Markdown body; the entry holds the body alive, so its address
/// cannot be reused while cached, and records what each of its targets resolved to.
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<std::collections::HashMap<usize, MarkdownEntry>>,
}

struct MarkdownEntry {
    source: Body,
    file: std::path::PathBuf,
    references: Vec<Reference>,
    rendered: RenderedCase,
}

impl MarkdownEntry {
    /// Whether this entry is `body` of `source` rendered as it would be now.
    fn is_for(&self, body: &Body, source: &Source, targets: &Targets, photos: &Photos) -> bool {
        self.source.same(body)
            && self.file == source.file
            && self.references.iter().all(|r| {
                targets.resolve(source, &r.dest, r.image) == r.resolution
                    && photo_of(targets, photos, source, &r.dest).map(|(_, p)| p) == r.photo
            })
    }
}

fn source_key(source: &Body) -> usize {
    source.address()
}

impl MarkdownCache {
    fn get(
        &self,
        body: &Body,
        source: &Source,
        targets: &Targets,
        photos: &Photos,
    ) -> Option<RenderedCase> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(&source_key(body))?;
        e.is_for(body, source, targets, photos)
            .then(|| e.rendered.clone())
    }

    fn put(&self, entry: MarkdownEntry) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(source_key(&entry.source), entry);
        }
    }

    /// Drops every entry whose source is not among `live`.
    fn retain<'s>(&self, live: impl Iterator<Item = &'s Body>) {
        let live: std::collections::HashSet<usize> = live.map(source_key).collect();
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|k, _| live.contains(k));
        }
    }
}

/// Renders Markdown `body` of `source`, its targets resolved by `targets`, from `cache`
/// when it was rendered before and every target still resolves the same.
fn render_markdown(
    body: &Body,
    source: &Source,
    targets: &Targets,
    photos: &Photos,
    cache: Option<&MarkdownCache>,
) -> RenderedCase {
    if let Some(hit) = cache.and_then(|c| c.get(body, source, targets, photos)) {
        return hit;
    }
    let (rendered, references) = render_fresh(&body.text(), source, targets, photos);
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

/// Renders Markdown `body` of `source`: the result and what each target resolved to.
pub(super) fn render_fresh(
    body: &str,
    source: &Source,
    targets: &Targets,
    photos: &Photos,
) -> (RenderedCase, Vec<Reference>) {
    let mut references = Vec::new();
    let mut photo_refs = Vec::new();
    let mut shown = 0;
    let url = |p: &str| targets.url(p);
    let r = markdown::render_pictures(
        body,
        &mut |t| {
            let resolution = targets.resolve(source, t.dest, t.image);
            let mut url = resolution.clone().ok().flatten();
            let photo = photo_of(targets, photos, source, t.dest);
            if let Some((at, outcome)) = &photo {
                photo_refs.push(at.clone());
                // A link to a photo whose original is not published leads to its largest JPEG.
                if !t.image
                    && !photos.publish_originals
                    && outcome.is_ok()
                    && let Some(Ok(p)) = photos.get(at)
                    && let Some(f) = p.sized(FileKind::Jpeg).last()
                {
                    url = Some(targets.url(&p.path_of(f)));
                }
            }
            references.push(Reference {
                dest: t.dest.to_string(),
                range: t.range.clone(),
                image: t.image,
                resolution,
                photo: photo.map(|(_, p)| p),
            });
            url
        },
        &mut |img| {
            let at = targets.asset(source, img.dest)?;
            let photo = photos.get(at)?.ok()?;
            let view = PhotoView::new(&photo, &url, Layout::Single, shown == 0);
            shown += 1;
            Some(picture(&view, img.alt, Some(img.title)))
        },
    );
    let problems = references
        .iter()
        .filter_map(|r| {
            let place = Place::Body(r.range.clone(), body.len());
            if let Some(Err(f)) = &r.photo {
                let at = targets.asset(source, &r.dest).unwrap_or(&r.dest);
                let file = photos.shown(at);
                return Some(photo_problem(source, place, f, &file));
            }
            let miss = r.resolution.clone().err()?;
            Some(Problem {
                file: source.file.to_path_buf(),
                place,
                miss,
            })
        })
        .collect();
    let rendered = RenderedCase {
        fingerprint: xxhash_rust::xxh3::xxh3_64(r.html.as_bytes()),
        html: Some(r.html.into()),
        has_code: r.has_code,
        has_photo: shown > 0,
        photo_refs,
        problems,
    };
    (rendered, references)
}

/// Broken figure `src`s of a case or issue whose files are beside `source` (missing, or
/// photos that failed); notes the photos they show in `r`.
pub(super) fn check_figures(
    targets: &Targets,
    photos: &Photos,
    source: &Source,
    figures: &[Figure],
    r: &mut RenderedCase,
) {
    for f in figures {
        let Some(src) = f.src.as_deref() else {
            continue;
        };
        let place = Place::FigureSrc(src.to_string());
        if let Some((at, outcome)) = photo_of(targets, photos, source, src) {
            if let Err(failure) = outcome {
                let file = photos.shown(&at);
                r.problems
                    .push(photo_problem(source, place.clone(), &failure, &file));
            }
            r.photo_refs.push(at);
            continue;
        }
        if let Err(miss) = targets.resolve(source, src, true) {
            r.problems.push(Problem {
                file: source.file.to_path_buf(),
                place,
                miss,
            });
        }
    }
}

/// Case `c`'s Markdown and figures, rendered and checked.
fn render_case(
    site: &Site,
    c: &crate::model::Case,
    targets: &Targets,
    photos: &Photos,
    cache: Option<&MarkdownCache>,
    hit: Option<RenderedCase>,
) -> RenderedCase {
    let source = Source {
        file: &c.file,
        link_base: site.url(&c.asset_dir),
    };
    let mut r = hit.unwrap_or_else(|| render_markdown(&c.body, &source, targets, photos, cache));
    check_figures(targets, photos, &source, &c.figures, &mut r);
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
    /// Per issue: whether its text shows a photo.
    pub issue_has_photo: Vec<bool>,
    /// The photos the issues show or link to.
    pub issue_photo_refs: Vec<String>,
    /// Every photo of the site, processed.
    pub photos: Arc<Photos>,
    /// What local references may name; kept for patches, which change no page, file or URL.
    pub(super) targets: Targets,
}

/// Case `c`'s Markdown rendered (for a page, when the parts have only its fingerprint).
pub(super) fn case_html(
    site: &Site,
    c: &crate::model::Case,
    targets: &Targets,
    photos: &Photos,
) -> Arc<str> {
    let source = Source {
        file: &c.file,
        link_base: site.url(&c.asset_dir),
    };
    let (r, _) = render_fresh(&c.body.text(), &source, targets, photos);
    r.html.unwrap_or_default()
}

impl RenderParts {
    /// Renders and checks every case and issue (`theme`: its static files may be linked from
    /// the site root), reusing `cache` where it can.
    pub fn new(
        site: &Site,
        theme: &Theme,
        cache: Option<&MarkdownCache>,
        photos: Arc<Photos>,
    ) -> RenderParts {
        RenderParts::derive(site, theme, cache, photos, None).0
    }

    /// Like [`RenderParts::new`], the cases' Markdown from the build cache `memo` where its
    /// entry still holds (their HTML is then rendered only by the pages that show it).
    pub fn with_memo(
        site: &Site,
        theme: &Theme,
        cache: Option<&MarkdownCache>,
        photos: Arc<Photos>,
        memo: &memo::Memo,
    ) -> (RenderParts, memo::MemoReport) {
        let (parts, report) = RenderParts::derive(site, theme, cache, photos, Some(memo));
        let report = report.unwrap_or(memo::MemoReport {
            rendered: 0,
            cases: 0,
            save: None,
        });
        (parts, report)
    }

    fn derive(
        site: &Site,
        theme: &Theme,
        cache: Option<&MarkdownCache>,
        photos: Arc<Photos>,
        memo: Option<&memo::Memo>,
    ) -> (RenderParts, Option<memo::MemoReport>) {
        let photo_set = &*photos;
        let t = std::time::Instant::now();
        let owned_targets = Targets::new(site, theme.statics.iter().map(|(_, dest)| dest.as_str()));
        let targets = &owned_targets;
        let t = crate::timing::lap("    markdown: targets", t);
        // Look every case up under one lock, then render the misses in parallel (with a
        // build cache, cases are looked up there instead).
        let in_memory = cache.filter(|_| memo.is_none());
        let hits: Vec<Option<RenderedCase>> = match in_memory.map(|c| c.entries.lock()) {
            Some(Ok(entries)) => site
                .cases
                .par_iter()
                .map(|c| {
                    let e = entries.get(&source_key(&c.body))?;
                    let source = Source {
                        file: &c.file,
                        link_base: site.url(&c.asset_dir),
                    };
                    e.is_for(&c.body, &source, targets, photo_set)
                        .then(|| e.rendered.clone())
                })
                .collect(),
            _ => vec![None; site.cases.len()],
        };
        let (bodies, report) = match memo {
            Some(m) => {
                let (bodies, entries): (Vec<RenderedCase>, Vec<_>) = site
                    .cases
                    .par_iter()
                    .map(|c| memo::case_from_memo(site, c, targets, photo_set, m))
                    .unzip();
                let rendered = bodies.iter().filter(|b| b.html.is_some()).count();
                let entries: Vec<_> = entries.into_iter().flatten().collect();
                let same = rendered == 0 && entries.len() == m.entries.len();
                let save = (!same).then(|| entries.into_iter().map(|e| e.into_owned()).collect());
                let report = memo::MemoReport {
                    rendered,
                    cases: site.cases.len(),
                    save,
                };
                (bodies, Some(report))
            }
            None => {
                let bodies = site
                    .cases
                    .par_iter()
                    .zip(hits)
                    .map(|(c, hit)| render_case(site, c, targets, photo_set, cache, hit))
                    .collect();
                (bodies, None)
            }
        };
        let t = crate::timing::lap("    markdown: cases", t);
        let issues: Vec<RenderedCase> = site
            .issues
            .par_iter()
            .map(|i| {
                let source = Source {
                    file: &i.file,
                    link_base: site.url(&i.path),
                };
                let mut r = render_markdown(&i.body, &source, targets, photo_set, cache);
                check_figures(targets, photo_set, &source, &i.figures, &mut r);
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
        let t = crate::timing::lap("    markdown: issues", t);
        let ref_fingerprints = (0..site.cases.len())
            .into_par_iter()
            .map(|i| fingerprint::case_ref(site, i))
            .collect();
        crate::timing::lap("    markdown: listing fingerprints", t);
        let mut issue_problems = Vec::new();
        let mut issue_photo_refs = Vec::new();
        let issue_has_photo = issues.iter().map(|r| r.has_photo).collect();
        let issue_bodies = issues
            .into_iter()
            .map(|r| {
                issue_problems.extend(r.problems);
                issue_photo_refs.extend(r.photo_refs);
                r.html.unwrap_or_default()
            })
            .collect();
        let parts = RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
            issue_problems,
            issue_has_photo,
            issue_photo_refs,
            photos,
            targets: owned_targets,
        };
        (parts, report)
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
        // A broken photo nothing shows is an error at the photo itself: it would not be
        // published, and the editor should know why.
        let shown: std::collections::HashSet<&str> = self
            .bodies
            .iter()
            .flat_map(|b| &b.photo_refs)
            .chain(&self.issue_photo_refs)
            .map(String::as_str)
            .collect();
        let mut unshown = 0;
        for (file, dest, failure) in self.photos.failures() {
            if shown.contains(dest) {
                continue;
            }
            let (message, help) = failure.describe(&crate::error::display_path(file));
            diags.push(
                crate::error::Diagnostic::error(message)
                    .in_file(file)
                    .help(help),
            );
            unshown += 1;
        }
        problems.is_empty() && share_image.is_none() && unshown == 0
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
        self.bodies[i] = render_case(
            site,
            &site.cases[i],
            &self.targets,
            &self.photos,
            cache,
            None,
        );
        self.ref_fingerprints[i] = fingerprint::case_ref(site, i);
        self.bodies[i].problems.is_empty()
    }
}
