//! Templates that would recurse without end (Tera 1 overflows its stack and aborts): the
//! build refuses them with a located error naming the cycle, exits 1, leaves the last
//! public/ as it was, and `shequ serve --watch` keeps serving through them.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;

/// The 404 page of the default theme, with `extra` appended to its content block.
fn page_404_with(extra: &str) -> String {
    page_404_importing("", extra)
}

/// The same, with `import` (an `{% import %}` tag) on its own line after the extends.
fn page_404_importing(import: &str, extra: &str) -> String {
    let text = std::fs::read_to_string(repo().join("themes/default/templates/404.html")).unwrap();
    text.replacen("%}\n", &format!("%}}\n{import}"), 1).replace(
        "{% endblock content %}",
        &format!("{extra}{{% endblock content %}}"),
    )
}

/// Builds once, writes `files`, builds again: the second build must fail cleanly, with
/// every `wanted` piece in stderr, and leave public/ as the first build made it.
fn refused(files: &[(&str, &str)], wanted: &[&str]) -> String {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    for (rel, text) in files {
        site.write(rel, text);
    }
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit status, stderr:\n{err}");
    assert!(
        !err.contains("panicked") && !err.contains("overflow"),
        "{err}"
    );
    for w in wanted {
        assert!(err.contains(w), "stderr lacks {w:?}:\n{err}");
    }
    assert_same_files("public/ after the refused build", &site.snapshot(), &before);
    err
}

#[test]
fn self_include() {
    refused(
        &[(
            "templates/404.html",
            &page_404_with("\n{% include \"404.html\" %}\n"),
        )],
        &[
            "error: the template 404.html includes itself: 404.html → 404.html",
            "--> templates/404.html:12:1",
            "help: a template cannot include itself",
        ],
    );
}

#[test]
fn mutual_include() {
    refused(
        &[
            (
                "templates/404.html",
                &page_404_with("{% include \"a.html\" %}"),
            ),
            ("templates/a.html", "<p>a</p>\n  {% include \"b.html\" %}"),
            ("templates/b.html", "{% include \"a.html\" %}"),
        ],
        &[
            "the template a.html includes itself: a.html → b.html → a.html",
            "--> templates/a.html:2:3",
        ],
    );
}

#[test]
fn direct_macro_recursion() {
    refused(
        &[
            (
                "templates/tree.html",
                "{% macro tree(n) %}\n{% if n > 0 %}{{ self::tree(n=n - 1) }}{% endif %}\n{% endmacro %}",
            ),
            (
                "templates/404.html",
                &page_404_importing("{% import \"tree.html\" as t %}", "{{ t::tree(n=3) }}"),
            ),
        ],
        &[
            "error: the macro tree calls itself: macro tree → tree",
            "--> templates/tree.html:2:18",
            "help: shequ does not allow a macro to call itself",
        ],
    );
}

#[test]
fn mutual_macro_recursion() {
    refused(
        &[
            (
                "templates/parity.html",
                "{% macro even(n) %}{% if n > 0 %}{{ self::odd(n=n - 1) }}{% endif %}{% endmacro %}\n{% macro odd(n) %}{{ self::even(n=n - 1) }}{% endmacro %}",
            ),
            (
                "templates/404.html",
                &page_404_importing("{% import \"parity.html\" as p %}", "{{ p::even(n=4) }}"),
            ),
        ],
        &[
            "the macro even calls itself: macro even → odd → even",
            "--> templates/parity.html:1:37",
        ],
    );
}

#[test]
fn recursion_through_an_imported_macro_file() {
    // The default theme's macros.html, imported by base.html as `m`, with one macro that
    // calls back into a new file that calls it again.
    let macros =
        std::fs::read_to_string(repo().join("themes/default/templates/macros.html")).unwrap();
    let macros = format!(
        "{{% import \"more.html\" as more %}}\n{macros}\n{{% macro pingback() %}}{{{{ more::ping() }}}}{{% endmacro %}}\n"
    );
    let line = macros.lines().count();
    refused(
        &[
            ("templates/macros.html", &macros),
            (
                "templates/more.html",
                "{% import \"macros.html\" as m %}{% macro ping() %}{{ m::pingback() }}{% endmacro %}",
            ),
        ],
        &[
            "the macro pingback calls itself: macro pingback → ping (in more.html) → pingback",
            &format!("--> templates/macros.html:{line}:"),
            // Both files import each other, too.
            "the template macros.html imports itself: macros.html → more.html → macros.html",
        ],
    );
}

#[test]
fn legitimate_uses_still_build() {
    let site = Site::fixture("basic");
    site.write("templates/part.html", "<i>part</i>");
    site.write(
        "templates/helpers.html",
        "{% macro inner() %}<b>inner</b>{% endmacro %}{% macro outer() %}{{ self::inner() }}{{ self::inner() }}{% endmacro %}",
    );
    site.write(
        "templates/404.html",
        &page_404_importing(
            "{% import \"helpers.html\" as h %}",
            "{% include \"part.html\" %}{% include \"part.html\" %}{{ h::outer() }}",
        ),
    );
    site.build(&[]);
    let page = site.read("404.html");
    assert_eq!(page.matches("<i>part</i>").count(), 2, "{page}");
    assert_eq!(page.matches("<b>inner</b>").count(), 2, "{page}");
}

#[test]
fn huge_range_is_a_render_error_not_a_hang() {
    let site = Site::fixture("basic");
    site.write(
        "templates/404.html",
        &page_404_with("{% for i in range(end=10000000000) %}{{ i }}{% endfor %}"),
    );
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("range() would produce 10000000000 numbers"),
        "{err}"
    );
}

#[test]
fn serve_survives_a_self_including_template() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--watch"]);
    let events = server.events();
    assert!(server.get("/nope/").text().contains("页面未找到"));

    site.write(
        "templates/404.html",
        &page_404_with("好的版本").replace("页面未找到", "第一版"),
    );
    assert_eq!(events.next().name, "reload");
    assert!(server.get("/nope/").text().contains("第一版"));

    site.write(
        "templates/404.html",
        &page_404_with("{% include \"404.html\" %}").replace("页面未找到", "坏版本"),
    );
    let ev = events.next();
    assert_eq!(ev.name, "build-error", "{ev:?}");
    assert!(ev.data.contains("404.html includes itself"), "{ev:?}");
    server.wait_stderr("--> templates/404.html:11:1");
    let page = server.get("/nope/");
    assert!(
        page.text().contains("第一版"),
        "the last good page is still served"
    );

    site.write(
        "templates/404.html",
        &page_404_with("").replace("页面未找到", "修好了"),
    );
    assert_eq!(events.next().name, "reload");
    assert!(server.get("/nope/").text().contains("修好了"));
    assert!(server.get("/").status == 200, "the server is alive");
}

#[test]
fn import_cycle_extends_cycle_and_deep_nesting_reported_together() {
    let deep = "{% if true %}\n".repeat(60) + &"{% endif %}".repeat(60);
    refused(
        &[
            ("templates/i1.html", "{% import \"i2.html\" as i %}"),
            ("templates/i2.html", "{% import \"i1.html\" as i %}"),
            // a.html reaches a circle it is not part of: Tera's own check overflows here.
            ("templates/e1.html", "{% extends \"e2.html\" %}"),
            ("templates/e2.html", "{% extends \"e3.html\" %}"),
            ("templates/e3.html", "{% extends \"e2.html\" %}"),
            ("templates/deep.html", &deep),
        ],
        &[
            "the template i1.html imports itself: i1.html → i2.html → i1.html",
            "--> templates/i1.html:1:1",
            "the template e2.html extends itself: e2.html → e3.html → e2.html",
            "--> templates/e2.html:1:1",
            "this template nests {% … %} blocks more than 50 deep",
            "--> templates/deep.html:51:1",
        ],
    );
}
