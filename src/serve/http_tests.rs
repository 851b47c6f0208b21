//! Tests of `http`.

use super::*;

#[test]
fn decodes_and_rejects_traversal() {
    assert_eq!(
        decode_path("/a/%E7%BA%BA/./b//").unwrap(),
        vec!["a", "纺", "b"]
    );
    for bad in [
        "/../etc/passwd",
        "/a/%2e%2e/b",
        "/a/%2E%2E/b",
        "/a%2fb",
        "/a%5cb",
        "/a%00b",
        "/%ff",
        "/%zz",
        "/%",
        "/a/..",
    ] {
        assert!(decode_path(bad).is_none(), "{bad}");
    }
    // Double encoding stays a literal name, never a separator or a parent.
    assert_eq!(decode_path("/%252e%252e/x").unwrap(), vec!["%2e%2e", "x"]);
}

#[test]
fn ranges() {
    assert_eq!(parse_range("bytes=0-9", 100), RangeSpec::Bytes(0, 9));
    assert_eq!(parse_range("bytes=90-", 100), RangeSpec::Bytes(90, 99));
    assert_eq!(parse_range("bytes=-10", 100), RangeSpec::Bytes(90, 99));
    assert_eq!(parse_range("bytes=-1000", 100), RangeSpec::Bytes(0, 99));
    assert_eq!(parse_range("bytes=50-1000", 100), RangeSpec::Bytes(50, 99));
    assert_eq!(parse_range("bytes=100-", 100), RangeSpec::Unsatisfiable);
    assert_eq!(parse_range("bytes=-0", 100), RangeSpec::Unsatisfiable);
    assert_eq!(parse_range("bytes=5-2", 100), RangeSpec::Ignore);
    assert_eq!(parse_range("bytes=0-1,5-6", 100), RangeSpec::Ignore);
    assert_eq!(parse_range("items=0-1", 100), RangeSpec::Ignore);
    assert_eq!(parse_range("bytes=x-1", 100), RangeSpec::Ignore);
    assert_eq!(
        parse_range("bytes=99999999999999999999999-", 100),
        RangeSpec::Unsatisfiable
    );
}

#[test]
fn text_types_have_charset() {
    for p in [
        "a.html",
        "a.css",
        "a.js",
        "atom.xml",
        "sitemap.xml",
        "r.txt",
    ] {
        assert!(content_type(Path::new(p)).contains("charset=utf-8"), "{p}");
    }
    assert_eq!(content_type(Path::new("x.PNG")), "image/png");
    assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
}
