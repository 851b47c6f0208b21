//! Render stage: Markdown to HTML and every page through the theme's Tera templates, in
//! parallel, each output file handed to a [`Sink`] as soon as it is ready.
//!
//! `parts.rs` renders the Markdown once per model, `references.rs` checking and resolving its
//! local links; `pages/` is the catalogue of page kinds
//! (one file each: pages, path, template, view, fingerprint inputs); `data_files.rs` writes
//! robots.txt, relations.json, the search index and the assets; `pagination.rs`, `views.rs`
//! and `fingerprint.rs` are what the page kinds share.

mod data_files;
pub mod fingerprint;
pub mod markdown;
pub mod memo;
mod pages;
mod pagination;
mod parts;
pub mod references;
mod template_errors;
pub mod template_graph;
pub mod theme;
pub mod views;

pub use memo::MemoReport;
pub use parts::{MarkdownCache, RenderParts, RenderedCase};

use crate::error::{Diagnostic, Diagnostics};
use crate::index::relations::Relations;
use crate::model::{Site, paths};
use crate::output::{OutFile, Sink};
use rayon::prelude::*;
use tera::Context;
use theme::Theme;
use views::SiteView;

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub relations: &'a Relations,
    pub site_view: SiteView,
    pub bodies: Vec<RenderedCase>,
    pub issue_bodies: Vec<std::sync::Arc<str>>,
    /// Hash of everything every page depends on: config, the theme's asset names, the shequ
    /// binary (each page adds its own templates).
    pub base_fingerprint: u64,
    /// Per case: hash of what it shows wherever it is listed (its `CaseRef`).
    pub ref_fingerprints: Vec<u64>,
    /// What local references may name (kept with the parts for the next patch).
    targets: references::Targets,
    /// Per issue: whether its text shows a photo.
    pub issue_has_photo: Vec<bool>,
    issue_photo_refs: Vec<String>,
    /// Every photo of the site, processed.
    pub photos: std::sync::Arc<crate::photos::Photos>,
    /// The search index's build cache ([`crate::index::search::memo`]), if it may use one.
    pub search_cache: Option<std::path::PathBuf>,
}

/// What a render did.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    /// Pages actually rendered (the others were unchanged since the previous build).
    pub rendered: usize,
    /// The search index (or relations.json) was carried over from the previous build, not
    /// rebuilt.
    pub search_deferred: bool,
    /// The search index was kept: nothing it is built from changed.
    pub search_kept: bool,
    /// Time spent building the search index.
    pub search_millis: u128,
}

/// Whether a render builds the search index or may keep the current one for now.
#[derive(Debug)]
pub enum SearchIndex {
    Build,
    /// Keep the current output's index (the dev server rebuilds it right after).
    Defer,
    /// These files, built beforehand from the same model, and these of the current output
    /// (path, fingerprint) to keep.
    Given(Vec<OutFile>, Vec<(String, u64)>),
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, relations: &'a Relations) -> Renderer<'a> {
        Renderer::with_cache(site, theme, relations, None)
    }

    /// Like `new`, reusing Markdown rendered by earlier builds. Photos are not processed
    /// (neither shown nor published): for tools that look at pages only.
    pub fn with_cache(
        site: &'a Site,
        theme: &'a Theme,
        relations: &'a Relations,
        cache: Option<&MarkdownCache>,
    ) -> Renderer<'a> {
        let photos = std::sync::Arc::new(crate::photos::Photos::default());
        Renderer::with_parts(
            site,
            theme,
            relations,
            RenderParts::new(site, theme, cache, photos),
        )
    }

    /// A renderer over `parts` already derived from `site`.
    pub fn with_parts(
        site: &'a Site,
        theme: &'a Theme,
        relations: &'a Relations,
        parts: RenderParts,
    ) -> Renderer<'a> {
        let RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
            issue_problems: _,
            issue_has_photo,
            issue_photo_refs,
            photos,
            targets,
        } = parts;
        let base_fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            crate::build_id::fingerprint().hash(&mut h);
            theme.assets_fingerprint.hash(&mut h);
            site.config.hash(&mut h);
            h.finish()
        };
        Renderer {
            site,
            theme,
            relations,
            site_view: SiteView::new(site, theme),
            bodies,
            issue_bodies,
            base_fingerprint,
            ref_fingerprints,
            targets,
            issue_has_photo,
            issue_photo_refs,
            photos,
            search_cache: None,
        }
    }

    /// Case `i`'s rendered Markdown: as the parts hold it, or rendered now when they hold
    /// only its fingerprint (taken from the build cache).
    pub fn case_html(&self, i: usize) -> std::sync::Arc<str> {
        match &self.bodies[i].html {
            Some(html) => html.clone(),
            None => parts::case_html(self.site, &self.site.cases[i], &self.targets, &self.photos),
        }
    }

    /// Gives back the parts, for the next render of the same model.
    pub fn into_parts(self) -> RenderParts {
        RenderParts {
            bodies: self.bodies,
            issue_bodies: self.issue_bodies,
            ref_fingerprints: self.ref_fingerprints,
            issue_problems: Vec::new(),
            issue_has_photo: self.issue_has_photo,
            issue_photo_refs: self.issue_photo_refs,
            photos: self.photos,
            targets: self.targets,
        }
    }

    /// What every page's template gets: its title, the site, its URL and permalink.
    fn ctx(&self, path: &str, title: Option<&str>) -> Context {
        let mut ctx = Context::new();
        let page_title = match title {
            Some(t) => format!("{t} · {}", self.site_view.title),
            None => self.site_view.title.clone(),
        };
        ctx.insert("page_title", &page_title);
        // Share cards (WeChat, og:title) cut long titles: the page's own title there, the
        // site's name being og:site_name.
        ctx.insert("share_title", title.unwrap_or(&self.site_view.title));
        ctx.insert("site", &self.site_view);
        ctx.insert("current_url", &self.site.url(path));
        ctx.insert("permalink", &self.site.permalink(path));
        ctx.insert("has_code", &false);
        // The photo a share card shows (`og:image`), on pages with one.
        ctx.insert("share_image", &None::<String>);
        ctx
    }

    /// The render stage: renders every page and hands each output file to `sink` as soon as
    /// it is ready (pages in parallel; contexts are dropped right after use), then the data
    /// files. Like every stage, its value (`None` when it failed) with what it had to say
    /// added to `diags`.
    pub fn render_all(
        &self,
        sink: &(dyn Sink + Sync),
        search: SearchIndex,
        diags: &mut Diagnostics,
    ) -> Option<RenderStats> {
        self.render_everything(sink, search)
            .map_err(|e| diags.extend(e))
            .ok()
    }

    fn render_everything(
        &self,
        sink: &(dyn Sink + Sync),
        search: SearchIndex,
    ) -> Result<RenderStats, Vec<Diagnostic>> {
        let timings = std::env::var_os("SHEQU_TIMINGS").is_some();
        let lap = |what: &str, since: std::time::Instant| {
            if timings {
                eprintln!(
                    "timing:   {what}: {:.1} ms",
                    since.elapsed().as_secs_f64() * 1000.0
                );
            }
            std::time::Instant::now()
        };
        let t = std::time::Instant::now();
        let collisions = data_files::reserve_copies(self, sink);
        if !collisions.is_empty() {
            return Err(collisions);
        }
        let all = pages::all(self);
        let page_count = all.len();
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let errors: Vec<Diagnostic> = all
            .into_par_iter()
            .filter_map(|page| {
                let path = page.path(self);
                // Kept and written under the same file.
                let file = paths::file_of(&path);
                let fp = page.fingerprint(self, &path);
                if sink.keep(&file, fp) {
                    return None;
                }
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let template = page.template();
                let result = self
                    .theme
                    .tera
                    .render(template, &page.context(self, &path))
                    .map_err(|e| self.theme.render_error(template, &e))
                    .and_then(|html| sink.put_page(&file, html.as_bytes(), fp));
                result.err()
            })
            .collect();
        let mut unique: Vec<Diagnostic> = Vec::new();
        for e in errors {
            // One broken template fails every page using it: report it once.
            if !unique.iter().any(|x| x.message == e.message) {
                unique.push(e);
            }
        }
        if !unique.is_empty() {
            return Err(unique);
        }
        let t = lap("pages", t);
        let err = |e| vec![e];
        data_files::robots(self, sink).map_err(err)?;
        // Data files for other programs; the dev server may bring them up to date later.
        let defer = matches!(search, SearchIndex::Defer);
        let relations_deferred = data_files::relations_json(self, sink, defer).map_err(err)?;
        let t = lap("robots + relations.json", t);
        let search_start = std::time::Instant::now();
        let search = data_files::search_index(self, sink, search).map_err(err)?;
        let search_millis = search_start.elapsed().as_millis();
        let t = lap("search index", t);
        data_files::assets(self, sink).map_err(err)?;
        lap("assets", t);
        Ok(RenderStats {
            pages: page_count,
            rendered: rendered.into_inner(),
            search_deferred: matches!(search, data_files::SearchDone::Behind) || relations_deferred,
            search_kept: matches!(search, data_files::SearchDone::Kept),
            search_millis,
        })
    }
}
