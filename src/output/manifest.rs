//! A generation's manifest — which files shequ wrote into a directory, with their content
//! hashes, page fingerprints and stamps — and the survey that tells which of them are still
//! the files shequ wrote.
//!
//! A stamp is what `lstat` reports of a file: length, modification and change times in
//! nanoseconds, inode. A file whose stamp is not the recorded one was touched by someone
//! else (an editor, a user, `cp`, a crashed writer) and is never taken on trust.

use crate::error::Diagnostic;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// Marks a directory as a shequ generation (and lists its files).
pub const MANIFEST: &str = ".shequ-generation";

/// First line of a complete manifest of this version.
const HEADER: &str = "shequ generation v3";
/// The manifest of a stage being filled: shequ's, but no record of its files.
pub const INCOMPLETE: &str = "shequ generation: incomplete\n";

pub use crate::stamp::{RACY_NS, Stamp};

/// One file of a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the file's bytes.
    pub hash: u64,
    /// The page's fingerprint (what it was rendered from), 0 for other files.
    pub fp: u64,
    pub stamp: Stamp,
}

/// A generation's record: its files, and the stamps of its directories (a directory's
/// stamp changes when an entry is added to it, removed from it or renamed in it, so an
/// unchanged stamp means nothing was added there).
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    pub files: FxHashMap<String, Entry>,
    pub dirs: FxHashMap<String, Stamp>,
}

/// Whether `dir` carries shequ's mark: a manifest file of any version, complete or not —
/// even empty, as a build killed right after creating it leaves it.
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MANIFEST)).is_ok_and(|m| m.is_file())
}

/// `dir`'s manifest, when it is a complete one of this version.
pub fn read(dir: &Path) -> Option<Manifest> {
    let path = dir.join(MANIFEST);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    parse(&std::fs::read_to_string(path).ok()?)
}

fn parse(text: &str) -> Option<Manifest> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut m = Manifest::default();
    for line in lines {
        let mut parts = line.splitn(7, '\t');
        let mut hex = || u64::from_str_radix(parts.next()?, 16).ok();
        let hash = hex()?;
        let fp = hex()?;
        let len = hex()?;
        let mtime = hex()? as i64;
        let ino = hex()?;
        let ctime = hex()? as i64;
        let stamp = Stamp {
            len,
            mtime,
            ino,
            ctime,
        };
        let path = parts.next()?;
        match path.strip_suffix('/') {
            Some(dir) => m.dirs.insert(dir.to_string(), stamp).map(|_| ()),
            None => m
                .files
                .insert(path.to_string(), Entry { hash, fp, stamp })
                .map(|_| ()),
        };
    }
    Some(m)
}

/// Appends `v` in lowercase hexadecimal (what `{:x}` writes, without the formatter: the
/// manifest of a large site has tens of thousands of lines).
fn push_hex(out: &mut String, v: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    let mut v = v;
    loop {
        i -= 1;
        buf[i] = DIGITS[(v & 15) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

fn push_line(out: &mut String, hash: u64, fp: u64, s: &Stamp, path: &str, slash: bool) {
    for v in [hash, fp, s.len, s.mtime as u64, s.ino] {
        push_hex(out, v);
        out.push('\t');
    }
    push_hex(out, s.ctime as u64);
    out.push('\t');
    out.push_str(path);
    if slash {
        out.push('/');
    }
    out.push('\n');
}

/// The manifest's text for `files` and `dirs` (each sorted by path by the caller), rendered
/// in parallel chunks.
pub fn render(files: &[(String, Entry)], dirs: &[(String, Stamp)]) -> String {
    const CHUNK: usize = 2048;
    let dir_text: Vec<String> = dirs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut t = String::with_capacity(chunk.len() * 96);
            for (path, s) in chunk {
                push_line(&mut t, 0, 0, s, path, true);
            }
            t
        })
        .collect();
    let file_text: Vec<String> = files
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut t = String::with_capacity(chunk.len() * 128);
            for (path, e) in chunk {
                push_line(&mut t, e.hash, e.fp, &e.stamp, path, false);
            }
            t
        })
        .collect();
    let len = dir_text
        .iter()
        .chain(&file_text)
        .map(String::len)
        .sum::<usize>();
    let mut text = String::with_capacity(len + HEADER.len() + 1);
    text.push_str(HEADER);
    text.push('\n');
    for t in dir_text.iter().chain(&file_text) {
        text.push_str(t);
    }
    text
}

/// What a directory of shequ's holds, as found on disk.
#[derive(Default)]
pub struct Survey {
    /// Regular files whose stamp is the one the manifest recorded: taken on trust.
    pub trusted: FxHashMap<String, Entry>,
    /// Regular files shequ cannot vouch for (no manifest, or changed since): compared by
    /// content before reuse, removed when not part of the next generation.
    pub unverified: FxHashSet<String>,
    /// Real directories (never links), relative paths; the generation takes them over at
    /// its start, to know which folders exist.
    pub dirs: FxHashSet<String>,
    /// The directories whose stamp is the recorded one.
    pub dir_stamps: FxHashMap<String, Stamp>,
    /// Directories found that no manifest recorded (someone else's, or all of them when
    /// there was no manifest): removed at the commit if nothing of the new generation is
    /// in them.
    pub unknown_dirs: Vec<String>,
    /// Links, FIFOs, sockets and devices found, and folders and files shequ never writes
    /// (names that are not UTF-8): removed by [`Survey::remove_foreign`] before anything is
    /// written, never followed.
    pub foreign: Vec<PathBuf>,
}

impl Survey {
    /// Removes what [`survey`] found that is neither a regular file nor a directory of
    /// shequ's (the caller holds the output's lock: the survey may have been taken earlier,
    /// in the background). Returns how many entries went.
    pub fn remove_foreign(&mut self) -> usize {
        let mut removed = 0;
        for p in std::mem::take(&mut self.foreign) {
            let gone = match std::fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(&p),
                Ok(_) => std::fs::remove_file(&p),
                Err(_) => continue,
            };
            removed += usize::from(gone.is_ok());
        }
        removed
    }
}

fn rel_of(base: &Path, p: &Path) -> Option<String> {
    p.strip_prefix(base)
        .ok()
        .and_then(|r| r.to_str())
        .map(|r| r.replace('\\', "/"))
}

fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(d, _)| d)
}

/// Looks at what `dir` holds, without following links: sorts regular files into trusted
/// and unverified, and notes anything that is neither a regular file nor a directory. It
/// changes nothing on disk (it may run in the background, without the lock).
///
/// With a manifest, every recorded file and directory is looked at (`lstat`, in
/// parallel), and only the directories whose stamp changed are listed, to find what was
/// added there; without one, the whole tree is walked.
///
/// File systems keep times in coarse ticks (a few milliseconds), so a file changed in the
/// same tick as shequ wrote it may keep its stamp. As git does with its index, a file
/// written less than [`RACY_NS`] before its manifest is compared by content instead.
/// `written` is the modification time of the manifest file when it was read.
pub fn survey(dir: &Path, manifest: Option<(&Manifest, i64)>) -> Result<Survey, Diagnostic> {
    let mut out = Survey::default();
    let Some((m, written)) = manifest else {
        walk_into(dir, dir, &mut out)?;
        return Ok(out);
    };
    let racy_from = written.saturating_sub(RACY_NS);
    let dir_meta: Vec<(&String, Option<Metadata>)> = m
        .dirs
        .par_iter()
        .map(|(rel, _)| (rel, std::fs::symlink_metadata(dir.join(rel)).ok()))
        .collect();
    // Directories that are not (or no longer) real directories: nothing under them counts.
    let mut gone: FxHashSet<&str> = FxHashSet::default();
    let mut to_list: Vec<String> = vec![String::new()];
    for (rel, meta) in dir_meta {
        match meta {
            Some(meta) if meta.is_dir() => {
                out.dirs.insert(rel.clone());
                let stamp = Stamp::of(&meta);
                if Some(&stamp) == m.dirs.get(rel) {
                    out.dir_stamps.insert(rel.clone(), stamp);
                } else {
                    to_list.push(rel.clone());
                }
            }
            Some(_) => {
                out.foreign.push(dir.join(rel));
                gone.insert(rel);
            }
            None => {
                gone.insert(rel);
            }
        }
    }
    let under_gone = |path: &str| {
        let mut cur = path;
        while let Some(d) = parent(cur) {
            if gone.contains(d) {
                return true;
            }
            cur = d;
        }
        false
    };
    let foreign = std::sync::Mutex::new(Vec::new());
    let checked: Vec<(&String, Option<Entry>, bool)> = m
        .files
        .par_iter()
        .filter(|(rel, _)| !under_gone(rel))
        .map(|(rel, e)| match std::fs::symlink_metadata(dir.join(rel)) {
            Ok(meta) if meta.is_file() => {
                let same = Stamp::of(&meta) == e.stamp && e.stamp.mtime < racy_from;
                (rel, same.then_some(*e), true)
            }
            Ok(_) => {
                foreign.lock().map(|mut f| f.push(dir.join(rel))).ok();
                (rel, None, false)
            }
            Err(_) => (rel, None, false),
        })
        .collect();
    out.foreign
        .extend(foreign.into_inner().unwrap_or_else(|e| e.into_inner()));
    for (rel, trusted, exists) in checked {
        match trusted {
            Some(e) => {
                out.trusted.insert(rel.clone(), e);
            }
            None if exists => {
                out.unverified.insert(rel.clone());
            }
            None => {}
        }
    }
    // What was added where a directory changed.
    for rel in to_list {
        let path = if rel.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(&rel)
        };
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let Some(child) = rel_of(dir, &p) else {
                out.foreign.push(p);
                continue;
            };
            if child == MANIFEST || m.files.contains_key(&child) || m.dirs.contains_key(&child) {
                continue;
            }
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => {
                    out.dirs.insert(child.clone());
                    out.unknown_dirs.push(child);
                    walk_into(dir, &p, &mut out)?;
                }
                Ok(ft) if ft.is_file() => {
                    out.unverified.insert(child);
                }
                _ => out.foreign.push(p),
            }
        }
    }
    Ok(out)
}

/// Walks `from` (inside `base`) with nothing on record: every file unverified.
fn walk_into(base: &Path, from: &Path, out: &mut Survey) -> Result<(), Diagnostic> {
    for entry in walkdir::WalkDir::new(from).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let error = match e.io_error() {
                Some(io) => crate::i18n::io_error(io),
                None => crate::i18n::tr("io-other", &[]),
            };
            Diagnostic::error(crate::t!(
                "output-previous-unreadable",
                path = crate::error::display_path(base),
                error = error
            ))
            .help(crate::t!("output-previous-unreadable.help"))
        })?;
        let ft = entry.file_type();
        match rel_of(base, entry.path()) {
            Some(rel) if ft.is_dir() => {
                out.dirs.insert(rel.clone());
                out.unknown_dirs.push(rel);
            }
            Some(rel) if ft.is_file() => {
                if rel != MANIFEST {
                    out.unverified.insert(rel);
                }
            }
            // A link, FIFO, socket or device, or a name shequ never writes (not UTF-8).
            _ => out.foreign.push(entry.into_path()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_round_trip_with_stamps() {
        let stamp = Stamp {
            len: 12,
            mtime: 1_700_000_000_123_456_789,
            ino: 42,
            ctime: -5,
        };
        let files = vec![(
            "a/b c/index.html".to_string(),
            Entry {
                hash: 7,
                fp: 0,
                stamp,
            },
        )];
        let dirs = vec![("a".to_string(), stamp)];
        let m = parse(&render(&files, &dirs)).unwrap();
        assert_eq!(m.files["a/b c/index.html"].stamp, stamp);
        assert_eq!(m.dirs["a"], stamp);
        assert!(parse("shequ generation v2\n1\t2\tx\n").is_none());
        assert!(parse(INCOMPLETE).is_none());
    }

    #[test]
    fn a_survey_trusts_only_unchanged_files_and_removes_links() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("x")).unwrap();
        std::fs::write(d.join("x/a.html"), "a").unwrap();
        std::fs::write(d.join("b.html"), "b").unwrap();
        let mut m = Manifest::default();
        for p in ["x/a.html", "b.html"] {
            let stamp = Stamp::of(&std::fs::symlink_metadata(d.join(p)).unwrap());
            m.files.insert(
                p.into(),
                Entry {
                    hash: 1,
                    fp: 0,
                    stamp,
                },
            );
        }
        let stamp = Stamp::of(&std::fs::symlink_metadata(d.join("x")).unwrap());
        m.dirs.insert("x".into(), stamp);
        // b.html changes behind shequ's back (same length), a link and a stray file appear.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(d.join("b.html"), "B").unwrap();
        std::fs::write(d.join("stray.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", d.join("x/link.html")).unwrap();
        let mut s = survey(d, Some((&m, i64::MAX))).unwrap();
        assert!(s.trusted.contains_key("x/a.html"));
        assert!(s.unverified.contains("b.html") && s.unverified.contains("stray.txt"));
        assert!(
            !s.dir_stamps.contains_key("x"),
            "x/ changed: a link was added"
        );
        assert_eq!(survey(d, None).unwrap().unverified.len(), 3);
        // Written in the same moment as the manifest: compared by content, not trusted.
        let now = Stamp::of(&std::fs::symlink_metadata(d.join("x/a.html")).unwrap()).mtime;
        let racy = survey(d, Some((&m, now))).unwrap();
        assert!(racy.unverified.contains("x/a.html"));
        assert!(s.dirs.contains("x"));
        #[cfg(unix)]
        {
            assert_eq!(s.foreign, vec![d.join("x/link.html")]);
            assert!(
                std::fs::symlink_metadata(d.join("x/link.html")).is_ok(),
                "not yet"
            );
            assert_eq!(s.remove_foreign(), 1);
            assert!(std::fs::symlink_metadata(d.join("x/link.html")).is_err());
        }
    }
}
