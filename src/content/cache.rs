//! The parse cache in memory: parsed files by path, each valid for the stamp its file had
//! and the configuration it was parsed under (the dev server keeps it between rebuilds;
//! `shequ build` fills it from disk, [`super::stored`]).

use super::{Parsed, Walked};
use crate::config::Config;
use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

/// Parsed files kept between rebuilds (dev server), keyed by path and validated by size,
/// modification time and the configuration they were parsed with.
#[derive(Default)]
pub struct ParseCache {
    pub(super) entries: std::sync::RwLock<std::collections::HashMap<PathBuf, CachedParse>>,
    /// What the last full walk of `content/` found, for [`load_trusting`].
    pub(super) walked: std::sync::Mutex<Option<std::sync::Arc<Walked>>>,
    /// Case files parsed (not taken from the cache) since it was made.
    pub(super) parsed: std::sync::atomic::AtomicUsize,
    /// Whether a case parsed now leaves its text on disk, to be read when needed (`shequ
    /// build`: a build that renders every page then holds each text only while it renders
    /// it). The dev server holds what it parsed: a later rebuild that trusts the watcher
    /// renders it as it was read, whatever happened to the file since.
    pub(super) lean: bool,
}

impl ParseCache {
    /// Whether nothing was loaded with it yet.
    pub fn is_unused(&self) -> bool {
        self.walked.lock().is_ok_and(|w| w.is_none())
            && self.entries.read().is_ok_and(|e| e.is_empty())
    }

    /// Drops the entries of changed files and of everything under changed directories
    /// (the watcher knows better than timestamps).
    pub fn forget(&self, paths: &[PathBuf]) {
        if let Ok(mut e) = self.entries.write() {
            for p in paths {
                // A file is one entry; anything else (a directory, a deleted file) may be
                // the prefix of many.
                if e.remove(p).is_none() {
                    e.retain(|cached, _| !cached.starts_with(p));
                }
            }
        }
    }
}

#[derive(Clone)]
pub(super) struct CachedParse {
    pub(super) stamp: SourceStamp,
    pub(super) result: ParseOutcome,
}

/// What a cached parse is valid for: the file's stamp (length, modification and change
/// times, inode; `None` when it could not be read), and the configuration it was parsed
/// under.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct SourceStamp {
    pub(super) file: Option<crate::stamp::Stamp>,
    pub(super) config: u64,
}

/// What parsing one file gave: the issue or case (none when it has errors), and what it
/// had to say.
pub(super) type ParseOutcome = (Option<Parsed>, Vec<Diagnostic>);

/// Parsing depends on the configuration (force names, synonyms, partner aliases).
pub(super) fn config_fingerprint(config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    config.hash(&mut h);
    h.finish()
}

/// What a cached parse of `path` is valid for.
pub(super) fn stamp(path: &Path, config_fp: u64) -> SourceStamp {
    SourceStamp {
        file: std::fs::metadata(path)
            .ok()
            .map(|m| crate::stamp::Stamp::of(&m)),
        config: config_fp,
    }
}
