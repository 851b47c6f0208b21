//! The dev server's long-lived build: keeps the last build in memory, takes the watcher's
//! report of changed case files on trust, patches the kept model where it can, verifies the
//! trust after serving, and brings a deferred search index up to date.

use super::*;

pub(super) enum Patched {
    /// Applied; the changed files' warnings.
    Yes(Vec<Diagnostic>),
    /// A changed file has errors: nothing was changed.
    Failed(Vec<Diagnostic>),
    /// Not a change to the text of known cases only: build the model anew.
    No,
}

/// Applies changed case files (paths as walked) to the kept model when each changes only
/// what a case shows, not where it is listed ([`Site::patch_case`]).
pub(super) fn patch(
    opts: &BuildOptions,
    caches: &Caches,
    kept: &mut Kept,
    changed: &[PathBuf],
) -> Patched {
    let config = &kept.prepared.site.config;
    let mut parsed = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for path in changed {
        let shown = content::shown_path(&opts.root, path);
        let Some(&i) = kept.cases_by_file.get(&shown) else {
            return Patched::No;
        };
        // Deleted, or replaced by something else (a link, a FIFO): the walk sorts that out.
        if !content::source::is_plain_file(path) {
            return Patched::No;
        }
        let Some((case, diags)) = content::reparse_case(config, &caches.parsed, path) else {
            return Patched::No;
        };
        let (e, w): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diags.into_iter().partition(Diagnostic::is_error);
        errors.extend(e);
        warnings.extend(w);
        match case {
            Some(case) => parsed.push((i, case)),
            None if errors.is_empty() => return Patched::No,
            None => {}
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Patched::Failed(errors);
    }
    // Check every file first, so that a refused patch leaves the model untouched.
    let site = &kept.prepared.site;
    if !parsed
        .iter()
        .all(|(i, case)| site.can_patch_case(*i, case, opts.drafts))
    {
        return Patched::No;
    }
    let site = &mut kept.prepared.site;
    let mut relations_changed = false;
    for (i, case) in &parsed {
        relations_changed |= site.patch_case(*i, case);
        if !kept
            .parts
            .patch_case(site, &kept.prepared.theme, *i, Some(&caches.markdown))
        {
            // Broken references: a full build reports them.
            return Patched::No;
        }
    }
    if relations_changed {
        kept.prepared.relations = Relations::build(site);
    }
    Patched::Yes(warnings)
}

/// A long-lived build for the dev server: rebuilds after changes, keeping what it can.
///
/// Unchanged files are not parsed again, unchanged Markdown is not rendered again, and
/// pages whose fingerprint is unchanged are carried over; edits to known case files are
/// taken on the watcher's word and, when they leave the case where it is listed, patched
/// into the kept model, which [`Session::verify`] then checks against the disk. The result
/// is always byte-identical to a clean `build` (tests/incremental.rs, tests/serve.rs).
pub struct Session {
    pub opts: BuildOptions,
    caches: Caches,
    /// The last full search build took long enough to be worth deferring.
    defer_search: bool,
    /// The output's search index is behind its pages.
    search_behind: bool,
    /// The last rebuild trusted the watcher's list of changed files.
    unverified: bool,
    defer_search_millis: u128,
}

/// A search index build slower than this (milliseconds; `SHEQU_DEFER_SEARCH_MS` overrides)
/// is deferred until after the pages are served.
fn defer_search_millis() -> u128 {
    std::env::var("SHEQU_DEFER_SEARCH_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            caches: Caches::default(),
            defer_search: false,
            search_behind: false,
            unverified: false,
            defer_search_millis: defer_search_millis(),
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
        let walked: Vec<PathBuf> = changed
            .iter()
            .filter_map(|p| Some(self.opts.root.join(p.strip_prefix(&root).ok()?)))
            .collect();
        let keys: Vec<PathBuf> = changed.iter().chain(&walked).cloned().collect();
        self.caches.parsed.forget(&keys);
        let defer = self.defer_search && !changed.is_empty();
        let mode = || match defer {
            true => SearchIndex::Defer,
            false => SearchIndex::Build,
        };
        // Changes to case files alone are taken on trust (no walk of content/, no other
        // file looked at); `verify` checks everything once the pages are out.
        let content_dir = self.opts.root.join("content");
        let trust = if !changed.is_empty()
            && walked.len() == changed.len()
            && walked.iter().all(|p| p.starts_with(&content_dir))
        {
            Trust::ContentOnly(&walked)
        } else {
            Trust::Nothing
        };
        let mut result = build_cached(&self.opts, Some(&self.caches), trust, mode());
        let changed_body = self
            .caches
            .changed_body
            .swap(false, std::sync::atomic::Ordering::Relaxed);
        if result.0.is_none() && changed_body && matches!(trust, Trust::ContentOnly(_)) {
            // A file the watcher did not report changed under a body read from it: the trust
            // was misplaced, so look at everything.
            result = build_cached(&self.opts, Some(&self.caches), Trust::Nothing, mode());
            self.caches
                .changed_body
                .store(false, std::sync::atomic::Ordering::Relaxed);
            if let Some(s) = &result.0 {
                self.search_behind = s.search_deferred;
                self.unverified = false;
            }
            return result;
        }
        if let Some(s) = &result.0 {
            self.search_behind = s.search_deferred;
            // A kept index says nothing of how long building one takes.
            if !s.search_deferred && !s.search_kept {
                self.defer_search = s.search_millis > self.defer_search_millis;
            }
            self.unverified = matches!(trust, Trust::ContentOnly(_));
        }
        result
    }

    /// Brings a deferred search index (and relations.json) up to date from the model the last
    /// rebuild built (pages are kept: their fingerprints match). Returns `None` when nothing
    /// was behind.
    pub fn catch_up(&mut self) -> Option<(Option<Summary>, Diagnostics)> {
        self.catch_up_unless(&|| false)
    }

    /// [`Session::catch_up`], abandoned as soon as `stop` says so (another save came in: it
    /// is better served first). Returns `None` then too; [`Session::search_behind`] tells
    /// the two apart.
    pub fn catch_up_unless(
        &mut self,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Option<Summary>, Diagnostics)> {
        if !self.search_behind {
            return None;
        }
        let start = Instant::now();
        let kept = self.caches.kept.lock().ok().and_then(|mut k| k.take());
        let result = match kept {
            Some(kept) => {
                // The costly part, and nothing written yet: the one place to give up.
                // The output's `d/` files, to keep those whose documents are unchanged.
                let current = self
                    .caches
                    .committed
                    .lock()
                    .ok()
                    .and_then(|mut c| c.current_under(&self.opts.output, "search/d/"))
                    .unwrap_or_default();
                let known = |path: &str, fp: u64| {
                    current.get(path).filter(|(f, _)| *f == fp).map(|&(_, h)| h)
                };
                let Some((files, kept_files)) = crate::index::search::files_unless(
                    &kept.prepared.site,
                    stop,
                    Some(crate::index::search::memo::path(&self.opts.root)),
                    &known,
                ) else {
                    if let Ok(mut k) = self.caches.kept.lock() {
                        *k = Some(kept);
                    }
                    return None;
                };
                write_out(
                    &self.opts,
                    Some(&self.caches),
                    kept,
                    Diagnostics::default(),
                    SearchIndex::Given(files, kept_files),
                    start,
                )
            }
            None => build_cached(
                &self.opts,
                Some(&self.caches),
                Trust::ContentOnly(&[]),
                SearchIndex::Build,
            ),
        };
        if result.0.is_some() {
            self.search_behind = false;
        }
        Some(result)
    }

    /// After a rebuild that trusted the watcher's list of changed files: whether the files
    /// on disk are still exactly those that rebuild read (every file under `content/`, by
    /// time and length, and the theme). `false` means a change the rebuild did not see —
    /// one the watcher has yet to report, or missed: rebuild with `&[]` unless a report
    /// follows.
    pub fn verify(&mut self) -> bool {
        if !self.unverified {
            return true;
        }
        let root = &self.opts.root;
        // Only whether anything changed is wanted here: what is wrong, the rebuild reports.
        let mut ignored = Diagnostics::default();
        let Some(config) = Config::load(
            &root.join("config.toml"),
            Path::new("config.toml"),
            &mut ignored,
        ) else {
            return false;
        };
        let theme_same = match (
            Theme::load(root, &config.theme, &mut ignored),
            self.caches.theme.lock().ok().and_then(|t| t.clone()),
        ) {
            (Some(now), Some(super::KeptTheme { name, theme: kept })) => {
                name == config.theme
                    && now.template_fingerprints == kept.template_fingerprints
                    && now.assets_fingerprint == kept.assets_fingerprint
                    && now.statics == kept.statics
            }
            _ => false,
        };
        let ok = theme_same && content::unchanged_since_load(root, &self.caches.parsed);
        if ok {
            self.unverified = false;
        }
        ok
    }

    /// Defers the search index of rebuilds once a full index build takes longer than
    /// `millis` (default 50, or `SHEQU_DEFER_SEARCH_MS`).
    pub fn defer_search_after(&mut self, millis: u128) {
        self.defer_search_millis = millis;
    }

    /// Whether the output's search index lags behind its pages.
    pub fn search_behind(&self) -> bool {
        self.search_behind
    }
}
