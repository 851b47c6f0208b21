//! The output generation's own tests: swaps, skips, collisions, links.

use super::*;

fn files(pairs: &[(&str, &str)]) -> Vec<OutFile> {
    pairs
        .iter()
        .map(|(p, b)| OutFile::bytes(p.to_string(), b.as_bytes().to_vec()))
        .collect()
}

#[test]
fn generations_swap_and_skip_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = write(&out, &files(&[("index.html", "a"), ("x/index.html", "b")])).unwrap();
    assert_eq!(s.written, 2);
    assert_eq!(
        std::fs::read_to_string(out.join("x/index.html")).unwrap(),
        "b"
    );
    // No previous generation yet: the second build fills a fresh one, linking the index.
    let gen2 = files(&[("index.html", "a"), ("y/index.html", "c")]);
    let s = write(&out, &gen2).unwrap();
    assert_eq!((s.written, s.removed), (1, 0));
    assert_eq!(s.linked, usize::from(cfg!(unix)));
    assert!(!out.join("x").exists());
    // The kept generation is one build behind: index unchanged, y/ linked, x/ removed.
    let s = write(&out, &gen2).unwrap();
    assert_eq!((s.written, s.removed), (usize::from(!cfg!(unix)), 1));
    assert!(
        !prev_dir(&out).join("x").exists(),
        "empty directories go too"
    );
    let s = write(&out, &gen2).unwrap();
    assert_eq!((s.written, s.removed), (0, 0));
    assert_eq!(
        std::fs::read_to_string(out.join("y/index.html")).unwrap(),
        "c"
    );
}

#[test]
fn rejects_paths_escaping_output() {
    let dir = tempfile::tempdir().unwrap();
    assert!(write(&dir.path().join("p"), &files(&[("../evil", "x")])).is_err());
    assert!(write(&dir.path().join("p"), &files(&[("/etc/x", "x")])).is_err());
}

#[test]
fn collisions_name_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    let src = dir.path().join("static-wushe");
    std::fs::write(&src, "a file").unwrap();
    let robots = dir.path().join("static-robots.txt");
    std::fs::write(&robots, "User-agent: *").unwrap();
    let g = Generation::begin(&out).unwrap();
    g.reserve("wushe", &src).unwrap();
    g.reserve("robots.txt", &robots).unwrap();
    let err = g.reserve("wushe/x.png", &robots).unwrap_err().to_string();
    assert!(err.contains("a folder holding"), "{err}");
    let err = g
        .put_page("wushe/index.html", b"x", 1)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("/wushe in the output would be a file")
            && err.contains("static-wushe")
            && err.contains("the page shequ makes at /wushe/index.html"),
        "{err}"
    );
    let err = g.put("robots.txt", b"generated").unwrap_err().to_string();
    assert!(
        err.contains("two files would be written to /robots.txt")
            && err.contains("shequ's own file /robots.txt"),
        "{err}"
    );
    // The reserved copies themselves go through, once each.
    g.copy("wushe", &src).unwrap();
    g.put_page("index.html", b"home", 1).unwrap();
    drop(g);
    assert!(!out.exists(), "nothing was swapped in");
}

#[cfg(unix)]
#[test]
fn links_in_the_kept_generation_are_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    let victim = dir.path().join("victim.html");
    std::fs::write(&victim, "precious").unwrap();
    let site = files(&[("index.html", "a"), ("d/index.html", "b")]);
    write(&out, &site).unwrap();
    write(&out, &site).unwrap();
    // Both generations exist; plant links in the stage, a file and a directory.
    let stage = prev_dir(&out);
    std::fs::remove_file(stage.join("index.html")).unwrap();
    std::os::unix::fs::symlink(&victim, stage.join("index.html")).unwrap();
    std::fs::remove_dir_all(stage.join("d")).unwrap();
    std::os::unix::fs::symlink(dir.path(), stage.join("d")).unwrap();
    write(
        &out,
        &files(&[("index.html", "new"), ("d/index.html", "b2")]),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!dir.path().join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "new"
    );
    assert!(std::fs::symlink_metadata(out.join("d")).unwrap().is_dir());
}
