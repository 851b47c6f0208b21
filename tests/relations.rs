//! The 五社联动 relationship index on a fixture with known tags: matrix, co-occurrence,
//! partner pages, relations.json, the SVG diagram, and `check`'s untagged mentions.

mod common;
use common::*;
use serde_json::{Value, json};

fn built() -> Site {
    let site = Site::fixture("relations");
    site.build(&[]);
    site
}

/// The matrix as (row header, cell texts) from the /wushe/ page.
fn matrix(html: &str) -> Vec<(String, Vec<String>)> {
    let start = html.find("<tbody>").unwrap();
    let end = html[start..].find("</tfoot>").unwrap() + start;
    let xml = format!("<t>{}</t>", &html[start..end + 8]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            let cells: Vec<String> = tr
                .children()
                .filter(|c| c.is_element())
                .map(|c| {
                    // The count, less its column's label (shown on phones only).
                    c.descendants()
                        .filter(|d| d.is_text())
                        .filter(|d| !d.ancestors().any(|a| a.attribute("class") == Some("cl")))
                        .filter_map(|d| d.text())
                        .collect::<String>()
                })
                .collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect()
}

#[test]
fn matrix_counts_and_totals_are_exact() {
    let site = built();
    let m = matrix(&site.read("wushe/index.html"));
    // Columns: 社区 社会组织 社会工作者 社区志愿者 社会慈善资源 | 政治 自治 法治 德治 智治 | 合计
    let row = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        m[0],
        (
            "甲".into(),
            row(&["2", "1", "0", "1", "0", "0", "2", "1", "0", "0", "2"])
        )
    );
    assert_eq!(
        m[1],
        (
            "乙".into(),
            row(&["1", "0", "0", "1", "0", "0", "0", "0", "1", "0", "1"])
        )
    );
    assert_eq!(
        m[2],
        (
            "丙".into(),
            row(&["0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "1"])
        )
    );
    assert_eq!(
        m[3],
        (
            "合计".into(),
            row(&["3", "1", "0", "2", "1", "0", "2", "1", "1", "0", "4"])
        )
    );
    let html = site.read("wushe/index.html");
    assert!(
        html.contains("<td><a href=\"/wushe/shequ/jia/\"><span class=\"cl\">社区</span>2</a></td>"),
        "cells link to their cases"
    );
    let cell = site.read("wushe/shequ/jia/index.html");
    assert!(cell.contains("甲一") && cell.contains("甲二") && !cell.contains("乙一"));
    assert!(site.read("wuzhi/fazhi/jia/index.html").contains("甲二"));
    assert!(
        !site.exists("wuzhi/fazhi/yi/index.html"),
        "no page for an empty cell"
    );
}

#[test]
fn force_pages_show_definition_cases_and_cooccurrence() {
    let site = built();
    let html = site.read("wushe/shequ/index.html");
    assert!(
        html.contains("居民委员会、居民区党组织和居民区本身"),
        "definition from config defaults"
    );
    assert!(html.contains("共 3 个案例，分布在 2 个居民区"));
    let with = html.find("最常协同的五社力量").unwrap();
    let vol = html[with..]
        .find("社区志愿者</a> <span class=\"count\">2</span>")
        .map(|i| i + with);
    let org = html[with..]
        .find("社会组织</a> <span class=\"count\">1</span>")
        .map(|i| i + with);
    assert!(
        vol.is_some() && org.is_some() && vol < org,
        "co-occurrence counts, most first"
    );
    assert!(
        html.contains("<a href=\"/wushe/shequ/jia/\">甲</a> <span class=\"count\">2</span>"),
        "areas with counts"
    );
    let gov = site.read("wuzhi/zizhi/index.html");
    assert!(gov.contains("甲一") && gov.contains("甲二") && !gov.contains("乙一"));
}

#[test]
fn partners_are_normalised_through_aliases() {
    let site = built();
    let list = site.read("partners/index.html");
    assert!(
        list.contains("社区民警</a> <span class=\"count\">2</span>"),
        "派出所民警 counted as 社区民警"
    );
    assert!(!list.contains("派出所民警"));
    let police = site.read("partners/shequminjing/index.html");
    assert!(police.contains("甲一") && police.contains("乙一"));
    assert!(police.contains("/areas/jia/\">甲</a> <span class=\"count\">1</span>"));
    assert!(police.contains("/areas/yi/\">乙</a> <span class=\"count\">1</span>"));
}

#[test]
fn relations_json_is_exact() {
    let site = built();
    let v: Value = serde_json::from_str(&site.read("relations.json")).unwrap();
    assert_eq!(v["format"], "shequ-relations");
    assert_eq!(v["cases"].as_array().unwrap().len(), 4);
    assert_eq!(
        v["cases"][0],
        json!({"title": "丙一", "url": "https://example.org/2024-01/c4/", "date": "2024-01-04", "issue": "2024年1月",
               "area": "丙", "forces": ["社会慈善资源"], "governance": [], "partners": ["业委会"]})
    );
    let edges = &v["edges"];
    assert_eq!(
        edges["area_force"],
        json!([
            {"from": "甲", "to": "社区", "cases": 2}, {"from": "甲", "to": "社会组织", "cases": 1},
            {"from": "甲", "to": "社区志愿者", "cases": 1}, {"from": "乙", "to": "社区", "cases": 1},
            {"from": "乙", "to": "社区志愿者", "cases": 1}, {"from": "丙", "to": "社会慈善资源", "cases": 1}
        ])
    );
    assert_eq!(
        edges["force_force"],
        json!([{"from": "社区", "to": "社会组织", "cases": 1}, {"from": "社区", "to": "社区志愿者", "cases": 2}])
    );
    assert_eq!(
        edges["partner_area"],
        json!([
            {"from": "社区民警", "to": "甲", "cases": 1}, {"from": "社区民警", "to": "乙", "cases": 1},
            {"from": "物业", "to": "甲", "cases": 2}, {"from": "业委会", "to": "丙", "cases": 1}
        ])
    );
    assert_eq!(
        edges["force_governance"],
        json!([
            {"from": "社区", "to": "自治", "cases": 2}, {"from": "社会组织", "to": "自治", "cases": 1},
            {"from": "社区志愿者", "to": "自治", "cases": 1}, {"from": "社区", "to": "法治", "cases": 1},
            {"from": "社会组织", "to": "法治", "cases": 1}, {"from": "社区", "to": "德治", "cases": 1},
            {"from": "社区志愿者", "to": "德治", "cases": 1}
        ])
    );
    assert_eq!(v["forces"][0]["cases"], 3);
    // Partners by case count, ties by slug.
    assert_eq!(
        v["partners"][0],
        json!({"name": "社区民警", "slug": "shequminjing", "url": "https://example.org/partners/shequminjing/", "cases": 2})
    );
    assert_eq!(v["partners"][1]["name"], "物业");
}

fn svg_of(html: &str) -> String {
    let start = html.find("<svg").unwrap();
    let end = html.find("</svg>").unwrap() + 6;
    html[start..end].to_string()
}

#[test]
fn diagram_is_xml_and_every_node_is_a_link() {
    let site = built();
    let svg = svg_of(&site.read("wushe/index.html"));
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses as XML");
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(
        links.len(),
        10 + 3,
        "ten dimensions and three areas: {links:?}"
    );
    for l in &links {
        let rel = l.trim_start_matches('/');
        assert!(
            site.exists(&format!("{rel}index.html")),
            "{l} does not resolve"
        );
    }
    // Each node is a group holding its link and its lines: the areas' groups the visible
    // lines, the dimensions' groups hidden copies to show on hover or focus.
    let lines = |class: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("path"))
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with(class)))
            .count()
    };
    assert_eq!(
        lines("dg-e dg-hl "),
        6 + 3,
        "one line per (dimension, area) pair with cases"
    );
    assert_eq!(lines("dg-e "), 2 * (6 + 3));
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        assert!(g.attribute("class").unwrap().starts_with("dg-n "));
        assert_eq!(
            g.children().filter(|c| c.has_tag_name("a")).count(),
            1,
            "one node per group"
        );
    }
    assert!(
        svg.contains("role=\"group\""),
        "a group, not an img: its links stay reachable"
    );
    let html = site.read("wushe/index.html");
    assert!(html.contains("最细的线是 1 个案例，<span class=\"dg-key dg-key-thick\" aria-hidden=\"true\"></span>最粗的是 2 个"));
}

#[test]
fn diagram_stays_legible_with_80_areas() {
    let site = Site::fixture("relations");
    site.declare_areas((0..80).map(|i| format!("区{i:02}")));
    for i in 0..80 {
        site.write(
            &format!("content/2024-01/many{i}.md"),
            &format!("+++\ntitle = \"案例{i}\"\ndate = \"2024\"\narea = \"区{i:02}\"\nforces = [\"社区\"]\n+++\n"),
        );
    }
    site.build(&[]);
    let html = site.read("wushe/index.html");
    let svg = svg_of(&html);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(view[2] <= 400.0, "drawn for a phone: {view:?}");
    // The 12 areas with most cases (甲 first, with 2), then one node for the other 71.
    let areas: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("dg-n dg-area"))
        .map(|g| g.descendants().find(|d| d.has_tag_name("a")).unwrap())
        .map(|a| a.attribute("aria-label").unwrap())
        .collect();
    assert_eq!(areas.len(), 12, "{areas:?}");
    assert_eq!(areas[0], "甲：2 个案例");
    assert!(svg.contains(">其余 71 个居民区</text>"));
    assert!(html.contains("图中只画出案例最多的 12 个居民区，其余 71 个居民区见上方表格。"));
    let mut ys: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor").is_none())
        .filter(|n| n.attribute("class").is_none())
        .map(|t| t.attribute("y").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ys.len(), 13);
    ys.sort_by(f64::total_cmp);
    let min_gap = ys.windows(2).map(|w| w[1] - w[0]).fold(f64::MAX, f64::min);
    assert!(
        min_gap >= 20.0,
        "labels 13px high must not overlap: gap {min_gap}"
    );
    assert!(ys.iter().all(|&y| y > 13.0 && y < view[3]));
    // The matrix still lists every area with a case: 83 rows.
    assert_eq!(matrix(&html).len(), 83 + 1);
}

#[test]
fn case_page_lists_related_cases_by_what_they_share_with_why() {
    let site = built();
    let html = site.read("2024-01/c1/index.html");
    let related = &html[html
        .find("<h2 id=\"related\">相关案例</h2>")
        .expect("related section")..];
    let related = &related[..related.find("</section>").unwrap()];
    // 甲二 shares the area, a partner and a mode with 甲一; 乙一 a partner and a force;
    // 丙一 nothing.
    let (jia, yi) = (related.find("甲二").unwrap(), related.find("乙一").unwrap());
    assert!(jia < yi, "{related}");
    assert!(!related.contains("丙一"), "{related}");
    assert!(related[jia..yi].contains("相关之处：同在甲"), "{related}");
    assert!(related[yi..].contains("均有社区民警参与"), "{related}");
}

#[test]
fn check_warns_about_untagged_mentions() {
    let site = Site::fixture("relations");
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("the text mentions 志愿者 (force 社区志愿者) but `forces` does not list it"),
        "{err}"
    );
    assert!(err.contains("content/2024-01/c4.md:9:"), "{err}");
    assert!(
        err.contains("the text mentions 微信群 (governance mode 智治)"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 errors, 2 warnings"));
}

#[test]
fn unknown_force_suggests_closest() {
    let site = Site::fixture("relations");
    site.write(
        "content/2024-01/c5.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"甲\"\nforces = [\"社工者\"]\n+++\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("did you mean \"社会工作者\"?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn matrix_sorts_without_javascript() {
    let site = built();
    let by_charity = matrix(&site.read("wushe/sort/shehui-cishan-ziyuan/index.html"));
    let order: Vec<&str> = by_charity.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(order, ["丙", "甲", "乙", "合计"]);
    let by_total = matrix(&site.read("wushe/sort/total/index.html"));
    assert_eq!(by_total[0].0, "甲");
    let html = site.read("wushe/sort/zizhi/index.html");
    assert!(html.contains("aria-sort=\"descending\""));
    assert!(!html.contains("<script"), "sorting needs no JavaScript");
}
