//! Warm builds keep pages whose fingerprint is unchanged. After any sequence of edits the
//! output must be byte-identical to a clean build of the same files.
//!
//! Longer than 600 lines because it is the one judge of incremental builds: every kind of
//! edit against every cache (page fingerprints, the dev server's model, the search index,
//! photos, the build record) in one place.

mod common;
use common::*;

/// Builds a fresh copy of the site's sources and compares it with the site's output.
fn assert_same_as_clean(site: &Site, step: &str) {
    assert_same_files(step, &site.snapshot(), &site.clean_build_of_copy());
}

fn rendered(out: &std::process::Output) -> usize {
    let s = String::from_utf8_lossy(&out.stdout);
    let i = s.find(" rendered)").expect("summary line");
    s[..i].rsplit('(').next().unwrap().parse().unwrap()
}

#[test]
fn warm_builds_render_only_what_changed_and_match_clean_builds() {
    let site = Site::fixture("basic");
    site.declare_areas(["新区"]);
    let first = site.build(&[]);
    let total = rendered(&first);
    let again = site.build(&[]);
    assert_eq!(rendered(&again), 0, "nothing changed, nothing rendered");
    assert_same_as_clean(&site, "unchanged");

    site.edit(
        "content/2024-spring/dianti/index.md",
        "微信群里解答",
        "微信群里耐心解答",
    );
    let out = site.build(&[]);
    let n = rendered(&out);
    assert!(
        n > 0 && n < total / 2,
        "a body edit renders a few pages, not {n} of {total}"
    );
    assert!(
        site.read("2024-spring/dianti/index.html")
            .contains("耐心解答")
    );
    assert_same_as_clean(&site, "body edit");

    let steps: &[(&str, &str, &str, &str)] = &[
        (
            "title",
            "content/2024-spring/caishichang.md",
            "title = \"纺大：菜市场扶手\"",
            "title = \"纺大：菜场扶手\"",
        ),
        (
            "summary",
            "content/2023-autumn/qunzu.md",
            "summary = \"群租整治",
            "summary = \"整治群租",
        ),
        (
            "date reorders",
            "content/2023-autumn/qunzu.md",
            "date = \"2023\"",
            "date = \"2024-06\"",
        ),
        (
            "area moves",
            "content/2024-spring/dianti/index.md",
            "area = \"延西\"",
            "area = \"纺大\"",
        ),
        (
            "forces",
            "content/2024-spring/caishichang.md",
            "forces = [\"社区\", \"志愿者\"]",
            "forces = [\"社区\", \"社会组织\"]",
        ),
        (
            "partners",
            "content/2023-autumn/qunzu.md",
            "partners = [\"社区民警\", \"城管\"]",
            "partners = [\"城管\", \"业委会\"]",
        ),
        (
            "tags",
            "content/2024-spring/caishichang.md",
            "tags = [\"菜市场\"]",
            "tags = [\"菜场\", \"扶手\"]",
        ),
        (
            "weight",
            "content/2024-spring/dianti/index.md",
            "weight = 2",
            "weight = 0",
        ),
        (
            "issue note",
            "content/2024-spring/_index.md",
            "春季刊**编者按**",
            "春季刊编者按（修订）",
        ),
        (
            "figure caption",
            "content/2024-spring/_index.md",
            "紫云小区微改造",
            "紫云小区绿化微改造",
        ),
        (
            "config title",
            "config.toml",
            "title = \"测试社区档案\"",
            "title = \"测试社区档案（修订）\"",
        ),
        (
            "area description",
            "config.toml",
            "description = \"纺大居民区。\"",
            "description = \"纺大居民区，近安顺路。\"",
        ),
        (
            "template",
            "themes/default/templates/partners.html",
            "<h1>合作伙伴</h1>",
            "<h1>合作单位</h1>",
        ),
        (
            "stylesheet",
            "themes/default/static/style.css",
            "--measure: 40em;",
            "--measure: 38em;",
        ),
    ];
    for (step, file, from, to) in steps {
        site.edit(file, from, to);
        let out = site.build(&[]);
        if *step == "template" {
            // Only the page rendered with partners.html.
            assert_eq!(rendered(&out), 1, "a template edit renders its pages alone");
        }
        assert_same_as_clean(&site, step);
    }

    site.write("content/2024-spring/new-case.md", "+++\ntitle = \"新案例\"\ndate = \"2024-04\"\narea = \"新区\"\nforces = [\"社区\"]\npartners = [\"物业\"]\n+++\n\n新内容。\n");
    site.build(&[]);
    assert_same_as_clean(&site, "case added");

    std::fs::rename(
        site.root.join("content/2024-spring/new-case.md"),
        site.root.join("content/2024-spring/renamed.md"),
    )
    .unwrap();
    site.build(&[]);
    assert!(!site.exists("2024-spring/new-case/index.html"));
    assert_same_as_clean(&site, "case renamed");

    std::fs::remove_file(site.root.join("content/2024-spring/renamed.md")).unwrap();
    site.build(&[]);
    assert_same_as_clean(&site, "case deleted");

    site.write("static/humans.txt", "changed\n");
    site.build(&[]);
    assert_same_as_clean(&site, "static file");
}

#[test]
fn a_failed_build_between_two_good_ones_changes_nothing() {
    let site = Site::fixture("basic");
    site.build(&[]);
    site.write("content/2024-spring/broken.md", "+++\ntitle = \"x\n+++\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_file(site.root.join("content/2024-spring/broken.md")).unwrap();
    site.edit("content/2023-autumn/qunzu.md", "上门核查", "上门逐户核查");
    site.build(&[]);
    assert_same_as_clean(&site, "after a failed build");
}

/// The dev server's rebuilds take the watcher's list of changed case files on trust (no walk,
/// no other file looked at). Each such rebuild alone must equal a clean build; the check
/// that follows it (`verify`) must find nothing amiss — and must notice when
/// a change was not reported.
#[test]
fn trusted_rebuilds_match_clean_builds_and_verify_notices_missed_changes() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("basic");
    site.declare_areas(["新区"]);
    let mut session = Session::new(BuildOptions::new(&site.root));
    // The search index is built with the pages (deferral, which a slow debug build may
    // trigger, is the next test's subject).
    session.defer_search_after(u128::MAX);
    assert!(session.rebuild(&[]).0.is_some(), "first build");
    // (step, file, from, to, whether the kept model is patched in place)
    let steps: &[(&str, &str, &str, &str, bool)] = &[
        (
            "body",
            "content/2024-spring/dianti/index.md",
            "微信群里解答",
            "微信群里耐心解答",
            true,
        ),
        (
            "title",
            "content/2024-spring/caishichang.md",
            "title = \"纺大：菜市场扶手\"",
            "title = \"纺大：菜场扶手\"",
            true,
        ),
        (
            "summary",
            "content/2023-autumn/qunzu.md",
            "summary = \"群租整治",
            "summary = \"整治群租",
            true,
        ),
        (
            "date reorders",
            "content/2023-autumn/qunzu.md",
            "date = \"2023\"",
            "date = \"2024-06\"",
            false,
        ),
        (
            "area moves",
            "content/2024-spring/dianti/index.md",
            "area = \"延西\"",
            "area = \"纺大\"",
            false,
        ),
        (
            "forces",
            "content/2024-spring/caishichang.md",
            "forces = [\"社区\", \"志愿者\"]",
            "forces = [\"社区\", \"社会组织\"]",
            true,
        ),
        (
            "partners",
            "content/2023-autumn/qunzu.md",
            "partners = [\"社区民警\", \"城管\"]",
            "partners = [\"城管\", \"业委会\"]",
            false,
        ),
        (
            "tags",
            "content/2024-spring/caishichang.md",
            "tags = [\"菜市场\"]",
            "tags = [\"菜场\", \"扶手\"]",
            false,
        ),
        (
            "weight",
            "content/2024-spring/dianti/index.md",
            "weight = 2",
            "weight = 0",
            false,
        ),
        (
            "governance",
            "content/2024-spring/dianti/index.md",
            "governance = [\"自治\", \"智治\"]",
            "governance = [\"智治\"]",
            true,
        ),
        (
            "issue note",
            "content/2024-spring/_index.md",
            "春季刊**编者按**",
            "春季刊编者按（修订）",
            false,
        ),
    ];
    for (step, file, from, to, patched) in steps {
        site.edit(file, from, to);
        let (summary, diags) = session.rebuild(&[site.root.join(file)]);
        let summary = summary.unwrap_or_else(|| panic!("{step}: {:?}", diags.items));
        assert!(summary.rendered > 0, "{step}: the edit shows somewhere");
        assert_eq!(summary.patched, *patched, "{step}: model patched in place");
        assert_same_as_clean(&site, step);
        assert!(session.verify(), "{step}: nothing else changed");
    }

    // A broken file fails the rebuild and changes nothing; fixed, it patches the kept model.
    let file = "content/2024-spring/caishichang.md";
    let before = site.snapshot();
    site.edit(file, "title = ", "title = = ");
    let (summary, diags) = session.rebuild(&[site.root.join(file)]);
    assert!(
        summary.is_none() && diags.has_errors(),
        "broken front matter fails"
    );
    assert!(
        site.snapshot() == before,
        "the failed rebuild wrote nothing"
    );
    site.edit(file, "title = = ", "title = ");
    site.edit(file, "防滑扶手", "铜扶手");
    let (summary, _) = session.rebuild(&[site.root.join(file)]);
    assert!(summary.expect("fixed").patched);
    assert_same_as_clean(&site, "fixed after a failure");

    // A change the watcher did not report: the trusted rebuild cannot see it, the check does.
    site.edit("content/2023-autumn/qunzu.md", "上门核查", "上门逐户核查");
    site.edit(
        "content/2024-spring/caishichang.md",
        "防滑扶手",
        "不锈钢扶手",
    );
    let file = "content/2024-spring/caishichang.md";
    assert!(session.rebuild(&[site.root.join(file)]).0.is_some());
    assert!(!site.read("2023-autumn/qunzu/index.html").contains("逐户"));
    assert!(!session.verify(), "the unreported edit is noticed");
    assert!(session.rebuild(&[]).0.is_some());
    assert!(site.read("2023-autumn/qunzu/index.html").contains("逐户"));
    assert_same_as_clean(&site, "missed change");
    assert!(session.verify());

    // Nor does a theme change the watcher missed go unnoticed.
    site.edit(
        "themes/default/templates/partners.html",
        "<h1>合作伙伴</h1>",
        "<h1>合作单位</h1>",
    );
    assert!(session.rebuild(&[site.root.join(file)]).0.is_some());
    assert!(!session.verify(), "the unreported template edit is noticed");
    assert!(session.rebuild(&[]).0.is_some());
    assert_same_as_clean(&site, "missed template change");

    // A created file is not taken on trust: the walk finds it.
    site.write(
        "content/2024-spring/new-case.md",
        "+++\ntitle = \"新案例\"\ndate = \"2024-04\"\narea = \"新区\"\nforces = [\"社区\"]\n+++\n\n新内容。\n",
    );
    let new = site.root.join("content/2024-spring/new-case.md");
    assert!(session.rebuild(std::slice::from_ref(&new)).0.is_some());
    assert_same_as_clean(&site, "case added");
    std::fs::remove_file(&new).unwrap();
    assert!(session.rebuild(&[new]).0.is_some());
    assert_same_as_clean(&site, "case deleted");
}

/// Text that links to another case is rendered again when that case's URL changes, and a
/// reference broken by a rebuild (an edit, a deleted photo) fails it like a clean build.
#[test]
fn links_to_cases_follow_them_and_broken_references_fail_rebuilds() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("references");
    let mut session = Session::new(BuildOptions::new(&site.root));
    session.defer_search_after(u128::MAX);
    assert!(session.rebuild(&[]).0.is_some(), "first build");

    let yanxi = "content/2023-tianshan/yanxi.md";
    site.edit(
        yanxi,
        "date = \"2023-10-02\"",
        "date = \"2023-10-02\"\nslug = \"yanxi-lou\"",
    );
    let (summary, diags) = session.rebuild(&[site.root.join(yanxi)]);
    assert!(summary.is_some(), "{:?}", diags.items);
    for page in [
        "2024-spring/fuzhou/index.html",
        "2024-spring/caishichang/index.html",
    ] {
        assert!(
            site.read(page)
                .contains("href=\"/archive/2023-tianshan/yanxi-lou/"),
            "{page} links to the case's new URL"
        );
    }
    assert_same_as_clean(&site, "linked case renamed");

    let fuzhou = "content/2024-spring/fuzhou/index.md";
    let before = site.snapshot();
    site.edit(fuzhou, "(/areas/yanxi/)", "(/areas/yanxi-pian/)");
    let (summary, diags) = session.rebuild(&[site.root.join(fuzhou)]);
    assert!(summary.is_none(), "a broken link fails the patched rebuild");
    assert!(
        diags
            .items
            .iter()
            .any(|d| d.message == "no page of the site is at `/areas/yanxi-pian/`" && d.line == 19),
        "{:?}",
        diags.items
    );
    assert!(
        site.snapshot() == before,
        "the failed rebuild wrote nothing"
    );
    site.edit(fuzhou, "(/areas/yanxi-pian/)", "(/areas/yanxi/)");
    assert!(session.rebuild(&[site.root.join(fuzhou)]).0.is_some());
    assert_same_as_clean(&site, "broken link fixed");

    let photo = site.root.join("content/2024-spring/fuzhou/IMG_2024.jpg");
    std::fs::remove_file(&photo).unwrap();
    let (summary, diags) = session.rebuild(std::slice::from_ref(&photo));
    assert!(
        summary.is_none(),
        "the deleted photo's reference fails the rebuild"
    );
    assert!(
        diags
            .items
            .iter()
            .any(|d| d.message.starts_with("the photo `IMG_2024.jpg`") && d.line == 13),
        "{:?}",
        diags.items
    );
    std::fs::write(
        &photo,
        common::photos::jpeg(32, 24, |x, y| [x as u8 * 8, y as u8 * 10, 90], None),
    )
    .unwrap();
    assert!(session.rebuild(std::slice::from_ref(&photo)).0.is_some());
    assert_same_as_clean(&site, "photo back");
}

/// On large archives the dev server serves pages before their search index is rebuilt;
/// `catch_up` then rebuilds it from the same files, and the result equals a clean build.
#[test]
fn deferred_search_catches_up_to_a_clean_build() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("basic");
    let mut session = Session::new(BuildOptions::new(&site.root));
    session.defer_search_after(0);
    assert!(session.rebuild(&[]).0.is_some(), "first build");
    assert!(session.catch_up().is_none(), "nothing behind");
    let file = "content/2024-spring/caishichang.md";
    let before = site.read("search/meta.json");
    site.edit(file, "防滑扶手", "不锈钢扶手");
    let (summary, _) = session.rebuild(&[site.root.join(file)]);
    assert!(summary.expect("rebuilt").search_deferred);
    assert!(session.search_behind());
    assert_eq!(
        site.read("search/meta.json"),
        before,
        "index not yet rebuilt"
    );
    assert!(
        site.read("2024-spring/caishichang/index.html")
            .contains("不锈钢扶手")
    );
    // Interrupted (another save came in): nothing written, still behind.
    let pages = site.snapshot();
    assert!(session.catch_up_unless(&|| true).is_none());
    assert!(session.search_behind());
    assert!(
        site.snapshot() == pages,
        "an interrupted catch-up writes nothing"
    );
    let (caught, _) = session.catch_up().expect("search was behind");
    assert_eq!(caught.expect("caught up").rendered, 0, "pages were current");
    assert!(!session.search_behind());
    assert_ne!(site.read("search/meta.json"), before);
    assert_same_as_clean(&site, "search caught up");

    // relations.json is data for other programs: deferred with the index.
    let relations = site.read("relations.json");
    site.edit(
        file,
        "forces = [\"社区\", \"志愿者\"]",
        "forces = [\"社区\", \"社会组织\"]",
    );
    let (summary, _) = session.rebuild(&[site.root.join(file)]);
    assert!(summary.expect("rebuilt").search_deferred);
    assert_eq!(site.read("relations.json"), relations, "not yet rebuilt");
    session.catch_up().expect("behind");
    assert_ne!(site.read("relations.json"), relations);
    assert_same_as_clean(&site, "relations caught up");
}

/// A photo replaced by another (of another size): its files and the markup of the pages
/// showing it change, in a warm build and in the dev server's session alike, to exactly what
/// a clean build makes; the other photos come from the cache.
/// The dev server's deferred index keeps the `d/` files of unchanged documents; one of them
/// changed on disk meanwhile is made again, and the result equals a clean build.
#[test]
fn a_caught_up_index_keeps_unchanged_document_files_and_checks_them() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::bundled();
    let mut session = Session::new(BuildOptions::new(&site.root));
    session.defer_search_after(0);
    assert!(session.rebuild(&[]).0.is_some(), "first build");
    let case = walkdir::WalkDir::new(site.root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let text = std::fs::read_to_string(&case).unwrap();
    for (step, extra) in [
        ("kept", "补充一句。"),
        ("one changed by hand", "再补一句。"),
    ] {
        std::fs::write(&case, format!("{text}\n\n{extra}\n")).unwrap();
        let (summary, _) = session.rebuild(std::slice::from_ref(&case));
        assert!(summary.expect("rebuilt").search_deferred, "{step}");
        let d = site.public().join("search/d");
        let files = std::fs::read_dir(&d).unwrap().count();
        assert!(files > 2, "{step}: {files} document files");
        if step == "one changed by hand" {
            // A file without the edited case: kept unless it changed.
            let other = (0..files)
                .map(|n| d.join(format!("{n}.json")))
                .find(|p| {
                    !std::fs::read_to_string(p)
                        .unwrap()
                        .contains(extra.trim_end_matches('。'))
                })
                .unwrap();
            std::fs::write(&other, b"[]").unwrap();
        }
        session.catch_up().expect("behind").0.expect("caught up");
        assert!(!session.search_behind());
        assert!(site.read("search/meta.json").contains("\"docs\""));
        assert_same_as_clean(&site, step);
    }
}

#[test]
fn a_photo_edit_matches_a_clean_build() {
    use common::photos::{jpeg, write_fixture_photos};
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("photos");
    write_fixture_photos(&site.root);
    site.build(&[]);
    let photo = site.root.join("content/2024-garden/yuan/inline.jpg");
    std::fs::write(&photo, jpeg(300, 200, |x, y| [90, x as u8, y as u8], None)).unwrap();
    site.build(&[]);
    assert!(site.exists("2024-garden/yuan/inline-300.jpg"));
    assert!(!site.exists("2024-garden/yuan/inline-400.webp"));
    assert!(
        site.read("2024-garden/yuan/index.html")
            .contains("width=\"300\" height=\"200\" alt=\"花园全景\"")
    );
    assert_same_as_clean(&site, "photo replaced");

    let mut session = Session::new(BuildOptions::new(&site.root));
    session.defer_search_after(u128::MAX);
    assert!(session.rebuild(&[]).0.is_some());
    std::fs::write(&photo, jpeg(450, 300, |x, y| [x as u8, 90, y as u8], None)).unwrap();
    let (summary, diags) = session.rebuild(std::slice::from_ref(&photo));
    assert!(summary.is_some(), "{:?}", diags.items);
    assert_same_as_clean(&site, "photo replaced while serving");
    std::fs::write(&photo, common::photos::heic()).unwrap();
    let (summary, diags) = session.rebuild(std::slice::from_ref(&photo));
    assert!(summary.is_none(), "a HEIC photo fails the rebuild");
    assert!(
        diags
            .items
            .iter()
            .any(|d| d.message.contains("HEIC") && d.line == 27),
        "{:?}",
        diags.items
    );
    std::fs::write(&photo, jpeg(450, 300, |x, y| [y as u8, x as u8, 90], None)).unwrap();
    assert!(session.rebuild(std::slice::from_ref(&photo)).0.is_some());
    assert_same_as_clean(&site, "photo fixed while serving");
}

/// The search index is kept while nothing it is built from changes (a no-op build, a template
/// edit), built again after any change to what it reads, and always equal to a clean build's;
/// a file of it changed by hand is not trusted.
#[test]
fn the_search_index_is_kept_only_while_its_input_is_unchanged() {
    use shequ::pipeline::{BuildOptions, build};
    let site = Site::fixture("basic");
    let search_kept = |step: &str| {
        let (summary, diags) = build(&BuildOptions::new(&site.root));
        let kept = summary
            .unwrap_or_else(|| panic!("{step}: {diags:?}"))
            .search_kept;
        assert_same_as_clean(&site, step);
        kept
    };
    assert!(!search_kept("first build"));
    assert!(search_kept("no-op"));
    site.edit(
        "themes/default/templates/base.html",
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\" data-x=\"1\">",
    );
    assert!(search_kept("template edit"), "templates are not indexed");

    let file = "content/2024-spring/caishichang.md";
    let edits: &[(&str, &str, &str, &str)] = &[
        ("body", file, "防滑扶手", "不锈钢扶手"),
        ("title", file, "纺大：菜市场扶手", "纺大：菜场扶手"),
        ("tag", file, "tags = [\"菜市场\"]", "tags = [\"菜场\"]"),
        ("area", file, "area = \"纺大\"", "area = \"延西\""),
        (
            "forces",
            file,
            "forces = [\"社区\", \"志愿者\"]",
            "forces = [\"社区\", \"社会组织\"]",
        ),
        ("date", file, "2024-03-05", "2022-03-05"),
        (
            "partner alias",
            "config.toml",
            "\"物业公司\" = \"物业\"",
            "\"物业公司\" = \"物业服务企业\"",
        ),
        (
            "issue title",
            "content/2024-spring/_index.md",
            "title = \"",
            "title = \"新",
        ),
    ];
    for &(step, rel, from, to) in edits {
        site.edit(rel, from, to);
        assert!(!search_kept(step), "{step}: the index reads it");
        assert!(search_kept(&format!("{step}, then nothing")));
    }

    // A file of the kept index changed by hand: not trusted (the result equals a clean build).
    let public = site.public();
    let shard = std::fs::read_dir(public.join("search/s"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&shard, b"{}").unwrap();
    search_kept("index file changed by hand");
    assert_ne!(std::fs::read(&shard).unwrap(), b"{}");
}

/// `shequ build` with its timings: the count (`N of M …`) of the timing line ending in `end`.
fn timed_count(site: &Site, end: &str) -> usize {
    let err = timed_build(site, &[]);
    let line = err
        .lines()
        .find(|l| l.ends_with(end))
        .unwrap_or_else(|| panic!("no line ending in {end:?} in {err}"));
    line.split_whitespace()
        .rev()
        .nth(end.split_whitespace().count() + 2)
        .unwrap()
        .parse()
        .unwrap()
}

/// How many documents the search index tokenised.
fn tokenised(site: &Site) -> usize {
    timed_count(site, "documents tokenised")
}

/// The search index's build cache (`.shequ/cache/search/postings`): a build after edits
/// made while no shequ ran tokenises only the documents that changed and equals a clean
/// build; a cache damaged, of another config or of another site is not trusted.
#[test]
fn the_search_cache_tokenises_only_changed_documents_and_is_never_trusted_blindly() {
    let site = Site::fixture("basic");
    let all = tokenised(&site);
    let meta = site.read("search/meta.json");
    assert!(
        meta.contains(&format!("\"docs\":{all},")),
        "a first build tokenises every document: {all}, {meta}"
    );
    let memo = site.root.join(".shequ/cache/search/postings");
    assert!(memo.is_file());

    const FILE: &str = "content/2024-spring/caishichang.md";
    site.edit(FILE, "防滑扶手", "不锈钢扶手");
    assert_eq!(tokenised(&site), 1, "one case edited");
    assert_same_as_clean(&site, "body edit");
    // Moved to another date (other documents renumbered), then removed and added back.
    site.edit(FILE, "2024-03-05", "2022-03-05");
    assert_eq!(tokenised(&site), 1, "one case moved");
    assert_same_as_clean(&site, "date edit");
    let text = std::fs::read_to_string(site.root.join(FILE)).unwrap();
    std::fs::remove_file(site.root.join(FILE)).unwrap();
    assert_eq!(tokenised(&site), 0, "one case removed");
    assert_same_as_clean(&site, "case removed");
    site.write(FILE, &text.replace("扶手", "栏杆"));
    assert_eq!(tokenised(&site), 1, "one case added");
    assert_same_as_clean(&site, "case added");

    // Damaged: every byte is checked, so the index is built from every document.
    let mut bytes = std::fs::read(&memo).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&memo, &bytes).unwrap();
    site.edit(FILE, "栏杆", "扶栏");
    assert_eq!(tokenised(&site), all, "a damaged cache is ignored");
    assert_same_as_clean(&site, "damaged cache");
    std::fs::write(&memo, b"").unwrap();
    site.edit(FILE, "扶栏", "栏杆");
    assert_eq!(tokenised(&site), all, "an empty cache is ignored");

    // Another config: the cache is for another index.
    site.edit(
        "config.toml",
        "\"物业公司\" = \"物业\"",
        "\"物业公司\" = \"物业服务企业\"",
    );
    assert_eq!(
        tokenised(&site),
        all,
        "a cache of another config is ignored"
    );
    assert_same_as_clean(&site, "config edit");

    // Another site's cache, well formed and of the same config: its documents match none
    // of these, so each is tokenised and nothing of the other site shows.
    let other = Site::fixture("basic");
    std::fs::copy(
        site.root.join("config.toml"),
        other.root.join("config.toml"),
    )
    .unwrap();
    for f in walkdir::WalkDir::new(other.root.join("content")) {
        let f = f.unwrap();
        if f.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(f.path()).unwrap();
            std::fs::write(f.path(), format!("{text}\n\n外站。\n")).unwrap();
        }
    }
    tokenised(&other);
    std::fs::copy(other.root.join(".shequ/cache/search/postings"), &memo).unwrap();
    site.edit(FILE, "栏杆", "扶栏");
    assert!(
        tokenised(&site) > all / 2,
        "another site's documents are not these"
    );
    assert_same_as_clean(&site, "another site's cache");

    // A link in its place, even to this site's own cache, is not followed.
    let elsewhere = other.root.join("saved-postings");
    std::fs::copy(&memo, &elsewhere).unwrap();
    std::fs::remove_file(&memo).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &memo).unwrap();
    site.edit(FILE, "扶栏", "栏杆");
    assert_eq!(tokenised(&site), all, "a link is not read");
    assert_same_as_clean(&site, "a link for a cache");
    // A folder in its place: the build does without, and the next one too.
    let _ = std::fs::remove_file(&memo);
    std::fs::create_dir(&memo).unwrap();
    site.edit(FILE, "栏杆", "扶栏");
    assert_eq!(tokenised(&site), all, "a folder is no cache");
    site.edit(FILE, "扶栏", "栏杆");
    assert_eq!(tokenised(&site), all, "nor is it replaced");
    assert_same_as_clean(&site, "a folder for a cache");
    std::fs::remove_dir(&memo).unwrap();
    site.edit(FILE, "栏杆", "扶栏");
    assert_eq!(tokenised(&site), all);
    site.edit(FILE, "扶栏", "栏杆");
    assert_eq!(tokenised(&site), 1, "written again once it can be");
}

/// How many cases' Markdown a build rendered.
fn markdown_rendered(site: &Site) -> usize {
    timed_count(site, "cases rendered")
}

/// The rendered Markdown's build cache (`.shequ/cache/markdown/rendered`): a build renders
/// the Markdown of the cases that changed and of those whose links or photos now lead
/// elsewhere; a target gone fails the build though its case's text is unchanged; a cache
/// damaged or of another config is not trusted. Each build equals a clean build.
#[test]
fn the_markdown_cache_renders_only_what_changed_and_checks_every_target() {
    let site = Site::fixture("references");
    let all = markdown_rendered(&site);
    assert_eq!(all, 3, "a first build renders every case");
    let memo = site.root.join(".shequ/cache/markdown/rendered");
    assert!(memo.is_file());

    const CAI: &str = "content/2024-spring/caishichang.md";
    site.edit(CAI, "同期的", "同一期的");
    assert_eq!(markdown_rendered(&site), 1, "one case edited");
    assert_same_as_clean(&site, "text edit");

    // Both other cases link to this one: renamed (its text unchanged), their links lead
    // elsewhere.
    site.edit(
        "content/2023-tianshan/yanxi.md",
        "date = \"2023-10-02\"",
        "date = \"2023-10-02\"\nslug = \"yanxi-lou\"",
    );
    assert_eq!(markdown_rendered(&site), 2, "a linked case renamed");
    assert!(
        site.read("2024-spring/caishichang/index.html")
            .contains("href=\"/archive/2023-tianshan/yanxi-lou/")
    );
    assert_same_as_clean(&site, "linked case renamed");

    // A photo the text shows, changed: that case only.
    let photo = site.root.join("content/2024-spring/fuzhou/IMG_2024.jpg");
    let jpeg =
        |shade: u8| common::photos::jpeg(32, 24, |x, y| [x as u8 * 8, y as u8 * 10, shade], None);
    std::fs::write(&photo, jpeg(40)).unwrap();
    assert_eq!(markdown_rendered(&site), 1, "a photo changed");
    assert_same_as_clean(&site, "photo changed");
    // Removed: the unchanged text's reference to it fails the build.
    std::fs::remove_file(&photo).unwrap();
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "a photo gone fails the build");
    assert!(
        stderr(&out).contains("IMG_2024.jpg") && stderr(&out).contains("index.md:13"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&photo, jpeg(90)).unwrap();
    assert_eq!(markdown_rendered(&site), 1, "the photo back");
    assert_same_as_clean(&site, "photo back");

    // Damaged or emptied: every case rendered.
    let mut bytes = std::fs::read(&memo).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&memo, &bytes).unwrap();
    site.edit(CAI, "同一期的", "同期的");
    assert_eq!(markdown_rendered(&site), all, "a damaged cache is ignored");
    assert_same_as_clean(&site, "damaged cache");
    std::fs::write(&memo, b"").unwrap();
    site.edit(CAI, "同期的", "同一期的");
    assert_eq!(markdown_rendered(&site), all, "an empty cache is ignored");
    // Another config (another base URL: every link is written otherwise).
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    assert!(config.contains("/archive/"), "{config}");
    site.edit("config.toml", "/archive/", "/cases/");
    assert_eq!(markdown_rendered(&site), all, "a cache of another config");
    assert!(
        site.read("2024-spring/caishichang/index.html")
            .contains("href=\"/cases/2023-tianshan/yanxi-lou/")
    );
    assert_same_as_clean(&site, "config edit");
    // Another host at the same path (as the dev server's address): the same rendering.
    let err = timed_build(&site, &["--base-url", "http://127.0.0.1:1111/cases/"]);
    assert!(err.contains("markdown: 0 of 3 cases rendered"), "{err}");
    // A link in its place is not read.
    let elsewhere = site.root.join("saved-rendered");
    std::fs::copy(&memo, &elsewhere).unwrap();
    std::fs::remove_file(&memo).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &memo).unwrap();
    site.edit(CAI, "同一期的", "同期的");
    assert_eq!(markdown_rendered(&site), all, "a link is not read");
    assert_same_as_clean(&site, "a link for a cache");
}

/// The dev server starts from the parse and Markdown caches the last build left (a cache is
/// shequ's own: here the test's, as `shequ build` and `shequ serve` share theirs), keeps
/// them in memory across full rebuilds (a field edit renders no Markdown), and a case
/// patched meanwhile is rendered again at the next full rebuild; each equals a clean build.
#[test]
fn the_dev_server_starts_from_the_build_caches_and_keeps_them() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("references");
    let start = || {
        let mut session = Session::new(BuildOptions::new(&site.root));
        session.defer_search_after(u128::MAX);
        let first = session.rebuild(&[]).0.expect("first build");
        // Past the clock's tick: the next start finds every file as the caches recorded it.
        std::thread::sleep(std::time::Duration::from_millis(60));
        (session, first.markdown, first.parsed)
    };
    let (_, rendered, parsed) = start();
    assert_eq!(
        (rendered, parsed),
        (3, 3),
        "no cache yet: every case parsed and rendered"
    );
    let (mut session, rendered, parsed) = start();
    assert_eq!(
        (rendered, parsed),
        (0, 0),
        "every case from the caches the last one left"
    );
    assert_same_as_clean(&site, "first build");

    const CAI: &str = "content/2024-spring/caishichang.md";
    site.edit(CAI, "同期的", "同一期的");
    let patched = session
        .rebuild(&[site.root.join(CAI)])
        .0
        .expect("text edit");
    assert!(patched.patched);
    assert_same_as_clean(&site, "text edit");
    // A date that moves the case among the lists: a full rebuild.
    site.edit(CAI, "2024-03-01", "2022-03-01");
    let full = session
        .rebuild(&[site.root.join(CAI)])
        .0
        .expect("date edit");
    assert!(!full.patched);
    assert_eq!(full.markdown, 1, "the case patched before, and no other");
    assert_same_as_clean(&site, "date edit");
    site.edit(CAI, "2022-03-01", "2024-03-01");
    let again = session
        .rebuild(&[site.root.join(CAI)])
        .0
        .expect("date back");
    assert!(!again.patched);
    assert_eq!(again.markdown, 0, "kept in memory");
    assert_eq!(again.parsed, 1, "the case edited, and no other");
    assert_same_as_clean(&site, "date back");
    // A case's text changed outside the watcher's view: a full rebuild reads it again.
    site.edit(CAI, "同一期的", "同期的");
    let full = session.rebuild(&[]).0.expect("unwatched edit");
    assert_eq!((full.parsed, full.markdown), (1, 1));
    assert!(
        site.read("2024-spring/caishichang/index.html")
            .contains("同期的")
    );
    assert_same_as_clean(&site, "unwatched edit");
}

/// A successful `shequ build` with its timings: what it printed on stderr.
fn timed_build(site: &Site, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shequ"))
        .env("SHEQU_LANG", "en")
        .env("SHEQU_TIMINGS", "1")
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

/// `shequ build` with its timings: whether it found nothing to do (the build record).
fn build_did_nothing(site: &Site, args: &[&str]) -> bool {
    timed_build(site, args).contains("nothing to do")
}

/// Builds until one records itself (a build right after a file changed does not: the clock
/// could hide a second change in the same tick), then checks the next finds nothing to do.
fn settle(site: &Site, step: &str) {
    for _ in 0..20 {
        if build_did_nothing(site, &[]) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    panic!("{step}: no build ever found nothing to do");
}

/// The build record (`.shequ/cache/build/record`): with nothing changed a build leaves the
/// output alone; every change made while no shequ ran is seen and the result equals a clean
/// build; a record of another shequ or other options, and an output changed by hand, are not
/// trusted.
#[test]
fn the_build_record_sees_every_change_made_between_builds() {
    let site = Site::fixture("basic");
    site.build(&[]);
    settle(&site, "first builds");
    let manifest = site.public().join(".shequ-generation");
    let generation = || std::fs::metadata(&manifest).unwrap().modified().unwrap();
    let before = generation();
    assert!(build_did_nothing(&site, &[]));
    assert_eq!(
        generation(),
        before,
        "a build with nothing to do writes nothing"
    );
    assert_same_as_clean(&site, "nothing changed");

    const FILE: &str = "content/2024-spring/caishichang.md";
    type Change = Box<dyn Fn(&Site)>;
    let changes: Vec<(&str, Change)> = vec![
        // Same length, same second: only the finer stamp tells.
        (
            "text, same length",
            Box::new(|s| s.edit(FILE, "防滑扶手", "不锈钢杆")),
        ),
        (
            "config",
            Box::new(|s| s.edit("config.toml", "纺大居民区。", "纺大居民区，临江。")),
        ),
        (
            "template",
            Box::new(|s| {
                s.edit(
                    "themes/default/templates/base.html",
                    "<footer class=\"site-footer\">",
                    "<footer class=\"site-footer\" data-y=\"1\">",
                )
            }),
        ),
        (
            "static file added",
            Box::new(|s| s.write("static/extra.txt", "x")),
        ),
        (
            "case removed",
            Box::new(|s| {
                std::fs::remove_file(s.root.join("content/2024-spring/draft-case.md")).unwrap()
            }),
        ),
        (
            "case added",
            Box::new(|s| {
                let text = std::fs::read_to_string(s.root.join(FILE)).unwrap();
                s.write(
                    "content/2024-spring/copy.md",
                    &text.replace("菜市场扶手", "又一个"),
                );
            }),
        ),
        (
            "output page changed by hand",
            Box::new(|s| {
                let page = s.public().join("index.html");
                let mut html = std::fs::read_to_string(&page).unwrap();
                html.push_str("<p>hand</p>");
                std::fs::write(page, html).unwrap();
            }),
        ),
        (
            "output file added by hand",
            Box::new(|s| s.write("public/extra.html", "x")),
        ),
        (
            "record of another shequ",
            Box::new(|s| {
                let record = s.root.join(".shequ/cache/build/record");
                let text = std::fs::read_to_string(&record).unwrap();
                let (head, rest) = text.split_once('\n').unwrap();
                std::fs::write(&record, format!("{head}\n0000000000000000{}", &rest[16..]))
                    .unwrap();
            }),
        ),
    ];
    for (step, change) in &changes {
        change(&site);
        assert!(
            !build_did_nothing(&site, &[]),
            "{step}: the change was not seen"
        );
        assert_same_as_clean(&site, step);
        settle(&site, step);
    }
    assert!(!site.exists("extra.html"));
    // Other options make another build.
    assert!(!build_did_nothing(&site, &["--drafts"]));
    assert!(!build_did_nothing(&site, &[]));
}

/// How many case files a build parsed (the others came from the parse cache).
fn cases_parsed(site: &Site) -> usize {
    // Past the clock's tick: a file changed just before a build is parsed by it but not
    // recorded in the cache.
    std::thread::sleep(std::time::Duration::from_millis(60));
    timed_count(site, "cases parsed")
}

/// The parse cache (`.shequ/cache/parse/cases`): a build after edits made while no shequ
/// ran parses only the case files whose stamp changed — an edit that keeps the length and
/// the modification time included — and equals a clean build; a cache damaged, of another
/// shequ, of another config, or a link in its place is not trusted.
#[test]
fn the_parse_cache_parses_only_changed_files_and_is_never_trusted_blindly() {
    let site = Site::fixture("basic");
    let all = cases_parsed(&site);
    assert_eq!(all, 4, "a first build parses every case file");
    let cache = site.root.join(".shequ/cache/parse/cases");
    assert!(cache.is_file());

    const QUNZU: &str = "content/2023-autumn/qunzu.md";
    site.edit(QUNZU, "志愿者参与排摸", "志愿者一起排摸");
    assert_eq!(cases_parsed(&site), 1, "one case edited");
    assert!(
        site.read("2023-autumn/qunzu/index.html")
            .contains("志愿者一起排摸")
    );
    assert_same_as_clean(&site, "text edit");

    // The same length and, set back, the same modification time: still seen.
    let file = site.root.join(QUNZU);
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    site.edit(QUNZU, "一起排摸", "共同排摸");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(cases_parsed(&site), 1, "an edit that kept length and time");
    assert!(
        site.read("2023-autumn/qunzu/index.html")
            .contains("志愿者共同排摸")
    );
    assert_same_as_clean(&site, "same length and time");

    // Renamed: parsed under its new name, gone under the old.
    std::fs::rename(&file, site.root.join("content/2023-autumn/qunzu-2.md")).unwrap();
    assert_eq!(cases_parsed(&site), 1, "a case renamed");
    assert!(
        site.public()
            .join("2023-autumn/qunzu-2/index.html")
            .is_file()
    );
    assert!(!site.public().join("2023-autumn/qunzu").exists());
    assert_same_as_clean(&site, "renamed");
    const QUNZU2: &str = "content/2023-autumn/qunzu-2.md";

    // Another address (as the dev server's): no front matter depends on it.
    let err = timed_build(&site, &["--base-url", "http://127.0.0.1:1111/"]);
    assert!(err.contains("parse: 0 of 4 cases parsed"), "{err}");

    // A cache damaged, of another shequ (its key), or a link in its place: every file.
    let mut bytes = std::fs::read(&cache).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&cache, &bytes).unwrap();
    site.edit(QUNZU2, "共同排摸", "一起排摸");
    assert_eq!(cases_parsed(&site), all, "a damaged cache is ignored");
    assert_same_as_clean(&site, "damaged cache");
    let mut bytes = std::fs::read(&cache).unwrap();
    let magic = b"shequ parse cache 2\n".len();
    bytes[magic..magic + 8].fill(0);
    std::fs::write(&cache, &bytes).unwrap();
    site.edit(QUNZU2, "一起排摸", "共同排摸");
    assert_eq!(cases_parsed(&site), all, "a cache of another shequ");
    let elsewhere = site.root.join("saved-cases");
    std::fs::copy(&cache, &elsewhere).unwrap();
    std::fs::remove_file(&cache).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &cache).unwrap();
    site.edit(QUNZU2, "共同排摸", "一起排摸");
    assert_eq!(cases_parsed(&site), all, "a link is not read");
    assert!(
        std::fs::symlink_metadata(&cache).unwrap().is_file(),
        "replaced by a cache of shequ's own"
    );
    assert_same_as_clean(&site, "a link for a cache");

    // Another config: a partner alias makes 城管 a name for another partner, in every case.
    site.edit(
        "config.toml",
        "[partner_aliases]\n",
        "[partner_aliases]\n\"城管\" = \"城市管理\"\n",
    );
    let parsed = cases_parsed(&site);
    assert_eq!(parsed, all, "a cache of another config");
    assert!(
        site.read("2023-autumn/qunzu-2/index.html")
            .contains("城市管理")
    );
    assert_same_as_clean(&site, "config edit");
}

/// A dev server started from the parse cache reads a case's text from its file when it
/// needs it. A file changed behind the watcher's back, read by a rebuild that trusted the
/// watcher, fails the check against the cache's hash: that rebuild then looks at everything
/// (as the check after serving would have), and its output equals a clean build.
#[test]
fn a_trusted_rebuild_that_reads_a_changed_file_looks_at_everything() {
    use shequ::pipeline::{BuildOptions, Session};
    let site = Site::fixture("basic");
    // A first session leaves the cache (one of this executable's: a cache is shequ's own).
    std::thread::sleep(std::time::Duration::from_millis(60));
    drop(Session::new(BuildOptions::new(&site.root)).rebuild(&[]));
    std::thread::sleep(std::time::Duration::from_millis(60));
    let mut session = Session::new(BuildOptions::new(&site.root));
    session.defer_search_after(u128::MAX);
    let first = session.rebuild(&[]).0.expect("first build");
    assert_eq!(first.parsed, 0, "every case from the parse cache");

    // Unreported: qunzu. Reported: caishichang, whose rebuild renders qunzu's text too (the
    // feeds show both).
    site.edit("content/2023-autumn/qunzu.md", "上门核查", "上门逐户核查");
    let file = "content/2024-spring/caishichang.md";
    site.edit(file, "防滑扶手", "不锈钢扶手");
    let (summary, diags) = session.rebuild(&[site.root.join(file)]);
    assert!(summary.is_some(), "{:?}", diags.items);
    assert!(site.read("2023-autumn/qunzu/index.html").contains("逐户"));
    assert_same_as_clean(&site, "unreported edit read");
    assert!(session.verify());
}
