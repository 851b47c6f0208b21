//! The default theme's output as a host, a feed reader and a share card see it: the Atom
//! feed and the sitemap parse and point at existing pages, every page carries its share
//! metadata, and nothing is loaded from another host.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The bundled site and the basic fixture, each built at the root of its host and under a
/// sub-path, with the base URL each was built for.
fn sites() -> Vec<(Site, &'static str)> {
    let mut v = Vec::new();
    for (site, base) in [
        (Site::bundled(), "https://tianshanlu.example.org/"),
        (Site::fixture("basic"), "https://example.org/"),
        (Site::bundled(), "https://example.org/archive/"),
        (Site::fixture("basic"), "https://example.org/archive/"),
    ] {
        site.build(&["--base-url", base]);
        v.push((site, base));
    }
    v
}

/// The file an absolute URL of the site is served from, if it exists.
fn served(public: &Path, base: &str, url: &str) -> Option<PathBuf> {
    let rel = url.strip_prefix(base)?;
    let rel = rel.split(['#', '?']).next().unwrap();
    let file = if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    };
    file.is_file().then_some(file)
}

/// Every HTML page of the output, as (path relative to the output, text).
fn pages(public: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().and_then(|x| x.to_str()) == Some("html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The permalink a page at `rel` (`a/b/index.html`, `404.html`) must announce.
fn permalink(base: &str, rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("{base}{dir}"),
        None => format!("{base}{rel}"),
    }
}

/// Decodes the five entities Tera's escaping produces (and `&#x2F;`).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The start tags `<name …>` of a page, each as its attribute list (values unescaped).
fn tags(html: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find('>').expect("a closed tag");
        let mut attrs = Vec::new();
        let mut s = rest[..end].trim_end_matches('/').trim();
        while !s.is_empty() {
            let (key, tail) = s.split_at(s.find(['=', ' ']).unwrap_or(s.len()));
            if let Some(tail) = tail.strip_prefix("=\"") {
                let close = tail.find('"').expect("a closed attribute value");
                attrs.push((key.to_string(), unescape(&tail[..close])));
                s = tail[close + 1..].trim_start();
            } else {
                attrs.push((key.to_string(), String::new()));
                s = tail.trim_start();
            }
        }
        out.push(attrs);
        rest = &rest[end..];
    }
    out
}

fn attr<'a>(tag: &'a [(String, String)], name: &str) -> Option<&'a str> {
    tag.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The `content` of every `<meta {key}="{value}">` of a page.
fn meta(html: &str, key: &str, value: &str) -> Vec<String> {
    tags(html, "meta")
        .iter()
        .filter(|t| attr(t, key) == Some(value))
        .filter_map(|t| attr(t, "content").map(str::to_string))
        .collect()
}

/// The Atom child element `tag` of `n`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.has_tag_name((ATOM, tag)))
        .unwrap_or_else(|| panic!("<{tag}> missing in <{}>", n.tag_name().name()))
}

fn one(page: &str, what: &str, mut v: Vec<String>) -> String {
    assert_eq!(v.len(), 1, "{page}: {what} should appear once: {v:?}");
    v.pop().unwrap()
}

#[test]
fn atom_feed_parses_and_every_entry_links_an_existing_page() {
    for (site, base) in sites() {
        let public = site.public();
        let text = site.read("atom.xml");
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{base}: atom.xml does not parse: {e}"));
        let feed = doc.root_element();
        assert!(
            feed.has_tag_name((ATOM, "feed")),
            "{base}: root is not an Atom feed"
        );
        let rfc3339 = |s: &str| {
            // 2024-03-05T00:00:00+08:00
            let b = s.as_bytes();
            s.len() >= 20
                && b[4] == b'-'
                && b[7] == b'-'
                && b[10] == b'T'
                && b[13] == b':'
                && b[16] == b':'
                && (s.ends_with('Z') || b[s.len() - 3] == b':')
        };
        assert!(child(feed, "title").text().is_some_and(|t| !t.is_empty()));
        assert!(rfc3339(child(feed, "updated").text().unwrap()));
        assert_eq!(
            child(feed, "id").text(),
            Some(format!("{base}atom.xml").as_str())
        );
        let links: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "link")))
            .collect();
        let self_link = links
            .iter()
            .find(|l| l.attribute("rel") == Some("self"))
            .expect("a self link");
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("{base}atom.xml").as_str())
        );
        assert!(served(&public, base, self_link.attribute("href").unwrap()).is_some());
        let alternate = links
            .iter()
            .find(|l| l.attribute("rel") == Some("alternate"))
            .expect("an alternate link");
        assert_eq!(alternate.attribute("href"), Some(base));
        assert!(served(&public, base, base).is_some());

        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .collect();
        assert!(!entries.is_empty(), "{base}: the feed has no entries");
        let mut ids = std::collections::HashSet::new();
        for e in &entries {
            let id = child(*e, "id").text().unwrap();
            assert!(ids.insert(id.to_string()), "{base}: entry id {id} twice");
            assert!(rfc3339(child(*e, "updated").text().unwrap()), "{id}");
            assert!(child(*e, "title").text().is_some_and(|t| !t.is_empty()));
            assert!(
                child(child(*e, "author"), "name")
                    .text()
                    .is_some_and(|t| !t.is_empty())
            );
            let href = child(*e, "link").attribute("href").unwrap();
            assert_eq!(href, id, "an entry's id is its page's permalink");
            let page = served(&public, base, href)
                .unwrap_or_else(|| panic!("{base}: feed entry {href} has no page"));
            let html = std::fs::read_to_string(page).unwrap();
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"{}\">",
                    href.replace('&', "&amp;")
                )),
                "{href}: the page's canonical URL is not the feed's link"
            );
            let content = child(*e, "content");
            assert_eq!(content.attribute("type"), Some("html"));
        }
        // The feed's entries are the site's newest cases: every case of a small site.
        let cases = pages(&public)
            .iter()
            .filter(|(_, html)| html.contains("<article class=\"case\">"))
            .count();
        assert_eq!(entries.len(), cases.min(50), "{base}");
    }
}

#[test]
fn sitemap_parses_and_lists_existing_pages_only() {
    for (site, base) in sites() {
        let public = site.public();
        let text = site.read("sitemap.xml");
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{base}: sitemap.xml does not parse: {e}"));
        let root = doc.root_element();
        assert!(
            root.has_tag_name((SITEMAP, "urlset")),
            "{base}: not a urlset"
        );
        let mut locs = Vec::new();
        for url in root.children().filter(|c| c.is_element()) {
            assert!(url.has_tag_name((SITEMAP, "url")), "{base}: {url:?}");
            let loc = url
                .children()
                .find(|c| c.has_tag_name((SITEMAP, "loc")))
                .and_then(|l| l.text())
                .expect("a <loc>");
            if let Some(lastmod) = url
                .children()
                .find(|c| c.has_tag_name((SITEMAP, "lastmod")))
            {
                // W3C Datetime as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD.
                let d = lastmod.text().unwrap();
                let ok = matches!(d.len(), 4 | 7 | 10)
                    && d.split('-').all(|p| p.bytes().all(|b| b.is_ascii_digit()));
                assert!(ok, "{base}: lastmod {d:?} of {loc}");
            }
            let file = served(&public, base, loc)
                .unwrap_or_else(|| panic!("{base}: sitemap lists {loc}, which has no page"));
            assert!(file.extension().is_some_and(|x| x == "html"), "{loc}");
            locs.push(loc.to_string());
        }
        let unique: std::collections::HashSet<_> = locs.iter().collect();
        assert_eq!(unique.len(), locs.len(), "{base}: a URL listed twice");
        // Every page is listed but the 404 page, later pages of a list, the sorted
        // matrices and the matrix cells' lists (wushe/<force>/<area>/).
        for (rel, _) in pages(&public) {
            let depth = rel.matches('/').count();
            let left_out = rel == "404.html"
                || rel.contains("/page/")
                || rel.starts_with("wushe/sort/")
                || ((rel.starts_with("wushe/") || rel.starts_with("wuzhi/")) && depth == 3);
            assert_eq!(
                locs.contains(&permalink(base, &rel)),
                !left_out,
                "{base}: {rel} listed in the sitemap: {}",
                !left_out
            );
        }
        assert!(!locs.iter().any(|l| l.ends_with("404.html")));
        let robots = site.read("robots.txt");
        assert!(
            robots.contains(&format!("Sitemap: {base}sitemap.xml")),
            "{robots}"
        );
    }
}

#[test]
fn every_page_has_its_share_metadata() {
    for (site, base) in sites() {
        let all = pages(&site.public());
        assert!(all.len() > 40, "{base}: {} pages", all.len());
        for (rel, html) in &all {
            let page = format!("{base} {rel}");
            assert!(
                html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
                "{page}"
            );
            // One main heading and one main landmark.
            for name in ["h1", "main"] {
                let open = format!("<{name}");
                let n = html
                    .match_indices(&open)
                    .filter(|(i, _)| matches!(html.as_bytes()[i + open.len()], b' ' | b'>'))
                    .count();
                assert_eq!(n, 1, "{page}: {n} <{name}> elements");
            }
            let here = permalink(base, rel);
            let canonical: Vec<String> = tags(html, "link")
                .iter()
                .filter(|t| attr(t, "rel") == Some("canonical"))
                .filter_map(|t| attr(t, "href").map(str::to_string))
                .collect();
            assert_eq!(one(&page, "canonical", canonical), here, "{page}");
            assert_eq!(one(&page, "og:url", meta(html, "property", "og:url")), here);
            let title = html
                .split_once("<title>")
                .and_then(|(_, t)| t.split_once("</title>"))
                .map(|(t, _)| unescape(t))
                .expect("a <title>");
            assert!(!title.is_empty(), "{page}");
            // The share card's title is the page's own, without the site's long name
            // (which is og:site_name): share cards cut long titles.
            let share = one(&page, "og:title", meta(html, "property", "og:title"));
            let site_name = one(
                &page,
                "og:site_name",
                meta(html, "property", "og:site_name"),
            );
            if share != site_name {
                assert_eq!(format!("{share} · {site_name}"), title, "{page}");
            } else {
                assert_eq!(share, title, "{page}");
            }
            assert!(
                share.chars().count() <= 40,
                "{page}: og:title {share:?} is long"
            );
            let description = one(&page, "description", meta(html, "name", "description"));
            assert!(!description.trim().is_empty(), "{page}: empty description");
            assert_eq!(
                one(
                    &page,
                    "og:description",
                    meta(html, "property", "og:description")
                ),
                description,
                "{page}"
            );
            one(
                &page,
                "og:site_name",
                meta(html, "property", "og:site_name"),
            );
            assert_eq!(
                one(&page, "og:locale", meta(html, "property", "og:locale")),
                "zh_CN"
            );
            let og_type = one(&page, "og:type", meta(html, "property", "og:type"));
            let is_case = html.contains("<article class=\"case\">");
            assert_eq!(
                og_type,
                if is_case { "article" } else { "website" },
                "{page}"
            );
            let images = meta(html, "property", "og:image");
            let card = one(&page, "twitter:card", meta(html, "name", "twitter:card"));
            assert_eq!(
                card,
                if images.is_empty() {
                    "summary"
                } else {
                    "summary_large_image"
                },
                "{page}"
            );
            for img in &images {
                assert!(
                    served(&site.public(), base, img).is_some(),
                    "{page}: og:image {img} does not resolve"
                );
            }
            assert_eq!(
                meta(html, "name", "robots") == ["noindex"],
                rel == "404.html",
                "{page}: only the 404 page is noindex"
            );
        }
    }
}

#[test]
fn a_case_with_a_photo_shares_it_and_one_without_does_not() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let photo = site.read("2024-spring/dianti/index.html");
    assert_eq!(
        meta(&photo, "property", "og:image"),
        ["https://example.org/2024-spring/dianti/photo-32.jpg"]
    );
    // The processed JPEG (src/photos), never the original.
    assert!(site.exists("2024-spring/dianti/photo-32.jpg"));
    assert!(!site.exists("2024-spring/dianti/photo.png"));
    let plain = site.read("2024-spring/caishichang/index.html");
    assert!(meta(&plain, "property", "og:image").is_empty());
    assert_eq!(
        meta(&plain, "property", "og:description"),
        ["为菜市场安装防滑扶手。"]
    );
}

#[test]
fn nothing_is_loaded_from_another_host() {
    for (site, base) in sites() {
        let public = site.public();
        let path = base.split_once("://").unwrap().1;
        let path = &path[path.find('/').unwrap()..];
        for (rel, html) in pages(&public) {
            let page = format!("{base} {rel}");
            let mut loaded: Vec<String> = Vec::new();
            for name in [
                "script", "img", "iframe", "source", "video", "audio", "embed",
            ] {
                for t in tags(&html, name) {
                    loaded.extend(attr(&t, "src").map(str::to_string));
                    // A photo's files: `url 480w, url 960w`.
                    for candidate in attr(&t, "srcset").unwrap_or_default().split(", ") {
                        let url = candidate.split(' ').next().unwrap_or_default();
                        loaded.extend((!url.is_empty()).then(|| url.to_string()));
                    }
                }
            }
            for t in tags(&html, "link") {
                let rel_attr = attr(&t, "rel").unwrap_or_default();
                if ["canonical", "alternate", "prev", "next"].contains(&rel_attr) {
                    continue;
                }
                loaded.extend(attr(&t, "href").map(str::to_string));
            }
            for url in loaded {
                let local = url.starts_with(path) || url.starts_with("data:");
                assert!(local, "{page} loads {url}");
                if !url.starts_with("data:") {
                    assert!(
                        served(&public, path, &url).is_some(),
                        "{page}: {url} is missing"
                    );
                }
            }
        }
    }
}

#[test]
fn the_stylesheet_is_small_hashed_and_self_contained() {
    let site = Site::bundled();
    site.build(&[]);
    let home = site.read("index.html");
    let css_links: Vec<String> = tags(&home, "link")
        .iter()
        .filter(|t| attr(t, "rel") == Some("stylesheet"))
        .filter_map(|t| attr(t, "href").map(str::to_string))
        .collect();
    let href = one("index.html", "stylesheet", css_links);
    // style.<10 hex digits>.css
    let name = href.trim_start_matches('/');
    let hash = name
        .strip_prefix("style.")
        .and_then(|n| n.strip_suffix(".css"))
        .expect("a hashed stylesheet name");
    assert!(
        hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{href}"
    );
    let css = site.read(name);
    assert_eq!(
        css,
        std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap()
    );
    assert!(css.len() < 20 * 1024, "style.css is {} bytes", css.len());
    for banned in [
        "@import",
        "@font-face",
        "url(http",
        "url(//",
        "url(\"http",
        "url('http",
    ] {
        assert!(!css.contains(banned), "style.css has {banned}");
    }
    // Dark mode, print, and the Chinese line-breaking rules are there.
    for needed in [
        "@media (prefers-color-scheme: dark)",
        "@media print",
        "line-break: strict",
        "\"PingFang SC\"",
        "\"Microsoft YaHei\"",
        "\"Noto Sans CJK SC\"",
        ":focus-visible",
    ] {
        assert!(css.contains(needed), "style.css lacks {needed}");
    }
}
