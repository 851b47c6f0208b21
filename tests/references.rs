//! Every local reference is checked at build time (tests/fixtures/references, whose
//! references all resolve, under the sub-path base_url https://example.org/archive/; the
//! tests break them): a missing photo or figure file, a link
//! to a `.md` file that is no case and a site-root link to no page are errors located at
//! file:line:col; links to another case's `.md` file become its URL, site-root links get
//! the base path, and e-mail autolinks stay e-mail addresses.

mod common;
use common::*;

const FUZHOU: &str = "content/2024-spring/fuzhou/index.md";

fn fail(site: &Site) -> String {
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected failure, got:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The error `message`, located at `at`, with `help` among its lines.
fn assert_error(err: &str, message: &str, at: &str, help: &str) {
    let block = err
        .split("\n\n")
        .find(|b| b.starts_with(&format!("error: {message}\n")))
        .unwrap_or_else(|| panic!("no error {message:?} in:\n{err}"));
    assert!(block.contains(&format!("--> {at}\n")), "{block}");
    assert!(block.contains(&format!("= help: {help}")), "{block}");
}

/// The fixture with a reference of each kind broken.
fn broken() -> Site {
    let site = Site::fixture("references");
    for photo in ["fuzhou.jpg", "IMG_2024.jpg"] {
        std::fs::remove_file(site.root.join("content/2024-spring/fuzhou").join(photo)).unwrap();
    }
    site.edit(
        FUZHOU,
        "(../../2023-tianshan/yanxi.md#jing-yan)",
        "(../2023-tianshan/yanxi.md)",
    );
    site.edit(FUZHOU, "/areas/yanxi/", "/areas/yanxi-pian/");
    site.edit(FUZHOU, "(../caishichang.md)", "(laogao.md)");
    site
}

#[test]
fn every_broken_reference_is_an_error_at_its_place() {
    let site = broken();
    let err = fail(&site);
    assert_error(
        &err,
        "the photo `fuzhou.jpg` is not beside content/2024-spring/fuzhou/index.md",
        &format!("{FUZHOU}:9:8"),
        "put the photo in content/2024-spring/fuzhou/ or correct the name (the files there are photo.jpg)",
    );
    assert_error(
        &err,
        "the photo `IMG_2024.jpg` is not beside content/2024-spring/fuzhou/index.md",
        &format!("{FUZHOU}:13:7"),
        "put the photo in content/2024-spring/fuzhou/",
    );
    assert_error(
        &err,
        "the linked Markdown file `../2023-tianshan/yanxi.md` is not a case of this site",
        &format!("{FUZHOU}:17:11"),
        "did you mean `../../2023-tianshan/yanxi.md`?",
    );
    assert_error(
        &err,
        "no page of the site is at `/areas/yanxi-pian/`",
        &format!("{FUZHOU}:19:10"),
        "did you mean `/areas/yanxi/`?",
    );
    assert_error(
        &err,
        "the linked Markdown file `laogao.md` is not a case of this site",
        &format!("{FUZHOU}:19:35"),
        "link to a case by its .md file",
    );
    assert!(err.contains("failed with 5 error(s)"), "{err}");
}

#[test]
fn a_missing_file_linked_from_an_issue_is_an_error_too() {
    let site = Site::fixture("references");
    site.edit(
        "content/2023-tianshan/_index.md",
        "天山刊。",
        "天山刊。[传单](chuandan.pdf)",
    );
    let err = fail(&site);
    assert_error(
        &err,
        "the file `chuandan.pdf` is not beside content/2023-tianshan/_index.md",
        "content/2023-tianshan/_index.md:6:10",
        "put the file in content/2023-tianshan/ or correct the name (there are no files there)",
    );
}

#[test]
fn good_references_build_and_resolve_to_their_pages() {
    let site = Site::fixture("references");
    site.build(&[]);
    let fuzhou = site.read("2024-spring/fuzhou/index.html");
    for good in [
        "src=\"/archive/2024-spring/fuzhou/IMG_2024-32.jpg\"",
        "src=\"/archive/2024-spring/fuzhou/photo-32.jpg\"",
        "href=\"/archive/2023-tianshan/yanxi/#jing-yan\"",
        "href=\"/archive/areas/fangda/\"",
        "href=\"/archive/areas/yanxi/\"",
        "href=\"/archive/2024-spring/caishichang/\"",
        "href=\"mailto:foo@bar.example.com\"",
    ] {
        assert!(fuzhou.contains(good), "{good} not in {fuzhou}");
    }
    assert!(!fuzhou.contains(".md\""), "{fuzhou}");
    let caishichang = site.read("2024-spring/caishichang/index.html");
    assert!(
        caishichang.contains("href=\"/archive/2024-spring/fuzhou/#wei-gai\""),
        "{caishichang}"
    );
    assert!(caishichang.contains("href=\"/archive/2023-tianshan/yanxi/\""));
    let yanxi = site.read("2023-tianshan/yanxi/index.html");
    assert!(
        yanxi.contains("href=\"/archive/2024-spring/fuzhou/\""),
        "{yanxi}"
    );
    let broken = broken_links(&site.public(), "/archive/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}
