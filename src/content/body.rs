//! A source file's Markdown body. Parsed from its file, a body holds its text; taken from
//! the parse cache ([`super::stored`]), only its hash, its length and its file: the text is
//! read each time something asks for it (a page or a search document made again), checked
//! against the hash, and not kept. A build of a hundred thousand cases in which one changed
//! thus neither reads nor holds the other bodies, and one that renders every page (a first
//! preview, a new theme) holds each body only while it renders it.

use crate::error::Diagnostic;
use crate::t;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Shared and immutable: clones are the same body (one read, one text).
#[derive(Clone)]
pub struct Body(Arc<Inner>);

struct Inner {
    /// xxh3-128 of the text.
    hash: [u64; 2],
    len: usize,
    /// The text, when parsed now (a stored body's is never kept).
    text: Option<Arc<str>>,
    /// Where to read the text when it is not held: the file as walked and as shown. The
    /// body is the file's last `len` bytes (the front matter and a byte-order mark before it).
    file: Option<(PathBuf, PathBuf)>,
    /// Why the text could not be read again (then it reads as empty).
    failed: OnceLock<Diagnostic>,
}

/// The hash a body is known by.
pub fn hash_of(text: &str) -> [u64; 2] {
    let v = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    [v as u64, (v >> 64) as u64]
}

impl Body {
    /// A body whose text is at hand.
    pub fn new(text: &str) -> Body {
        let text: Arc<str> = text.into();
        Body(Arc::new(Inner {
            hash: hash_of(&text),
            len: text.len(),
            text: Some(text),
            file: None,
            failed: OnceLock::new(),
        }))
    }

    /// A body known by its hash and length, to be read from the end of `path` (shown as
    /// `shown`) when asked for.
    pub fn stored(hash: [u64; 2], len: usize, path: PathBuf, shown: PathBuf) -> Body {
        Body(Arc::new(Inner {
            hash,
            len,
            text: None,
            file: Some((path, shown)),
            failed: OnceLock::new(),
        }))
    }

    pub fn digest(&self) -> [u64; 2] {
        self.0.hash
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len
    }

    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// The text: held, or read from its file. A file that no longer ends with this body
    /// (changed since it was checked) reads as empty, and [`Body::failure`] says so: the
    /// build must not publish what it rendered.
    pub fn text(&self) -> Arc<str> {
        if let Some(text) = &self.0.text {
            return text.clone();
        }
        match self.read() {
            Ok(text) => text,
            Err(d) => {
                let _ = self.0.failed.set(d);
                Arc::from("")
            }
        }
    }

    /// Whether the text is held (parsed now), not read from its file when asked for.
    pub fn is_held(&self) -> bool {
        self.0.text.is_some()
    }

    /// Why the text could not be read from its file, once something asked for it.
    pub fn failure(&self) -> Option<&Diagnostic> {
        self.0.failed.get()
    }

    /// Identity: the same for clones, different for bodies made apart.
    pub fn same(&self, other: &Body) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// An address that identifies this body while it is alive.
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    fn read(&self) -> Result<Arc<str>, Diagnostic> {
        let Some((path, shown)) = &self.0.file else {
            return Ok(Arc::from(""));
        };
        let changed = || {
            Diagnostic::error(t!("content-changed-during-build"))
                .in_file(shown.clone())
                .help(t!("content-changed-during-build.help"))
        };
        let text = super::read_text(path, shown).map_err(|_| changed())?;
        let start = text.len().checked_sub(self.0.len).ok_or_else(changed)?;
        let body = text.get(start..).ok_or_else(changed)?;
        if hash_of(body) != self.0.hash {
            return Err(changed());
        }
        Ok(Arc::from(body))
    }
}

impl std::hash::Hash for Body {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash.hash(state);
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("len", &self.0.len)
            .field("held", &self.is_held())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_body_is_read_from_the_end_of_its_file_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let body = "正文\n第二段\n";
        std::fs::write(&path, format!("\u{feff}+++\ntitle = \"x\"\n+++\n{body}")).unwrap();
        let stored = Body::stored(hash_of(body), body.len(), path.clone(), "a.md".into());
        assert!(!stored.is_held());
        assert_eq!(&*stored.text(), body);
        assert!(stored.failure().is_none());
        assert!(!stored.is_held(), "read, not kept");
        assert_eq!(&*stored.text(), body, "read again");

        // Changed since: the text reads as empty, and the failure names the file.
        std::fs::write(
            &path,
            format!("+++\ntitle = \"x\"\n+++\n{}", "正文\n第三段\n"),
        )
        .unwrap();
        let stale = Body::stored(hash_of(body), body.len(), path.clone(), "a.md".into());
        assert_eq!(&*stale.text(), "");
        let failure = stale.failure().expect("a changed file is a failure");
        assert!(failure.to_string().contains("a.md"), "{failure}");

        // Gone, or shorter than the body: the same.
        let short = Body::stored(hash_of(body), 1000, path.clone(), "a.md".into());
        assert_eq!(&*short.text(), "");
        assert!(short.failure().is_some());
        std::fs::remove_file(&path).unwrap();
        let gone = Body::stored(hash_of(body), body.len(), path, "a.md".into());
        assert_eq!(&*gone.text(), "");
        assert!(gone.failure().is_some());
    }

    #[test]
    fn clones_share_one_text_and_hash_by_content() {
        use std::hash::{Hash, Hasher};
        let a = Body::new("一段正文");
        let b = a.clone();
        let c = Body::new("一段正文");
        assert!(a.same(&b) && !a.same(&c));
        assert_eq!(a.address(), b.address());
        let h = |x: &Body| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            Hash::hash(x, &mut h);
            h.finish()
        };
        assert_eq!(h(&a), h(&c));
        assert_ne!(h(&a), h(&Body::new("另一段")));
        assert_eq!(a.len(), "一段正文".len());
    }
}
