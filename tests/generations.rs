//! The two generations of the output share unchanged files by hard links: the first build
//! after a cold one writes nothing, and every build still matches a clean one.

mod common;

use common::{Site, assert_same_files};

fn count(out: &std::process::Output, what: &str) -> usize {
    assert!(out.status.success(), "{}", common::stderr(out));
    let s = String::from_utf8_lossy(&out.stdout);
    let i = s.find(what).expect("summary line");
    s[..i].rsplit('(').next().unwrap().parse().unwrap()
}

fn written(out: &std::process::Output) -> usize {
    count(out, " written,")
}

fn assert_same_as_clean(site: &Site, step: &str) {
    assert_same_files(step, &site.snapshot(), &site.clean_build_of_copy());
}

#[test]
fn the_first_build_after_a_cold_one_writes_nothing() {
    let site = Site::fixture("basic");
    let cold = site.build(&[]);
    assert!(written(&cold) > 0);
    let first = site.build(&[]);
    assert_eq!(
        written(&first),
        0,
        "unchanged files are linked, not written"
    );
    assert_eq!(count(&first, " rendered)"), 0);
    assert_same_as_clean(&site, "first build after a cold one");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let page = "2024-spring/dianti/index.html";
        let public = std::fs::metadata(site.public().join(page)).unwrap();
        let stage = site.root.join(".public.shequ-prev").join(page);
        assert_eq!(public.ino(), std::fs::metadata(stage).unwrap().ino());
    }
    // The next builds trust the linked files in both generations.
    assert_eq!(written(&site.build(&[])), 0);
    assert_eq!(written(&site.build(&[])), 0);

    site.edit(
        "content/2024-spring/dianti/index.md",
        "微信群里解答",
        "微信群里耐心解答",
    );
    let edit = site.build(&[]);
    let n = written(&edit);
    assert!(
        n > 0 && n < written(&cold) / 2,
        "an edit writes a few files, not {n}"
    );
    assert!(
        site.read("2024-spring/dianti/index.html")
            .contains("耐心解答")
    );
    assert_same_as_clean(&site, "edit");
    // The build after the edit links the edited files back; the one after writes nothing.
    assert_eq!(written(&site.build(&[])), 0);
    assert_same_as_clean(&site, "after the edit");
    assert_eq!(written(&site.build(&[])), 0);
    site.edit(
        "content/2024-spring/dianti/index.md",
        "微信群里耐心解答",
        "微信群里解答",
    );
    site.build(&[]);
    assert_same_as_clean(&site, "edit undone");
}

#[test]
fn an_edit_right_after_a_cold_build_matches_a_clean_one() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    site.edit(
        "content/2024-spring/caishichang.md",
        "title = \"纺大：菜市场扶手\"",
        "title = \"纺大：菜场扶手\"",
    );
    let edit = site.build(&[]);
    assert!(written(&edit) < before.len() / 2);
    assert_same_as_clean(&site, "title edit after a cold build");
    // The previous generation is the cold build's output, untouched by the build after it.
    let prev = common::snapshot(&site.root.join(".public.shequ-prev"));
    assert_same_files("previous generation", &prev, &before);
}
