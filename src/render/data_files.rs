//! The files beside the pages: robots.txt, relations.json, the search index, code.css, the
//! theme's assets and the content's copied files.

use super::{Renderer, SearchIndex, markdown};
use crate::error::Diagnostic;
use crate::model::paths;
use crate::output::Sink;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

pub(super) fn robots(r: &Renderer, sink: &(dyn Sink + Sync)) -> Result<(), Diagnostic> {
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        r.site.permalink(paths::SITEMAP)
    );
    sink.put(paths::ROBOTS, robots.as_bytes())
}

/// Writes relations.json unless unchanged; returns whether it was left as the current
/// output has it, for the dev server to bring up to date later (`defer`).
pub(super) fn relations_json(
    r: &Renderer,
    sink: &(dyn Sink + Sync),
    defer: bool,
) -> Result<bool, Diagnostic> {
    let fp = relations_fingerprint(r);
    if sink.keep(paths::RELATIONS_JSON, fp) {
        return Ok(false);
    }
    if defer && sink.keep_current(paths::RELATIONS_JSON) {
        return Ok(true);
    }
    let json = crate::index::relations::export::json(r.site, r.relations);
    sink.put_page(paths::RELATIONS_JSON, &json, fp)?;
    Ok(false)
}

/// The fingerprint of `relations.json` (`index::relations::export`): every name, URL,
/// count and edge it lists derives from these.
fn relations_fingerprint(r: &Renderer) -> u64 {
    let site = r.site;
    let mut h = Xxh3::new();
    r.base_fingerprint.hash(&mut h);
    paths::RELATIONS_JSON.hash(&mut h);
    for (i, a) in site.areas.iter().enumerate() {
        (&a.name, &a.path, &a.description, a.cases.len()).hash(&mut h);
        for cell in &r.relations.cells[i] {
            cell.len().hash(&mut h);
        }
    }
    for p in &site.partners {
        (&p.name, &p.path, p.cases.len()).hash(&mut h);
    }
    for i in &site.issues {
        (&i.title, &i.path, &i.date).hash(&mut h);
    }
    for (i, c) in site.cases.iter().enumerate() {
        (r.ref_fingerprints[i], &c.partners).hash(&mut h);
    }
    h.finish()
}

/// Writes the search index (`search/`), or keeps the current one when it was built from the
/// same input (its description, `search/meta.json`, carries that input's fingerprint in the
/// manifest).
pub(super) fn search_index(
    r: &Renderer,
    sink: &(dyn Sink + Sync),
    search: SearchIndex,
) -> Result<SearchDone, Diagnostic> {
    use crate::index::search::{Input, META, Reuse, emit_unless, input_fingerprint};
    // Hashing every document costs ~0.1 s at 100,000 cases: not when deferring.
    let documents = std::sync::LazyLock::new(|| Input::of(r.site));
    let input = std::sync::LazyLock::new(|| input_fingerprint(&documents));
    // Whether the description was kept, and whether what is written now is behind the input.
    let (meta_kept, behind) = match &search {
        SearchIndex::Defer => (sink.keep_current(META), true),
        SearchIndex::Build => (
            sink.current_fingerprint(META) == Some(*input) && sink.keep(META, *input),
            false,
        ),
        SearchIndex::Given(..) => (false, false),
    };
    // The index lives under search/ beside the search page (`index::search`).
    // Every file of the index is JSON; the description was kept above.
    if meta_kept && sink.keep_prefix("search/", &|p| p.ends_with(".json") && p != META) {
        return Ok(if behind {
            SearchDone::Behind
        } else {
            SearchDone::Kept
        });
    }
    // Thousands of small files: creating them is the cost, so spread it over the cores.
    let write = |batch: &[crate::output::OutFile]| {
        batch.par_iter().try_for_each(|f| match f.path == META {
            // Kept above while the other files were not: they are written from the same
            // input (when deferred, the dev server's catch-up writes the description later).
            true if meta_kept => Ok(()),
            true => match &f.body {
                crate::output::Body::Bytes(b) => sink.put_page(META, b, *input),
                crate::output::Body::Copy(_) => sink.file(f),
            },
            false => sink.file(f),
        })
    };
    match search {
        SearchIndex::Given(files, kept) => {
            for (path, fp) in &kept {
                if sink.keep_data(path, *fp).is_none() {
                    // Changed on disk since it was listed: made again, the same bytes.
                    let chunk = path
                        .strip_prefix("search/d/")
                        .and_then(|c| c.strip_suffix(".json"))
                        .and_then(|c| c.parse().ok());
                    match chunk.and_then(|c| crate::index::search::chunk_file(r.site, c)) {
                        Some(f) => sink.file(&f)?,
                        None => {
                            let error = std::io::Error::from(std::io::ErrorKind::NotFound);
                            return Err(Diagnostic::error(crate::t!(
                                "output-cannot-write",
                                path = path.as_str(),
                                error = crate::i18n::io_error(&error)
                            )));
                        }
                    }
                }
            }
            write(&files)?
        }
        _ => {
            // Written batch by batch as the index is made: the documents' text is never
            // held whole.
            let mut failed = None;
            let keep = |path: &str, fp: u64| sink.keep_data(path, fp);
            let reuse = Reuse {
                memo: r.search_cache.clone(),
                keep: &keep,
            };
            emit_unless(
                r.site,
                &documents,
                &|| false,
                &reuse,
                &mut |batch| match write(&batch) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                },
            );
            if let Some(e) = failed {
                return Err(e);
            }
        }
    }
    Ok(if meta_kept && behind {
        SearchDone::Behind
    } else {
        SearchDone::Built
    })
}

/// What became of the search index.
pub(super) enum SearchDone {
    Built,
    /// Kept: built from the same input as this build's.
    Kept,
    /// Kept (or its description) though the input changed (`SearchIndex::Defer`): the dev
    /// server brings it up to date later.
    Behind,
}

/// Announces every copied file (theme static files, the content's files) to the sink before
/// anything is written; all collisions among them are reported together.
pub(super) fn reserve_copies(r: &Renderer, sink: &(dyn Sink + Sync)) -> Vec<Diagnostic> {
    let theme = r.theme.statics.iter().map(|(src, dest)| (dest, src));
    // Photos are not copied: their processed files are written (`photos`).
    let content = r
        .site
        .assets
        .iter()
        .filter(|a| !crate::photos::is_photo_name(&a.dest))
        .map(|a| (&a.dest, &a.src));
    theme
        .chain(content)
        .filter_map(|(dest, src)| sink.reserve(dest, src).err())
        .collect()
}

/// code.css when a case shows code; the theme's hashed and static files; the content's
/// copied files.
pub(super) fn assets(r: &Renderer, sink: &(dyn Sink + Sync)) -> Result<(), Diagnostic> {
    if r.bodies.iter().any(|b| b.has_code) {
        sink.put(paths::CODE_CSS, markdown::code_css().as_bytes())?;
    }
    for (path, bytes) in &r.theme.hashed_files {
        sink.put(path, bytes)?;
    }
    for (src, dest) in &r.theme.statics {
        sink.copy(dest, src)?;
    }
    for a in &r.site.assets {
        if !crate::photos::is_photo_name(&a.dest) {
            sink.copy(&a.dest, &a.src)?;
        }
    }
    photos(r, sink)
}

/// Every photo's processed files, read from the photo cache unless the current output has
/// them already (the fingerprint is the cache key's: same key, same bytes).
fn photos(r: &Renderer, sink: &(dyn Sink + Sync)) -> Result<(), Diagnostic> {
    r.photos.all().par_iter().try_for_each(|photo| {
        for (path, f) in photo.outputs() {
            let mut h = Xxh3::new();
            (&photo.processed.key, &f.name).hash(&mut h);
            let fp = h.finish().max(1);
            if sink.keep(&path, fp) {
                continue;
            }
            let bytes = f.bytes().map_err(|e| {
                Diagnostic::error(crate::t!(
                    "photo-cache-unreadable",
                    path = path.as_str(),
                    why = crate::i18n::io_error(&e)
                ))
                .help(crate::t!("photo-cache-unreadable.help"))
            })?;
            sink.put_page(&path, &bytes, fp)?;
        }
        Ok(())
    })
}
