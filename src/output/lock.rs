//! One writer at a time: an exclusive lock on a small file beside the output directory
//! (`.public.shequ-lock`), held for a whole build. The lock is the operating system's
//! (`flock` on Unix, `LockFileEx` on Windows): it goes with the process, so a killed build
//! never leaves a stale lock behind. The file also names the holder's pid, for the message
//! a second build prints while it waits.

use crate::error::{Diagnostic, display_path};
use crate::t;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// Whether a build waits for another writer of the same output or gives up at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wait {
    /// Wait, saying so once (`shequ build`).
    #[default]
    Yes,
    /// Fail with a clear message (`shequ build --no-wait`).
    No,
    /// The caller already holds the lock for the whole process (`shequ serve`).
    Held,
}

/// The held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// The lock file of the output directory `out`.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.shequ-lock"))
}

fn open(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never through a link planted in its place.
        o.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    o.open(path)
}

fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.take(64).read_to_string(&mut text);
    match text.trim().parse::<u32>() {
        Ok(pid) => t!("output-lock-holder-pid", pid = pid),
        Err(_) => t!("output-lock-holder"),
    }
}

fn mark_holder(file: &mut File) {
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = writeln!(file, "{}", std::process::id());
}

/// Takes the lock of the output directory `out` (resolved: not a link). With [`Wait::Yes`]
/// a busy lock is waited for, with one line on stderr naming the holder.
pub fn acquire(out: &Path, wait: Wait) -> Result<Option<OutputLock>, Diagnostic> {
    if wait == Wait::Held {
        return Ok(None);
    }
    let path = lock_path(out);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| cannot(&path, e))?;
    }
    let mut file = open(&path).map_err(|e| cannot(&path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let who = holder(&mut file);
            if wait == Wait::No {
                return Err(Diagnostic::error(t!(
                    "output-lock-busy",
                    who = who,
                    out = display_path(out)
                ))
                .help(t!("output-lock-busy.help")));
            }
            eprintln!(
                "{}",
                t!("output-lock-waiting", who = who, out = display_path(out))
            );
            file.lock().map_err(|e| cannot(&path, e))?;
        }
        Err(TryLockError::Error(e)) => return Err(cannot(&path, e)),
    }
    mark_holder(&mut file);
    Ok(Some(OutputLock { _file: file }))
}

fn cannot(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(t!(
        "output-lock-failed",
        path = display_path(path),
        error = crate::i18n::io_error(&e)
    ))
    .help(t!("output-lock-failed.help"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_without_waiting_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let held = acquire(&out, Wait::Yes).unwrap();
        assert!(held.is_some());
        let err = acquire(&out, Wait::No).unwrap_err().to_string();
        assert!(
            err.contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
        drop(held);
        assert!(acquire(&out, Wait::No).unwrap().is_some());
        assert!(acquire(&out, Wait::Held).unwrap().is_none());
    }
}
