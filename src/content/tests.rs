//! Tests of the content stage's walk and reading.

use super::*;

#[test]
fn ignores_editor_files() {
    for n in [
        ".fangda.md.swp",
        "fangda.md~",
        "#fangda.md#",
        ".#fangda.md",
        "4913",
        "x.tmp",
        "fangda.md.bck",
        "photo.jpg.bck",
        "~$会议记录.docx",
        "photo.jpg.crswap",
        "photo.jpg.part",
        "fangda.md___jb_old___",
    ] {
        assert!(is_ignored_name(n), "{n}");
    }
    assert!(!is_ignored_name("fangda.md"));
    assert!(!is_ignored_name("bck.jpg"));
    assert!(!is_ignored_name("party.md"));
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, b"+++\ntitle = \"ab\xffc\"\n").unwrap();
    let e = read_text(&p, Path::new("a.md")).unwrap_err();
    assert_eq!((e.line, e.col), (2, 12));
}

#[test]
fn names_the_md_a_misnamed_case_should_have() {
    for (name, want) in [
        ("yanxi.md.txt", Some("yanxi.md")),
        ("yanxi.markdown", Some("yanxi.md")),
        ("yanxi.mdown", Some("yanxi.md")),
        ("yanxi.MD", Some("yanxi.md")),
        ("纺大.Md.TXT", Some("纺大.md")),
        ("photo.jpg", None),
        ("notes.txt", None),
        (".md", None),
    ] {
        assert_eq!(mistakes::misnamed_case(name).as_deref(), want, "{name}");
    }
}
