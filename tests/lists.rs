//! Every list complete and linked: each list of cases (home, issue, area, force, governance
//! mode, matrix cell, partner, tag) is paginated with `rel=prev/next` in the head and
//! numbered page links, and following `next` reaches exactly the cases that name the list;
//! tags have pages and an index, issues an index with dates; areas and forces have Atom
//! feeds linked from their pages; area pages group their cases by year.

mod common;
use common::*;
use std::collections::BTreeSet;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The Atom child element `name` of `n`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", n.tag_name().name()))
}

/// The basic fixture with two cases a page and eleven more cases of 纺大 over three
/// years, tagged with two spellings of one tag.
fn site() -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write("config.toml", &format!("paginate_by = 2\n{config}"));
    for n in 0..11 {
        let year = 2022 + n % 3;
        let tag = if n % 2 == 0 {
            "PM2.5"
        } else {
            "ｐｍ２．５"
        };
        site.write(
            &format!("content/2024-spring/gen-{n:02}.md"),
            &format!(
                "+++\ntitle = \"纺大：第{n}件\"\ndate = \"{year}-0{}-01\"\narea = \"纺大\"\n\
                 forces = [\"社区\"]\ngovernance = [\"自治\"]\npartners = [\"物业\"]\n\
                 tags = [\"{tag}\"]\n+++\n\n第{n}件事。\n",
                1 + n % 9
            ),
        );
    }
    site.build(&[]);
    site
}

/// The value of `attr="…"` in the first tag of `html` starting with `start`.
fn attr_of(html: &str, start: &str, attr: &str) -> Option<String> {
    let i = html.find(start)?;
    let tag = &html[i..i + html[i..].find('>')?];
    let key = format!("{attr}=\"");
    let j = tag.find(&key)? + key.len();
    Some(tag[j..j + tag[j..].find('"')?].to_string())
}

/// The file of a site URL (`/areas/fangda/` → `areas/fangda/index.html`).
fn file(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The cases a list page shows: the links of its case items' headings, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<li class=\"case-item\">")
        .skip(1)
        .map(|item| attr_of(item, "<a ", "href").expect("a case link"))
        .collect()
}

/// Follows a list from its first page through `<link rel="next">`, checking each page's
/// pager; returns every case it lists, in order.
fn crawl(site: &Site, first: &str) -> Vec<String> {
    let mut url = first.to_string();
    let mut prev: Option<String> = None;
    let mut cases = Vec::new();
    for number in 1.. {
        let html = site.read(&file(&url));
        let head = &html[..html.find("</head>").unwrap()];
        assert_eq!(
            attr_of(head, "<link rel=\"prev\"", "href"),
            prev,
            "{url}: rel=prev"
        );
        let next = attr_of(head, "<link rel=\"next\"", "href");
        if prev.is_some() || next.is_some() {
            let nav = &html[html
                .find("<nav class=\"pagination\"")
                .unwrap_or_else(|| panic!("{url}: no numbered pager"))..];
            assert!(
                nav.contains(&format!("<span aria-current=\"page\">{number}</span>")),
                "{url}: page {number} not marked current"
            );
            if let Some(n) = &next {
                assert!(nav.contains(&format!("<a rel=\"next\" href=\"{n}\"")));
                assert!(nav.contains(&format!("<a href=\"{n}\">{}</a>", number + 1)));
            }
            if number > 1 {
                assert!(url.ends_with(&format!("page/{number}/")), "{url}");
            }
        }
        let on_page = listed(&html);
        assert!(!on_page.is_empty() && on_page.len() <= 2, "{url}");
        cases.extend(on_page);
        prev = Some(url.clone());
        match next {
            Some(n) => url = n,
            None => break,
        }
    }
    cases
}

/// Every case page: its URL and its article (where it links its issue, area, forces,
/// governance modes, partners and tags).
fn case_articles(site: &Site) -> Vec<(String, String)> {
    let public = site.public();
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        if let Some(i) = html.find("<article class=\"case\">") {
            let rel = e.path().parent().unwrap().strip_prefix(&public).unwrap();
            let url = format!("/{}/", rel.to_string_lossy());
            let article = &html[i..html[i..].find("</article>").unwrap() + i];
            v.push((url, article.to_string()));
        }
    }
    v
}

/// The cases whose page links to every one of `urls`.
fn naming(articles: &[(String, String)], urls: &[&str]) -> BTreeSet<String> {
    articles
        .iter()
        .filter(|(_, a)| urls.iter().all(|u| a.contains(&format!("href=\"{u}\""))))
        .map(|(url, _)| url.clone())
        .collect()
}

#[test]
fn every_list_is_paginated_and_reaches_each_of_its_cases() {
    let site = site();
    let articles = case_articles(&site);
    assert_eq!(articles.len(), 14);
    let force = "/wushe/shequ/";
    let lists: &[(&str, &[&str])] = &[
        ("/", &[]),
        ("/2024-spring/", &["/2024-spring/"]),
        ("/areas/fangda/", &["/areas/fangda/"]),
        (force, &[force]),
        ("/wuzhi/zizhi/", &["/wuzhi/zizhi/"]),
        ("/wushe/shequ/fangda/", &[force, "/areas/fangda/"]),
        ("/partners/wuye/", &["/partners/wuye/"]),
        ("/tags/pm2-5/", &["/tags/pm2-5/"]),
    ];
    for (first, names) in lists {
        let got = crawl(&site, first);
        let unique: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(unique.len(), got.len(), "{first}: a case listed twice");
        let want = naming(&articles, names);
        assert!(want.len() > 4, "{first}: {} cases", want.len());
        assert_eq!(unique, want, "{first}");
        // The count the first page states.
        let html = site.read(&file(first));
        assert!(
            html.contains(&format!("（{}）", want.len()))
                || html.contains(&format!("共 {} 个", want.len())),
            "{first}: the page does not state {} cases",
            want.len()
        );
    }
}

#[test]
fn tags_link_to_their_pages_and_an_index() {
    let site = site();
    // Two spellings, one slug, one page named by the spelling most cases use.
    let page = site.read("tags/pm2-5/index.html");
    assert!(
        page.contains("<h1>PM2.5 <small>关键词</small></h1>"),
        "{page}"
    );
    assert!(page.contains("案例（11）"));
    let case = site.read("2024-spring/gen-01/index.html");
    assert!(case.contains("<a class=\"chip tag\" href=\"/tags/pm2-5/\">ｐｍ２．５</a>"));
    let case = site.read("2024-spring/caishichang/index.html");
    assert!(case.contains("<a class=\"chip tag\" href=\"/tags/caishichang/\">菜市场</a>"));
    let index = site.read("tags/index.html");
    let pm = index.find("href=\"/tags/pm2-5/\">PM2.5</a> <span class=\"count\">11</span>");
    let market =
        index.find("href=\"/tags/caishichang/\">菜市场</a> <span class=\"count\">1</span>");
    assert!(pm.is_some() && market.is_some(), "{index}");
    assert!(pm < market, "most cases first");
    // Linked from every page's footer, and listed in the sitemap.
    assert!(site.read("areas/index.html").contains("href=\"/tags/\""));
    let sitemap = site.read("sitemap.xml");
    for loc in ["tags/", "tags/pm2-5/", "tags/caishichang/", "issues/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{loc}</loc>")),
            "{loc}"
        );
    }
}

#[test]
fn the_issues_index_lists_every_issue_with_its_date_and_is_in_the_navigation() {
    let site = site();
    let index = site.read("issues/index.html");
    let spring = index
        .find("<a href=\"/2024-spring/\">")
        .expect("2024-spring listed");
    let autumn = index
        .find("<a href=\"/2023-autumn/\">")
        .expect("2023-autumn listed");
    assert!(spring < autumn, "newest first");
    assert!(index.contains("<h2 id=\"y2024\">2024年</h2>"));
    assert!(index.contains("<h2 id=\"y2023\">2023年</h2>"));
    assert!(index.contains("<time datetime=\"2024-03\">"), "{index}");
    for page in [
        "index.html",
        "2024-spring/caishichang/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        let nav = &html[html.find("aria-label=\"主导航\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert!(nav.contains("<a href=\"/issues/\">往期</a>"), "{page}");
    }
    // The home page's 往期 list shows each issue's date.
    let home = site.read("index.html");
    let issues = &home[home.find("id=\"issues-title\"").unwrap()..];
    assert!(issues.contains("<a href=\"/2023-autumn/\">"));
    assert!(issues.contains("<time datetime=\"2023"), "{issues}");
}

#[test]
fn areas_and_forces_have_feeds_linked_from_their_pages() {
    let site = site();
    let articles = case_articles(&site);
    for (page, feed, names) in [
        ("/areas/fangda/", "areas/fangda/atom.xml", "/areas/fangda/"),
        ("/wushe/shequ/", "wushe/shequ/atom.xml", "/wushe/shequ/"),
    ] {
        let html = site.read(&file(page));
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
                && head.contains(&format!("href=\"/{feed}\">")),
            "{page}: no feed link in {head}"
        );
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert!(root.has_tag_name((ATOM, "feed")), "{feed}");
        assert_eq!(
            child(root, "id").text(),
            Some(format!("https://example.org/{feed}").as_str())
        );
        let alternate = root
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
            .unwrap();
        assert_eq!(
            alternate.attribute("href"),
            Some(format!("https://example.org{page}").as_str())
        );
        let entries: Vec<String> = root
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .map(|e| child(e, "id").text().unwrap().to_string())
            .collect();
        // Every case of the list (fewer than 20), newest first like the list itself.
        let want = naming(&articles, &[names]);
        let listed: Vec<String> = crawl(&site, page)
            .into_iter()
            .map(|u| format!("https://example.org{u}"))
            .collect();
        assert_eq!(entries.len(), want.len(), "{feed}");
        assert_eq!(entries, listed, "{feed}: entries in list order");
        for e in root.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
            for name in ["title", "updated", "author", "content"] {
                child(e, name);
            }
        }
    }
    // The site's feed is unchanged in form; an area with no case has no feed.
    assert!(site.exists("atom.xml"));
    assert!(!site.exists("areas/ziyun/atom.xml"));
    assert!(
        !site
            .read("areas/ziyun/index.html")
            .contains("areas/ziyun/atom.xml")
    );
}

#[test]
fn area_pages_group_their_cases_by_year_newest_first() {
    let site = site();
    let mut years_seen = Vec::new();
    let mut url = "/areas/fangda/".to_string();
    loop {
        let html = site.read(&file(&url));
        // Each group: a year heading, then cases of that year.
        for group in html.split("<h3 class=\"year\" id=\"y").skip(1) {
            let year: i32 = group[..4].parse().unwrap();
            if years_seen.last() != Some(&year) {
                years_seen.push(year);
            }
            let list = &group[..group.find("</ol>").unwrap()];
            let dates: Vec<&str> = list
                .split("<time datetime=\"")
                .skip(1)
                .map(|d| &d[..4])
                .collect();
            assert!(!dates.is_empty(), "{url}: an empty year");
            assert!(
                dates.iter().all(|d| *d == year.to_string()),
                "{url}: {year}: {dates:?}"
            );
            assert!(
                list.contains("<h4><a href="),
                "{url}: case headings under the year's"
            );
        }
        match attr_of(&html, "<link rel=\"next\"", "href") {
            Some(n) => url = n,
            None => break,
        }
    }
    assert_eq!(years_seen, vec![2024, 2023, 2022]);
    // The first page's index of years points at the page where each year starts.
    let first = site.read("areas/fangda/index.html");
    let years = &first[first.find("<nav class=\"years\"").unwrap()..];
    for y in [2024, 2023, 2022] {
        let link = years
            .split("<a href=\"")
            .skip(1)
            .find(|l| l.contains(&format!(">{y}年</a>")))
            .unwrap();
        let target = &link[..link.find('"').unwrap()];
        let (page, anchor) = target.split_once('#').unwrap();
        assert_eq!(anchor, format!("y{y}"));
        assert!(
            site.read(&file(page))
                .contains(&format!("<h3 class=\"year\" id=\"y{y}\">")),
            "{target}"
        );
    }
}
