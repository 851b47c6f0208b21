//! Bad input: every error names file and line, all are reported together, exit status 1,
//! and the previous `public/` survives untouched.

mod common;
use common::*;

fn fail(site: &Site, args: &[&str]) -> String {
    let out = site.run(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected failure, got:\n{}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn all_content_errors_reported_together_and_public_survives() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    site.write(
        "content/2024-spring/bad-toml.md",
        "+++\ntitle = \"x\ndate = \"2024\"\n+++\n",
    );
    site.write(
        "content/2024-spring/no-area.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\n+++\n",
    );
    site.write(
        "content/2024-spring/bad-force.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = [\"社区志愿军\"]\n+++\n",
    );
    site.write(
        "content/2024-spring/bad-date.md",
        "+++\ntitle = \"x\"\ndate = \"2024-13\"\narea = \"纺大\"\n+++\n",
    );
    site.write("content/2024-spring/unclosed.md", "+++\ntitle = \"x\"\n");
    std::fs::write(
        site.root.join("content/2024-spring/latin1.md"),
        b"+++\ntitle = \"caf\xe9\"\n+++\n",
    )
    .unwrap();
    let err = fail(&site, &["build"]);
    for needle in [
        "content/2024-spring/bad-toml.md:2:",
        "content/2024-spring/no-area.md:1:",
        "missing required field `area`",
        "content/2024-spring/bad-force.md:5:11",
        "did you mean \"社区志愿者\"?",
        "content/2024-spring/bad-date.md:3:8",
        "malformed date",
        "content/2024-spring/unclosed.md:1:1",
        "never closed",
        "content/2024-spring/latin1.md:2:13",
        "not valid UTF-8",
        "6 error(s)",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert_eq!(before, site.snapshot(), "public/ must be untouched");
}

#[test]
fn check_names_file_and_line_of_a_broken_case() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/broken.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = 3\n+++\n",
    );
    let err = fail(&site, &["check"]);
    assert!(err.contains("content/2024-spring/broken.md:4:8"), "{err}");
    // Its last line is the check's, not the build's, in either language.
    assert!(
        err.trim_end().ends_with(
            "error: the check found 1 error(s) and 0 warning(s); correct them as shown above \
             and run shequ check again (a check writes no file)"
        ),
        "{err}"
    );
    let out = site.run_in("zh", &["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.trim_end().ends_with(
            "错误：检查发现 1 个错误、0 个警告；请按上面的提示改正后再运行 shequ check（检查不会写入任何文件）"
        ),
        "{err}"
    );
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn bom_and_crlf_simply_work() {
    let site = Site::fixture("basic");
    site.write("content/2024-spring/crlf.md", "\u{feff}+++\r\ntitle = \"回车换行\"\r\ndate = \"2024\"\r\narea = \"纺大\"\r\n+++\r\n\r\n正文一。\r\n\r\n正文二。\r\n");
    site.build(&[]);
    let html = site.read("2024-spring/crlf/index.html");
    assert!(
        html.contains("<h1>回车换行</h1>") && html.contains("<p>正文二。</p>"),
        "{html}"
    );
}

#[test]
fn issue_without_index_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/2025-lost/case.md",
        "+++\ntitle = \"x\"\ndate = \"2025\"\narea = \"纺大\"\n+++\n",
    );
    let err = fail(&site, &["build"]);
    assert!(err.contains("content/2025-lost/ has no _index.md"), "{err}");
}

#[test]
fn editor_temp_files_are_ignored() {
    let site = Site::fixture("basic");
    for name in [
        ".caishichang.md.swp",
        "caishichang.md~",
        ".#caishichang.md",
        "#caishichang.md#",
        "4913",
    ] {
        site.write(&format!("content/2024-spring/{name}"), "garbage +++");
    }
    site.build(&[]);
}

#[test]
fn misspelled_field_warns_with_closest_but_builds() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/typo.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nparnters = [\"物业\"]\n+++\n",
    );
    let out = site.build(&[]);
    let err = stderr(&out);
    assert!(
        err.contains("typo.md:5:1") && err.contains("did you mean `partners`?"),
        "{err}"
    );
}

#[test]
fn template_errors_name_the_template() {
    let site = Site::fixture("basic");
    site.write("templates/areas.html", "{% extends \"base.html\" %}\n{% block content %}\n{% for a in areas %}\n{% endblock content %}\n");
    let err = fail(&site, &["build"]);
    assert!(err.contains("templates/areas.html:"), "{err}");
    let site = Site::fixture("basic");
    site.write("templates/areas.html", "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}");
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("templates/areas.html") && err.contains("no_such_variable"),
        "{err}"
    );
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root.join("themes/default/templates/partner.html")).unwrap();
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("the template partner.html is missing"),
        "{err}"
    );
}

#[test]
fn config_errors_name_line() {
    let site = Site::fixture("basic");
    site.write(
        "config.toml",
        "title = \"t\"\nbase_url = \"https://e.org/\"\nthem = \"default\"\n",
    );
    let err = fail(&site, &["build"]);
    assert!(err.contains("config.toml:3:1"), "{err}");
}

#[test]
fn refuses_dangerous_output_directories() {
    let site = Site::fixture("basic");
    for out in [".", "content", "themes", "..", "/"] {
        let err = fail(
            &site,
            &["build", "--output", &site.root.join(out).to_string_lossy()],
        );
        assert!(err.contains("refusing to use"), "{out}: {err}");
    }
    assert!(
        site.root
            .join("content/2024-spring/caishichang.md")
            .exists()
    );
}

#[test]
fn oversized_empty_and_doubled_fence_files_are_clear_errors() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    let big = format!(
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n{}",
        "字".repeat(50 * 1024 * 1024 / 3)
    );
    site.write("content/2024-spring/huge.md", &big);
    site.write("content/2024-spring/empty.md", "");
    site.write(
        "content/2024-spring/doubled.md",
        "+++\n+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n",
    );
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("content/2024-spring/huge.md") && err.contains("50.0 MB, more than the 8 MB"),
        "{err}"
    );
    assert!(
        err.contains("content/2024-spring/empty.md") && err.contains("the file is empty"),
        "{err}"
    );
    assert!(
        err.contains("content/2024-spring/doubled.md:1:1")
            && err.contains("missing required field `title`"),
        "{err}"
    );
    assert_eq!(before, site.snapshot());
}

#[test]
fn deeply_nested_markdown_builds() {
    let site = Site::fixture("basic");
    let nested: String = (0..400)
        .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
        .collect();
    let body = format!(
        "{}x\n\n{}\n\n{}\n\n{nested}",
        "> ".repeat(20000),
        "[".repeat(20000),
        "<div>".repeat(5000)
    );
    site.write(
        "content/2024-spring/deep.md",
        &format!("+++\ntitle = \"深\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n{body}"),
    );
    site.build(&[]);
    let html = site.read("2024-spring/deep/index.html");
    assert!(html.contains("第399层") && html.contains("&lt;div&gt;"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("..", site.root.join("content/2024-spring/loop")).unwrap();
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("content/2024-spring/loop") && err.contains("loops back"),
        "{err}"
    );
}

#[test]
fn wrong_types_name_the_field_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/types.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\ndraft = \"yes\"\n+++\n",
    );
    let err = fail(&site, &["build"]);
    assert!(err.contains("content/2024-spring/types.md:5:9"), "{err}");
}

#[cfg(unix)]
#[test]
fn emacs_lock_symlink_is_ignored() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink(
        "user@host.1234:1700000000",
        site.root.join("content/2024-spring/.#caishichang.md"),
    )
    .unwrap();
    site.build(&[]);
}

/// A partner gets a page of its own: a name with nothing to make its URL from is an error at
/// the name, not a partner silently left out.
#[test]
fn unreadable_partner_name_is_an_error_at_the_name() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/dashes.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\npartners = [\"物业\", \"——\"]\n+++\n正文\n",
    );
    let err = fail(&site, &["build"]);
    assert!(err.contains("content/2024-spring/dashes.md:5:19"), "{err}");
    assert!(
        err.contains("the partner name \"——\" gives no readable URL"),
        "{err}"
    );
    assert!(err.contains("[partner_aliases]"), "{err}");
}

#[test]
fn new_outside_a_site_folder_says_so_and_makes_nothing() {
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root.join("config.toml")).unwrap();
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    let err = fail(&site, &["new", "2024-spring/x", "--area", "纺大"]);
    assert!(
        err.contains("cannot read the site configuration") && err.contains("--> config.toml"),
        "{err}"
    );
    assert!(!site.root.join("content").exists(), "content/ was made");
}
