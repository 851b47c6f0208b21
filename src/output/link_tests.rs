//! Generations sharing files by hard links: the first build after a cold one links instead
//! of writing, nothing is ever written through a shared file, and later builds trust the
//! links.

use super::*;
use std::io::{Read as _, Seek as _};
use std::os::unix::fs::MetadataExt as _;

fn files(pairs: &[(&str, &str)]) -> Vec<OutFile> {
    pairs
        .iter()
        .map(|(p, b)| OutFile::bytes(p.to_string(), b.as_bytes().to_vec()))
        .collect()
}

fn meta(p: &Path) -> std::fs::Metadata {
    std::fs::symlink_metadata(p).unwrap()
}

const SITE: &[(&str, &str)] = &[
    ("index.html", "home"),
    ("x/index.html", "x page"),
    ("y/z/index.html", "z page"),
];

#[test]
fn the_first_build_after_a_cold_one_links_the_unchanged_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked), (3, 0));
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked, s.removed), (0, 3, 0));
    let prev = prev_dir(&out);
    for (p, body) in SITE {
        let (a, b) = (meta(&out.join(p)), meta(&prev.join(p)));
        assert_eq!((a.ino(), a.dev()), (b.ino(), b.dev()), "{p} is one file");
        assert_eq!(a.nlink(), 2, "{p}");
        assert_eq!(std::fs::read_to_string(out.join(p)).unwrap(), *body);
    }
    // Both manifests are up to date: nothing to write, nothing to link.
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked, s.removed), (0, 0, 0));
}

#[test]
fn an_edit_never_writes_through_the_published_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write(&out, &files(SITE)).unwrap();
    write(&out, &files(SITE)).unwrap();
    // What readers of the output hold: an open file, and a name of our own for it.
    let mut held = std::fs::File::open(out.join("index.html")).unwrap();
    let mine = dir.path().join("mine.html");
    std::fs::hard_link(out.join("index.html"), &mine).unwrap();
    let ino = meta(&mine).ino();
    let edited = [("index.html", "home, edited"), SITE[1], SITE[2]];
    let s = write(&out, &files(&edited)).unwrap();
    // The stage had the other two (same inodes, trusted): only the edited page is written.
    assert_eq!((s.written, s.linked, s.removed), (1, 0, 0));
    let mut old = String::new();
    held.rewind().unwrap();
    held.read_to_string(&mut old).unwrap();
    assert_eq!(old, "home");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "home");
    assert_eq!(meta(&mine).ino(), ino);
    assert_ne!(
        meta(&out.join("index.html")).ino(),
        ino,
        "a file of its own"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "home, edited"
    );
    // The stage's index is the old one, unlinked since: the edit is linked back, not written.
    let s = write(&out, &files(&edited)).unwrap();
    assert_eq!((s.written, s.linked, s.removed), (0, 1, 0));
    let s = write(&out, &files(&edited)).unwrap();
    assert_eq!((s.written, s.linked, s.removed), (0, 0, 0));
    for (p, body) in edited {
        assert_eq!(std::fs::read_to_string(out.join(p)).unwrap(), body);
        assert_eq!(
            std::fs::read_to_string(prev_dir(&out).join(p)).unwrap(),
            body
        );
    }
}

fn published(out: &Path) -> Vec<(u64, Vec<u8>)> {
    SITE.iter()
        .map(|(p, _)| {
            (
                meta(&out.join(p)).ino(),
                std::fs::read(out.join(p)).unwrap(),
            )
        })
        .collect()
}

/// A build that links the unchanged pages, writes an edit, then fails (never committed).
fn fail_an_edit(out: &Path) {
    let g = Generation::begin(out).unwrap();
    g.put("x/index.html", b"x page").unwrap();
    g.put("y/z/index.html", b"z page").unwrap();
    g.put("index.html", b"home, edited").unwrap();
    assert_eq!(meta(&out.join("x/index.html")).nlink(), 2, "linked");
    drop(g);
}

#[test]
fn a_failed_build_leaves_the_linked_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write(&out, &files(SITE)).unwrap();
    let before = published(&out);
    fail_an_edit(&out);
    assert_eq!(published(&out), before);
    // The next build finds what the failed one linked (its bytes checked) and writes none
    // of it; the edit it wrote is gone, the index is linked.
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked), (0, 1));
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked), (0, 0));
    // Now every file is shared by both generations: the failed edit unlinks its stage copy.
    assert_eq!(meta(&out.join("index.html")).nlink(), 2);
    let before = published(&out);
    fail_an_edit(&out);
    assert_eq!(published(&out), before);
    for (p, body) in SITE {
        assert_eq!(std::fs::read_to_string(out.join(p)).unwrap(), *body);
    }
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!(s.written, 0);
    assert_eq!(published(&out).len(), SITE.len());
}

#[test]
fn a_published_file_changed_behind_shequs_back_is_not_linked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write(&out, &files(SITE)).unwrap();
    // Same length, new bytes: its stamp no longer matches, so it is regenerated.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(out.join("index.html"), "HOME").unwrap();
    let s = write(&out, &files(SITE)).unwrap();
    assert_eq!((s.written, s.linked), (1, 2));
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "home"
    );
    assert_eq!(meta(&out.join("index.html")).nlink(), 1);
}

#[test]
fn writing_a_shared_file_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::write(&a, "published").unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    fsio::write_file(&b, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "published");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
    assert_eq!(meta(&a).nlink(), 1);
}
