//! `shequ build` on fixture sites: pages, links, feed, slugs, dates, assets, errors.

mod common;
use common::*;

#[test]
fn basic_site_pages_exist_with_pretty_urls() {
    let site = Site::fixture("basic");
    let out = site.build(&[]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("built 3 cases, 2 issues, 3 areas"),
        "{summary}"
    );
    for page in [
        "index.html",
        "2024-spring/index.html",
        "2024-spring/caishichang/index.html",
        "2024-spring/dianti/index.html",
        "2023-autumn/qunzu/index.html",
        "areas/index.html",
        "areas/fangda/index.html",
        "areas/yanxi/index.html",
        "areas/ziyun/index.html",
        "wushe/index.html",
        "wushe/shequ-zhiyuanzhe/index.html",
        "wuzhi/zizhi/index.html",
        "partners/index.html",
        "partners/shequminjing/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(site.exists(page), "missing {page}");
    }
    assert!(
        !site.exists("2024-spring/draft-case/index.html"),
        "drafts are left out"
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = Site::fixture("basic");
    site.build(&["--drafts"]);
    assert!(site.exists("2024-spring/draft-case/index.html"));
}

#[test]
fn every_internal_link_resolves() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let broken = broken_links(&site.public(), "/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn sub_path_base_url_is_respected_everywhere() {
    let site = Site::fixture("basic");
    site.build(&["--base-url", "https://example.org/archive/"]);
    let broken = broken_links(&site.public(), "/archive/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
    let case = site.read("2024-spring/caishichang/index.html");
    assert!(case.contains("href=\"/archive/areas/fangda/\""));
    assert!(case.contains(
        "<link rel=\"canonical\" href=\"https://example.org/archive/2024-spring/caishichang/\">"
    ));
    assert!(
        site.read("atom.xml")
            .contains("https://example.org/archive/2024-spring/caishichang/")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/archive/areas/fangda/</loc>")
    );
}

#[test]
fn case_page_shows_its_facets_as_links_and_neighbours() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let html = site.read("2024-spring/caishichang/index.html");
    assert!(html.contains("<h1>纺大：菜市场扶手</h1>"));
    assert!(html.contains("<a href=\"/areas/fangda/\">纺大</a>"));
    assert!(html.contains("<time datetime=\"2024-03-05\">2024年3月5日</time>"));
    // synonym 志愿者 → 社区志愿者; alias 派出所民警 → 社区民警, 物业公司 → 物业
    assert!(html.contains("href=\"/wushe/shequ-zhiyuanzhe/\">社区志愿者</a>"));
    assert!(html.contains("href=\"/partners/shequminjing/\">社区民警</a>"));
    assert!(html.contains("href=\"/partners/wuye/\">物业</a>"));
    assert!(html.contains("<table>"), "Markdown tables render");
    assert!(
        html.contains("rel=\"next\" href=\"/2024-spring/dianti/\""),
        "next in its issue"
    );
    assert!(
        !html.contains("code.css"),
        "no code stylesheet without code"
    );
    let lift = site.read("2024-spring/dianti/index.html");
    assert!(
        lift.contains("code.css"),
        "stylesheet on the page with code"
    );
    assert!(
        lift.contains("class=\"hl-"),
        "code highlighted with classes"
    );
    assert!(lift.contains("rel=\"prev\" href=\"/2024-spring/caishichang/\""));
    assert!(site.exists("code.css"));
}

#[test]
fn partial_dates_display_honestly_and_sort() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let area = site.read("areas/fangda/index.html");
    let newer = area.find("纺大：菜市场扶手").unwrap();
    let older = area.find("纺大：整治群租").unwrap();
    assert!(newer < older, "area cases newest first");
    assert!(area.contains("<time datetime=\"2023\">2023年</time>"));
    let issue = site.read("2024-spring/index.html");
    assert!(issue.contains("<time datetime=\"2024-03\">2024年3月</time>"));
    let home = site.read("index.html");
    assert!(
        home.contains("春季刊<strong>编者按</strong>"),
        "latest issue's note on the home page"
    );
}

#[test]
fn assets_and_static_files_are_copied() {
    let site = Site::fixture("basic");
    site.build(&[]);
    // A photo is published processed (src/photos), never as it is.
    assert!(
        site.exists("2024-spring/dianti/photo-32.webp")
            && site.exists("2024-spring/dianti/photo-32.jpg"),
        "bundle photo next to its page"
    );
    assert!(!site.exists("2024-spring/dianti/photo.png"));
    assert!(
        site.exists("2023-autumn/leaflet.pdf"),
        "issue asset next to the issue page"
    );
    assert_eq!(site.read("humans.txt"), "User-agent: fixture\n");
    let css: Vec<_> = std::fs::read_dir(site.public())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "one content-hashed stylesheet: {css:?}");
    assert!(
        site.read("areas/yanxi/index.html")
            .contains("src=\"/2024-spring/dianti/photo-32.jpg\"")
    );
}

#[test]
fn caption_without_image_reaches_its_area() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let html = site.read("areas/ziyun/index.html");
    assert!(html.contains("紫云小区微改造"));
    assert!(html.contains("图片缺失"));
}

#[test]
fn feed_and_sitemap_list_the_cases() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let feed = site.read("atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 3);
    assert!(feed.contains("<id>https://example.org/2024-spring/dianti/</id>"));
    assert!(feed.contains("<updated>2024-03-05T00:00:00+08:00</updated>"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://example.org/2023-autumn/qunzu/</loc><lastmod>2023</lastmod>")
    );
    assert!(!sitemap.contains("draft"));
}

#[test]
fn front_matter_html_is_escaped_everywhere() {
    let site = Site::fixture("basic");
    site.build(&[]);
    for page in [
        "2023-autumn/qunzu/index.html",
        "areas/fangda/index.html",
        "atom.xml",
        "partners/chengguan/index.html",
    ] {
        let html = site.read(page);
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "{page} has raw script"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page} lacks the escaped title"
        );
    }
}

#[test]
fn second_build_writes_nothing_and_keeps_output_identical() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let first = site.snapshot();
    site.build(&[]);
    let out = site.build(&[]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(0 written, 0 removed)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(first, site.snapshot());
}

#[test]
fn deleted_case_disappears_from_output() {
    let site = Site::fixture("basic");
    site.build(&[]);
    std::fs::remove_file(site.root.join("content/2023-autumn/qunzu.md")).unwrap();
    site.build(&[]);
    assert!(!site.exists("2023-autumn/qunzu/index.html"));
    assert!(!site.read("areas/fangda/index.html").contains("qunzu"));
}

#[test]
fn template_override_from_root_templates() {
    let site = Site::fixture("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>自定义404</h1>{% endblock content %}",
    );
    site.build(&[]);
    assert!(site.read("404.html").contains("自定义404"));
}

#[test]
fn slug_collision_fails_naming_both_files() {
    let site = Site::fixture("basic");
    site.write(
        "content/2023-autumn/other.md",
        "+++\ntitle = \"x\"\ndate = \"2023\"\narea = \"纺大\"\nslug = \"qunzu\"\n+++\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/2023-autumn/qunzu.md")
            && err.contains("content/2023-autumn/other.md"),
        "{err}"
    );
    assert!(!site.public().exists());
}

#[test]
fn new_scaffolds_a_case_that_builds() {
    let site = Site::fixture("basic");
    let out = site.run(&[
        "new",
        "2025-winter/fangda-new",
        "--area",
        "纺大",
        "--date",
        "2025-01",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(site.root.join("content/2025-winter/fangda-new.md")).unwrap();
    for field in [
        "title",
        "date",
        "area",
        "forces",
        "governance",
        "partners",
        "tags",
        "summary",
        "authors",
        "figures",
    ] {
        assert!(text.contains(field), "scaffold lacks {field}");
    }
    assert!(
        text.contains("title = \"fangda-new\""),
        "the slug is the title:\n{text}"
    );
    assert!(
        text.contains("\ndraft = true"),
        "a draft until she says:\n{text}"
    );
    // The scaffold never breaks the build, and the draft is not published.
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.exists("2025-winter/fangda-new/index.html"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.exists("2025-winter/fangda-new/index.html"));
    let out = site.run(&["new", "2025-winter/fangda-new", "--area", "纺大"]);
    assert_eq!(out.status.code(), Some(1), "refuses to overwrite");
}

#[test]
fn long_lists_are_paginated() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace("base_url", "paginate_by = 1\nbase_url"),
    );
    site.build(&[]);
    let first = site.read("areas/fangda/index.html");
    assert!(first.contains("纺大：菜市场扶手") && !first.contains("纺大：整治群租"));
    assert!(first.contains("<a rel=\"next\" href=\"/areas/fangda/page/2/\">"));
    let second = site.read("areas/fangda/page/2/index.html");
    assert!(
        second.contains("纺大：整治群租")
            && second.contains("<a rel=\"prev\" href=\"/areas/fangda/\">")
    );
    assert!(site.exists("2024-spring/page/2/index.html"));
    assert!(site.exists("partners/shequminjing/page/2/index.html"));
    let broken = broken_links(&site.public(), "/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}
