//! What readers see beyond the lists: areas named for what they are, no "0" counts in lists
//! meant for reading, home cards without the issue's long title repeated, and a share
//! picture for pages that have no photo of their own.

mod common;

use common::*;

#[test]
fn areas_that_are_not_residential_areas_say_what_they_are() {
    let site = Site::bundled();
    site.build(&[]);
    let page = site.read("areas/chuanglian/index.html");
    assert!(
        page.contains("<h1>创联 <small>业委会工作事务所</small></h1>"),
        "{page}"
    );
    let index = site.read("areas/index.html");
    assert!(
        index.contains("申杰</a> <span class=\"kind\">（社会组织）</span>"),
        "{index}"
    );
    // A residential area has no kind shown.
    assert!(
        site.read("areas/fangda/index.html")
            .contains("<h1>纺大</h1>")
    );
}

#[test]
fn home_cards_do_not_repeat_the_issue_title_and_lists_show_no_zero() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let home = site.read("index.html");
    let latest = &home[home.find("id=\"latest-title\"").unwrap()..];
    let latest = &latest[..latest.find("</section>").unwrap()];
    assert!(latest.contains("class=\"case-item\""), "{latest}");
    assert!(
        !latest.contains("春季刊"),
        "the issue's title repeated: {latest}"
    );
    let areas = &home[home.find("id=\"areas-title\"").unwrap()..];
    let areas = &areas[..areas.find("</section>").unwrap()];
    // 紫云 has a photo caption but no case: listed, without a "0".
    assert!(areas.contains(">紫云</a></li>"), "{areas}");
    assert!(!areas.contains("<span class=\"count\">0</span>"), "{areas}");
    let index = site.read("areas/index.html");
    assert!(index.contains("暂无案例"), "{index}");
    assert!(!index.contains(">0 个案例"), "{index}");
}

#[test]
fn pages_without_a_photo_share_the_site_picture() {
    let site = Site::fixture("basic");
    site.write("static/share.png", "not really a png, but a file");
    site.edit(
        "config.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/\"\nshare_image = \"share.png\"",
    );
    site.build(&[]);
    let want = "<meta property=\"og:image\" content=\"https://example.org/share.png\">";
    assert!(site.read("index.html").contains(want));
    assert!(site.read("areas/index.html").contains(want));
    // A case without a photo shares the site picture; one with a photo its own.
    let cases: Vec<String> = walkdir::WalkDir::new(site.public().join("2024-spring"))
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(!cases.is_empty());
    for html in &cases {
        assert_eq!(html.matches("property=\"og:image\"").count(), 1, "{html}");
    }

    // A picture that is not there is an error naming config.toml, and nothing is written.
    site.edit(
        "config.toml",
        "share_image = \"share.png\"",
        "share_image = \"分享.png\"",
    );
    let before = site.snapshot();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("share_image \"分享.png\" in config.toml names no file of the site"),
        "{err}"
    );
    assert!(err.contains("--> config.toml"), "{err}");
    assert_eq!(site.snapshot(), before);
}
