//! The editor's input-method mistakes in front matter: Chinese punctuation where TOML syntax
//! is, values of the wrong type, and dates written the Chinese way. One table per kind; every
//! error row names the message it expects and the exact place.

mod common;
use common::*;

/// The default case's front matter with one line changed: `(line, text)` replaces that
/// 1-based line (2 title, 3 date, 4 area, 5 forces, 6 weight) of
/// `+++ / title / date / area / forces / weight / +++`.
fn case(changes: &[(usize, &str)]) -> String {
    let mut lines = [
        "+++",
        "title = \"纺大：菜市场扶手\"",
        "date = \"2024-03\"",
        "area = \"纺大\"",
        "forces = [\"社区\", \"志愿者\"]",
        "weight = 1",
        "+++",
    ];
    for &(n, text) in changes {
        lines[n - 1] = text;
    }
    lines.join("\n") + "\n\n正文。\n"
}

/// A reported diagnostic: its header line (message) and its `file:line:col`.
struct Reported {
    message: String,
    at: String,
}

fn reported(stderr: &str) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            out.push(Reported {
                message: m.to_string(),
                at: String::new(),
            });
        } else if let Some(at) = line.trim_start().strip_prefix("--> ")
            && let Some(last) = out.last_mut()
        {
            last.at = at.trim().to_string();
        }
    }
    out
}

/// One mistake: the file it is in, its text, the expected message parts and place.
struct Row {
    file: &'static str,
    text: String,
    expect: &'static [&'static str],
    at: &'static str,
}

fn row(name: &'static str, text: String, expect: &'static [&'static str], at: &'static str) -> Row {
    Row {
        file: name,
        text,
        expect,
        at,
    }
}

const SWITCH: &str = "switch the input method to English punctuation (or press Shift) and type";

#[test]
fn every_mistake_named_at_its_place() {
    let d = "content/2024-spring";
    let rows = vec![
        row(
            "quotes.md",
            case(&[(5, "forces = [“社区”, \"志愿者\"]")]),
            &[
                "Chinese quotes (中文引号) “ ” where TOML needs straight quotes",
                "type straight quotes \" \"",
            ],
            "quotes.md:5:11",
        ),
        row(
            "quotes.md",
            case(&[(5, "forces = [“社区”, \"志愿者\"]")]),
            &["Chinese quotes (中文引号) “ ”"],
            "quotes.md:5:14",
        ),
        row(
            "single.md",
            case(&[(4, "area = ‘纺大’")]),
            &[
                "Chinese single quotes (中文单引号) ‘ ’",
                "type straight quotes ' '",
            ],
            "single.md:4:8",
        ),
        row(
            "comma.md",
            case(&[(5, "forces = [\"社区\"，\"志愿者\"]")]),
            &[
                "full-width comma (中文逗号) \"，\" where TOML needs \",\"",
                "(or press Shift) and type \",\"",
            ],
            "comma.md:5:15",
        ),
        row(
            "dunhao.md",
            case(&[(5, "forces = [\"社区\"、\"志愿者\"]")]),
            &["enumeration comma (顿号) \"、\" where TOML needs \",\""],
            "dunhao.md:5:15",
        ),
        row(
            "colon.md",
            case(&[(4, "area：\"纺大\"")]),
            &["full-width colon (中文冒号) \"：\" where TOML needs \"=\""],
            "colon.md:4:5",
        ),
        row(
            "equals.md",
            case(&[(4, "area ＝ \"纺大\"")]),
            &["full-width equals sign (全角等号) \"＝\" where TOML needs \"=\""],
            "equals.md:4:6",
        ),
        row(
            "lenticular.md",
            case(&[(5, "forces = 【\"社区\"】")]),
            &["Chinese bracket (方头括号) \"【\" where TOML needs \"[\""],
            "lenticular.md:5:10",
        ),
        row(
            "lenticular.md",
            case(&[(5, "forces = 【\"社区\"】")]),
            &["Chinese bracket (方头括号) \"】\" where TOML needs \"]\""],
            "lenticular.md:5:15",
        ),
        row(
            "bracket.md",
            case(&[(5, "forces = ［\"社区\"］")]),
            &["full-width bracket (全角方括号) \"［\" where TOML needs \"[\""],
            "bracket.md:5:10",
        ),
        row(
            "bracket.md",
            case(&[(5, "forces = ［\"社区\"］")]),
            &["full-width bracket (全角方括号) \"］\" where TOML needs \"]\""],
            "bracket.md:5:15",
        ),
        row(
            "space.md",
            case(&[(4, "area　= \"纺大\"")]),
            &["full-width space (全角空格) where TOML needs an ordinary space"],
            "space.md:4:5",
        ),
        row(
            "brace.md",
            case(&[(6, "figures = [｛caption = \"议事会\"｝]")]),
            &["full-width brace (全角花括号) \"｛\" where TOML needs \"{\""],
            "brace.md:6:12",
        ),
        row(
            "brace.md",
            case(&[(6, "figures = [｛caption = \"议事会\"｝]")]),
            &["full-width brace (全角花括号) \"｝\" where TOML needs \"}\""],
            "brace.md:6:28",
        ),
        // Two mistakes in one file: both reported.
        row(
            "two.md",
            case(&[
                (2, "title ＝ \"t\""),
                (5, "forces = [\"社区\"，\"志愿者\"]"),
            ]),
            &["full-width equals sign"],
            "two.md:2:7",
        ),
        row(
            "two.md",
            case(&[
                (2, "title ＝ \"t\""),
                (5, "forces = [\"社区\"，\"志愿者\"]"),
            ]),
            &["full-width comma"],
            "two.md:5:15",
        ),
        // A real TOML mistake left after the marks: both said.
        row(
            "both.md",
            case(&[(2, "title = \"t"), (5, "forces = [\"社区\"，\"志愿者\"]")]),
            &["full-width comma"],
            "both.md:5:15",
        ),
        row(
            "both.md",
            case(&[(2, "title = \"t"), (5, "forces = [\"社区\"，\"志愿者\"]")]),
            &["a mistake in the front matter"],
            "both.md:2:",
        ),
        // Wrong types, in her words.
        row(
            "forces-text.md",
            case(&[(5, "forces = \"社区\"")]),
            &["forces should be a list, e.g. forces = [\"社区\", \"社区志愿者\"]"],
            "forces-text.md:5:10",
        ),
        row(
            "weight-text.md",
            case(&[(6, "weight = \"1\"")]),
            &["weight should be a whole number without quotes, e.g. weight = 1"],
            "weight-text.md:6:10",
        ),
        row(
            "title-number.md",
            case(&[(2, "title = 1")]),
            &["title should be text in quotes, e.g. title = \""],
            "title-number.md:2:9",
        ),
        row(
            "area-list.md",
            case(&[(4, "area = [\"纺大\"]")]),
            &["area should be text in quotes, e.g. area = \"纺大\""],
            "area-list.md:4:8",
        ),
        row(
            "draft-text.md",
            case(&[(6, "draft = \"true\"")]),
            &["draft should be true or false without quotes, e.g. draft = true"],
            "draft-text.md:6:9",
        ),
        row(
            "tags-item.md",
            case(&[(6, "tags = [\"菜市场\", 2]")]),
            &["each item of tags should be text in quotes, e.g. tags = ["],
            "tags-item.md:6:",
        ),
        row(
            "partners-text.md",
            case(&[(6, "partners = \"物业\"")]),
            &["partners should be a list, e.g. partners = ["],
            "partners-text.md:6:12",
        ),
        row(
            "summary-number.md",
            case(&[(6, "summary = 3")]),
            &["summary should be text in quotes"],
            "summary-number.md:6:11",
        ),
        row(
            "caption-number.md",
            case(&[(6, "[[figures]]\ncaption = 3")]),
            &["caption should be text in quotes, e.g. caption = \""],
            "caption-number.md:7:11",
        ),
        row(
            "_index.md",
            "+++\ntitle = \"2024年春季刊\"\ndate = \"2024-03\"\ncredit = 5\n+++\n".into(),
            &["credit should be text in quotes, e.g. credit = \""],
            "_index.md:4:10",
        ),
        // A Chinese date that does not exist keeps a located error.
        row(
            "bad-date.md",
            case(&[(3, "date = \"2023年13月\"")]),
            &["malformed date: month 13", "not between 1 and 12"],
            "bad-date.md:3:8",
        ),
    ];
    let site = Site::fixture("basic");
    for r in &rows {
        site.write(&format!("{d}/{}", r.file), &r.text);
    }
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let all = reported(&err);
    for r in &rows {
        let at = format!("{d}/{}", r.at);
        let here: Vec<&Reported> = all.iter().filter(|x| x.at.starts_with(&at)).collect();
        assert!(
            here.iter()
                .any(|x| r.expect.iter().all(|e| x.message.contains(e))),
            "{at}: expected {:?}; reported there: {:?}\n{err}",
            r.expect,
            here.iter().map(|x| &x.message).collect::<Vec<_>>()
        );
        for x in &here {
            assert!(!x.message.contains('\n'), "{}", x.message);
        }
    }
    // Every punctuation message tells what to do, and TOML's own complaint is not added when
    // the marks explain it.
    for x in all
        .iter()
        .filter(|x| x.message.contains("where TOML needs"))
    {
        assert!(x.message.contains(SWITCH), "{}", x.message);
    }
    for file in [
        "quotes.md",
        "comma.md",
        "colon.md",
        "two.md",
        "brace.md",
        "space.md",
    ] {
        let prefix = format!("{d}/{file}:");
        let toml: Vec<_> = all
            .iter()
            .filter(|x| {
                x.at.starts_with(&prefix) && x.message.contains("a mistake in the front matter")
            })
            .map(|x| &x.message)
            .collect();
        assert!(toml.is_empty(), "{file}: {toml:?}");
    }
}

#[test]
fn punctuation_inside_text_is_the_editors_own() {
    let site = Site::fixture("basic");
    site.write(
        "content/2024-spring/prose.md",
        &case(&[(2, "title = \"纺大：街区，“共治”【试点】\u{3000}总结\"")]),
    );
    site.build(&[]);
    assert!(
        site.read("2024-spring/prose/index.html")
            .contains("纺大：街区，“共治”【试点】")
    );
}

#[test]
fn chinese_dates_build_and_show() {
    let rows = [
        (
            "nian-yue",
            "2023年10月",
            "<time datetime=\"2023-10\">2023年10月</time>",
        ),
        (
            "nian-yue-ri",
            "2023年10月5日",
            "<time datetime=\"2023-10-05\">2023年10月5日</time>",
        ),
        ("nian", "2023年", "<time datetime=\"2023\">2023年</time>"),
        (
            "dot-month",
            "2023.10",
            "<time datetime=\"2023-10\">2023年10月</time>",
        ),
        (
            "dot-day",
            "2023.10.5",
            "<time datetime=\"2023-10-05\">2023年10月5日</time>",
        ),
        (
            "slash-day",
            "2023/10/5",
            "<time datetime=\"2023-10-05\">2023年10月5日</time>",
        ),
        (
            "slash-month",
            "2023/10",
            "<time datetime=\"2023-10\">2023年10月</time>",
        ),
        (
            "full-width",
            "２０２３年１０月５日",
            "<time datetime=\"2023-10-05\">2023年10月5日</time>",
        ),
    ];
    let site = Site::fixture("basic");
    for (slug, date, _) in rows {
        let line = format!("date = \"{date}\"");
        site.write(
            &format!("content/2024-spring/{slug}.md"),
            &case(&[(3, &line)]),
        );
    }
    site.build(&[]);
    for (slug, date, shown) in rows {
        let page = site.read(&format!("2024-spring/{slug}/index.html"));
        assert!(page.contains(shown), "{date}: no {shown} in {slug}");
    }
}

#[test]
fn check_fix_rewrites_front_matter_marks_only() {
    let site = Site::fixture("basic");
    let fixable = "+++\ntitle = “纺大，街区”\ndate ＝ \"2024-03\"\narea = \"纺大\"\nforces = [\"社区\"，\"志愿者\"]\n+++\n\n居民说：“好”，forces = [“社区”]。\n";
    site.write("content/2024-spring/fixable.md", fixable);
    let broken = "+++\ntitle = \"t\ndate ＝ \"2024\"\n+++\n";
    site.write("content/2024-spring/broken.md", broken);
    let out = site.run(&["check", "--fix"]);
    let said = String::from_utf8_lossy(&out.stdout);
    for line in [
        "fixed content/2024-spring/fixable.md:2:9: “ → \"",
        "fixed content/2024-spring/fixable.md:2:15: ” → \"",
        "fixed content/2024-spring/fixable.md:3:6: ＝ → =",
        "fixed content/2024-spring/fixable.md:5:15: ， → ,",
        "not fixed content/2024-spring/broken.md",
    ] {
        assert!(said.contains(line), "no {line:?} in:\n{said}");
    }
    let root = &site.root;
    let read = |f: &str| std::fs::read_to_string(root.join("content/2024-spring").join(f)).unwrap();
    assert_eq!(
        read("fixable.md"),
        "+++\ntitle = \"纺大，街区\"\ndate = \"2024-03\"\narea = \"纺大\"\nforces = [\"社区\",\"志愿者\"]\n+++\n\n居民说：“好”，forces = [“社区”]。\n"
    );
    assert_eq!(read("broken.md"), broken);
}
