//! Which files under the site root may be read and published, one rule for `content/`,
//! `static/`, `templates/` and `themes/`: ordinary files, reached directly or through
//! symbolic links that resolve inside the site root, within a size limit. Every refusal is
//! a located diagnostic; nothing is opened before its metadata says it is an ordinary file
//! (opening a FIFO blocks), and no read goes past the limit, whatever the file does meanwhile.

use crate::error::Diagnostic;
use crate::t;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest Markdown file (a case or an issue note) accepted; bigger is almost surely a
/// mistake (a pasted binary).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Largest file copied as it is (a case's photos and PDFs, static files, theme assets):
/// 50 MiB holds a full-resolution camera photo or a scanned issue as PDF with room to spare;
/// bigger is a video or a disk image, which would bloat every upload of the site.
pub const MAX_ASSET_BYTES: u64 = 50 * 1024 * 1024;

/// What a file is read as, for its size limit and the message when it is over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A case or an issue note ([`MAX_FILE_BYTES`]).
    Markdown,
    /// A theme or override template ([`MAX_FILE_BYTES`]).
    Template,
    /// A file copied as it is ([`MAX_ASSET_BYTES`]).
    Asset,
}

impl Limit {
    pub fn bytes(self) -> u64 {
        match self {
            Limit::Markdown | Limit::Template => MAX_FILE_BYTES,
            Limit::Asset => MAX_ASSET_BYTES,
        }
    }
}

/// Why a path under the site root is not read. Every message about source files is built
/// here, in [`Refusal::diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A symbolic link that resolves outside the site root (`to`: where it resolves).
    Outside { to: PathBuf },
    /// A symbolic link to nothing (`to`: what the link says).
    Dangling { to: PathBuf },
    /// A symbolic link in a loop of links (`to`: what the link says).
    LinkLoop { to: PathBuf },
    /// A link to a directory above it, which a walk would enter forever.
    LoopsBack,
    /// A FIFO, socket or device, directly or (`via`: where the link resolves) through a link.
    /// `kind`: `fifo`, `socket`, `block`, `char` or `other` (a variant of `content-file-kind`).
    NotOrdinary {
        kind: &'static str,
        via: Option<PathBuf>,
    },
    /// Bigger than its limit (`len`: what is known of its size, at least the limit + 1).
    TooBig { len: u64, limit: Limit },
    /// Anything else the operating system refused (permissions, I/O errors).
    Unreadable { why: String },
}

impl Refusal {
    /// The message for the file `shown` (relative to the site root).
    pub fn diagnostic(&self, shown: &Path) -> Diagnostic {
        let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
        let shown_to = |to: &Path| crate::error::display_path(to);
        let d = match self {
            Refusal::Outside { to } => {
                Diagnostic::error(t!("content-link-outside", to = shown_to(to)))
                    .help(t!("content-link-help"))
            }
            Refusal::Dangling { to } => {
                Diagnostic::error(t!("content-link-dangling", to = shown_to(to)))
                    .help(t!("content-link-help.or-remove"))
            }
            Refusal::LinkLoop { to } => {
                Diagnostic::error(t!("content-link-loop", to = shown_to(to)))
                    .help(t!("content-link-help.or-remove"))
            }
            Refusal::LoopsBack => Diagnostic::error(t!("content-link-loops-back"))
                .help(t!("content-link-loops-back.help")),
            Refusal::NotOrdinary { kind, via: None } => {
                let kind = t!("content-file-kind", kind = *kind);
                Diagnostic::error(t!("content-not-ordinary", kind = kind))
                    .help(t!("content-not-ordinary.help"))
            }
            Refusal::NotOrdinary {
                kind,
                via: Some(to),
            } => {
                let kind = t!("content-file-kind", kind = *kind);
                Diagnostic::error(t!(
                    "content-not-ordinary.via",
                    to = shown_to(to),
                    kind = kind
                ))
                .help(t!("content-not-ordinary.help"))
            }
            Refusal::TooBig { len, limit } => {
                let (what, help) = match limit {
                    Limit::Markdown => ("markdown", t!("content-too-big.markdown")),
                    Limit::Template => ("template", t!("content-too-big.template")),
                    Limit::Asset => ("asset", t!("content-too-big.asset")),
                };
                let size = format!("{:.1}", mb(*len));
                let limit = (limit.bytes() / (1024 * 1024)).to_string();
                Diagnostic::error(t!(
                    "content-too-big",
                    size = size,
                    limit = limit,
                    what = what
                ))
                .help(help)
            }
            Refusal::Unreadable { why } => {
                Diagnostic::error(t!("content-unreadable", why = why.as_str()))
                    .help(t!("content-unreadable.help"))
            }
        };
        d.in_file(shown)
    }
}

/// What the system said of a file, in the user's language.
fn unreadable(e: &std::io::Error) -> Refusal {
    Refusal::Unreadable {
        why: crate::i18n::io_error(e),
    }
}

/// What the walk could not read, in the user's language.
fn walk_unreadable(e: &walkdir::Error) -> Refusal {
    Refusal::Unreadable {
        why: match e.io_error() {
            Some(io) => crate::i18n::io_error(io),
            None => t!("io-other"),
        },
    }
}

/// The site root as given (paths are shown relative to it) and resolved (links are
/// checked against it).
pub struct SiteRoot {
    given: PathBuf,
    real: PathBuf,
}

impl SiteRoot {
    pub fn new(root: &Path) -> SiteRoot {
        SiteRoot {
            given: root.to_path_buf(),
            real: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// `path` as shown in messages: relative to the root when inside it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.given).unwrap_or(path).to_path_buf()
    }

    /// A resolved path (inside the root, as links are followed only there) as shown.
    pub fn shown_real(&self, real: &Path) -> PathBuf {
        real.strip_prefix(&self.real).unwrap_or(real).to_path_buf()
    }

    /// Checks the symbolic link at `link`: `Ok` when it resolves inside the root.
    pub fn check_link(&self, link: &Path) -> Result<(), Refusal> {
        let to = std::fs::read_link(link).unwrap_or_else(|_| link.to_path_buf());
        match std::fs::canonicalize(link) {
            Ok(real) if real.starts_with(&self.real) => Ok(()),
            Ok(real) => Err(Refusal::Outside { to: real }),
            Err(e) if is_link_loop(&e) => Err(Refusal::LinkLoop { to }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Refusal::Dangling { to }),
            Err(e) => Err(unreadable(&e)),
        }
    }

    /// Checks every component of `dir` below the root (`static`, `themes/default`, …):
    /// each that is a symbolic link must resolve inside the root. Components that do not
    /// exist end the check (the caller decides what a missing directory means).
    pub fn check_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        let Ok(rel) = dir.strip_prefix(&self.given) else {
            return Ok(());
        };
        let mut p = self.given.clone();
        for c in rel.components() {
            p.push(c);
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => {
                    self.check_link(&p)
                        .map_err(|r| r.diagnostic(&self.shown(&p)))?;
                }
                Ok(_) => {}
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn is_link_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_loop(_: &std::io::Error) -> bool {
    false
}

/// What kind of not-ordinary file `ft` is (a variant of the message `content-file-kind`).
fn special_kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "fifo";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_block_device() {
            return "block";
        }
        if ft.is_char_device() {
            return "char";
        }
    }
    let _ = ft;
    "other"
}

/// One file or directory a [`walk`] accepted.
#[derive(Debug, Clone)]
pub struct Found {
    /// The path as walked (under the directory walked, links not resolved).
    pub path: PathBuf,
    /// 1 for the walked directory's entries, 2 for theirs, …
    pub depth: usize,
    pub is_dir: bool,
    /// Size in bytes (files), from metadata.
    pub len: u64,
    /// The file's stamp (of where a link leads) as walked; `None` for directories.
    pub stamp: Option<crate::stamp::Stamp>,
}

impl Found {
    /// The refusal of a file bigger than `limit`.
    pub fn over(&self, limit: Limit) -> Option<Refusal> {
        (self.len > limit.bytes()).then_some(Refusal::TooBig {
            len: self.len,
            limit,
        })
    }
}

/// Walks `dir` (under the site root) in file-name order: the ordinary files and directories
/// in it, following symbolic links that resolve inside the root. Editors' files
/// ([`is_ignored_name`]) are skipped silently; everything the rule refuses (links
/// out of the root, dangling or looping; FIFOs, sockets, devices) is a diagnostic in
/// `diags`, and a refused directory is not entered. Sizes are the caller's to check
/// ([`Found::over`]): what is too big depends on what the file is used for. Opens
/// directories only; a missing `dir` is no files.
pub fn walk(site: &SiteRoot, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    if let Err(d) = site.check_dir(dir) {
        diags.push(d);
        return found;
    }
    if !dir.is_dir() {
        return found;
    }
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let Some(path) = e.path() else {
                    diags.push(walk_unreadable(&e).diagnostic(&site.shown(dir)));
                    continue;
                };
                // Editors' lock files are often dangling symlinks (Emacs' `.#x.md`).
                if path
                    .file_name()
                    .is_some_and(|n| is_ignored_name(&n.to_string_lossy()))
                {
                    continue;
                }
                let refusal = if e.loop_ancestor().is_some() {
                    Refusal::LoopsBack
                } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
                {
                    site.check_link(path)
                        .err()
                        .unwrap_or_else(|| walk_unreadable(&e))
                } else {
                    walk_unreadable(&e)
                };
                diags.push(refusal.diagnostic(&site.shown(path)));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let ft = entry.file_type();
        let skip = |it: &mut walkdir::IntoIter| {
            if ft.is_dir() {
                it.skip_current_dir();
            }
        };
        if is_ignored_name(&entry.file_name().to_string_lossy()) {
            skip(&mut it);
            continue;
        }
        let shown = || site.shown(entry.path());
        if entry.path_is_symlink()
            && let Err(r) = site.check_link(entry.path())
        {
            diags.push(r.diagnostic(&shown()));
            skip(&mut it);
            continue;
        }
        if ft.is_dir() {
            found.push(Found {
                path: entry.path().to_path_buf(),
                depth: entry.depth(),
                is_dir: true,
                len: 0,
                stamp: None,
            });
            continue;
        }
        if !ft.is_file() {
            let via = entry
                .path_is_symlink()
                .then(|| std::fs::canonicalize(entry.path()).ok())
                .flatten()
                .map(|real| site.shown_real(&real));
            let kind = special_kind(ft);
            diags.push(Refusal::NotOrdinary { kind, via }.diagnostic(&shown()));
            continue;
        }
        let (len, stamp) = match entry.metadata() {
            Ok(m) => (m.len(), Some(crate::stamp::Stamp::of(&m))),
            Err(e) => {
                diags.push(walk_unreadable(&e).diagnostic(&shown()));
                continue;
            }
        };
        found.push(Found {
            depth: entry.depth(),
            path: entry.into_path(),
            is_dir: false,
            len,
            stamp,
        });
    }
    found
}

/// Whether `path` itself (not through a link) is an ordinary file: what the dev server
/// requires before it takes a change to a known file on trust.
pub fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// Reads an ordinary file whole, refusing anything else before opening it and never reading
/// more than `limit` allows, even if the file grows meanwhile.
pub fn read_bounded(path: &Path, shown: &Path, limit: Limit) -> Result<Vec<u8>, Diagnostic> {
    read_limited(path, limit).map_err(|r| r.diagnostic(shown))
}

fn read_limited(path: &Path, limit: Limit) -> Result<Vec<u8>, Refusal> {
    let unreadable = |e: std::io::Error| unreadable(&e);
    let ordinary = |m: &std::fs::Metadata| -> Result<(), Refusal> {
        if m.is_file() {
            return Ok(());
        }
        Err(Refusal::NotOrdinary {
            kind: special_kind(m.file_type()),
            via: None,
        })
    };
    let too_big = |len: u64| -> Result<(), Refusal> {
        if len > limit.bytes() {
            return Err(Refusal::TooBig { len, limit });
        }
        Ok(())
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    ordinary(&meta)?;
    too_big(meta.len())?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Replaced by a FIFO since the check above: opening must not wait for a writer.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    ordinary(&meta)?;
    too_big(meta.len())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.bytes() + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    too_big(bytes.len() as u64)?;
    Ok(bytes)
}

/// [`super::read_text`] for any text file, with the size limit of what it is read as.
pub fn read_text_as(path: &Path, shown: &Path, limit: Limit) -> Result<String, Diagnostic> {
    let bytes = read_bounded(path, shown, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let line_end = bytes[valid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| valid + i);
        let text = format!(
            "{prefix}{}",
            String::from_utf8_lossy(&bytes[valid..line_end])
        );
        Diagnostic::error(t!("content-not-utf8"))
            .at(shown, &text, valid, valid + 1)
            .label(t!("content-not-utf8.label"))
            .help(t!("content-not-utf8.help"))
    })
}

/// Reads a file copied as it is (a case's photo, a static file): ordinary files only, at
/// most [`MAX_ASSET_BYTES`]. What `Generation::copy` and the theme's hashed assets read with.
pub fn read_asset(path: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_bounded(path, shown, Limit::Asset)
}

/// Files editors and tools leave behind, never content: hidden files, backups (`~`,
/// `.bak`, Helix's `.bck`), swap and lock files (vim, Kate, JetBrains, Chrome's
/// `.crswap`, Office's `~$…`), partial downloads and the OS's thumbnails.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".bck",
            ".orig",
            ".kate-swp",
            ".crswap",
            ".part",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name == "4913"
        || name == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("static")).unwrap();
        (dir, root)
    }

    fn walked(root: &Path, dir: &str) -> (Vec<String>, Vec<String>) {
        let mut diags = Vec::new();
        let found = walk(&SiteRoot::new(root), &root.join(dir), &mut diags);
        let names = found
            .iter()
            .filter(|f| !f.is_dir)
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        (names, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_ordinary_files() {
        let (_d, root) = site();
        let p = root.join("static/a.txt");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_asset(&p, Path::new("static/a.txt")).unwrap(), b"hello");
    }

    #[cfg(unix)]
    #[test]
    fn never_opens_a_fifo() {
        let (_d, root) = site();
        let p = root.join("static/pipe.jpg");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        // Would block forever if opened without a writer.
        let e = read_asset(&p, Path::new("static/pipe.jpg")).unwrap_err();
        assert!(e.message.contains("named pipe (FIFO)"), "{e}");
        let (names, diags) = walked(&root, "static");
        assert!(names.is_empty(), "{names:?}");
        assert!(diags[0].contains("--> static/pipe.jpg"), "{diags:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_reading() {
        let e = read_asset(Path::new("/dev/zero"), Path::new("zero")).unwrap_err();
        assert!(e.message.contains("character device"), "{e}");
    }

    #[test]
    fn never_reads_past_the_limit() {
        let (_d, root) = site();
        let p = root.join("static/big.txt");
        std::fs::write(&p, vec![b'x'; (MAX_FILE_BYTES + 1) as usize]).unwrap();
        let e = read_bounded(&p, Path::new("big.txt"), Limit::Template).unwrap_err();
        assert!(
            e.message.contains("more than the 8 MB a template may have"),
            "{e}"
        );
        let e = read_limited(&p, Limit::Markdown).unwrap_err();
        assert!(matches!(e, Refusal::TooBig { len, .. } if len == MAX_FILE_BYTES + 1));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_inside_the_root_only() {
        use std::os::unix::fs::symlink;
        let (d, root) = site();
        std::fs::write(root.join("notes.txt"), "inside").unwrap();
        std::fs::write(d.path().join("secret.txt"), "outside").unwrap();
        symlink("../notes.txt", root.join("static/in.txt")).unwrap();
        symlink(d.path().join("secret.txt"), root.join("static/out.txt")).unwrap();
        symlink("nowhere.txt", root.join("static/dangling.txt")).unwrap();
        symlink("loop-b", root.join("static/loop-a")).unwrap();
        symlink("loop-a", root.join("static/loop-b")).unwrap();
        symlink("nowhere", root.join("static/.#lock.txt")).unwrap();
        let (names, diags) = walked(&root, "static");
        assert_eq!(names, ["static/in.txt"]);
        let all = diags.join("\n");
        assert_eq!(diags.len(), 4, "{all}");
        assert!(all.contains("--> static/out.txt"), "{all}");
        assert!(all.contains("outside the site, to "), "{all}");
        assert!(all.contains("secret.txt"), "{all}");
        assert!(
            all.contains("points to nowhere.txt, which does not exist"),
            "{all}"
        );
        assert!(
            all.contains("--> static/loop-a") && all.contains("a loop of links"),
            "{all}"
        );
        assert!(all.contains("help: copy the file into the site"), "{all}");
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_directory_is_checked_as_a_whole() {
        use std::os::unix::fs::symlink;
        let (d, root) = site();
        std::fs::create_dir_all(d.path().join("keys")).unwrap();
        std::fs::write(d.path().join("keys/id_rsa"), "key").unwrap();
        std::fs::remove_dir(root.join("static")).unwrap();
        symlink(d.path().join("keys"), root.join("static")).unwrap();
        let (names, diags) = walked(&root, "static");
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].contains("--> static\n"), "{diags:?}");
        assert!(diags[0].contains("keys"), "{diags:?}");
    }
}
