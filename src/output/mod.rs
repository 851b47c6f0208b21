//! Write stage: bring the output directory up to date atomically.
//!
//! The previous generation is kept beside the output (`.public.shequ-prev/`). A build
//! updates that copy — writing only files whose bytes differ and removing stale ones — then
//! swaps the two directories in one step (`renameat2(RENAME_EXCHANGE)` on Linux). Readers of
//! `public/` see the old site or the new one, never a mix; a failed or killed build leaves
//! `public/` as it was.

use crate::error::Diagnostic;
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
}

impl OutFile {
    pub fn bytes(path: String, bytes: Vec<u8>) -> OutFile {
        OutFile {
            path,
            body: Body::Bytes(bytes),
        }
    }
    pub fn copy(path: String, src: PathBuf) -> OutFile {
        OutFile {
            path,
            body: Body::Copy(src),
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub written: usize,
    pub removed: usize,
}

mod guard;
mod lock;
mod manifest;
mod sink;

pub use guard::{resolve_output, resolve_preview};
pub use lock::{OutputLock, Wait, acquire as lock_output, lock_path};
pub use manifest::MANIFEST;
pub use sink::{Discard, Sink};

use manifest::{Entry, Manifest, Stamp, Survey};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
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

/// The manifests a committed generation left behind (the output's and the stage's), so the
/// next build of a long-lived process need not read them again. They are used only while
/// the manifest files on disk are the ones written (same stamp).
#[derive(Default)]
pub struct Committed {
    out: Option<(Stamp, Manifest)>,
    stage: Option<(Stamp, Manifest)>,
    /// The survey of the new stage, taken in the background right after the commit (a
    /// long-lived process: the dev server), with the stage's manifest stamp it was taken for.
    survey: Option<std::thread::JoinHandle<EarlySurvey>>,
}

/// A survey and the stamp of the manifest it was taken against.
type EarlySurvey = (Option<Stamp>, Result<Survey, Diagnostic>);

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

fn open_options(write: bool) -> OpenOptions {
    let mut o = OpenOptions::new();
    if write {
        o.write(true).create(true).truncate(true);
    } else {
        o.read(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never through a link; never blocking on a FIFO someone put in the way.
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    o
}

/// Writes `bytes` to `dest` as a regular file of its own, replacing whatever is in the way
/// (a link, a FIFO, a directory) instead of writing through it. Returns the new stamp.
fn write_file(dest: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let mut file = match open_options(true).open(dest) {
        Ok(f) if f.metadata()?.is_file() => f,
        Ok(_) => {
            std::fs::remove_file(dest)?;
            open_options(true).open(dest)?
        }
        Err(e) => {
            match std::fs::symlink_metadata(dest) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(dest)?,
                Ok(_) => std::fs::remove_file(dest)?,
                Err(_) => return Err(e),
            }
            open_options(true).open(dest)?
        }
    };
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// The file at `path` as a regular file: its bytes (at most `limit`) and stamp.
fn read_regular(path: &Path, limit: u64) -> Option<(Vec<u8>, Stamp)> {
    let file: File = open_options(false).open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then(|| (bytes, Stamp::of(&meta)))
}

/// Where an output file comes from, to name both sides of a collision.
#[derive(Debug, Clone)]
enum Source {
    /// A page shequ renders.
    Page,
    /// A file shequ generates (search index, feed data, stylesheets).
    Data,
    /// A copy of a file of the site (`static/`, a case's files, the theme's static files).
    File(PathBuf),
}

#[derive(Default)]
struct Claims {
    files: FxHashMap<String, Source>,
    /// Directory → one file claimed under it.
    dirs: FxHashMap<String, String>,
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
    claims: Mutex<Claims>,
    /// The new generation's files.
    files: Mutex<Vec<(String, Entry)>>,
    written: AtomicUsize,
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
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, &e))?;
        }
        let t = std::time::Instant::now();
        let early = previous.survey.and_then(|h| h.join().ok());
        let manifest = manifest_of(&stage, previous.stage);
        let current_stamp = manifest_stamp(out);
        let current = manifest_of(out, previous.out).unwrap_or_default();
        let t = crate::build::timing_lap("  read manifests", t);
        // Invalidate the stage's manifest first: a build killed from here on leaves no stale
        // one, only the mark that the stage is shequ's.
        let stage_stamp = manifest_stamp(&stage);
        std::fs::create_dir_all(&stage).map_err(|e| io_error("create", &stage, &e))?;
        write_file(&stage.join(MANIFEST), manifest::INCOMPLETE.as_bytes())
            .map_err(|e| io_error("update", &stage, &e))?;
        let survey = match early {
            // Taken after the last commit, of the stage as it still is (same manifest file).
            Some((stamp, Ok(survey))) if stamp.is_some() && stamp == stage_stamp => survey,
            _ => manifest::survey(&stage, manifest.as_ref().zip(stage_stamp.map(|s| s.mtime)))?,
        };
        crate::build::timing_lap("  survey", t);
        let dirs = survey.dirs.clone();
        Ok(Generation {
            out: out.to_path_buf(),
            stage,
            root: root.map(Path::to_path_buf),
            survey,
            current,
            current_stamp,
            dirs: Mutex::new(dirs),
            claims: Mutex::new(Claims::default()),
            files: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            touched: Mutex::new(Vec::new()),
            dirty: Mutex::new(FxHashSet::default()),
            failed: OnceLock::new(),
            committed: false,
        })
    }

    /// Records the first failure (one message for a full disk, not one per file).
    fn fail(&self, what: &str, path: &Path, e: &std::io::Error) -> Diagnostic {
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
            Source::Page => format!("the page shequ makes at /{path}"),
            Source::Data => format!("shequ's own file /{path}"),
            Source::File(p) => self.shown(p),
        }
    }

    fn collision(&self, at: &str, a: &Source, b_path: &str, b: &Source) -> Diagnostic {
        let (first, second) = (self.describe(at, a), self.describe(b_path, b));
        let message = if at == b_path {
            format!("two files would be written to /{at} in the output: {first} and {second}")
        } else {
            format!("/{at} in the output would be a file ({first}) and a folder holding {second}")
        };
        let file = [a, b].into_iter().find_map(|s| match s {
            Source::File(p) => Some(self.shown(p)),
            _ => None,
        });
        let d = Diagnostic::error(message).help(
            "rename or move the file: a file from static/ or beside a case cannot take the name of a page, or of a folder of pages",
        );
        match file {
            Some(f) => d.in_file(f),
            None => d,
        }
    }

    /// Claims `path` for `source`: fails when another output file has the same path, or
    /// needs it as a folder, or is a file where this one needs a folder.
    fn claim(&self, path: &str, source: Source) -> Result<(), Diagnostic> {
        let Ok(mut c) = self.claims.lock() else {
            return Ok(());
        };
        if let Some(other) = c.files.get(path) {
            return Err(self.collision(path, other, path, &source));
        }
        if let Some(under) = c.dirs.get(path) {
            let other = c.files.get(under).cloned().unwrap_or(Source::Data);
            return Err(self.collision(path, &source, under, &other));
        }
        let mut cur = path;
        while let Some((dir, _)) = cur.rsplit_once('/') {
            if let Some(other) = c.files.get(dir) {
                return Err(self.collision(dir, other, path, &source));
            }
            cur = dir;
        }
        let mut cur = path;
        while let Some((dir, _)) = cur.rsplit_once('/') {
            if c.dirs.contains_key(dir) {
                break;
            }
            c.dirs.insert(dir.to_string(), path.to_string());
            cur = dir;
        }
        c.files.insert(path.to_string(), source);
        Ok(())
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
            return Err(Diagnostic::error(format!(
                "refusing to write outside the output directory: {path:?}"
            )));
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
                        return Err(self.fail("write", &dest, &e));
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

    /// The current output's file at `path` when it is still the one its manifest records
    /// (stamp and hash), or the stage already holds the same bytes: what carrying it over
    /// needs to write (`None` for nothing), or `Err` when it cannot be carried.
    fn carriable(&self, path: &str, e: Entry) -> Result<Option<Vec<u8>>, ()> {
        if !valid_rel(path) {
            return Err(());
        }
        if self
            .survey
            .trusted
            .get(path)
            .is_some_and(|t| t.hash == e.hash)
        {
            return Ok(None);
        }
        match read_regular(&self.out.join(path), e.stamp.len) {
            Some((bytes, stamp)) if stamp == e.stamp && hash(&bytes) == e.hash => Ok(Some(bytes)),
            _ => Err(()),
        }
    }

    fn carry(&self, path: &str, e: Entry, bytes: Option<Vec<u8>>) -> bool {
        let source = if e.fp == 0 {
            Source::Data
        } else {
            Source::Page
        };
        match bytes {
            Some(b) => self.put_from(path, &b, e.fp, source).is_ok(),
            None => {
                if self.claim(path, source).is_err() {
                    return false;
                }
                let stamp = self.survey.trusted.get(path).map(|t| t.stamp);
                if let (Some(stamp), Ok(mut f)) = (stamp, self.files.lock()) {
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
            match self.carriable(path, e) {
                Ok(bytes) => carried.push((path, e, bytes)),
                Err(()) => return false,
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
            Ok(bytes) => self.carry(path, e, bytes),
            Err(()) => false,
        }
    }

    /// Removes stale files, records the manifest and swaps the generation in.
    pub fn commit(self) -> Result<WriteStats, Diagnostic> {
        self.commit_keeping(false).map(|(stats, _)| stats)
    }

    /// [`Generation::commit`], also handing back the manifests for the next
    /// [`Generation::begin_after`]; with `survey_next`, the next build's survey of its stage
    /// (this output's old generation) is taken right away, in the background.
    pub fn commit_keeping(
        mut self,
        survey_next: bool,
    ) -> Result<(WriteStats, Committed), Diagnostic> {
        if let Some(e) = self.failed.get() {
            return Err(e.clone());
        }
        let mut files = std::mem::take(self.files.get_mut().unwrap_or_else(|e| e.into_inner()));
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let keep: FxHashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let stage = self.stage.clone();
        let stale: Vec<String> = self
            .survey
            .trusted
            .keys()
            .chain(self.survey.unverified.iter())
            .filter(|p| !keep.contains(p.as_str()))
            .cloned()
            .collect();
        let mut removed = 0;
        let mut dirty = std::mem::take(self.dirty.get_mut().unwrap_or_else(|e| e.into_inner()));
        for p in stale {
            if std::fs::remove_file(stage.join(&p)).is_ok() {
                removed += 1;
                let mut d = p.as_str();
                while let Some((dir, _)) = d.rsplit_once('/') {
                    dirty.insert(dir.to_string());
                    d = dir;
                }
                dirty.insert(String::new());
            }
        }
        // Folders of the new generation; emptied ones go (deepest first).
        let mut new_dirs: FxHashSet<&str> = FxHashSet::default();
        for (p, _) in &files {
            let mut cur = p.as_str();
            while let Some((dir, _)) = cur.rsplit_once('/') {
                if !new_dirs.insert(dir) {
                    break;
                }
                cur = dir;
            }
        }
        let mut old_dirs: Vec<&String> = self
            .survey
            .dirs
            .iter()
            .filter(|d| !new_dirs.contains(d.as_str()))
            .collect();
        old_dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for d in old_dirs {
            if std::fs::remove_dir(stage.join(d)).is_ok() {
                dirty.insert(d.rsplit_once('/').map_or("", |(p, _)| p).to_string());
            }
        }
        let mut dirs: Vec<(String, Stamp)> = new_dirs
            .into_par_iter()
            .filter_map(|d| {
                let kept = self.survey.dir_stamps.get(d).filter(|_| !dirty.contains(d));
                let stamp = match kept {
                    Some(s) => *s,
                    None => Stamp::of(&std::fs::symlink_metadata(stage.join(d)).ok()?),
                };
                Some((d.to_string(), stamp))
            })
            .collect();
        dirs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let manifest = stage.join(MANIFEST);
        write_file(&manifest, manifest::render(&files, &dirs).as_bytes())
            .map_err(|e| self.fail("write", &manifest, &e))?;
        swap(&stage, &self.out).map_err(|e| self.fail("swap in", &self.out, &e))?;
        self.committed = true;
        let stats = WriteStats {
            files: files.len(),
            written: self.written.load(Ordering::Relaxed),
            removed,
        };
        // The old output is now the stage, with the manifest read from it at the start.
        let current = std::mem::take(&mut self.current);
        let survey = (survey_next && !current.files.is_empty()).then(|| {
            let m = current.clone();
            std::thread::spawn(move || {
                let stamp = manifest_stamp(&stage);
                let survey = match stamp {
                    Some(s) => manifest::survey(&stage, Some((&m, s.mtime))),
                    None => manifest::survey(&stage, None),
                };
                (stamp, survey)
            })
        });
        let committed = Committed {
            survey,
            out: manifest_stamp(&self.out).map(|stamp| {
                let m = Manifest {
                    files: files.into_iter().collect(),
                    dirs: dirs.into_iter().collect(),
                };
                (stamp, m)
            }),
            stage: self
                .current_stamp
                .filter(|_| !current.files.is_empty())
                .map(|stamp| (stamp, current)),
        };
        Ok((stats, committed))
    }
}

impl Drop for Generation {
    /// A generation that was not committed removes the files it wrote (its stage is marked
    /// incomplete, so the next build trusts none of it).
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let touched = std::mem::take(self.touched.get_mut().unwrap_or_else(|e| e.into_inner()));
        for p in touched {
            let _ = std::fs::remove_file(p);
        }
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
    fn keep_prefix(&self, prefix: &str) -> bool {
        Generation::keep_prefix(self, prefix)
    }
    fn keep_current(&self, path: &str) -> bool {
        Generation::keep_current(self, path)
    }
}

fn io_error(what: &str, p: &Path, e: &std::io::Error) -> Diagnostic {
    let full = e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull;
    let help = if full {
        "the disk is full: free some space, then build again; the output was left as it was"
    } else {
        "check the permissions and free space of the output directory; the output was left as it was"
    };
    Diagnostic::error(format!("cannot {what} {}: {e}", p.display())).help(help)
}

/// Exchanges `stage` and `out` in one step; `out` need not exist.
fn swap(stage: &Path, out: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(stage, out);
    }
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(stage.as_os_str().as_bytes())?;
        let b = CString::new(out.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them relative to cwd.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if !matches!(err.raw_os_error(), Some(libc::ENOSYS) | Some(libc::EINVAL)) {
            return Err(err);
        }
    }
    // Fallback: two renames; `out` is missing only between them.
    let tmp = out.with_file_name(format!(
        ".{}.shequ-swap",
        out.file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
    ));
    std::fs::rename(out, &tmp)?;
    std::fs::rename(stage, out)?;
    std::fs::rename(&tmp, stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Vec<OutFile> {
        pairs
            .iter()
            .map(|(p, b)| OutFile::bytes(p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn generations_swap_and_skip_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = write(&out, &files(&[("index.html", "a"), ("x/index.html", "b")])).unwrap();
        assert_eq!(s.written, 2);
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "b"
        );
        // No previous generation yet: the second build fills a fresh one.
        let gen2 = files(&[("index.html", "a"), ("y/index.html", "c")]);
        let s = write(&out, &gen2).unwrap();
        assert_eq!((s.written, s.removed), (2, 0));
        assert!(!out.join("x").exists());
        // The kept generation is one build behind: index unchanged, y/ written, x/ removed.
        let s = write(&out, &gen2).unwrap();
        assert_eq!((s.written, s.removed), (1, 1));
        assert!(
            !prev_dir(&out).join("x").exists(),
            "empty directories go too"
        );
        let s = write(&out, &gen2).unwrap();
        assert_eq!((s.written, s.removed), (0, 0));
        assert_eq!(
            std::fs::read_to_string(out.join("y/index.html")).unwrap(),
            "c"
        );
    }

    #[test]
    fn rejects_paths_escaping_output() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&dir.path().join("p"), &files(&[("../evil", "x")])).is_err());
        assert!(write(&dir.path().join("p"), &files(&[("/etc/x", "x")])).is_err());
    }

    #[test]
    fn collisions_name_both_sides() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let g = Generation::begin(&out).unwrap();
        g.put_page("wushe/index.html", b"x", 1).unwrap();
        let err = g.put("wushe", b"y").unwrap_err().to_string();
        assert!(
            err.contains("/wushe") && err.contains("a folder holding"),
            "{err}"
        );
        let err = g
            .put_page("wushe/index.html", b"z", 2)
            .unwrap_err()
            .to_string();
        assert!(err.contains("two files would be written"), "{err}");
        drop(g);
        assert!(!out.exists(), "nothing was swapped in");
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_kept_generation_are_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p");
        let victim = dir.path().join("victim.html");
        std::fs::write(&victim, "precious").unwrap();
        let site = files(&[("index.html", "a"), ("d/index.html", "b")]);
        write(&out, &site).unwrap();
        write(&out, &site).unwrap();
        // Both generations exist; plant links in the stage, a file and a directory.
        let stage = prev_dir(&out);
        std::fs::remove_file(stage.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&victim, stage.join("index.html")).unwrap();
        std::fs::remove_dir_all(stage.join("d")).unwrap();
        std::os::unix::fs::symlink(dir.path(), stage.join("d")).unwrap();
        write(
            &out,
            &files(&[("index.html", "new"), ("d/index.html", "b2")]),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!dir.path().join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert!(std::fs::symlink_metadata(out.join("d")).unwrap().is_dir());
    }
}
