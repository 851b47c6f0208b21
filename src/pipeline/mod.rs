//! Orchestration: run the stages in order, collecting every diagnostic. The dev server's
//! long-lived build is [`Session`] (`session.rs`).

mod caches;
mod record;
mod session;

pub use session::Session;

use caches::{Joined, markdown_from_memo};

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::index::relations::Relations;
use crate::model::Site;
use crate::output::{self, Generation, WriteStats};
use crate::render::theme::Theme;
use crate::render::{RenderParts, Renderer, SearchIndex};
use crate::timing::lap as timing_lap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    /// `http://host:port` the dev server is reached at: replaces the scheme, host and port
    /// of the base_url (its path stays), so that the preview's absolute links (canonical,
    /// feed, share cards) lead to the preview and not to the published site.
    pub origin: Option<String>,
    pub drafts: bool,
    /// What to do when another shequ is writing the same output.
    pub wait: output::Wait,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            origin: None,
            drafts: false,
            wait: output::Wait::Yes,
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
    /// The search index was kept: nothing it is built from changed.
    pub search_kept: bool,
    /// The last build's model was patched in place (edits to the text of cases only).
    pub patched: bool,
    /// Cases whose Markdown was rendered (the others' came from the build cache; a patched
    /// rebuild counts none).
    pub markdown: usize,
    /// Case files parsed (the others came from the parse cache; a patched rebuild counts
    /// none).
    pub parsed: usize,
    pub search_millis: u128,
    pub write: WriteStats,
    pub millis: u128,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = crate::t!(
            "build-summary",
            cases = self.cases,
            issues = self.issues,
            areas = self.areas,
            pages = self.pages,
            rendered = self.rendered,
            files = self.write.files,
            written = self.write.written,
            removed = self.write.removed,
            millis = self.millis as u64
        );
        f.write_str(&line)
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
    pub theme: std::sync::Arc<Theme>,
    pub relations: Relations,
    /// Case files parsed (the others came from the parse cache).
    pub cases_parsed: usize,
    /// The parse cache being written (`shequ build`), while the build goes on.
    _parse_cache_saved: Joined,
}

/// What a long-lived build keeps between rebuilds.
#[derive(Default)]
pub struct Caches {
    pub parsed: std::sync::Arc<content::ParseCache>,
    pub markdown: crate::render::MarkdownCache,
    /// Photos processed, by file stamp.
    photos: crate::photos::Memo,
    /// The manifests the last commit left.
    committed: std::sync::Mutex<output::Committed>,
    /// The theme as last loaded.
    theme: std::sync::Mutex<Option<KeptTheme>>,
    /// The last successful build's model.
    kept: std::sync::Mutex<Option<Kept>>,
    /// The rendered Markdown's build cache as the last full rebuild left it, and its key.
    memo: std::sync::Mutex<Option<(u64, crate::render::memo::Memo)>>,
    /// The last build failed on a body read from a file that had changed ([`changed_bodies`]).
    changed_body: std::sync::atomic::AtomicBool,
}

/// The theme as last loaded, and the name config.toml gave it.
#[derive(Clone)]
struct KeptTheme {
    name: String,
    theme: std::sync::Arc<Theme>,
}

/// What a rebuild may take on trust from the file watcher.
#[derive(Clone, Copy)]
enum Trust<'a> {
    /// Nothing: walk and check every file.
    Nothing,
    /// Only these files under `content/` changed (paths as walked from the root).
    ContentOnly(&'a [PathBuf]),
}

/// Loads config, theme and content and builds the model.
pub fn prepare(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    prepare_cached(opts, diags, None, Trust::Nothing)
}

fn prepare_cached(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    caches: Option<&Caches>,
    trust: Trust,
) -> Option<Prepared> {
    let root = &opts.root;
    let mut config = Config::load(&root.join("config.toml"), Path::new("config.toml"), diags)?;
    if let Some(Err(e)) = opts.base_url.as_ref().map(|url| config.set_base_url(url)) {
        diags.push(e);
        return None;
    }
    if let Some(origin) = &opts.origin {
        let url = format!("{origin}{}", config.base_path);
        if let Err(e) = config.set_base_url(&url) {
            diags.push(e);
            return None;
        }
    }
    let t = Instant::now();
    // Only content changed: the theme loaded last time is still the theme.
    let kept_theme = match (trust, caches) {
        (Trust::ContentOnly(_), Some(c)) => c.theme.lock().ok().and_then(|t| {
            t.as_ref()
                .filter(|k| k.name == config.theme)
                .map(|k| k.theme.clone())
        }),
        _ => None,
    };
    let theme = match kept_theme {
        Some(t) => Some(t),
        None => Theme::load(root, &config.theme, diags).map(std::sync::Arc::new),
    };
    if let (Some(t), Some(Ok(mut kept))) = (&theme, caches.map(|c| c.theme.lock())) {
        *kept = Some(KeptTheme {
            name: config.theme.clone(),
            theme: t.clone(),
        });
    }
    let t = timing_lap("  theme", t);
    let trusted = match (trust, caches) {
        (Trust::ContentOnly(changed), Some(c)) => {
            content::load_trusting(root, &config, &c.parsed, changed, diags)
        }
        _ => None,
    };
    // `shequ build`, and the dev server's first build: the parse cache on disk, written
    // again (when it changed) while the build goes on; it holds only what parsed without
    // a word to say, so whatever the build's outcome.
    let stored = match caches {
        None => Some(content::stored::load(root, &config)),
        Some(c) if trusted.is_none() && c.parsed.is_unused() => {
            Some(content::stored::load_into(c.parsed.clone(), root, &config))
        }
        Some(_) => None,
    };
    let t = timing_lap("  parse cache read", t);
    let content = match (trusted, &stored) {
        (Some(content), _) => Some(content),
        (None, Some(s)) => content::load_cached(root, &config, Some(&s.cache), diags),
        (None, None) => content::load_cached(root, &config, caches.map(|c| &*c.parsed), diags),
    };
    let saving = Joined(stored.map(|s| {
        let (file, config) = (content::stored::path(root), config.clone());
        std::thread::spawn(move || {
            if let Some(bytes) = s.next(&config) {
                output::replace_cache_file(&file, &bytes);
            }
        })
    }));
    let t = timing_lap("  walk + parse", t);
    if diags.has_errors() {
        // Every file loaded despite the errors (an unlisted area, say): check what the
        // build would have published too, so that one run names every mistake.
        if let (Some(theme), Some(content)) = (&theme, content)
            && content.left_out == 0
            && let Some(site) = Site::build(config, content, opts.drafts, diags)
        {
            let photos = process_photos(&site, root, caches);
            crate::render::RenderParts::new(&site, theme, None, photos).check(&site, root, diags);
        }
        return None;
    }
    let (theme, content) = (theme?, content?);
    let cases_parsed = content.cases_parsed;
    let site = Site::build(config, content, opts.drafts, diags)?;
    let t = timing_lap("  model", t);
    let relations = Relations::build(&site);
    timing_lap("  relations", t);
    Some(Prepared {
        site,
        theme,
        relations,
        cases_parsed,
        _parse_cache_saved: saving,
    })
}

/// Whether a body taken from the parse cache was found changed when it was read (its file
/// changed during the build): then what was rendered from it must not be published, and
/// `diags` says which file.
fn changed_bodies(site: &Site, diags: &mut Diagnostics) -> bool {
    let failures: Vec<Diagnostic> = site
        .cases
        .iter()
        .map(|c| &c.body)
        .chain(site.issues.iter().map(|i| &i.body))
        .filter_map(|b| b.failure().cloned())
        .collect();
    let any = !failures.is_empty();
    diags.extend(failures);
    any
}

/// Validates everything and renders every page, writing nothing (`shequ check`).
pub fn render(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Rendered> {
    let prepared = prepare(opts, diags)?;
    let photos = process_photos(&prepared.site, &opts.root, None);
    let parts = RenderParts::new(&prepared.site, &prepared.theme, None, photos);
    if !parts.check(&prepared.site, &opts.root, diags) {
        return None;
    }
    let renderer =
        Renderer::with_parts(&prepared.site, &prepared.theme, &prepared.relations, parts);
    let stats = renderer.render_all(&crate::output::Discard, SearchIndex::Build, diags)?;
    if changed_bodies(&prepared.site, diags) {
        return None;
    }
    Some(Rendered {
        site: prepared.site,
        pages: stats.pages,
    })
}

/// A full build: render every page into the next output generation, then swap it in.
/// Nothing visible changes unless everything rendered. Pages whose fingerprint is the same
/// as in the current output are carried over instead of rendered again.
/// A site built for a local base URL works only on this computer: warned of here, not in
/// the dev server's builds, which are local by nature.
pub fn build(opts: &BuildOptions) -> (Option<Summary>, Diagnostics) {
    let (summary, mut diags) = build_cached(opts, None, Trust::Nothing, SearchIndex::Build);
    if let Some(w) = crate::config::local_base_url_warning(&opts.root, opts.base_url.as_deref()) {
        diags.push(w);
        diags.sort();
    }
    (summary, diags)
}

fn build_cached(
    opts: &BuildOptions,
    caches: Option<&Caches>,
    trust: Trust,
    search: SearchIndex,
) -> (Option<Summary>, Diagnostics) {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    // The output as it will be written (a link's target), and one writer at a time: held
    // from before the sources are read, so that builds run one after the other, each
    // seeing the sources as the previous one left them.
    // (With `Wait::Held` the caller — the dev server — resolved and locked its own.)
    let resolved = match opts.wait {
        output::Wait::Held => Ok(opts.output.clone()),
        _ => output::resolve_output(&opts.root, &opts.output),
    };
    let (out_dir, _lock) = match resolved
        .and_then(|dir| output::lock_output(&dir, opts.wait).map(|lock| (dir, lock)))
    {
        Ok(x) => x,
        Err(e) => {
            diags.push(e);
            return (None, diags);
        }
    };
    let opts = &BuildOptions {
        output: out_dir,
        ..opts.clone()
    };
    // `shequ build`: nothing to do when nothing changed since the last one recorded.
    if caches.is_none() {
        let inputs = record::inputs(opts);
        let stamped = timing_lap("stamp the inputs", start);
        if let Some(summary) = inputs.unchanged(opts) {
            timing_lap("inputs and output as recorded: nothing to do", stamped);
            let millis = start.elapsed().as_millis();
            return (Some(Summary { millis, ..summary }), diags);
        }
        let (summary, diags) = build_locked(opts, None, trust, search, start, diags);
        inputs.save(opts, summary.as_ref(), diags.items.is_empty());
        return (summary, diags);
    }
    build_locked(opts, caches, trust, search, start, diags)
}

/// [`build_cached`] once the output is locked.
fn build_locked(
    opts: &BuildOptions,
    caches: Option<&Caches>,
    trust: Trust,
    search: SearchIndex,
    start: Instant,
    mut diags: Diagnostics,
) -> (Option<Summary>, Diagnostics) {
    // An edit to the text of existing cases is applied to the model kept from the last build.
    if let (Trust::ContentOnly(changed), Some(c)) = (trust, caches)
        && !changed.is_empty()
        && let Some(mut kept) = c.kept.lock().ok().and_then(|mut k| k.take())
    {
        match session::patch(opts, c, &mut kept, changed) {
            session::Patched::Yes(warnings) => {
                diags.extend(warnings);
                timing_lap("patch the model", start);
                let mut out = write_out(opts, caches, kept, diags, search, start);
                if let Some(s) = &mut out.0 {
                    s.patched = true;
                }
                return out;
            }
            session::Patched::Failed(errors) => {
                // The kept model is still the last good build's.
                if let Ok(mut k) = c.kept.lock() {
                    *k = Some(kept);
                }
                diags.extend(errors);
                diags.sort();
                return (None, diags);
            }
            session::Patched::No => {
                std::thread::spawn(move || drop(kept));
            }
        }
    }
    let Some(prepared) = prepare_cached(opts, &mut diags, caches, trust) else {
        diags.sort();
        return (None, diags);
    };
    let t = timing_lap("load + parse + model", start);
    let parsed = prepared.cases_parsed;
    let photos = process_photos(&prepared.site, &opts.root, caches);
    let t = timing_lap("photos", t);
    let (parts, saving, markdown) = markdown_from_memo(&prepared, &opts.root, photos, caches);
    timing_lap("markdown", t);
    // The cache is right whatever the build's outcome (it holds no rendering with
    // problems), and written while the build goes on.
    let saved = move || {
        if let Some(saving) = saving {
            let _ = saving.join();
        }
    };
    if !parts.check(&prepared.site, &opts.root, &mut diags) {
        saved();
        diags.sort();
        return (None, diags);
    }
    let cases_by_file = if caches.is_some() {
        let site = &prepared.site;
        (0..site.cases.len())
            .map(|i| (site.cases[i].file.clone(), i))
            .collect()
    } else {
        HashMap::new()
    };
    let kept = Kept {
        prepared,
        parts,
        cases_by_file,
    };
    let mut out = write_out(opts, caches, kept, diags, search, start);
    saved();
    if let Some(s) = &mut out.0 {
        s.markdown = markdown;
        s.parsed = parsed;
    }
    out
}

/// A successful build's model and render parts, which a [`Session`] keeps so that edits
/// to the text of cases can be applied in place.
struct Kept {
    prepared: Prepared,
    parts: RenderParts,
    /// Case file (as shown, relative to the root) → its index in the model.
    cases_by_file: HashMap<PathBuf, usize>,
}

/// Renders the kept model into the next output generation and swaps it in; keeps the model
/// for the next rebuild when `caches` is given.
fn write_out(
    opts: &BuildOptions,
    caches: Option<&Caches>,
    kept: Kept,
    mut diags: Diagnostics,
    search: SearchIndex,
    start: Instant,
) -> (Option<Summary>, Diagnostics) {
    let t = Instant::now();
    let previous = caches
        .and_then(|c| c.committed.lock().ok().map(|mut m| std::mem::take(&mut *m)))
        .unwrap_or_default();
    let generation = match Generation::begin_after(&opts.output, previous, Some(&opts.root)) {
        Ok(g) => g,
        Err(e) => {
            diags.push(e);
            return (None, diags);
        }
    };
    let t = timing_lap("begin generation", t);
    let Kept {
        prepared,
        parts,
        cases_by_file,
    } = kept;
    let mut renderer =
        Renderer::with_parts(&prepared.site, &prepared.theme, &prepared.relations, parts);
    renderer.search_cache = Some(crate::index::search::memo::path(&opts.root));
    let Some(stats) = renderer.render_all(&generation, search, &mut diags) else {
        diags.sort();
        return (None, diags);
    };
    let parts = renderer.into_parts();
    let t = timing_lap("render + write", t);
    if changed_bodies(&prepared.site, &mut diags) {
        if let Some(c) = caches {
            c.changed_body
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        diags.sort();
        return (None, diags);
    }
    let photos = parts.photos.clone();
    diags.sort();
    let committed = generation.commit_keeping(caches.is_some());
    timing_lap("commit", t);
    let (write, manifests) = match committed {
        Ok(c) => c,
        Err(e) => {
            diags.push(e);
            return (None, diags);
        }
    };
    // Cache entries of photos no longer used go once a build that uses none of them is out
    // (not in the dev server: an entry a later rebuild stores must not be removed under it).
    if caches.is_none() {
        photos.prune_cache();
    }
    let s = &prepared.site;
    let summary = Summary {
        cases: s.cases.len(),
        issues: s.issues.len(),
        areas: s.areas.len(),
        pages: stats.pages,
        rendered: stats.rendered,
        search_deferred: stats.search_deferred,
        search_kept: stats.search_kept,
        patched: false,
        markdown: 0,
        parsed: 0,
        search_millis: stats.search_millis,
        write,
        millis: start.elapsed().as_millis(),
    };
    if let Some(c) = caches {
        if let Ok(mut m) = c.committed.lock() {
            *m = manifests;
        }
        let kept = Kept {
            prepared,
            parts,
            cases_by_file,
        };
        let previous = c.kept.lock().ok().and_then(|mut k| k.replace(kept));
        // A long-lived process answers sooner if freeing the old model does not delay it.
        std::thread::spawn(move || drop(previous));
    }
    (Some(summary), diags)
}

/// Processes the site's photos (`crate::photos`), from the caches where it can.
fn process_photos(
    site: &Site,
    root: &Path,
    caches: Option<&Caches>,
) -> std::sync::Arc<crate::photos::Photos> {
    let t = Instant::now();
    let photos = crate::photos::process(
        &site.assets,
        root,
        &site.config.photos,
        caches.map(|c| &c.photos),
    );
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        eprintln!(
            "timing:   photos: {} encoded, {} from the cache: {:.1} ms",
            photos.encoded,
            photos.cached,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    std::sync::Arc::new(photos)
}

/// Prints diagnostics to stderr.
pub fn report(diags: &Diagnostics) {
    report_ending(diags, |errors, warnings| {
        crate::t!("build-failed", errors = errors, warnings = warnings)
    });
}

/// Like [`report`], for `shequ check`, which never writes: its last line says so in its own
/// words.
pub fn report_check(diags: &Diagnostics) {
    report_ending(diags, |errors, warnings| {
        crate::t!("check-failed", errors = errors, warnings = warnings)
    });
}

/// Prints every diagnostic, then, when there are errors, `last(errors, warnings)`.
fn report_ending(diags: &Diagnostics, last: impl Fn(usize, usize) -> String) {
    for d in &diags.items {
        eprintln!("{d}");
    }
    if diags.has_errors() {
        eprintln!("{}", last(diags.error_count(), diags.warning_count()));
    }
}

/// An error that is not about one file (I/O, arguments).
pub fn plain_error(msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(msg)
}
