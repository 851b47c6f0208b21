//! What identifies one version of a file on disk, as the build's records keep it.

use std::fs::Metadata;

/// How close in time to a record of stamps (a generation's manifest, the build record, the
/// parse cache) a file's change must be for the stamp not to be trusted: the clock's tick
/// could hide a second change.
pub const RACY_NS: i64 = 50_000_000;

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
    /// Inode number (0 where there is none).
    pub ino: u64,
    /// Status-change time, nanoseconds since the epoch (0 where there is none).
    pub ctime: i64,
}

impl Stamp {
    pub fn of(m: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Stamp {
                len: m.len(),
                mtime: ns(m.mtime(), m.mtime_nsec()),
                ino: m.ino(),
                ctime: ns(m.ctime(), m.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64);
            Stamp {
                len: m.len(),
                mtime,
                ino: 0,
                ctime: 0,
            }
        }
    }
}
