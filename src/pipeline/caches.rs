//! The build caches on disk as the pipeline reads and writes them while the build goes on
//! (the rendered Markdown's here; the parse cache's is `content::stored`, the search
//! index's `index::search::memo`).

use super::{Caches, Prepared};
use crate::render::RenderParts;
use crate::timing::lap as timing_lap;
use std::path::Path;
use std::time::Instant;

/// A thread joined when this goes out of scope (on every way out of a stage).
pub(super) struct Joined(pub(super) Option<std::thread::JoinHandle<()>>);

impl Drop for Joined {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

/// The render parts, the cases' Markdown from the build cache ([`crate::render::memo`])
/// where it still holds; and the cache being written again when it changed. The dev server
/// reads it for its first build and keeps it in memory after (writing it that once).
pub(super) fn markdown_from_memo(
    prepared: &Prepared,
    root: &Path,
    photos: std::sync::Arc<crate::photos::Photos>,
    caches: Option<&Caches>,
) -> (RenderParts, Option<std::thread::JoinHandle<()>>, usize) {
    use crate::render::memo;
    let file = memo::path(root);
    let key = memo::key(&prepared.site);
    let t = Instant::now();
    let kept = caches
        .and_then(|c| c.memo.lock().ok()?.take())
        .filter(|(k, _)| *k == key)
        .map(|(_, m)| m);
    let in_memory = kept.is_some();
    let cached = kept.unwrap_or_else(|| memo::load(&file, key));
    timing_lap("    markdown: cache read", t);
    let (parts, report) = RenderParts::with_memo(
        &prepared.site,
        &prepared.theme,
        caches.map(|c| &c.markdown),
        photos,
        &cached,
    );
    if std::env::var_os("SHEQU_TIMINGS").is_some() {
        eprintln!(
            "timing:   markdown: {} of {} cases rendered",
            report.rendered, report.cases
        );
    }
    let (next, saving) = match report.save {
        None => (cached, None),
        Some(entries) => {
            std::thread::spawn(move || drop(cached));
            let next = match caches {
                Some(_) => memo::Memo::of(entries.clone()),
                None => memo::Memo::default(),
            };
            let saving =
                (!in_memory).then(|| std::thread::spawn(move || memo::save(&file, key, &entries)));
            (next, saving)
        }
    };
    match caches.map(|c| c.memo.lock()) {
        Some(Ok(mut m)) => *m = Some((key, next)),
        _ => drop(std::thread::spawn(move || drop(next))),
    }
    (parts, saving, report.rendered)
}
