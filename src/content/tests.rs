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
    ] {
        assert!(is_ignored_name(n), "{n}");
    }
    assert!(!is_ignored_name("fangda.md"));
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, b"+++\ntitle = \"ab\xffc\"\n").unwrap();
    let e = read_text(&p, Path::new("a.md")).unwrap_err();
    assert_eq!((e.line, e.col), (2, 12));
}
