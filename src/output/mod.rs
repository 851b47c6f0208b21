//! Write stage: bring the output directory up to date atomically.
//!
//! The previous generation is kept beside the output (`.public.shequ-prev/`). A build
//! updates that copy — writing only files whose bytes differ and removing stale ones — then
//! swaps the two directories in one step (`renameat2(RENAME_EXCHANGE)` on Linux). Readers of
//! `public/` see the old site or the new one, never a mix; a failed or killed build leaves
//! `public/` as it was.

use crate::error::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Marks a directory as a shequ generation (and lists its files' hashes).
pub const MANIFEST: &str = ".shequ-generation";

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

/// Refuses output directories whose replacement would destroy the project.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let canon = |p: &Path| -> PathBuf {
        // The output may not exist yet: canonicalise its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut tail = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_owned()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    tail.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        for t in tail.into_iter().rev() {
            c.push(t);
        }
        c
    };
    let out_c = canon(out);
    let root_c = canon(root);
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to use {} as the output directory: {why}",
            out.display()
        ))
        .help("choose a directory of its own, such as public/ (the default)"))
    };
    if out_c.parent().is_none() {
        return refuse("it is the file-system root".into());
    }
    if root_c.starts_with(&out_c) {
        return refuse("it is the site root or contains it".into());
    }
    for protected in ["content", "themes", "templates", "static", "config.toml"] {
        let p = root_c.join(protected);
        if out_c.starts_with(&p) {
            return refuse(format!(
                "it is inside {protected}/, which holds the editor's files"
            ));
        }
    }
    if std::env::var_os("HOME").is_some_and(|home| out_c == canon(Path::new(&home))) {
        return refuse("it is the home directory".into());
    }
    Ok(())
}

fn valid_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
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

/// A generation's manifest: path → (content hash, page fingerprint or 0).
type Manifest = HashMap<String, (u64, u64), rustc_hash::FxBuildHasher>;

const MANIFEST_HEADER: &str = "shequ generation v2";
/// The manifest of a stage being filled: shequ's, but no record of its files.
const INCOMPLETE: &str = "shequ generation: incomplete\n";

/// What identifies a manifest file's version: inode, length, modification time.
type Stamp = (u64, u64, Option<std::time::SystemTime>);

fn manifest_stamp(dir: &Path) -> Option<Stamp> {
    let m = std::fs::symlink_metadata(dir.join(MANIFEST)).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((inode, m.len(), m.modified().ok()))
}

/// The manifests a committed generation left behind (the output's and the stage's), so the
/// next build of a long-lived process need not read them again. They are used only while
/// the files on disk are the ones written (same inode, length and time).
#[derive(Default)]
pub struct Committed {
    out: Option<(Stamp, Manifest)>,
    stage: Option<(Stamp, Manifest)>,
}

/// `dir`'s manifest: `memo`'s when the file is still the one it describes.
fn manifest_of(dir: &Path, memo: Option<(Stamp, Manifest)>) -> Option<Manifest> {
    if let Some((stamp, m)) = memo
        && manifest_stamp(dir) == Some(stamp)
    {
        return Some(m);
    }
    read_manifest(dir)
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    let mut map = Manifest::default();
    for line in lines {
        let mut parts = line.splitn(3, '\t');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let fp = u64::from_str_radix(parts.next()?, 16).ok()?;
        map.insert(parts.next()?.to_string(), (hash, fp));
    }
    Some(map)
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Writes `files` as the new content of `out`, atomically.
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

fn io_error(what: &str, p: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", p.display())).help(
        "check the permissions and free space of the output directory; public/ was left as it was",
    )
}

/// The next generation of the output, filled file by file (from many threads), then
/// swapped in by [`Generation::commit`]. Dropping it without committing leaves `out` as it was.
pub struct Generation {
    out: PathBuf,
    stage: PathBuf,
    /// The staged generation's files when its manifest was intact.
    manifest: Option<Manifest>,
    /// The current output's files (the previous build), for keeping unchanged pages.
    current: Manifest,
    /// The version of the current output's manifest file when it was read.
    current_stamp: Option<Stamp>,
    /// Directories known to exist in the stage.
    dirs: Mutex<rustc_hash::FxHashSet<String>>,
    /// The new generation's files: path, hash, fingerprint.
    written_files: Mutex<Vec<(String, u64, u64)>>,
    written: AtomicUsize,
}

impl Generation {
    pub fn begin(out: &Path) -> Result<Generation, Diagnostic> {
        Generation::begin_after(out, Committed::default())
    }

    /// Like [`Generation::begin`], reusing the manifests the previous commit left (when the
    /// files are unchanged on disk).
    pub fn begin_after(out: &Path, previous: Committed) -> Result<Generation, Diagnostic> {
        let stage = prev_dir(out);
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        if stage.exists() && !stage.join(MANIFEST).exists() {
            let non_empty = std::fs::read_dir(&stage)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true);
            // Without a manifest it is a killed build's stage (it has our pages) or not ours.
            let ours = std::fs::read_dir(&stage)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .any(|e| e.file_name() == "index.html" || e.file_name() == "404.html")
                })
                .unwrap_or(false);
            if non_empty && !ours {
                return Err(Diagnostic::error(format!(
                    "{} exists and was not made by shequ; refusing to change it",
                    stage.display()
                ))
                .help(format!(
                    "shequ keeps its previous generation there; it may hold what {} held before shequ first built into it: look through it, then move it away",
                    out.display()
                )));
            }
        }
        let manifest = manifest_of(&stage, previous.stage);
        let current_stamp = manifest_stamp(out);
        let current = manifest_of(out, previous.out).unwrap_or_default();
        // Invalidate the manifest first: a build killed from here on leaves no stale one,
        // only a mark that the stage is shequ's (even before it holds a page, so a first
        // build killed early does not leave a directory later builds refuse).
        std::fs::create_dir_all(&stage).map_err(|e| io_error("create", &stage, e))?;
        std::fs::write(stage.join(MANIFEST), INCOMPLETE)
            .map_err(|e| io_error("update", &stage, e))?;
        let mut dirs = rustc_hash::FxHashSet::default();
        if let Some(m) = &manifest {
            for p in m.keys() {
                let mut cur = p.as_str();
                while let Some((d, _)) = cur.rsplit_once('/') {
                    if dirs.contains(d) {
                        break;
                    }
                    dirs.insert(d.to_string());
                    cur = d;
                }
            }
        }
        Ok(Generation {
            out: out.to_path_buf(),
            stage,
            manifest,
            current,
            current_stamp,
            dirs: Mutex::new(dirs),
            written_files: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
        })
    }

    fn ensure_dir(&self, path: &str) -> Result<(), Diagnostic> {
        let Some((dir, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
        if !known {
            let p = self.stage.join(dir);
            std::fs::create_dir_all(&p).map_err(|e| io_error("create", &p, e))?;
            if let Ok(mut d) = self.dirs.lock() {
                d.insert(dir.to_string());
            }
        }
        Ok(())
    }

    /// Adds a file; writes it only if the staged copy differs.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put_page(path, bytes, 0)
    }

    /// Adds a rendered page with its fingerprint.
    pub fn put_page(&self, path: &str, bytes: &[u8], fingerprint: u64) -> Result<(), Diagnostic> {
        if !valid_rel(path) {
            return Err(Diagnostic::error(format!(
                "refusing to write outside the output directory: {path:?}"
            )));
        }
        let h = hash(bytes);
        let dest = self.stage.join(path);
        let unchanged = match &self.manifest {
            // The stage is shequ's own directory: its manifest is trusted.
            Some(m) => m.get(path).map(|e| e.0) == Some(h),
            None => std::fs::read(&dest)
                .map(|old| old == bytes)
                .unwrap_or(false),
        };
        if !unchanged {
            self.ensure_dir(path)?;
            std::fs::write(&dest, bytes).map_err(|e| io_error("write", &dest, e))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.record(path, h, fingerprint);
        Ok(())
    }

    fn record(&self, path: &str, hash: u64, fingerprint: u64) {
        if let Ok(mut w) = self.written_files.lock() {
            w.push((path.to_string(), hash, fingerprint));
        }
    }

    /// Carries every current non-page file under `prefix` over unchanged (pages have
    /// fingerprints and are kept one by one); false when there is none (or one cannot be
    /// carried, leaving the caller to produce them).
    pub fn keep_prefix(&self, prefix: &str) -> bool {
        let files: Vec<(&String, u64)> = self
            .current
            .iter()
            .filter(|(p, e)| p.starts_with(prefix) && e.1 == 0)
            .map(|(p, e)| (p, e.0))
            .collect();
        if files.is_empty() {
            return false;
        }
        for (path, h) in files {
            if !valid_rel(path) {
                return false;
            }
            let staged = self
                .manifest
                .as_ref()
                .and_then(|m| m.get(path.as_str()))
                .map(|e| e.0);
            if staged != Some(h) {
                let copied = self.ensure_dir(path).is_ok()
                    && std::fs::copy(self.out.join(path), self.stage.join(path)).is_ok();
                if !copied {
                    return false;
                }
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            self.record(path, h, 0);
        }
        true
    }

    /// Carries a page over from the current output when its fingerprint is unchanged,
    /// copying it into the stage if the stage's (older) copy differs.
    pub fn keep(&self, path: &str, fingerprint: u64) -> bool {
        self.current
            .get(path)
            .is_some_and(|&(_, fp)| fp == fingerprint && fingerprint != 0)
            && self.keep_current(path)
    }

    /// Carries the current output's file over as it is, whatever its fingerprint (a page
    /// whose update is deferred: the next build sees the fingerprint differ).
    pub fn keep_current(&self, path: &str) -> bool {
        let Some(&(h, fp)) = self.current.get(path) else {
            return false;
        };
        if !valid_rel(path) {
            return false;
        }
        let dest = self.stage.join(path);
        let staged = self
            .manifest
            .as_ref()
            .and_then(|m| m.get(path))
            .map(|e| e.0);
        if staged != Some(h) {
            let copied =
                self.ensure_dir(path).is_ok() && std::fs::copy(self.out.join(path), &dest).is_ok();
            if !copied {
                return false;
            }
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.record(path, h, fp);
        true
    }

    /// Adds a copy of a source file.
    pub fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(src).map_err(|e| io_error("read", src, e))?;
        self.put(path, &bytes)
    }

    /// Removes stale files, records the manifest and swaps the generation in.
    pub fn commit(self) -> Result<WriteStats, Diagnostic> {
        self.commit_keeping().map(|(stats, _)| stats)
    }

    /// [`Generation::commit`], also handing back the manifests for the next
    /// [`Generation::begin_after`].
    pub fn commit_keeping(self) -> Result<(WriteStats, Committed), Diagnostic> {
        let mut files = self.written_files.into_inner().unwrap_or_default();
        files.sort_unstable();
        if let Some(w) = files.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Diagnostic::error(format!("two outputs would be written to {}", w[0].0))
                .help("a static file or asset has the same path as a generated page; rename one of them"));
        }
        let stage = &self.stage;
        let keep: rustc_hash::FxHashSet<&str> = files.iter().map(|(p, _, _)| p.as_str()).collect();
        let stale: Vec<PathBuf> = match &self.manifest {
            Some(m) => m
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .map(|p| stage.join(p))
                .collect(),
            None => walkdir::WalkDir::new(stage)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| {
                    let rel = e
                        .path()
                        .strip_prefix(stage)
                        .ok()?
                        .to_string_lossy()
                        .replace('\\', "/");
                    (!keep.contains(rel.as_str()) && rel != MANIFEST).then(|| e.into_path())
                })
                .collect(),
        };
        let mut removed = 0;
        let mut touched_dirs = HashSet::new();
        for p in stale {
            if std::fs::remove_file(&p).is_ok() {
                removed += 1;
                let mut d = p.parent();
                while let Some(dir) = d.filter(|d| *d != stage.as_path()) {
                    touched_dirs.insert(dir.to_path_buf());
                    d = dir.parent();
                }
            }
        }
        let mut touched: Vec<PathBuf> = touched_dirs.into_iter().collect();
        touched.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        for d in touched {
            let _ = std::fs::remove_dir(&d); // only succeeds when empty
        }
        let mut text = String::with_capacity(files.len() * 48 + 32);
        text.push_str(MANIFEST_HEADER);
        text.push('\n');
        for (path, h, fp) in &files {
            let _ = writeln!(text, "{h:016x}\t{fp:016x}\t{path}");
        }
        let manifest = stage.join(MANIFEST);
        std::fs::write(&manifest, text).map_err(|e| io_error("write", &manifest, e))?;
        swap(stage, &self.out).map_err(|e| io_error("swap in", &self.out, e))?;
        let stats = WriteStats {
            files: files.len(),
            written: self.written.into_inner(),
            removed,
        };
        // The old output is now the stage, with the manifest read from it at the start.
        let committed = Committed {
            out: manifest_stamp(&self.out).map(|stamp| {
                let m = files.into_iter().map(|(p, h, fp)| (p, (h, fp))).collect();
                (stamp, m)
            }),
            stage: self
                .current_stamp
                .filter(|_| !self.current.is_empty())
                .map(|stamp| (stamp, self.current)),
        };
        Ok((stats, committed))
    }
}

impl crate::render::Sink for Generation {
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

/// Exchanges `stage` and `out` in one step; `out` need not exist.
fn swap(stage: &Path, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
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
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("themes")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn rejects_paths_escaping_output() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&dir.path().join("p"), &files(&[("../evil", "x")])).is_err());
        assert!(write(&dir.path().join("p"), &files(&[("/etc/x", "x")])).is_err());
    }
}
