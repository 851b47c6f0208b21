//! Tests of `template_graph`.

use super::*;

fn check(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let parsed: Vec<(String, PathBuf, tera::Template)> = files
        .iter()
        .map(|(n, t)| {
            (
                n.to_string(),
                PathBuf::from(format!("templates/{n}")),
                tera::Template::new(n, None, t).unwrap(),
            )
        })
        .collect();
    let sources = parsed
        .iter()
        .zip(files)
        .map(|((n, shown, p), (_, t))| {
            (
                n.clone(),
                Source {
                    shown,
                    text: t,
                    parsed: p,
                },
            )
        })
        .collect();
    cycles(&sources)
}

fn one(files: &[(&str, &str)]) -> Diagnostic {
    let errors = check(files);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn at(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}",
        d.file.as_ref().unwrap().display(),
        d.line,
        d.col
    )
}

#[test]
fn self_include() {
    let d = one(&[("a.html", "<p>\n  {% include \"a.html\" %}\n</p>")]);
    assert_eq!(
        d.message,
        "the template a.html includes itself: a.html → a.html"
    );
    assert_eq!(at(&d), "templates/a.html:2:3");
    assert_eq!(d.span_chars, "{% include \"a.html\" %}".len());
    assert!(d.help.unwrap().contains("cannot include itself"));
}

#[test]
fn mutual_include_names_the_cycle_once() {
    let d = one(&[
        ("a.html", "x{% include 'b.html' %}"),
        ("b.html", "{% if true %}{% include \"a.html\" %}{% endif %}"),
    ]);
    assert_eq!(
        d.message,
        "the template a.html includes itself: a.html → b.html → a.html"
    );
    assert_eq!(at(&d), "templates/a.html:1:2");
}

#[test]
fn include_through_a_parent() {
    // Rendering page.html renders base.html, which includes page.html again.
    let d = one(&[
        (
            "base.html",
            "{% block main %}{% endblock %}{% include \"page.html\" %}",
        ),
        (
            "page.html",
            "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
        ),
    ]);
    assert_eq!(
        d.message,
        "the template base.html includes itself: base.html → page.html → base.html"
    );
    assert_eq!(at(&d), "templates/base.html:1:31");
}

#[test]
fn circular_extends_is_located() {
    let d = one(&[
        ("a.html", "{% extends \"b.html\" %}"),
        ("b.html", "\n{% extends \"c.html\" %}"),
        ("c.html", "{% extends \"b.html\" %}"),
    ]);
    assert_eq!(
        d.message,
        "the template b.html extends itself: b.html → c.html → b.html"
    );
    assert_eq!(at(&d), "templates/b.html:2:1");
}

#[test]
fn direct_macro_recursion() {
    let d = one(&[(
        "m.html",
        "{% macro leaf() %}x{% endmacro %}\n{% macro tree(n) %}{{ self::leaf() }}{% for c in n %}{{ self::tree(n=c) }}{% endfor %}{% endmacro %}",
    )]);
    assert_eq!(d.message, "the macro tree calls itself: macro tree → tree");
    assert_eq!(at(&d), "templates/m.html:2:57");
    assert_eq!(d.span_chars, "self::tree".len());
    assert!(d.help.unwrap().contains("{% for %}"));
}

#[test]
fn mutual_recursion_across_an_imported_file() {
    let d = one(&[
        (
            "a.html",
            "{% import \"b.html\" as b %}{% macro ping() %}{{ b :: pong() }}{% endmacro %}",
        ),
        (
            "b.html",
            "{% import \"c.html\" as c %}{% macro pong() %}{{ c::ping() }}{% endmacro %}",
        ),
        ("c.html", "{% macro ping() %}{% endmacro %}"),
        ("page.html", "{% import \"a.html\" as c %}{{ c::ping() }}"),
    ]);
    // `c` is c.html in b.html but a.html in page.html: Tera may resolve it either way.
    assert_eq!(
        d.message,
        "the macro ping calls itself: macro ping → pong (in b.html) → ping"
    );
    assert_eq!(at(&d), "templates/a.html:1:48");
}

#[test]
fn macro_and_include_cycle() {
    let d = one(&[
        (
            "m.html",
            "{% macro card() %}{% include \"card.html\" %}{% endmacro %}",
        ),
        ("card.html", "{% import \"m.html\" as m %}{{ m::card() }}"),
    ]);
    assert_eq!(
        d.message,
        "the macro card calls itself: macro card → card.html → card"
    );
    assert_eq!(at(&d), "templates/m.html:1:19");
}

#[test]
fn import_cycles() {
    let errors = check(&[
        ("a.html", "{% import \"b.html\" as b %}"),
        ("b.html", "{% import \"a.html\" as a %}"),
        (
            "s.html",
            "{# {% import \"s.html\" as s %} #}\n{% import \"s.html\" as s %}",
        ),
    ]);
    let got: Vec<(String, String)> = errors.iter().map(|d| (d.message.clone(), at(d))).collect();
    assert_eq!(
        got,
        [
            (
                "the template a.html imports itself: a.html → b.html → a.html".to_string(),
                "templates/a.html:1:1".to_string()
            ),
            (
                "the template s.html imports itself: s.html → s.html".to_string(),
                "templates/s.html:2:1".to_string()
            ),
        ]
    );
}

#[test]
fn legitimate_uses_pass() {
    let errors = check(&[
        ("part.html", "{{ 1 }}"),
        (
            "page.html",
            "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{% include \"part.html\" %}{% include \"part.html\" %}{{ m::outer() }}{% endblock %}",
        ),
        (
            "base.html",
            "{% import \"m.html\" as m %}{% block main %}{% endblock %}{{ m::outer() }}",
        ),
        (
            "m.html",
            "{% import \"n.html\" as n %}{% macro outer() %}{{ self::inner() }}{{ n::other() }}{% endmacro %}{% macro inner() %}{% include \"part.html\" %}{% endmacro %}",
        ),
        (
            "n.html",
            "{% macro other() %}{% raw %}{{ self::other() }}{% endraw %}{% endmacro %}",
        ),
    ]);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let shown = Path::new("templates/deep.html");
    let ok = "{% if a %}".repeat(NESTING_LIMIT) + &"{% endif %}".repeat(NESTING_LIMIT);
    assert!(too_deep(shown, &ok.repeat(3)).is_none());
    let n = NESTING_LIMIT + 1;
    let ifs = "{% if a %}\n".repeat(n) + &"{% endif %}".repeat(n);
    let d = too_deep(shown, &ifs).unwrap();
    assert_eq!((d.line, d.col), (n, 1), "{}", d.message);
    let parens = format!("x\n{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    let d = too_deep(shown, &parens).unwrap();
    assert_eq!((d.line, d.col), (2, 4 + NESTING_LIMIT), "{}", d.message);
    assert!(
        too_deep(
            shown,
            "{{ \"((((((((((((((((((((((((((((((((((((((((((((((((((((\" }}"
        )
        .is_none()
    );
}

#[test]
fn finds_calls_with_spaces() {
    assert_eq!(find_call(" a::b() ", "a", "b"), Some((1, 5)));
    assert_eq!(find_call("x( aa :: b )", "aa", "b"), Some((3, 10)));
    assert_eq!(find_call("xa::b()", "a", "b"), None);
    assert_eq!(find_call("a::bc()", "a", "b"), None);
}
