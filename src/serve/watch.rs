//! Watching the site's sources: `content/`, `themes/`, `templates/`, `static/` and
//! `config.toml`.
//!
//! One save is one batch. Editors save in bursts — vim writes `4913`, renames the file to
//! `x.md~`, writes `x.md` and deletes the backup; JetBrains writes `x.md___jb_tmp___` and
//! renames; gedit renames a `.goutputstream-*` over the file — so the batch closes only after
//! the whole tree has been quiet for [`QUIET`]. (A per-path debouncer can split such a
//! burst across two of its ticks, and ticks even when nothing happens.) On Linux a batch
//! also waits while a changed file is still open for writing (inotify reports the close),
//! so a slow in-place write is never read half done. Temporary names never count, nor does
//! a path that appeared and vanished inside the batch.

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Quiet time that ends a batch; `SHEQU_WATCH_QUIET_MS` overrides it (1–5000).
pub const QUIET: Duration = Duration::from_millis(15);
/// Longest a batch may grow while changes keep coming (a `git checkout`, a copy).
pub const MAX_BATCH: Duration = Duration::from_millis(1000);

/// Directories under the site root whose changes matter (recursively).
pub const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// Files directly in the site root whose changes matter.
pub const WATCHED_FILES: [&str; 1] = ["config.toml"];

/// Names editors and tools write beside a file while saving it: never content. Extends
/// [`crate::content::is_ignored_name`] (which the build skips too) with `sed -i`'s
/// transient files, which only a watcher sees.
pub fn is_temp_name(name: &str) -> bool {
    crate::content::is_ignored_name(name) || is_sed_temp(name)
}

/// `sed -i` writes `sedXXXXXX` (six random alphanumerics) and renames it over the file.
fn is_sed_temp(name: &str) -> bool {
    name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
        && name[3..]
            .bytes()
            .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Whether a change at `rel` (relative to the site root) can affect the build.
pub fn is_relevant(rel: &Path) -> bool {
    let mut comps = rel.components();
    let Some(Component::Normal(first)) = comps.next() else {
        return false;
    };
    let first = first.to_string_lossy();
    let top_ok = if rel.components().count() == 1 {
        WATCHED_FILES.contains(&first.as_ref()) || WATCHED_DIRS.contains(&first.as_ref())
    } else {
        WATCHED_DIRS.contains(&first.as_ref())
    };
    top_ok
        && rel.components().all(|c| match c {
            Component::Normal(n) => !is_temp_name(&n.to_string_lossy()),
            _ => false,
        })
}

/// What one batch changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths relative to the site root, sorted.
    pub paths: Vec<PathBuf>,
    /// Events were lost (the kernel queue overflowed): rebuild everything.
    pub rescan: bool,
}

/// What [`Watcher::next_batch_within`] saw.
pub enum Next {
    Batch(Batch),
    /// No change within the wait.
    Quiet,
    /// The watcher stopped.
    Closed,
}

#[derive(Default)]
struct Collect {
    /// Path → whether its first event in the batch created it.
    seen: BTreeMap<PathBuf, bool>,
    rescan: bool,
    /// Top-level watched directories that appeared or went away.
    top_dirs: BTreeSet<String>,
    /// Files written to and not closed yet (Linux only: inotify reports the close).
    writing: BTreeSet<PathBuf>,
}

pub struct Watcher {
    watcher: Box<dyn notify::Watcher + Send>,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    watching: BTreeSet<String>,
    quiet: Duration,
    /// Set when a relevant change arrives, cleared when the events are taken in.
    stirred: Arc<AtomicBool>,
}

impl Watcher {
    /// Starts watching `root` (an absolute, canonical path): by the system's change notices,
    /// or with `poll`, by looking at every watched file that often (notify's poll watcher).
    pub fn start(root: &Path, poll: Option<Duration>) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let stirred = Arc::new(AtomicBool::new(false));
        let flag = stirred.clone();
        let base = root.to_path_buf();
        let handler = move |res: notify::Result<notify::Event>| {
            // A change, not a read (the build's own reads are reported too).
            let relevant = res.as_ref().map_or(true, |ev| {
                !matches!(
                    ev.kind,
                    EventKind::Access(
                        AccessKind::Read
                            | AccessKind::Open(_)
                            | AccessKind::Close(AccessMode::Read | AccessMode::Execute)
                    )
                ) && ev
                    .paths
                    .iter()
                    .any(|p| p.strip_prefix(&base).is_ok_and(is_relevant))
            });
            if relevant {
                flag.store(true, Ordering::SeqCst);
            }
            let _ = tx.send(res);
        };
        let mut watcher: Box<dyn notify::Watcher + Send> = match poll {
            // notify's poll watcher compares modification times in whole seconds: a save in
            // the same second as the last look would be missed. Comparing contents too
            // catches it, at the price of reading the watched files at every look.
            Some(every) => Box::new(notify::PollWatcher::new(
                handler,
                notify::Config::default()
                    .with_poll_interval(every)
                    .with_compare_contents(true),
            )?),
            None => Box::new(notify::recommended_watcher(handler)?),
        };
        // The root itself, not recursively: config.toml (editors replace it by renaming, so
        // a watch on the file alone would go stale) and watched directories appearing later.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watcher {
            watcher,
            rx,
            root: root.to_path_buf(),
            watching: BTreeSet::new(),
            stirred,
            quiet: std::env::var("SHEQU_WATCH_QUIET_MS")
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(QUIET, |ms| Duration::from_millis(ms.clamp(1, 5000))),
        };
        for d in WATCHED_DIRS {
            w.sync_dir(d)?;
        }
        Ok(w)
    }

    /// Watches `root/name` recursively when it is a directory, and forgets it when not.
    fn sync_dir(&mut self, name: &str) -> notify::Result<()> {
        let path = self.root.join(name);
        let is_dir = path.is_dir();
        let watched = self.watching.contains(name);
        if is_dir && !watched {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
            self.watching.insert(name.to_string());
        } else if !is_dir && watched {
            let _ = self.watcher.unwatch(&path);
            self.watching.remove(name);
        }
        Ok(())
    }

    /// A flag raised when a relevant change comes in, lowered when the events are taken in
    /// (a batch handed out, or a wait found nothing): raised, a change may be waiting.
    pub fn stirred(&self) -> Arc<AtomicBool> {
        self.stirred.clone()
    }

    /// Blocks until a batch of relevant changes has settled. `None` once the watcher died.
    pub fn next_batch(&mut self) -> Option<Batch> {
        match self.next_batch_within(None) {
            Next::Batch(b) => Some(b),
            Next::Quiet | Next::Closed => None,
        }
    }

    /// Like [`Watcher::next_batch`], giving up when no change starts within `wait`.
    pub fn next_batch_within(&mut self, wait: Option<Duration>) -> Next {
        let deadline = wait.map(|w| Instant::now() + w);
        loop {
            let first = match deadline {
                None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(d) => self
                    .rx
                    .recv_timeout(d.saturating_duration_since(Instant::now())),
            };
            let first = match first {
                Ok(ev) => ev,
                Err(RecvTimeoutError::Timeout) => {
                    // Whatever stirred came and went (a temporary file, a close).
                    self.stirred.store(false, Ordering::SeqCst);
                    return Next::Quiet;
                }
                Err(RecvTimeoutError::Disconnected) => return Next::Closed,
            };
            let mut c = Collect::default();
            self.absorb(first, &mut c);
            let started = Instant::now();
            loop {
                let left = MAX_BATCH.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.rx.recv_timeout(self.quiet.min(left)) {
                    Ok(ev) => self.absorb(ev, &mut c),
                    Err(RecvTimeoutError::Timeout) => {
                        // Quiet, but a file still being written: wait for its close. Only
                        // ordinary files are written and closed; a new FIFO or symbolic
                        // link never will be (the build reports what it is).
                        c.writing.retain(|rel| {
                            std::fs::symlink_metadata(self.root.join(rel))
                                .is_ok_and(|m| m.file_type().is_file())
                        });
                        if c.writing.is_empty() {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            for d in std::mem::take(&mut c.top_dirs) {
                if let Err(e) = self.sync_dir(&d) {
                    eprintln!(
                        "{}",
                        crate::t!(
                            "serve-watch-folder-failed",
                            folder = d.as_str(),
                            error = said(&e)
                        )
                    );
                }
            }
            let batch = self.finish(c);
            if batch.rescan || !batch.paths.is_empty() {
                self.stirred.store(false, Ordering::SeqCst);
                return Next::Batch(batch);
            }
        }
    }

    fn absorb(&self, ev: notify::Result<notify::Event>, c: &mut Collect) {
        let ev = match ev {
            Ok(ev) => ev,
            Err(e) => {
                // An error can mean lost events: rebuild everything to be safe.
                eprintln!("{}", crate::t!("serve-watch-error", error = said(&e)));
                c.rescan = true;
                return;
            }
        };
        if ev.need_rescan() {
            c.rescan = true;
        }
        // Only inotify reports closes, so only there may a batch wait for one.
        let track_writes = cfg!(target_os = "linux");
        let (created, writing, closed) = match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => (false, false, true),
            EventKind::Access(_) => return,
            EventKind::Create(CreateKind::File) => (true, track_writes, false),
            EventKind::Create(_) => (true, false, false),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => (true, false, true),
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                (false, track_writes, false)
            }
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => (false, false, true),
            _ => (false, false, false),
        };
        for path in &ev.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if !is_relevant(rel) {
                continue;
            }
            if rel.components().count() == 1 {
                let name = rel.to_string_lossy();
                if WATCHED_DIRS.contains(&name.as_ref()) {
                    c.top_dirs.insert(name.into_owned());
                }
            }
            if writing {
                c.writing.insert(rel.to_path_buf());
            } else if closed {
                c.writing.remove(rel);
            }
            if !closed || !matches!(ev.kind, EventKind::Access(_)) {
                c.seen.entry(rel.to_path_buf()).or_insert(created);
            }
        }
    }

    fn finish(&self, c: Collect) -> Batch {
        let paths = c
            .seen
            .into_iter()
            // Created and gone again within one save: a temporary file under another name.
            .filter(|(rel, created)| {
                !*created || std::fs::symlink_metadata(self.root.join(rel)).is_ok()
            })
            .map(|(rel, _)| rel)
            .collect();
        Batch {
            paths,
            rescan: c.rescan,
        }
    }
}

/// What the file watcher reported, in the user's language.
pub fn said(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => crate::i18n::io_error(io),
        notify::ErrorKind::MaxFilesWatch => crate::t!("serve-watch-too-many"),
        notify::ErrorKind::PathNotFound | notify::ErrorKind::WatchNotFound => {
            crate::t!("serve-watch-gone")
        }
        _ => crate::t!("serve-watch-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_not_relevant() {
        for p in [
            "content/2024/.fangda.md.swp",
            "content/2024/fangda.md~",
            "content/2024/#fangda.md#",
            "content/2024/.#fangda.md",
            "content/2024/4913",
            "content/2024/fangda.md___jb_tmp___",
            "content/2024/fangda.md.kate-swp",
            "content/2024/fangda.md.bck",
            "content/2024/fangda/photo.jpg.crswap",
            "content/2024/.goutputstream-ABC123",
            "content/2024/sedAb12Cd",
            "static/.DS_Store",
            "public/index.html",
            ".public.shequ-prev",
            "config.toml~",
            "README.md",
        ] {
            assert!(!is_relevant(Path::new(p)), "{p}");
        }
        for p in [
            "content/2024/fangda.md",
            "content/2024/fangda/photo.jpg",
            "themes/default/static/style.css",
            "templates/case.html",
            "static/humans.txt",
            "config.toml",
            "static",
            "content/2024/sedan.md",
        ] {
            assert!(is_relevant(Path::new(p)), "{p}");
        }
    }
}
