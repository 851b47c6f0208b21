//! The bundled 2023 天山路 newsletter builds whole: every case and area has its page, and
//! the home page links to all of them.

mod common;
use common::*;

fn case_slugs() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join("content/2023-tianshan"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn bundled_archive_is_complete_and_linked_from_home() {
    let site = Site::bundled();
    site.build(&[]);
    let home = site.read("index.html");
    let home_links = links(&home);
    let slugs = case_slugs();
    assert_eq!(slugs.len(), 10, "ten stories: {slugs:?}");
    for slug in &slugs {
        let page = format!("2023-tianshan/{slug}/index.html");
        assert!(site.exists(&page), "missing {page}");
        let url = format!("/2023-tianshan/{slug}/");
        assert!(home_links.contains(&url), "home does not link to {url}");
        let html = site.read(&page);
        assert!(
            !html.contains("**"),
            "{page} shows unclosed Markdown emphasis"
        );
    }
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("config.toml")).unwrap()).unwrap();
    let areas = config["areas"].as_table().unwrap();
    assert_eq!(areas.len(), 13);
    for (name, conf) in areas {
        let slug = conf["slug"].as_str().unwrap();
        let url = format!("/areas/{slug}/");
        assert!(
            site.exists(&format!("areas/{slug}/index.html")),
            "missing area page for {name}"
        );
        assert!(
            home_links.contains(&url),
            "home does not link to area {name} ({url})"
        );
    }
    let broken = broken_links(&site.public(), "/", "https://tianshanlu.example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn photo_captions_appear_on_their_areas() {
    let site = Site::bundled();
    site.build(&[]);
    assert!(
        site.read("areas/ziyun/index.html")
            .contains("防空洞通风口绿化微改造")
    );
    assert!(
        site.read("areas/tianshan-ercun/index.html")
            .contains("时光·共享家")
    );
    assert!(
        site.read("areas/xinguang/index.html")
            .contains("573弄19号21号两台电梯竣工")
    );
}

#[test]
fn lost_text_is_marked_and_traditional_characters_kept() {
    let site = Site::bundled();
    site.build(&[]);
    let yuping = site.read("2023-tianshan/yuping/index.html");
    assert!(yuping.contains("编者注：此处原文缺失"));
    let tianyi = site.read("2023-tianshan/tianyi/index.html");
    assert!(tianyi.contains("汗流浹背") && tianyi.contains("情緒"));
    assert!(
        site.read("2023-tianshan/index.html")
            .contains("本报编撰、摄影 姚志康")
    );
}

#[test]
fn bundled_content_checks_clean() {
    let site = Site::bundled();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}
