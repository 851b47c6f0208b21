//! Write stage: bring the output directory up to date atomically.
//!
//! The previous generation is kept beside the output (`.public.shequ-prev/`). A build
//! updates that copy — writing only files whose bytes differ and removing stale ones — then
//! swaps the two directories in one step (`renameat2(RENAME_EXCHANGE)` on Linux). Readers of
//! `public/` see the old site or the new one, never a mix; a failed or killed build leaves
//! `public/` as it was.

use crate::error::Diagnostic;
use crate::t;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Copy of a source file (assets, static files).
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path under the output root, `/`-separated.
    pub path: String,
    pub body: Body,
    /// Fingerprint of what the bytes are made from (0: none): a later build that finds it
    /// unchanged may keep the file ([`Sink::keep_data`]) instead of making it again.
    pub fp: u64,
}

impl OutFile {
    pub fn bytes(path: String, bytes: Vec<u8>) -> OutFile {
        OutFile {
            path,
            body: Body::Bytes(bytes),
            fp: 0,
        }
    }
    /// The file with the fingerprint of what its bytes are made from.
    pub fn with_fp(self, fp: u64) -> OutFile {
        OutFile { fp, ..self }
    }
    pub fn copy(path: String, src: PathBuf) -> OutFile {
        OutFile {
            path,
            body: Body::Copy(src),
            fp: 0,
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub written: usize,
    /// Files carried over by linking the current output's file (not written).
    pub linked: usize,
    pub removed: usize,
}

mod carry;
mod claims;
mod commit;
mod fsio;
mod guard;
mod intact;
mod lock;
mod manifest;
mod sink;

pub use guard::{resolve_output, resolve_preview};
pub use intact::{generation, is_intact};
pub use lock::{OutputLock, Wait, acquire as lock_output, lock_path};
pub use manifest::{MANIFEST, RACY_NS, Stamp};
pub use sink::{Discard, Sink};

/// Writes a build cache file (`.shequ/cache/…`, outside the output) whole or not at all: to
/// a temporary file beside it, renamed into place. A failure only costs the next build its
/// shortcut; the stale file is removed so that it is not read instead.
pub fn replace_cache_file(file: &std::path::Path, bytes: &[u8]) {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name()) else {
        return;
    };
    let tmp = dir.join(format!(
        "{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(file);
    }
}

use claims::{Claims, Source};
use fsio::{read_regular, write_file};
use manifest::{Entry, Manifest, Survey};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

fn valid_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && !path.contains('\\')
        && path != MANIFEST
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Sibling directory holding the previous generation.
pub fn prev_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.shequ-prev"))
}

fn manifest_stamp(dir: &Path) -> Option<Stamp> {
    let m = std::fs::symlink_metadata(dir.join(MANIFEST)).ok()?;
    m.is_file().then(|| Stamp::of(&m))
}

/// What a committed generation hands to the next build of a long-lived process (the dev
/// server): the manifests of the output and of the stage, and the survey of the stage,
/// prepared in the background. They are used only while the manifest files on disk are the
/// ones they describe (same stamp).
#[derive(Default)]
pub struct Committed {
    job: Option<std::thread::JoinHandle<Carried>>,
    /// The job's result, once something waited for it.
    ready: Option<Carried>,
}

impl Committed {
    fn carried(&mut self) -> Option<&Carried> {
        if self.ready.is_none() {
            self.ready = self.job.take().and_then(|h| h.join().ok());
        }
        self.ready.as_ref()
    }

    /// The output `out`'s files under `prefix` as the last commit recorded them (path →
    /// fingerprint, hash of the bytes), while its manifest file is still the one committed;
    /// `None` otherwise. Waits for the manifests to be ready (the next build needs them too).
    pub fn current_under(
        &mut self,
        out: &Path,
        prefix: &str,
    ) -> Option<rustc_hash::FxHashMap<String, (u64, u64)>> {
        let (stamp, m) = self.carried()?.out.as_ref()?;
        (manifest_stamp(out) == Some(*stamp)).then(|| {
            m.files
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(|(p, e)| (p.clone(), (e.fp, e.hash)))
                .collect()
        })
    }
}

#[derive(Default)]
struct Carried {
    out: Option<(Stamp, Manifest)>,
    stage: Option<(Stamp, Manifest)>,
    /// The survey of the stage, with the stamp of the manifest it was taken against.
    survey: Option<(Option<Stamp>, Result<Survey, Diagnostic>)>,
}

/// `dir`'s manifest: `memo`'s when the file is still the one it describes.
fn manifest_of(dir: &Path, memo: Option<(Stamp, Manifest)>) -> Option<Manifest> {
    if let Some((stamp, m)) = memo
        && manifest_stamp(dir) == Some(stamp)
    {
        return Some(m);
    }
    manifest::read(dir)
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Writes `files` as the new content of `out`, atomically (no lock: for tests and tools).
pub fn write(out: &Path, files: &[OutFile]) -> Result<WriteStats, Diagnostic> {
    let generation = Generation::begin(out)?;
    for f in files {
        match &f.body {
            Body::Bytes(b) => generation.put(&f.path, b)?,
            Body::Copy(src) => generation.copy(&f.path, src)?,
        }
    }
    generation.commit()
}

/// The next generation of the output, filled file by file (from many threads), then
/// swapped in by [`Generation::commit`]. Dropped without committing, it removes what it
/// wrote and leaves the output as it was.
pub struct Generation {
    out: PathBuf,
    stage: PathBuf,
    /// The site root, to show copied files' paths as the editor knows them.
    root: Option<PathBuf>,
    /// The stage as found on disk.
    survey: Survey,
    /// The current output's files (the previous build), for keeping unchanged pages.
    current: Manifest,
    /// The version of the current output's manifest file when it was read.
    current_stamp: Option<Stamp>,
    /// Directories known to exist in the stage.
    dirs: Mutex<FxHashSet<String>>,
    /// The copied files (reserved before anything is written) and their folders.
    claims: std::sync::RwLock<Claims>,
    /// Whether any copied file was claimed (until then nothing can collide).
    reserved: std::sync::atomic::AtomicBool,
    /// The new generation's files.
    files: Mutex<Vec<(String, Entry)>>,
    written: AtomicUsize,
    /// Files linked to the current output's (carried over without writing).
    linked: AtomicUsize,
    /// The linked files with the stamps they have since: the current output's manifest is
    /// brought up to date with them after the swap ([`commit`]).
    links: Mutex<Vec<(String, Stamp)>>,
    /// Set when the file system refused a link as such: the rest is copied.
    no_links: std::sync::atomic::AtomicBool,
    /// Files this build wrote into the stage, removed again if it fails.
    touched: Mutex<Vec<PathBuf>>,
    /// Directories whose entries this build changed (their stamps are taken anew).
    dirty: Mutex<FxHashSet<String>>,
    /// The first write failure; every later write fails with it at once.
    failed: OnceLock<Diagnostic>,
    committed: bool,
}

impl Generation {
    pub fn begin(out: &Path) -> Result<Generation, Diagnostic> {
        Generation::begin_after(out, Committed::default(), None)
    }

    /// Like [`Generation::begin`], reusing the manifests the previous commit left (when the
    /// files are unchanged on disk). `out` has passed [`resolve_output`] and its lock is held.
    pub fn begin_after(
        out: &Path,
        previous: Committed,
        root: Option<&Path>,
    ) -> Result<Generation, Diagnostic> {
        let stage = prev_dir(out);
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| io_error(Failed::Create, parent, &e))?;
        }
        let t = std::time::Instant::now();
        let previous = previous
            .ready
            .or_else(|| previous.job.and_then(|h| h.join().ok()))
            .unwrap_or_default();
        let early = previous.survey;
        let manifest = manifest_of(&stage, previous.stage);
        let current_stamp = manifest_stamp(out);
        let current = manifest_of(out, previous.out).unwrap_or_default();
        let t = crate::timing::lap("  read manifests", t);
        // Invalidate the stage's manifest first: a build killed from here on leaves no stale
        // one, only the mark that the stage is shequ's.
        let stage_stamp = manifest_stamp(&stage);
        std::fs::create_dir_all(&stage).map_err(|e| io_error(Failed::Create, &stage, &e))?;
        write_file(&stage.join(MANIFEST), manifest::INCOMPLETE.as_bytes())
            .map_err(|e| io_error(Failed::Update, &stage, &e))?;
        let mut survey = match early {
            // Taken after the last commit, of the stage as it still is (same manifest file).
            Some((stamp, Ok(survey))) if stamp.is_some() && stamp == stage_stamp => survey,
            _ => manifest::survey(&stage, manifest.as_ref().zip(stage_stamp.map(|s| s.mtime)))?,
        };
        survey.remove_foreign();
        crate::timing::lap("  survey", t);
        let dirs = std::mem::take(&mut survey.dirs);
        Ok(Generation {
            out: out.to_path_buf(),
            stage,
            root: root.map(Path::to_path_buf),
            survey,
            current,
            current_stamp,
            dirs: Mutex::new(dirs),
            claims: std::sync::RwLock::new(Claims::default()),
            reserved: std::sync::atomic::AtomicBool::new(false),
            files: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            linked: AtomicUsize::new(0),
            links: Mutex::new(Vec::new()),
            no_links: std::sync::atomic::AtomicBool::new(false),
            touched: Mutex::new(Vec::new()),
            dirty: Mutex::new(FxHashSet::default()),
            failed: OnceLock::new(),
            committed: false,
        })
    }

    /// Records the first failure (one message for a full disk, not one per file).
    fn fail(&self, what: Failed, path: &Path, e: &std::io::Error) -> Diagnostic {
        self.failed.get_or_init(|| io_error(what, path, e)).clone()
    }

    fn shown(&self, p: &Path) -> String {
        let rel = self
            .root
            .as_deref()
            .and_then(|r| p.strip_prefix(r).ok())
            .unwrap_or(p);
        crate::error::display_path(rel)
    }

    fn describe(&self, path: &str, source: &Source) -> String {
        match source {
            Source::Page => t!("output-collision-page", path = path),
            Source::Data => t!("output-collision-data", path = path),
            Source::File(p) => self.shown(p),
        }
    }

    fn collision(&self, at: &str, a: &Source, b_path: &str, b: &Source) -> Diagnostic {
        let (first, second) = (self.describe(at, a), self.describe(b_path, b));
        let message = if at == b_path {
            t!(
                "output-collision-same",
                at = at,
                first = first,
                second = second
            )
        } else {
            t!(
                "output-collision-folder",
                at = at,
                first = first,
                second = second
            )
        };
        let file = [a, b].into_iter().find_map(|s| match s {
            Source::File(p) => Some(self.shown(p)),
            _ => None,
        });
        let d = Diagnostic::error(message).help(t!("output-collision-same.help"));
        match file {
            Some(f) => d.in_file(f),
            None => d,
        }
    }

    /// Checks `path` against the copied files: a copy claims its path (and its folders);
    /// a page or data file must not take one of them. (Pages cannot collide with pages, nor
    /// data files with anything generated: the model and the fixed names see to that.)
    fn claim(&self, path: &str, source: Source) -> Result<(), Diagnostic> {
        let named = |x: claims::Collision| self.collision(&x.at, &x.first, &x.other_path, &x.other);
        if let Source::File(src) = &source {
            let Ok(mut c) = self.claims.write() else {
                return Ok(());
            };
            if c.is_claimed_by(path, src) {
                return Ok(());
            }
            c.claim(path, source).map_err(named)?;
            self.reserved.store(true, Ordering::Release);
            return Ok(());
        }
        if !self.reserved.load(Ordering::Acquire) {
            return Ok(());
        }
        match self.claims.read() {
            Ok(c) => c.check(path, source).map_err(named),
            _ => Ok(()),
        }
    }

    /// Reserves a copied file's path before anything is written.
    pub fn reserve(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        if !valid_rel(path) {
            return Err(Diagnostic::error(t!("output-outside", path = path)));
        }
        self.claim(path, Source::File(src.to_path_buf()))
    }

    /// Notes that the entries of `path`'s directory changed.
    fn mark_dirty(&self, path: &str) {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        if let Ok(mut d) = self.dirty.lock() {
            d.insert(dir.to_string());
        }
    }

    /// Makes the directories of `path` in the stage, as real directories.
    fn ensure_dir(&self, path: &str) -> std::io::Result<()> {
        let Some((dir, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        if self.dirs.lock().is_ok_and(|d| d.contains(dir)) {
            return Ok(());
        }
        let mut prefix = String::new();
        for part in dir.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if self.dirs.lock().is_ok_and(|d| d.contains(&prefix)) {
                continue;
            }
            let p = self.stage.join(&prefix);
            match std::fs::create_dir(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !std::fs::symlink_metadata(&p)?.is_dir() {
                        // A file (or link) of an older generation where a folder goes now.
                        std::fs::remove_file(&p)?;
                        std::fs::create_dir(&p)?;
                    }
                }
                Err(e) => return Err(e),
            }
            if let Ok(mut d) = self.dirs.lock() {
                d.insert(prefix.clone());
            }
            self.mark_dirty(&prefix);
        }
        Ok(())
    }

    fn put_from(
        &self,
        path: &str,
        bytes: &[u8],
        fp: u64,
        source: Source,
    ) -> Result<(), Diagnostic> {
        if let Some(e) = self.failed.get() {
            return Err(e.clone());
        }
        if !valid_rel(path) {
            return Err(Diagnostic::error(t!("output-outside", path = path)));
        }
        self.claim(path, source)?;
        let h = hash(bytes);
        let dest = self.stage.join(path);
        let kept = match self.survey.trusted.get(path) {
            // shequ wrote it and nothing touched it since: its manifest hash is the truth.
            Some(e) if e.hash == h => Some(e.stamp),
            Some(_) => None,
            None if self.survey.unverified.contains(path) => {
                read_regular(&dest, bytes.len() as u64)
                    .filter(|(old, _)| old == bytes)
                    .map(|(_, stamp)| stamp)
            }
            None => None,
        };
        // The current output has these bytes: linked rather than written.
        let kept = kept.or_else(|| {
            let e = self
                .current
                .files
                .get(path)
                .filter(|e| e.hash == h && e.stamp.len == bytes.len() as u64)?;
            if !self.current_is_recorded(path, e) {
                return None;
            }
            self.link_current(path, e)
        });
        let stamp = match kept {
            Some(s) => s,
            None => {
                let written = self
                    .ensure_dir(path)
                    .and_then(|()| write_file(&dest, bytes));
                match written {
                    Ok(s) => {
                        self.written.fetch_add(1, Ordering::Relaxed);
                        self.mark_dirty(path);
                        if let Ok(mut t) = self.touched.lock() {
                            t.push(dest);
                        }
                        s
                    }
                    Err(e) => {
                        // Whatever part of it was written is of no use.
                        let _ = std::fs::remove_file(&dest);
                        return Err(self.fail(Failed::Write, &dest, &e));
                    }
                }
            }
        };
        if let Ok(mut f) = self.files.lock() {
            f.push((path.to_string(), Entry { hash: h, fp, stamp }));
        }
        Ok(())
    }

    /// Adds a file; writes it only if the staged copy differs.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put_from(path, bytes, 0, Source::Data)
    }

    /// Adds a rendered page with its fingerprint.
    pub fn put_page(&self, path: &str, bytes: &[u8], fingerprint: u64) -> Result<(), Diagnostic> {
        let source = if fingerprint == 0 {
            Source::Data
        } else {
            Source::Page
        };
        self.put_from(path, bytes, fingerprint, source)
    }

    /// Adds a copy of a source file (a regular file, read within the assets' size limit).
    pub fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        if let Some(e) = self.failed.get() {
            return Err(e.clone());
        }
        let bytes = crate::content::read_asset(src, Path::new(&self.shown(src)))?;
        self.put_from(path, &bytes, 0, Source::File(src.to_path_buf()))
    }
}

impl Sink for Generation {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Generation::put(self, path, bytes)
    }
    fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        Generation::copy(self, path, src)
    }
    fn put_page(&self, path: &str, bytes: &[u8], fingerprint: u64) -> Result<(), Diagnostic> {
        Generation::put_page(self, path, bytes, fingerprint)
    }
    fn keep(&self, path: &str, fingerprint: u64) -> bool {
        Generation::keep(self, path, fingerprint)
    }
    fn keep_prefix(&self, prefix: &str, wanted: &dyn Fn(&str) -> bool) -> bool {
        Generation::keep_prefix(self, prefix, wanted)
    }
    fn current_fingerprint(&self, path: &str) -> Option<u64> {
        self.current.files.get(path).map(|e| e.fp)
    }
    fn file(&self, f: &OutFile) -> Result<(), Diagnostic> {
        match &f.body {
            // A data file, fingerprinted or not.
            Body::Bytes(b) => self.put_from(&f.path, b, f.fp, Source::Data),
            Body::Copy(src) => Generation::copy(self, &f.path, src),
        }
    }
    fn keep_data(&self, path: &str, fingerprint: u64) -> Option<u64> {
        let e = self.current.files.get(path)?;
        (e.fp == fingerprint && Generation::keep(self, path, fingerprint)).then_some(e.hash)
    }
    fn keep_current(&self, path: &str) -> bool {
        Generation::keep_current(self, path)
    }
    fn reserve(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        Generation::reserve(self, path, src)
    }
}

/// What could not be done to a file of the output.
#[derive(Clone, Copy)]
enum Failed {
    Create,
    Update,
    Write,
    Swap,
}

fn io_error(what: Failed, p: &Path, e: &std::io::Error) -> Diagnostic {
    let full = e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull;
    let help = if full {
        t!("output-disk-full")
    } else {
        t!("output-check-permissions")
    };
    let path = crate::error::display_path(p);
    let error = crate::i18n::io_error(e);
    let message = match what {
        Failed::Create => t!("output-cannot-create", path = path, error = error),
        Failed::Update => t!("output-cannot-update", path = path, error = error),
        Failed::Write => t!("output-cannot-write", path = path, error = error),
        Failed::Swap => t!("output-cannot-swap", path = path, error = error),
    };
    Diagnostic::error(message).help(help)
}

#[cfg(all(test, unix))]
mod link_tests;
#[cfg(test)]
mod tests;
