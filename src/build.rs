//! Orchestration: run the stages in order, collecting every diagnostic.

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::index::relations::Relations;
use crate::model::Site;
use crate::output::{self, Generation, WriteStats};
use crate::render::theme::Theme;
use crate::render::{Renderer, SearchIndex};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub cases: usize,
    pub issues: usize,
    pub areas: usize,
    pub pages: usize,
    /// Pages rendered; the others were unchanged since the previous build.
    pub rendered: usize,
    /// The search index was kept as it was; `Session::catch_up` brings it up to date.
    pub search_deferred: bool,
    pub search_millis: u128,
    pub write: WriteStats,
    pub millis: u128,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} cases, {} issues, {} areas: {} pages ({} rendered), {} files ({} written, {} removed) in {} ms",
            self.cases,
            self.issues,
            self.areas,
            self.pages,
            self.rendered,
            self.write.files,
            self.write.written,
            self.write.removed,
            self.millis
        )
    }
}

/// What `check` gets: the model, after every page rendered without being written.
pub struct Rendered {
    pub site: Site,
    pub pages: usize,
}

/// The model and what rendering needs, before any page is rendered.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub relations: Relations,
}

/// What a long-lived build keeps between rebuilds.
#[derive(Default)]
pub struct Caches {
    pub parsed: content::ParseCache,
    pub markdown: crate::render::MarkdownCache,
}

/// Loads config, theme and content and builds the model.
pub fn prepare(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    prepare_cached(opts, diags, None)
}

fn prepare_cached(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    caches: Option<&Caches>,
) -> Option<Prepared> {
    let root = &opts.root;
    let mut config = match Config::load(&root.join("config.toml"), Path::new("config.toml")) {
        Ok(c) => c,
        Err(e) => {
            diags.extend(e);
            return None;
        }
    };
    if let Some(Err(e)) = opts.base_url.as_ref().map(|url| config.set_base_url(url)) {
        diags.push(e);
        return None;
    }
    let theme = Theme::load(root, &config.theme);
    let content = content::load_cached(root, &config, caches.map(|c| &c.parsed));
    diags.extend(content.diagnostics.iter().cloned());
    let theme = match theme {
        Ok(t) => Some(t),
        Err(e) => {
            diags.extend(e);
            None
        }
    };
    if diags.has_errors() {
        return None;
    }
    let theme = theme?;
    let site = match Site::build(config, content, opts.drafts) {
        Ok(s) => s,
        Err(e) => {
            diags.extend(e);
            return None;
        }
    };
    let relations = Relations::build(&site);
    Some(Prepared {
        site,
        theme,
        relations,
    })
}

/// Validates everything and renders every page, writing nothing (`shequ check`).
pub fn render(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Rendered> {
    let prepared = prepare(opts, diags)?;
    let renderer = Renderer::new(&prepared.site, &prepared.theme, &prepared.relations);
    match renderer.render_all(&crate::render::Discard, SearchIndex::Build) {
        Ok(stats) => Some(Rendered {
            site: prepared.site,
            pages: stats.pages,
        }),
        Err(e) => {
            diags.extend(e);
            None
        }
    }
}

/// A full build: render every page into the next output generation, then swap it in.
/// Nothing visible changes unless everything rendered. Pages whose fingerprint is the same
/// as in the current output are carried over instead of rendered again.
pub fn build(opts: &BuildOptions) -> (Option<Summary>, Diagnostics) {
    build_cached(opts, None, SearchIndex::Build)
}

fn build_cached(
    opts: &BuildOptions,
    caches: Option<&Caches>,
    search: SearchIndex,
) -> (Option<Summary>, Diagnostics) {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    if let Err(e) = output::check_output_dir(&opts.root, &opts.output) {
        diags.push(e);
        return (None, diags);
    }
    let timings = std::env::var_os("SHEQU_TIMINGS").is_some();
    let lap = |what: &str, since: Instant| {
        if timings {
            eprintln!("timing: {what}: {} ms", since.elapsed().as_millis());
        }
        Instant::now()
    };
    let Some(prepared) = prepare_cached(opts, &mut diags, caches) else {
        diags.sort();
        return (None, diags);
    };
    let t = lap("load + parse + model", start);
    let generation = match Generation::begin(&opts.output) {
        Ok(g) => g,
        Err(e) => {
            diags.push(e);
            return (None, diags);
        }
    };
    let renderer = Renderer::with_cache(
        &prepared.site,
        &prepared.theme,
        &prepared.relations,
        caches.map(|c| &c.markdown),
    );
    let t = lap("markdown", t);
    let stats = match renderer.render_all(&generation, search) {
        Ok(p) => p,
        Err(e) => {
            diags.extend(e);
            diags.sort();
            return (None, diags);
        }
    };
    drop(renderer);
    let t = lap("render + write", t);
    diags.sort();
    let committed = generation.commit();
    lap("commit", t);
    match committed {
        Ok(write) => {
            let s = &prepared.site;
            let summary = Summary {
                cases: s.cases.len(),
                issues: s.issues.len(),
                areas: s.areas.len(),
                pages: stats.pages,
                rendered: stats.rendered,
                search_deferred: stats.search_deferred,
                search_millis: stats.search_millis,
                write,
                millis: start.elapsed().as_millis(),
            };
            (Some(summary), diags)
        }
        Err(e) => {
            diags.push(e);
            (None, diags)
        }
    }
}

/// Prints diagnostics to stderr.
pub fn report(diags: &Diagnostics) {
    for d in &diags.items {
        eprintln!("{d}");
    }
    if diags.has_errors() {
        eprintln!(
            "error: the build failed with {} error(s) and {} warning(s); nothing was written",
            diags.error_count(),
            diags.warning_count()
        );
    }
}

/// An error that is not about one file (I/O, arguments).
pub fn plain_error(msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(msg)
}

/// A long-lived build for the dev server: rebuilds after changes, keeping what it can.
///
/// Unchanged files are not parsed again, unchanged Markdown is not rendered again, and
/// pages whose fingerprint is unchanged are carried over; the result is always
/// byte-identical to a clean `build` (tests/incremental.rs, tests/serve.rs).
pub struct Session {
    pub opts: BuildOptions,
    caches: Caches,
    /// The last full search build took long enough to be worth deferring.
    defer_search: bool,
    /// The output's search index is behind its pages.
    search_behind: bool,
}

/// A search index build slower than this (milliseconds; `SHEQU_DEFER_SEARCH_MS` overrides)
/// is deferred until after the pages are served.
fn defer_search_millis() -> u128 {
    std::env::var("SHEQU_DEFER_SEARCH_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            caches: Caches::default(),
            defer_search: false,
            search_behind: false,
        }
    }

    /// Rebuilds after `changed` (paths of changed files; empty: check everything). On
    /// failure the output is untouched. On large sites the search index may be left as it
    /// was (`Summary::search_deferred`): call [`Session::catch_up`] once the pages are out.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> (Option<Summary>, Diagnostics) {
        // Cache keys are paths as walked from `opts.root`; the watcher reports absolute ones.
        let root = self
            .opts
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.opts.root.clone());
        let keys: Vec<PathBuf> = changed
            .iter()
            .flat_map(|p| {
                let walked = p
                    .strip_prefix(&root)
                    .ok()
                    .map(|rel| self.opts.root.join(rel));
                std::iter::once(p.clone()).chain(walked)
            })
            .collect();
        self.caches.parsed.forget(&keys);
        let mode = if self.defer_search && !changed.is_empty() {
            SearchIndex::Defer
        } else {
            SearchIndex::Build
        };
        let result = build_cached(&self.opts, Some(&self.caches), mode);
        if let Some(s) = &result.0 {
            self.search_behind = s.search_deferred;
            if !s.search_deferred {
                self.defer_search = s.search_millis > defer_search_millis();
            }
        }
        result
    }

    /// Brings a deferred search index up to date (pages are kept: their fingerprints match).
    /// Returns `None` when nothing was behind.
    pub fn catch_up(&mut self) -> Option<(Option<Summary>, Diagnostics)> {
        if !self.search_behind {
            return None;
        }
        let result = build_cached(&self.opts, Some(&self.caches), SearchIndex::Build);
        if result.0.is_some() {
            self.search_behind = false;
        }
        Some(result)
    }

    /// Whether the output's search index lags behind its pages.
    pub fn search_behind(&self) -> bool {
        self.search_behind
    }
}
