//! The output's file operations: never through a link, never blocking on a FIFO, and the
//! swap of two generations in one step.

use super::manifest::Stamp;
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::Path;

pub(super) fn open_options(write: bool) -> OpenOptions {
    let mut o = OpenOptions::new();
    if write {
        // Never truncating on open: `write_file` checks what it opened first.
        o.write(true).create(true).truncate(false);
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

/// Whether `m` is a file with other names (a hard link shared with another generation).
fn shared(m: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        m.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// Whether `a` and `b` are the same file (device and inode); false where that is unknown.
pub(super) fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Writes `bytes` to `dest` as a regular file of its own, replacing whatever is in the way
/// (a link, a FIFO, a directory) instead of writing through it. Returns the new stamp.
///
/// A file with more than one name shares its inode with another generation (the output
/// the readers see): it is unlinked before anything is opened, never truncated.
pub(super) fn write_file(dest: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    if let Ok(m) = std::fs::symlink_metadata(dest)
        && m.is_file()
        && shared(&m)
    {
        std::fs::remove_file(dest)?;
    }
    // Opened without truncating: what is found is checked first (a regular file with no
    // other name), and only then emptied.
    let mut file = match open_options(true).open(dest) {
        Ok(f) => {
            let m = f.metadata()?;
            if m.is_file() && !shared(&m) {
                if m.len() > 0 {
                    f.set_len(0)?;
                }
                f
            } else {
                drop(f);
                std::fs::remove_file(dest)?;
                open_new(dest)?
            }
        }
        Err(e) => {
            match std::fs::symlink_metadata(dest) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(dest)?,
                Ok(_) => std::fs::remove_file(dest)?,
                Err(_) => return Err(e),
            }
            open_new(dest)?
        }
    };
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// A new file at `dest` (nothing may be there).
fn open_new(dest: &Path) -> std::io::Result<File> {
    open_options(true).create_new(true).open(dest)
}

/// The file at `path` as a regular file: its bytes (at most `limit`) and stamp.
pub(super) fn read_regular(path: &Path, limit: u64) -> Option<(Vec<u8>, Stamp)> {
    let file: File = open_options(false).open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then(|| (bytes, Stamp::of(&meta)))
}

/// Exchanges `stage` and `out` in one step; `out` need not exist.
pub(super) fn swap(stage: &Path, out: &Path) -> std::io::Result<()> {
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
