//! Whether an output directory still holds exactly the generation shequ last committed
//! there: what lets a build with unchanged inputs leave it alone (`pipeline::record`).

use super::manifest::{self, Stamp};
use super::manifest_stamp;
use std::path::Path;

/// Names the output's current generation: its manifest file's stamp (a new commit writes a
/// new manifest file), or `None` when it has no complete manifest.
pub fn generation(out: &Path) -> Option<String> {
    let Stamp {
        len,
        mtime,
        ino,
        ctime,
    } = manifest_stamp(out)?;
    Some(format!("{len:x}.{mtime:x}.{ino:x}.{ctime:x}"))
}

/// Whether `out` holds what its manifest records and nothing else: every file and folder
/// with the stamp it was written with (a file written in the same clock tick as the
/// manifest counts as changed), no file, folder or link added. Reads nothing but metadata.
pub fn is_intact(out: &Path) -> bool {
    let (Some(m), Some(stamp)) = (manifest::read(out), manifest_stamp(out)) else {
        return false;
    };
    match manifest::survey(out, Some((&m, stamp.mtime))) {
        Ok(s) => {
            s.unverified.is_empty()
                && s.foreign.is_empty()
                && s.unknown_dirs.is_empty()
                && s.trusted.len() == m.files.len()
                && s.dir_stamps.len() == m.dirs.len()
        }
        Err(_) => false,
    }
}
