//! Where rendered files go: the output generation ([`super::Generation`]), or nowhere
//! ([`Discard`], for `check`). Defined beside [`OutFile`] so that the render stage depends on
//! the output's types and the output never on the render stage.

use super::{Body, OutFile};
use crate::error::Diagnostic;

/// Where rendered files go: the output generation, or nowhere (`check`).
pub trait Sink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// A rendered page with its fingerprint.
    fn put_page(&self, path: &str, bytes: &[u8], _fingerprint: u64) -> Result<(), Diagnostic> {
        self.put(path, bytes)
    }
    /// Keeps the previous build's page when its fingerprint is unchanged; false when the
    /// page must be rendered.
    fn keep(&self, _path: &str, _fingerprint: u64) -> bool {
        false
    }
    /// Carries over every current file under `prefix` that `wanted` names as it is; false
    /// when there is none.
    fn keep_prefix(&self, _prefix: &str, _wanted: &dyn Fn(&str) -> bool) -> bool {
        false
    }
    /// Carries over the current file at `path` as it is; false when there is none.
    fn keep_current(&self, _path: &str) -> bool {
        false
    }
    /// The fingerprint the current output's manifest records for `path` (nothing is read
    /// or checked: [`Sink::keep`] does that); `None` when it has no such file.
    fn current_fingerprint(&self, _path: &str) -> Option<u64> {
        None
    }
    /// Like [`Sink::keep`], for a data file written with a fingerprint ([`OutFile::fp`]):
    /// the hash of its bytes (xxh3) when it was kept.
    fn keep_data(&self, _path: &str, _fingerprint: u64) -> Option<u64> {
        None
    }
    fn copy(&self, path: &str, src: &std::path::Path) -> Result<(), Diagnostic>;
    /// Announces, before anything is written, a file that [`Sink::copy`] will copy: a page
    /// or data file that would take its place, or need its name as a folder, is then an
    /// error naming both, never an I/O error halfway through.
    fn reserve(&self, _path: &str, _src: &std::path::Path) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn file(&self, f: &OutFile) -> Result<(), Diagnostic> {
        match &f.body {
            Body::Bytes(b) if f.fp != 0 => self.put_page(&f.path, b, f.fp),
            Body::Bytes(b) => self.put(&f.path, b),
            Body::Copy(src) => self.copy(&f.path, src),
        }
    }
}

/// A sink that only counts (for `check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &std::path::Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}
