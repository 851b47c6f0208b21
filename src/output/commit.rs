//! Committing a generation: stale files removed, folder stamps taken, the manifest written,
//! the swap; and what an uncommitted generation cleans up when dropped.

use super::fsio::{swap, write_file};
use super::manifest::{self, Entry, Manifest, Stamp};
use super::{Carried, Committed, Failed, Generation, MANIFEST, WriteStats, manifest_stamp};
use crate::error::Diagnostic;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::sync::atomic::Ordering;

impl Generation {
    /// Removes stale files, records the manifest and swaps the generation in.
    pub fn commit(self) -> Result<WriteStats, Diagnostic> {
        self.commit_keeping(false).map(|(stats, _)| stats)
    }

    /// [`Generation::commit`]; with `keep_for_next` (a long-lived process), also hands back
    /// for the next [`Generation::begin_after`] the manifests, and the next build's survey of
    /// its stage (this output's old generation), taken right away in the background.
    pub fn commit_keeping(
        mut self,
        keep_for_next: bool,
    ) -> Result<(WriteStats, Committed), Diagnostic> {
        if let Some(e) = self.failed.get() {
            return Err(e.clone());
        }
        let files = std::mem::take(self.files.get_mut().unwrap_or_else(|e| e.into_inner()));
        let stage = self.stage.clone();
        // What the stage held that the new generation does not.
        let stale: Vec<String> = {
            let keep: FxHashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            self.survey
                .trusted
                .keys()
                .chain(self.survey.unverified.iter())
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect()
        };
        let mut removed = 0;
        let mut dirty = std::mem::take(self.dirty.get_mut().unwrap_or_else(|e| e.into_inner()));
        // Folders that may be empty now: those of removed files, and those nobody recorded.
        let mut emptied = std::mem::take(&mut self.survey.unknown_dirs);
        for p in stale {
            if std::fs::remove_file(stage.join(&p)).is_ok() {
                removed += 1;
                dirty.insert(String::new());
                let mut d = p.as_str();
                while let Some((dir, _)) = d.rsplit_once('/') {
                    dirty.insert(dir.to_string());
                    emptied.push(dir.to_string());
                    d = dir;
                }
            }
        }
        emptied.sort_unstable_by(|a, b| {
            let depth = |s: &str| s.matches('/').count();
            depth(b).cmp(&depth(a)).then_with(|| a.cmp(b))
        });
        emptied.dedup();
        for d in emptied {
            if std::fs::remove_dir(stage.join(&d)).is_ok() {
                dirty.insert(d.rsplit_once('/').map_or("", |(p, _)| p).to_string());
            }
        }
        let stats = WriteStats {
            files: files.len(),
            written: self.written.load(Ordering::Relaxed),
            linked: self.linked.load(Ordering::Relaxed),
            removed,
        };
        let record = Record {
            files,
            dirty,
            dir_stamps: std::mem::take(&mut self.survey.dir_stamps),
        };
        if !keep_for_next {
            let (files, dirs) = record.finish(&stage);
            let manifest = stage.join(MANIFEST);
            write_file(&manifest, manifest::render(&files, &dirs).as_bytes())
                .map_err(|e| self.fail(Failed::Write, &manifest, &e))?;
            swap(&stage, &self.out).map_err(|e| self.fail(Failed::Swap, &self.out, &e))?;
            self.committed = true;
            let links = std::mem::take(self.links.get_mut().unwrap_or_else(|e| e.into_inner()));
            restamp_previous(&stage, &mut self.current, self.current_stamp, links);
            return Ok((stats, Committed::default()));
        }
        // A long-lived process (the dev server) serves the new generation as soon as it is
        // swapped in. Its manifest is written right after, in the background, with what the
        // next build is handed: both manifests and the survey of the new stage (the old
        // output). Until then the output is marked incomplete: a process killed meanwhile
        // leaves a next build that renders everything again, never one that trusts too much.
        swap(&stage, &self.out).map_err(|e| self.fail(Failed::Swap, &self.out, &e))?;
        self.committed = true;
        let out = self.out.clone();
        let mut current = std::mem::take(&mut self.current);
        let current_stamp = self.current_stamp;
        let links = std::mem::take(self.links.get_mut().unwrap_or_else(|e| e.into_inner()));
        let job = std::thread::spawn(move || {
            let current_stamp =
                restamp_previous(&stage, &mut current, current_stamp, links).or(current_stamp);
            let (files, dirs) = record.finish(&out);
            let text = manifest::render(&files, &dirs);
            let out_memo = write_file(&out.join(MANIFEST), text.as_bytes())
                .ok()
                .and_then(|_| manifest_stamp(&out))
                .map(|stamp| {
                    let m = Manifest {
                        files: files.into_iter().collect(),
                        dirs: dirs.into_iter().collect(),
                    };
                    (stamp, m)
                });
            let stage_stamp = manifest_stamp(&stage);
            let survey = (!current.files.is_empty()).then(|| {
                let survey = match stage_stamp {
                    Some(s) => manifest::survey(&stage, Some((&current, s.mtime))),
                    None => manifest::survey(&stage, None),
                };
                (stage_stamp, survey)
            });
            Carried {
                out: out_memo,
                stage: current_stamp
                    .filter(|_| !current.files.is_empty())
                    .map(|stamp| (stamp, current)),
                survey,
            }
        });
        Ok((
            stats,
            Committed {
                job: Some(job),
                ready: None,
            },
        ))
    }
}

/// After the swap, brings the previous generation's manifest (now the stage's, read before
/// the build as `previous`, the file then stamped `stamp`) up to date with the files the new
/// generation linked: they are the same inodes, whose change time the link moved. Each
/// linked entry takes the stamp its file had right after linking — when it is the same file
/// (inode, length, modification time) with the same bytes the entry records — so that the
/// next build trusts them instead of writing them all again. The manifest is replaced in
/// one rename and keeps its modification time (files written just before it stay checked
/// by content). Nothing is done when nothing was linked or the manifest on disk is no
/// longer the one read (the next build then trusts fewer files, never more). Returns the
/// new manifest file's stamp.
fn restamp_previous(
    stage: &Path,
    previous: &mut Manifest,
    stamp: Option<Stamp>,
    links: Vec<(String, Stamp)>,
) -> Option<Stamp> {
    let stamp = stamp?;
    if links.is_empty() || manifest_stamp(stage) != Some(stamp) {
        return None;
    }
    let mut changed = false;
    for (path, now) in links {
        if let Some(e) = previous.files.get_mut(&path)
            && e.stamp.ino == now.ino
            && e.stamp.len == now.len
            && e.stamp.mtime == now.mtime
        {
            e.stamp = now;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let mut files: Vec<(String, Entry)> = previous
        .files
        .iter()
        .map(|(p, e)| (p.clone(), *e))
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut dirs: Folders = previous.dirs.iter().map(|(p, s)| (p.clone(), *s)).collect();
    dirs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let text = manifest::render(&files, &dirs);
    let tmp = stage.join(RESTAMPED);
    let done = write_file(&tmp, text.as_bytes()).and_then(|_| {
        let mtime = std::time::UNIX_EPOCH
            + std::time::Duration::from_nanos(u64::try_from(stamp.mtime).unwrap_or(0));
        std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)?
            .set_modified(mtime)?;
        std::fs::rename(&tmp, stage.join(MANIFEST))
    });
    if done.is_err() {
        // The old manifest stays: the linked files are distrusted, never wrongly trusted.
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    manifest_stamp(stage)
}

/// The previous generation's manifest being replaced (a stray one is removed with the
/// stage's other unknown files).
const RESTAMPED: &str = ".shequ-generation.new";

/// A generation's folders with their stamps.
type Folders = Vec<(String, Stamp)>;

/// What a generation's manifest records, gathered while it was filled.
struct Record {
    files: Vec<(String, Entry)>,
    /// Folders whose entries changed (their stamps are taken anew).
    dirty: FxHashSet<String>,
    /// Folders found unchanged, with their stamps.
    dir_stamps: FxHashMap<String, Stamp>,
}

impl Record {
    /// The files and folders of the generation at `base`, each sorted by path, folders with
    /// their stamps (kept, or taken now where they changed).
    fn finish(self, base: &Path) -> (Vec<(String, Entry)>, Folders) {
        let Record {
            mut files,
            dirty,
            dir_stamps,
        } = self;
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut folders: FxHashSet<&str> = FxHashSet::default();
        for (p, _) in &files {
            let mut cur = p.as_str();
            while let Some((dir, _)) = cur.rsplit_once('/') {
                if !folders.insert(dir) {
                    break;
                }
                cur = dir;
            }
        }
        let mut dirs: Vec<(String, Stamp)> = folders
            .into_par_iter()
            .filter_map(|d| {
                let kept = dir_stamps.get(d).filter(|_| !dirty.contains(d));
                let stamp = match kept {
                    Some(s) => *s,
                    None => Stamp::of(&std::fs::symlink_metadata(base.join(d)).ok()?),
                };
                Some((d.to_string(), stamp))
            })
            .collect();
        dirs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (files, dirs)
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
