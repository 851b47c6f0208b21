//! The photo cache: what a photo's processing produced, kept under the site root in
//! `.shequ/cache/photos/<key>/` (outside the output, ignored by git like `.shequ/serve/`),
//! so that a later build — or another process — encodes nothing it encoded before. The key
//! is the hash of the photo's bytes and of the settings its files depend on; an entry is
//! written whole in a temporary directory and renamed into place, so a reader sees it
//! complete or not at all.

use super::{FileKind, Processed, Stored, StoredFile};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
struct Meta {
    width: u32,
    height: u32,
    files: Vec<MetaFile>,
}

#[derive(Serialize, Deserialize)]
struct MetaFile {
    name: String,
    width: u32,
    height: u32,
}

const META: &str = "meta.json";

pub struct DiskCache {
    pub(super) dir: PathBuf,
}

impl DiskCache {
    pub fn new(root: &Path) -> DiskCache {
        DiskCache {
            dir: root.join(".shequ").join("cache").join("photos"),
        }
    }

    pub fn dir_path(&self) -> &Path {
        &self.dir
    }

    /// The entry for `key`, when it is there whole.
    pub fn load(&self, key: &str) -> Option<Processed> {
        let dir = self.dir.join(key);
        let meta: Meta = serde_json::from_slice(&std::fs::read(dir.join(META)).ok()?).ok()?;
        let mut files = Vec::with_capacity(meta.files.len());
        for f in meta.files {
            let path = dir.join(&f.name);
            // A name from a file on disk: only those this module writes.
            if f.name.contains(['/', '\\']) || !path.is_file() {
                return None;
            }
            files.push(StoredFile {
                kind: FileKind::of_name(&f.name)?,
                name: f.name,
                width: f.width,
                height: f.height,
                stored: Stored::File(path),
            });
        }
        Some(Processed {
            key: key.to_string(),
            width: meta.width,
            height: meta.height,
            files,
            encoded: false,
        })
    }

    /// Stores `p` (its files in memory) under its key; gives it back with its files on disk,
    /// or as it was when the cache cannot be written (a read-only site: nothing is cached).
    pub fn store(&self, mut p: Processed) -> Processed {
        let dir = self.dir.join(&p.key);
        let tmp = self.dir.join(format!(
            ".tmp-{}-{}-{:?}",
            p.key,
            std::process::id(),
            std::thread::current().id()
        ));
        let written = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(&tmp)?;
            for f in &p.files {
                if let Stored::Bytes(b) = &f.stored {
                    std::fs::write(tmp.join(&f.name), &b[..])?;
                }
            }
            let meta = Meta {
                width: p.width,
                height: p.height,
                files: p
                    .files
                    .iter()
                    .map(|f| MetaFile {
                        name: f.name.clone(),
                        width: f.width,
                        height: f.height,
                    })
                    .collect(),
            };
            std::fs::write(tmp.join(META), serde_json::to_vec(&meta)?)?;
            match std::fs::rename(&tmp, &dir) {
                Ok(()) => Ok(()),
                // Another build stored the same entry meanwhile: it is the same.
                Err(_) if dir.join(META).is_file() => {
                    let _ = std::fs::remove_dir_all(&tmp);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        })();
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
            return p;
        }
        for f in &mut p.files {
            f.stored = Stored::File(dir.join(&f.name));
        }
        p
    }

    /// Removes the entries not in `live` (photos no longer used, or made with other
    /// settings) and temporary directories left by killed builds.
    pub fn prune(&self, live: &std::collections::HashSet<String>) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let stale_tmp = name.starts_with(".tmp-")
                && e.metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600);
            if (!name.starts_with(".tmp-") && !live.contains(&name)) || stale_tmp {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}
