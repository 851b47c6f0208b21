//! Committing a generation: stale files removed, folder stamps taken, the manifest written,
//! the swap; and what an uncommitted generation cleans up when dropped.

use super::fsio::{swap, write_file};
use super::manifest::{self, Manifest, Stamp};
use super::{Carried, Committed, Generation, MANIFEST, WriteStats, manifest_stamp};
use crate::error::Diagnostic;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
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
        let mut files = std::mem::take(self.files.get_mut().unwrap_or_else(|e| e.into_inner()));
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let keep: FxHashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let stage = self.stage.clone();
        let stale: Vec<String> = self
            .survey
            .trusted
            .keys()
            .chain(self.survey.unverified.iter())
            .filter(|p| !keep.contains(p.as_str()))
            .cloned()
            .collect();
        let mut removed = 0;
        let mut dirty = std::mem::take(self.dirty.get_mut().unwrap_or_else(|e| e.into_inner()));
        for p in stale {
            if std::fs::remove_file(stage.join(&p)).is_ok() {
                removed += 1;
                let mut d = p.as_str();
                while let Some((dir, _)) = d.rsplit_once('/') {
                    dirty.insert(dir.to_string());
                    d = dir;
                }
                dirty.insert(String::new());
            }
        }
        // Folders of the new generation; emptied ones go (deepest first).
        let mut new_dirs: FxHashSet<&str> = FxHashSet::default();
        for (p, _) in &files {
            let mut cur = p.as_str();
            while let Some((dir, _)) = cur.rsplit_once('/') {
                if !new_dirs.insert(dir) {
                    break;
                }
                cur = dir;
            }
        }
        let mut old_dirs: Vec<&String> = self
            .survey
            .dirs
            .iter()
            .filter(|d| !new_dirs.contains(d.as_str()))
            .collect();
        old_dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for d in old_dirs {
            if std::fs::remove_dir(stage.join(d)).is_ok() {
                dirty.insert(d.rsplit_once('/').map_or("", |(p, _)| p).to_string());
            }
        }
        let mut dirs: Vec<(String, Stamp)> = new_dirs
            .into_par_iter()
            .filter_map(|d| {
                let kept = self.survey.dir_stamps.get(d).filter(|_| !dirty.contains(d));
                let stamp = match kept {
                    Some(s) => *s,
                    None => Stamp::of(&std::fs::symlink_metadata(stage.join(d)).ok()?),
                };
                Some((d.to_string(), stamp))
            })
            .collect();
        dirs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let manifest = stage.join(MANIFEST);
        write_file(&manifest, manifest::render(&files, &dirs).as_bytes())
            .map_err(|e| self.fail("write", &manifest, &e))?;
        swap(&stage, &self.out).map_err(|e| self.fail("swap in", &self.out, &e))?;
        self.committed = true;
        let stats = WriteStats {
            files: files.len(),
            written: self.written.load(Ordering::Relaxed),
            removed,
        };
        // The old output is now the stage, with the manifest read from it at the start. A
        // long-lived process hands both manifests, and the survey of the new stage, to the
        // next build; they are prepared in the background, off the path to the served page.
        if !keep_for_next {
            return Ok((stats, Committed::default()));
        }
        let current = std::mem::take(&mut self.current);
        let current_stamp = self.current_stamp;
        let out_stamp = manifest_stamp(&self.out);
        let job = std::thread::spawn(move || {
            let stage_stamp = manifest_stamp(&stage);
            let survey = (!current.files.is_empty()).then(|| {
                let survey = match stage_stamp {
                    Some(s) => manifest::survey(&stage, Some((&current, s.mtime))),
                    None => manifest::survey(&stage, None),
                };
                (stage_stamp, survey)
            });
            Carried {
                out: out_stamp.map(|stamp| {
                    let m = Manifest {
                        files: files.into_iter().collect(),
                        dirs: dirs.into_iter().collect(),
                    };
                    (stamp, m)
                }),
                stage: current_stamp
                    .filter(|_| !current.files.is_empty())
                    .map(|stamp| (stamp, current)),
                survey,
            }
        });
        Ok((stats, Committed { job: Some(job) }))
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
