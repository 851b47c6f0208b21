//! The editor's everyday mistakes under `SHEQU_LANG=zh`: the exact Chinese message and where
//! it points, and no English in what shequ says (paths, source lines, field names and values
//! aside).

mod common;

use common::*;
use std::process::{Command, Output};

fn run_zh(site: &Site, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("SHEQU_LANG", "zh")
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .output()
        .unwrap()
}

/// One mistake written over the `basic` fixture (areas 纺大 and 延西).
struct Row {
    what: &'static str,
    file: &'static str,
    text: &'static [u8],
    /// The first line of the message, whole.
    says: &'static str,
    /// `file:line:col`, or the file alone.
    at: &'static str,
}

const CASE: &str = "content/2024-spring/m.md";

const ROWS: &[Row] = &[
    Row {
        what: "misspelled area",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大居民区\"\n+++\n".as_bytes(),
        says: "错误：居民区“纺大居民区”没有在 config.toml 里登记",
        at: "content/2024-spring/m.md:4:8",
    },
    Row {
        what: "unknown force",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = [\"社区\", \"社区志愿军\"]\n+++\n"
            .as_bytes(),
        says: "错误：forces 里的“社区志愿军”不是五社之一",
        at: "content/2024-spring/m.md:5:17",
    },
    Row {
        what: "forces as text",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = \"社区\"\n+++\n".as_bytes(),
        says: "错误：forces 应该是一个列表，例如 forces = [\"社区\", \"社区志愿者\"]",
        at: "content/2024-spring/m.md:5:10",
    },
    Row {
        what: "weight in quotes",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nweight = \"1\"\n+++\n".as_bytes(),
        says: "错误：weight 应该是整数，不加引号，例如 weight = 1",
        at: "content/2024-spring/m.md:5:10",
    },
    Row {
        what: "full-width comma",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = [\"社区\"，\"社区志愿者\"]\n+++\n"
            .as_bytes(),
        says: "错误：这里用了中文逗号“，”，应改成英文的 ,（请把输入法切换到英文标点，或按住 Shift 键再输入）",
        at: "content/2024-spring/m.md:5:15",
    },
    Row {
        what: "Chinese quotes",
        file: CASE,
        text: "+++\ntitle = “x”\ndate = \"2024\"\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：这里用了中文引号 “ ”，应改成英文双引号 \" \"（请把输入法切换到英文标点，或按住 Shift 键再输入）",
        at: "content/2024-spring/m.md:2:9",
    },
    Row {
        what: "full-width equals sign",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea ＝ \"纺大\"\n+++\n".as_bytes(),
        says: "错误：这里用了全角等号“＝”，应改成英文的 =（请把输入法切换到英文标点，或按住 Shift 键再输入）",
        at: "content/2024-spring/m.md:4:6",
    },
    Row {
        what: "a month that does not exist",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2023年13月\"\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：日期写得不对：\"2023年13月\" 里的月份 13 不在 1 到 12 之间",
        at: "content/2024-spring/m.md:3:8",
    },
    Row {
        what: "a date without quotes",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = 2023.10\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：日期写得不对：不加引号的 2023.10 会被当成数字，而不是日期：请加上引号，例如 date = \"2023.10\"",
        at: "content/2024-spring/m.md:3:8",
    },
    Row {
        what: "missing title",
        file: CASE,
        text: "+++\ndate = \"2024\"\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：缺少必填的 title",
        at: "content/2024-spring/m.md:1:1",
    },
    Row {
        what: "unknown field",
        file: CASE,
        text: "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nsumary = \"s\"\n+++\n".as_bytes(),
        says: "警告：头部信息里的 sumary 不是可用的字段，已忽略",
        at: "content/2024-spring/m.md:5:1",
    },
    Row {
        what: "text without quotes",
        file: CASE,
        text: "+++\ntitle = 纺大\ndate = \"2024\"\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：头部信息有误：文字要用英文双引号括起来，例如 title = \"纺大\"",
        at: "content/2024-spring/m.md:2:9",
    },
    Row {
        what: "a quote left open",
        file: CASE,
        text: "+++\ntitle = \"x\ndate = \"2024\"\narea = \"纺大\"\n+++\n".as_bytes(),
        says: "错误：头部信息有误：引号里的文字没有结束：请在同一行末尾补上英文双引号 \"",
        at: "content/2024-spring/m.md:2:",
    },
    Row {
        what: "a case file that is not UTF-8",
        file: CASE,
        text: b"+++\ntitle = \"x\xb7\xe7\"\ndate = \"2024\"\narea = \"\xe7\xba\xba\xe5\xa4\xa7\"\n+++\n",
        says: "错误：文件不是 UTF-8 编码的文本（可能是用 GBK 等别的编码保存的）",
        at: "content/2024-spring/m.md:2:11",
    },
    Row {
        what: "front matter fenced with ---",
        file: CASE,
        text: "---\ntitle: x\n---\n".as_bytes(),
        says: "错误：缺少头部信息：第一行不是 +++",
        at: "content/2024-spring/m.md:1:1",
    },
    Row {
        what: "a case saved as .md.txt",
        file: "content/2024-spring/yanxi.md.txt",
        text: "+++\ntitle = \"x\"\n+++\n".as_bytes(),
        says: "警告：“yanxi.md.txt”看起来是案例，但只有以 .md 结尾的文件才会被读取，所以它被忽略了",
        at: "content/2024-spring/yanxi.md.txt",
    },
    Row {
        what: "an unknown setting in config.toml",
        file: "config.toml",
        text: "title = \"测试社区档案\"\nbase_url = \"https://example.org/\"\ntheem = \"x\"\n".as_bytes(),
        says: "错误：config.toml 有误：没有 theem 这项设置",
        at: "config.toml:3:1",
    },
    Row {
        what: "base_url with a query",
        file: "config.toml",
        text: "title = \"测试社区档案\"\nbase_url = \"https://example.org/?x=1\"\n".as_bytes(),
        says: "错误：base_url \"https://example.org/?x=1\" 带有查询部分（从“?”开始的部分），会让所有链接失效",
        at: "config.toml:2:12",
    },
];

/// ASCII words allowed in a Chinese message: names and values as written in the files, and
/// the few names the editor types or sees in her editor's menus.
const ALLOWED: &[&str] = &[
    "title",
    "date",
    "area",
    "forces",
    "governance",
    "partners",
    "tags",
    "summary",
    "authors",
    "slug",
    "draft",
    "weight",
    "figures",
    "caption",
    "src",
    "alt",
    "credit",
    "true",
    "false",
    "base_url",
    "areas",
    "theme",
    "description",
    "language",
    "paginate_by",
    "name",
    "definition",
    "synonyms",
    "order",
    "config",
    "toml",
    "TOML",
    "YAML",
    "Markdown",
    "UTF",
    "GBK",
    "CRLF",
    "Shift",
    "https",
    "http",
    "example",
    "org",
    "archive",
    "shequ",
    "new",
    "index",
    "content",
    "static",
    "partner_aliases",
];

/// The words of 3+ ASCII letters in `line` that are neither allowed nor in `written`.
fn english_words(line: &str, written: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|w| !ALLOWED.contains(w) && !written.contains(*w))
        .map(str::to_string)
        .collect()
}

/// The lines of stderr shequ says in words: messages, hints and labels after the carets.
fn said_lines(err: &str) -> Vec<&str> {
    err.lines()
        .filter_map(|l| {
            if l.starts_with("错误：") || l.starts_with("警告：") || l.starts_with("   = ") {
                Some(l)
            } else if l.contains(" | ") && l.trim_end().contains('^') {
                l.rsplit('^').next().filter(|s| !s.trim().is_empty())
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn each_mistake_is_said_in_chinese_where_it_is() {
    for row in ROWS {
        let site = Site::fixture("basic");
        let path = site.root.join(row.file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, row.text).unwrap();
        let out = run_zh(&site, &["build"]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let lines: Vec<&str> = err.lines().collect();
        let Some(i) = lines.iter().position(|l| *l == row.says) else {
            panic!("{}: no line {:?} in\n{err}", row.what, row.says);
        };
        let at = lines.get(i + 1).copied().unwrap_or_default();
        assert!(
            at.starts_with(&format!("  --> {}", row.at)),
            "{}: at {at:?}, not {:?}\n{err}",
            row.what,
            row.at
        );
        // Names and values as written, and the file's own name.
        let written = format!("{} {}", String::from_utf8_lossy(row.text), row.file);
        for line in said_lines(&err) {
            let english = english_words(line, &written);
            assert!(
                english.is_empty(),
                "{}: English {english:?} in {line:?}\n{err}",
                row.what
            );
        }
    }
}

#[test]
fn new_and_check_speak_chinese() {
    let site = Site::fixture("basic");
    let out = run_zh(&site, &["new", "2025-winter/a", "--area", "纺大居民区"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.starts_with("错误：居民区“纺大居民区”没有在 config.toml 里登记\n"),
        "{err}"
    );
    assert!(
        err.contains("   = 提示：是不是想写 area = \"纺大\"？如果这是新的居民区，请在 config.toml 里加上 [areas.\"纺大居民区\"]"),
        "{err}"
    );
    let out = run_zh(&site, &["new", "nothing", "--area", "纺大"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.starts_with("错误：“nothing”应写成 <期>/<名称>\n"),
        "{err}"
    );
    let out = run_zh(
        &site,
        &["new", "x/y", "--area", "纺大", "--date", "2024-13"],
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.starts_with("错误：--date 有误：月份 13 不在 01 到 12 之间\n"),
        "{err}"
    );

    // A scaffolded case's notes are in her language too.
    let out = run_zh(&site, &["new", "x/y", "--area", "纺大"]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(site.root.join("content/x/y.md")).unwrap();
    assert!(text.contains("# 删掉这一行，案例就会发布"), "{text}");

    site.write(
        "content/2024-spring/mention.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n楼组长上门走访。\n",
    );
    let out = run_zh(&site, &["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains(
            "警告：正文提到了“楼组长”（属于五社中的“社区志愿者”），但 forces 里没有列出\n"
        ),
        "{err}"
    );
    for line in said_lines(&err) {
        let english = english_words(line, "");
        assert!(english.is_empty(), "English {english:?} in {line:?}\n{err}");
    }
}

#[test]
fn the_checker_finds_english() {
    assert_eq!(
        english_words("错误：the file is empty", ""),
        ["the", "file", "empty"]
    );
    assert!(english_words("错误：缺少必填的 title", "").is_empty());
    assert!(english_words("错误：forces 里的“社区志愿军”不是五社之一", "").is_empty());
    assert_eq!(
        said_lines(" 5 | x = 1\n   |     ^^^ 这里 label\n"),
        [" 这里 label"]
    );
}
