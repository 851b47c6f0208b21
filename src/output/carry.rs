//! Carrying files over from the current output (pages whose fingerprint is unchanged, the
//! search index while it is deferred) — only when they are still what shequ wrote.

use super::claims::Source;
use super::fsio::read_regular;
use super::manifest::Entry;
use super::{Generation, hash, valid_rel};

/// How a file is carried over.
enum Carry {
    /// The stage holds it already (with this stamp): only recorded.
    InStage(super::manifest::Stamp),
    /// Copied from the current output.
    Copy(Vec<u8>),
}

impl Generation {
    /// How the current output's file at `path` (recorded as `e`) can be carried over: the
    /// stage already holds the same bytes, untouched since shequ wrote them; or the current
    /// file is still the one its manifest records (stamp and hash) and is copied. `None`
    /// when neither holds.
    fn carriable(&self, path: &str, e: Entry) -> Option<Carry> {
        if let Some(t) = self.survey.trusted.get(path)
            && t.hash == e.hash
        {
            return Some(Carry::InStage(t.stamp));
        }
        match read_regular(&self.out.join(path), e.stamp.len) {
            Some((bytes, stamp)) if stamp == e.stamp && hash(&bytes) == e.hash => {
                Some(Carry::Copy(bytes))
            }
            _ => None,
        }
    }

    fn carry(&self, path: &str, e: Entry, how: Carry) -> bool {
        let source = if e.fp == 0 {
            Source::Data
        } else {
            Source::Page
        };
        match how {
            Carry::Copy(b) => self.put_from(path, &b, e.fp, source).is_ok(),
            Carry::InStage(stamp) => {
                if self.claim(path, source).is_err() {
                    return false;
                }
                if let Ok(mut f) = self.files.lock() {
                    f.push((path.to_string(), Entry { stamp, ..e }));
                }
                true
            }
        }
    }

    /// Carries every current non-page file under `prefix` over unchanged (pages have
    /// fingerprints and are kept one by one); false when there is none, or when one of them
    /// cannot be trusted (then none is carried, and the caller produces them).
    pub fn keep_prefix(&self, prefix: &str) -> bool {
        let entries: Vec<(&String, Entry)> = self
            .current
            .files
            .iter()
            .filter(|(p, e)| p.starts_with(prefix) && e.fp == 0)
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
