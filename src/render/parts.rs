//! What rendering derives from the model before any page: every case's and issue's
//! rendered Markdown (kept between dev-server rebuilds in a [`MarkdownCache`]) and every
//! case's listing fingerprint.

use super::{fingerprint, markdown};
use crate::model::Site;
use rayon::prelude::*;

/// Markdown of a case rendered once, used by its page, the feed and search.
#[derive(Clone)]
pub struct RenderedCase {
    /// Hash of `html`, for page fingerprints.
    pub fingerprint: u64,
    pub html: std::sync::Arc<str>,
    pub has_code: bool,
}

/// Rendered Markdown kept between rebuilds (dev server), keyed by the address of the
/// (shared, immutable) Markdown source; the entry holds the source alive, so its address
/// cannot be reused while cached, and records the link base it was rendered with.
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<std::collections::HashMap<usize, MarkdownEntry>>,
}

struct MarkdownEntry {
    source: std::sync::Arc<str>,
    link_base: String,
    rendered: RenderedCase,
}

fn source_key(source: &std::sync::Arc<str>) -> usize {
    std::sync::Arc::as_ptr(source) as *const u8 as usize
}

impl MarkdownCache {
    fn get(&self, source: &std::sync::Arc<str>, link_base: &str) -> Option<RenderedCase> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(&source_key(source))?;
        (std::sync::Arc::ptr_eq(&e.source, source) && e.link_base == link_base)
            .then(|| e.rendered.clone())
    }

    fn put(&self, source: &std::sync::Arc<str>, link_base: String, rendered: &RenderedCase) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                source_key(source),
                MarkdownEntry {
                    source: source.clone(),
                    link_base,
                    rendered: rendered.clone(),
                },
            );
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

/// Renders Markdown `source` whose relative links resolve against `link_base`, from `cache`
/// when it was rendered before.
fn render_markdown(
    source: &std::sync::Arc<str>,
    link_base: String,
    cache: Option<&MarkdownCache>,
) -> RenderedCase {
    if let Some(hit) = cache.and_then(|c| c.get(source, &link_base)) {
        return hit;
    }
    let r = markdown::render(source, &link_base);
    let rendered = RenderedCase {
        fingerprint: xxhash_rust::xxh3::xxh3_64(r.html.as_bytes()),
        html: r.html.into(),
        has_code: r.has_code,
    };
    if let Some(c) = cache {
        c.put(source, link_base, &rendered);
    }
    rendered
}

/// What rendering derives from the model before any page: every case's and issue's rendered
/// Markdown and every case's listing fingerprint. A dev-server session keeps it with the
/// model and patches it when a case changes ([`RenderParts::patch_case`]).
pub struct RenderParts {
    pub bodies: Vec<RenderedCase>,
    pub issue_bodies: Vec<std::sync::Arc<str>>,
    pub ref_fingerprints: Vec<u64>,
}

impl RenderParts {
    pub fn new(site: &Site, cache: Option<&MarkdownCache>) -> RenderParts {
        // Look every case up under one lock, then render the misses in parallel.
        let hits: Vec<Option<RenderedCase>> = match cache.map(|c| c.entries.lock()) {
            Some(Ok(entries)) => site
                .cases
                .iter()
                .map(|c| {
                    let e = entries.get(&source_key(&c.body))?;
                    let same = std::sync::Arc::ptr_eq(&e.source, &c.body)
                        && e.link_base.strip_prefix(&site.config.base_path) == Some(&c.asset_dir);
                    same.then(|| e.rendered.clone())
                })
                .collect(),
            _ => vec![None; site.cases.len()],
        };
        let bodies: Vec<RenderedCase> = site
            .cases
            .par_iter()
            .zip(hits)
            .map(|(c, hit)| {
                hit.unwrap_or_else(|| render_markdown(&c.body, site.url(&c.asset_dir), cache))
            })
            .collect();
        let issue_bodies: Vec<std::sync::Arc<str>> = site
            .issues
            .par_iter()
            .map(|i| render_markdown(&i.body, site.url(&i.path), cache).html)
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
        RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
        }
    }

    /// Brings case `i`'s parts up to date after it changed in the model.
    pub fn patch_case(&mut self, site: &Site, i: usize, cache: Option<&MarkdownCache>) {
        let c = &site.cases[i];
        self.bodies[i] = render_markdown(&c.body, site.url(&c.asset_dir), cache);
        self.ref_fingerprints[i] = fingerprint::case_ref(site, i);
    }
}
