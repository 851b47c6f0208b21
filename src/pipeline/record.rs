//! The build record (`.shequ/cache/build/record`): what the last successful `shequ build`
//! read — every file under `content/`, `themes/`, `templates/`, `static/` and `config.toml`,
//! by stamp — and which output generation it committed. A build that finds every input as
//! recorded and the output exactly as committed has nothing to do and leaves it alone.
//!
//! The record is kept only for a build that had nothing to say (its warnings would otherwise
//! go unsaid), and it is trusted only by the same shequ with the same options. Stamps are
//! taken before anything is read, so a file saved during a build differs from its record;
//! a file changed within [`RACY_NS`] of the record being taken is not recorded at all (as
//! git does with its index: the clock's tick could hide a second change).

use super::{BuildOptions, Summary};
use crate::output::{RACY_NS, Stamp};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

const HEADER: &str = "shequ build record 1";
/// What a build reads, besides `config.toml` (as the dev server watches them).
const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// The inputs as found before a build.
pub struct Inputs {
    key: u64,
    stamps: Vec<(String, Stamp)>,
    /// When the stamps were taken, nanoseconds since the epoch.
    taken: i64,
}

fn record_path(root: &Path) -> PathBuf {
    root.join(".shequ")
        .join("cache")
        .join("build")
        .join("record")
}

/// What a record is valid for: this shequ, these options.
fn key(opts: &BuildOptions) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    crate::build_id::fingerprint().hash(&mut h);
    (&opts.output, &opts.base_url, &opts.origin, opts.drafts).hash(&mut h);
    h.finish()
}

/// A stamp as the record writes it.
fn line(s: &Stamp) -> String {
    format!("{:x} {:x} {:x} {:x}", s.len, s.mtime, s.ino, s.ctime)
}

/// Stamps every input (links as links, never followed).
pub fn inputs(opts: &BuildOptions) -> Inputs {
    let taken = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64);
    let root = &opts.root;
    let mut stamps = Vec::new();
    if let Ok(m) = std::fs::symlink_metadata(root.join("config.toml")) {
        stamps.push(("config.toml".to_string(), Stamp::of(&m)));
    }
    for dir in INPUT_DIRS {
        if std::fs::symlink_metadata(root.join(dir))
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            // Absent, and recorded so: a folder made later is a change.
            stamps.push((
                dir.to_string(),
                Stamp {
                    len: u64::MAX,
                    ..Stamp::default()
                },
            ));
            continue;
        }
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let Ok(entry) = entry else {
                // Unreadable: never record a build that could not see everything.
                stamps.push(("\0unreadable".to_string(), Stamp::default()));
                continue;
            };
            let Ok(m) = entry.metadata() else {
                stamps.push(("\0unreadable".to_string(), Stamp::default()));
                continue;
            };
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            stamps.push((rel.to_string_lossy().into_owned(), Stamp::of(&m)));
        }
    }
    Inputs {
        key: key(opts),
        stamps,
        taken,
    }
}

impl Inputs {
    fn text(&self, generation: &str, s: &Summary) -> String {
        let mut text = format!(
            "{HEADER}\n{:016x} {generation} {} {} {} {} {}\n",
            self.key, s.cases, s.issues, s.areas, s.pages, s.write.files
        );
        for (path, s) in &self.stamps {
            text.push_str(&format!("{} {path}\n", line(s)));
        }
        text
    }

    /// Whether a file changed so recently that the clock may hide another change.
    fn racy(&self) -> bool {
        self.stamps
            .iter()
            .any(|(_, s)| s.mtime > self.taken - RACY_NS || s.ctime > self.taken - RACY_NS)
    }

    /// The summary of the recorded build when nothing changed since: the same inputs, and
    /// the output still the generation that build committed, untouched.
    pub fn unchanged(&self, opts: &BuildOptions) -> Option<Summary> {
        let text = std::fs::read_to_string(record_path(&opts.root)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let head: Vec<&str> = lines.next()?.split(' ').collect();
        let [key, generation, cases, issues, areas, pages, files] = head[..] else {
            return None;
        };
        if u64::from_str_radix(key, 16).ok()? != self.key
            || crate::output::generation(&opts.output).as_deref() != Some(generation)
        {
            return None;
        }
        let mut recorded = lines;
        for (path, s) in &self.stamps {
            if recorded.next()? != format!("{} {path}", line(s)) {
                return None;
            }
        }
        if recorded.next().is_some() || !crate::output::is_intact(&opts.output) {
            return None;
        }
        let n = |v: &str| v.parse::<usize>().ok();
        Some(Summary {
            cases: n(cases)?,
            issues: n(issues)?,
            areas: n(areas)?,
            pages: n(pages)?,
            search_kept: true,
            write: crate::output::WriteStats {
                files: n(files)?,
                ..Default::default()
            },
            ..Default::default()
        })
    }

    /// Records a successful build that had nothing to say; any other build removes the
    /// record. Never fails the build: without a record the next one simply does the work.
    pub fn save(&self, opts: &BuildOptions, summary: Option<&Summary>, quiet: bool) {
        let path = record_path(&opts.root);
        let generation = crate::output::generation(&opts.output);
        let usable = !self.racy() && !self.stamps.iter().any(|(p, _)| p.starts_with('\0'));
        match (summary, generation) {
            (Some(s), Some(g)) if quiet && usable => {
                crate::output::replace_cache_file(&path, self.text(&g, s).as_bytes());
            }
            _ => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}
