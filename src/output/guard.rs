//! Which directories shequ may write: checked before anything is read or written.
//!
//! - The output may be a symbolic link to a directory: the target is the output, the link
//!   stays as it is. A link to nothing, or an output that is a file, is refused.
//! - Never the site root or anything containing it, nothing inside the editor's folders,
//!   not the working directory, the home directory, a top-level or system directory.
//! - A non-empty directory is written only when it carries shequ's mark (its manifest):
//!   shequ never adopts, moves or deletes what it did not write.

use super::manifest::is_marked;
use super::prev_dir;
use crate::error::{Diagnostic, display_path};
use crate::t;
use std::path::{Path, PathBuf};

/// Directories of the operating system that are never an output, nor anything inside them.
const SYSTEM: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var/lib",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/var/run",
];

/// The canonical form of `p`, which may not exist yet: its nearest existing ancestor
/// canonicalised, the rest appended.
fn canon(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut tail = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (
            existing.file_name().map(|n| n.to_owned()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut c = existing.canonicalize().unwrap_or(existing);
    for t in tail.into_iter().rev() {
        c.push(t);
    }
    c
}

fn refuse(out: &Path, why: String, help: String) -> Diagnostic {
    Diagnostic::error(t!("output-refuse", out = display_path(out), why = why)).help(help)
}

/// The help of most refusals.
fn choose() -> String {
    t!("output-refuse.choose")
}

/// Checks the output directory `out` of the site at `root` and returns the directory to
/// write: `out` itself, or the directory it links to, in canonical form.
pub fn resolve_output(root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    resolve(root, out, false)
}

/// [`resolve_output`] for the dev server's own directory under `.shequ/`.
pub fn resolve_preview(root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    resolve(root, out, true)
}

fn resolve(root: &Path, out: &Path, preview: bool) -> Result<PathBuf, Diagnostic> {
    let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let meta = std::fs::symlink_metadata(&abs).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        match std::fs::metadata(&abs) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(refuse(out, t!("output-refuse-link-not-dir"), choose()));
            }
            Err(_) => {
                let target = std::fs::read_link(&abs)
                    .map(|t| display_path(&t))
                    .unwrap_or_default();
                return Err(refuse(
                    out,
                    t!("output-refuse-link-gone", target = target),
                    t!("output-refuse-link-gone.help"),
                ));
            }
        }
    } else if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(refuse(
            out,
            t!("output-refuse-file"),
            t!("output-refuse-file.help"),
        ));
    }
    let out_c = canon(&abs);
    let root_c = canon(root);
    if out_c.parent().is_none() {
        return Err(refuse(out, t!("output-refuse-fs-root"), choose()));
    }
    if root_c.starts_with(&out_c) {
        return Err(refuse(out, t!("output-refuse-site-root"), choose()));
    }
    for protected in [
        "content",
        "themes",
        "templates",
        "static",
        "config.toml",
        ".shequ",
    ] {
        if out_c.starts_with(root_c.join(protected)) && !(preview && protected == ".shequ") {
            return Err(refuse(
                out,
                t!("output-refuse-site-files", folder = protected),
                choose(),
            ));
        }
    }
    if std::env::var_os("HOME").is_some_and(|home| out_c == canon(Path::new(&home))) {
        return Err(refuse(out, t!("output-refuse-home"), choose()));
    }
    if std::env::current_dir().is_ok_and(|cwd| canon(&cwd).starts_with(&out_c)) {
        return Err(refuse(out, t!("output-refuse-cwd"), choose()));
    }
    if out_c.components().count() <= 2 {
        return Err(refuse(out, t!("output-refuse-top-level"), choose()));
    }
    if let Some(sys) = SYSTEM.iter().find(|s| out_c.starts_with(s)) {
        return Err(refuse(
            out,
            t!("output-refuse-system", folder = *sys),
            choose(),
        ));
    }
    if non_empty(&out_c) && !is_marked(&out_c) {
        return Err(
            Diagnostic::error(t!("output-foreign-files", out = display_path(out)))
                .help(t!("output-foreign-files.help")),
        );
    }
    let stage = prev_dir(&out_c);
    if let Ok(m) = std::fs::symlink_metadata(&stage) {
        if !m.is_dir() {
            return Err(Diagnostic::error(t!(
                "output-previous-in-the-way",
                path = display_path(&stage)
            ))
            .help(t!("output-previous-in-the-way.help")));
        }
        if non_empty(&stage) && !is_marked(&stage) {
            return Err(Diagnostic::error(t!(
                "output-previous-foreign",
                path = display_path(&stage)
            ))
            .help(t!("output-previous-foreign.help", out = display_path(out))));
        }
    }
    Ok(out_c)
}

fn non_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(resolve_output(root, root).is_err());
        assert!(resolve_output(root, &root.join("content")).is_err());
        assert!(resolve_output(root, &root.join("content/x")).is_err());
        assert!(resolve_output(root, &root.join("themes")).is_err());
        assert!(resolve_output(root, &root.join(".shequ/serve")).is_err());
        assert!(resolve_output(root, root.parent().unwrap()).is_err());
        assert!(resolve_output(root, Path::new("/")).is_err());
        assert!(resolve_output(root, Path::new("/etc")).is_err());
        assert!(resolve_output(root, Path::new("/usr/share/x")).is_err());
        assert!(resolve_output(root, &root.join("public")).is_ok());
    }

    #[test]
    fn a_directory_with_foreign_files_is_refused_and_a_link_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let www = dir.path().join("www");
        std::fs::create_dir_all(&www).unwrap();
        assert_eq!(
            resolve_output(&root, &www).unwrap(),
            www.canonicalize().unwrap()
        );
        std::fs::write(www.join("notes.txt"), "mine").unwrap();
        assert!(resolve_output(&root, &www).is_err());
        #[cfg(unix)]
        {
            let link = root.join("public");
            let empty = dir.path().join("empty");
            std::fs::create_dir_all(&empty).unwrap();
            std::os::unix::fs::symlink(&empty, &link).unwrap();
            assert_eq!(
                resolve_output(&root, &link).unwrap(),
                empty.canonicalize().unwrap()
            );
            std::os::unix::fs::symlink(dir.path().join("nowhere"), root.join("dangling")).unwrap();
            assert!(resolve_output(&root, &root.join("dangling")).is_err());
        }
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(resolve_output(&root, &file).is_err());
    }
}
