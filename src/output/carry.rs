//! Carrying files over from the current output (pages whose fingerprint is unchanged, the
//! search index while it is deferred) — only when they are still what shequ wrote.

use super::claims::Source;
use super::fsio::{read_regular, same_inode};
use super::manifest::{Entry, RACY_NS, Stamp};
use super::{Generation, hash, valid_rel};
use std::sync::atomic::Ordering;

/// Whether a failed link means the file system (or its mount) takes no links at all.
fn link_unsupported(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EXDEV | libc::EPERM | libc::EOPNOTSUPP | libc::ENOSYS)
    )
}

/// How a file is carried over.
enum Carry {
    /// The stage holds it already (with this stamp): only recorded.
    InStage(Stamp),
    /// The current output's file, still the one its manifest records: linked into the stage
    /// where the file system allows, else copied.
    Current,
}

/// Whether two stamps are of the same file with the same bytes as far as `lstat` tells
/// (a link or an unlink changes only the change time).
fn same_content_stamp(a: &Stamp, b: &Stamp) -> bool {
    a.ino == b.ino && a.len == b.len && a.mtime == b.mtime
}

impl Generation {
    /// How the current output's file at `path` (recorded as `e`) can be carried over: the
    /// stage already holds the same bytes, untouched since shequ wrote them; or the current
    /// file is still the one its manifest records. `None` when neither holds.
    fn carriable(&self, path: &str, e: Entry) -> Option<Carry> {
        if let Some(t) = self.survey.trusted.get(path)
            && t.hash == e.hash
        {
            return Some(Carry::InStage(t.stamp));
        }
        self.current_is_recorded(path, &e).then_some(Carry::Current)
    }

    /// Whether the current output's file at `path` is still the one its manifest records as
    /// `e`: a regular file with the recorded stamp, written well before the manifest (as
    /// [`super::manifest::survey`] trusts); else the same file (inode, length, modification
    /// time: a link made by an earlier build changed its change time) whose bytes are read
    /// and have the recorded hash.
    pub(super) fn current_is_recorded(&self, path: &str, e: &Entry) -> bool {
        let src = self.out.join(path);
        let Ok(m) = std::fs::symlink_metadata(&src) else {
            return false;
        };
        let now = Stamp::of(&m);
        if !m.is_file() || !same_content_stamp(&now, &e.stamp) {
            return false;
        }
        let racy = self
            .current_stamp
            .is_none_or(|s| e.stamp.mtime >= s.mtime.saturating_sub(RACY_NS));
        if now == e.stamp && !racy {
            return true;
        }
        matches!(read_regular(&src, e.stamp.len),
            Some((bytes, s)) if same_content_stamp(&s, &e.stamp) && hash(&bytes) == e.hash)
    }

    /// Makes the stage's `path` another name of the current output's file (recorded as `e`
    /// and checked by [`Generation::current_is_recorded`]): nothing is written. Returns the
    /// stamp the file has now; `None` when it cannot be linked (another file system, no
    /// links there, too many links…) or is not the recorded file after all — the caller
    /// then copies or writes it.
    pub(super) fn link_current(&self, path: &str, e: &Entry) -> Option<Stamp> {
        if !cfg!(unix) || self.no_links.load(Ordering::Relaxed) {
            return None;
        }
        let src = self.out.join(path);
        let dest = self.stage.join(path);
        self.ensure_dir(path).ok()?;
        if let Err(err) = std::fs::hard_link(&src, &dest) {
            if err.kind() != std::io::ErrorKind::AlreadyExists {
                if link_unsupported(&err) {
                    self.no_links.store(true, Ordering::Relaxed);
                }
                return None;
            }
            // Already linked (a build that failed after linking), or an older file there.
            let m = std::fs::symlink_metadata(&dest).ok()?;
            let linked = std::fs::symlink_metadata(&src).is_ok_and(|s| same_inode(&s, &m));
            if !(m.is_file() && linked) {
                if m.is_dir() {
                    return None;
                }
                std::fs::remove_file(&dest).ok()?;
                std::fs::hard_link(&src, &dest).ok()?;
            }
        }
        self.mark_dirty(path);
        let m = std::fs::symlink_metadata(&dest).ok()?;
        let stamp = Stamp::of(&m);
        if !m.is_file() || !same_content_stamp(&stamp, &e.stamp) {
            // Changed between the check and the link: not carried this way.
            let _ = std::fs::remove_file(&dest);
            return None;
        }
        self.linked.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut l) = self.links.lock() {
            l.push((path.to_string(), stamp));
        }
        Some(stamp)
    }

    fn carry(&self, path: &str, e: Entry, how: Carry) -> bool {
        let source = if e.fp == 0 {
            Source::Data
        } else {
            Source::Page
        };
        if self.claim(path, source.clone()).is_err() {
            return false;
        }
        let stamp = match how {
            Carry::InStage(stamp) => stamp,
            Carry::Current => match self.link_current(path, &e) {
                Some(stamp) => stamp,
                None => {
                    // Copied instead, its bytes checked again.
                    return match read_regular(&self.out.join(path), e.stamp.len) {
                        Some((b, _)) if hash(&b) == e.hash => {
                            self.put_from(path, &b, e.fp, source).is_ok()
                        }
                        _ => false,
                    };
                }
            },
        };
        if let Ok(mut f) = self.files.lock() {
            f.push((path.to_string(), Entry { stamp, ..e }));
        }
        true
    }

    /// Carries every current file under `prefix` that `wanted` names over unchanged (pages
    /// are not wanted: they are kept one by one); false when there is none, or when one of
    /// them cannot be trusted (then none is carried, and the caller produces them).
    pub fn keep_prefix(&self, prefix: &str, wanted: &dyn Fn(&str) -> bool) -> bool {
        let entries: Vec<(&String, Entry)> = self
            .current
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix) && wanted(p))
            .map(|(p, e)| (p, *e))
            .collect();
        if entries.is_empty() || self.failed.get().is_some() {
            return false;
        }
        let mut carried = Vec::with_capacity(entries.len());
        for (path, e) in entries {
            // Names from a manifest on disk: only those shequ could have written.
            if !valid_rel(path) {
                return false;
            }
            match self.carriable(path, e) {
                Some(how) => carried.push((path, e, how)),
                None => return false,
            }
        }
        carried
            .into_iter()
            .all(|(path, e, bytes)| self.carry(path, e, bytes))
    }

    /// Carries a page over from the current output when its fingerprint is unchanged and
    /// the file is still the one shequ wrote.
    pub fn keep(&self, path: &str, fingerprint: u64) -> bool {
        match self.current.files.get(path) {
            Some(e) if e.fp == fingerprint && fingerprint != 0 => self.keep_entry(path, *e),
            _ => false,
        }
    }

    /// Carries the current output's file over as it is, whatever its fingerprint (a page
    /// whose update is deferred: the next build sees the fingerprint differ).
    pub fn keep_current(&self, path: &str) -> bool {
        match self.current.files.get(path) {
            Some(e) => self.keep_entry(path, *e),
            None => false,
        }
    }

    fn keep_entry(&self, path: &str, e: Entry) -> bool {
        if self.failed.get().is_some() {
            return false;
        }
        match self.carriable(path, e) {
            Some(how) => self.carry(path, e, how),
            None => false,
        }
    }
}
