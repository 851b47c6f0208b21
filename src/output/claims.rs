//! Which source claimed which output path: two files on one path, or a file where a folder
//! of other files must be, are collisions named with both sources.

use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// Where an output file comes from, to name both sides of a collision.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// A page shequ renders.
    Page,
    /// A file shequ generates (search index, feed data, stylesheets).
    Data,
    /// A copy of a file of the site (`static/`, a case's files, the theme's static files).
    File(PathBuf),
}

/// Two claims that cannot both hold: `first` at `at`, and `other` at `other_path` (the same
/// path, or one inside `at` when that would be a folder).
pub(super) struct Collision {
    pub at: String,
    pub first: Source,
    pub other_path: String,
    pub other: Source,
}

#[derive(Default)]
pub(super) struct Claims {
    files: FxHashMap<String, Source>,
    /// Directory → one file claimed under it.
    dirs: FxHashMap<String, String>,
}

impl Claims {
    /// Whether `path` is already claimed by a copy of `src`.
    pub fn is_claimed_by(&self, path: &str, src: &std::path::Path) -> bool {
        matches!(self.files.get(path), Some(Source::File(p)) if p == src)
    }

    /// Fails when `path` cannot be written beside the claimed files: one of them has the
    /// same path, or needs it as a folder, or is a file where `path` needs a folder.
    pub fn check(&self, path: &str, source: Source) -> Result<(), Collision> {
        if let Some(other) = self.files.get(path) {
            return Err(Collision {
                at: path.into(),
                first: other.clone(),
                other_path: path.into(),
                other: source,
            });
        }
        if let Some(under) = self.dirs.get(path) {
            let other = self.files.get(under).cloned().unwrap_or(Source::Data);
            return Err(Collision {
                at: path.into(),
                first: source,
                other_path: under.clone(),
                other,
            });
        }
        let mut cur = path;
        while let Some((dir, _)) = cur.rsplit_once('/') {
            if let Some(other) = self.files.get(dir) {
                return Err(Collision {
                    at: dir.into(),
                    first: other.clone(),
                    other_path: path.into(),
                    other: source,
                });
            }
            cur = dir;
        }
        Ok(())
    }

    /// Claims `path` for `source` after [`Claims::check`].
    pub fn claim(&mut self, path: &str, source: Source) -> Result<(), Collision> {
        self.check(path, source.clone())?;
        let mut cur = path;
        while let Some((dir, _)) = cur.rsplit_once('/') {
            if self.dirs.contains_key(dir) {
                break;
            }
            self.dirs.insert(dir.to_string(), path.to_string());
            cur = dir;
        }
        self.files.insert(path.to_string(), source);
        Ok(())
    }
}
