//! What a build and the preview say, in the user's language (issue 16): a missing photo, a
//! broken link, a template error, a locked output and the summary line, in Chinese under
//! `SHEQU_LANG=zh` or a Chinese system locale and in English under `LANG=C`; the preview's
//! address and rebuild lines, and the words of its error overlay, in the server's language.

mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;
use std::process::{Command, Output};

const FUZHOU: &str = "content/2024-spring/fuzhou/index.md";
const LANG_VARS: [&str; 5] = ["SHEQU_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"];

/// `shequ --root SITE ARGS…` with no language variable but `env`.
fn run_with(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    for v in LANG_VARS {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied())
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .output()
        .unwrap()
}

fn failed(site: &Site, env: &[(&str, &str)]) -> String {
    let out = run_with(site, &["build"], env);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// Every line of `want` is a line of `got`, in this order.
fn assert_lines(got: &str, want: &[&str]) {
    let lines: Vec<&str> = got.lines().collect();
    let mut from = 0;
    for w in want {
        match lines[from..].iter().position(|l| l == w) {
            Some(i) => from += i + 1,
            None => panic!("no line {w:?} (in this order) in:\n{got}"),
        }
    }
}

/// The references fixture with a photo removed and a site-root link broken.
fn broken_references() -> Site {
    let site = Site::fixture("references");
    std::fs::remove_file(site.root.join("content/2024-spring/fuzhou/fuzhou.jpg")).unwrap();
    site.edit(FUZHOU, "/areas/yanxi/", "/areas/yanxi-pian/");
    site
}

const REFERENCES_ZH: &[&str] = &[
    "错误：照片 `fuzhou.jpg` 不在 content/2024-spring/fuzhou/index.md 旁边",
    "  --> content/2024-spring/fuzhou/index.md:9:8",
    "   |        ^^^^^^^^^^ content/2024-spring/fuzhou/ 里没有这个文件",
    "   = 提示：请把照片放进 content/2024-spring/fuzhou/，或者改正文件名（那里现有的文件：IMG_2024.jpg、photo.jpg）",
    "错误：网站上没有 `/areas/yanxi-pian/` 这个页面",
    "  --> content/2024-spring/fuzhou/index.md:19:10",
    "    |                ^^^^^^^^^^^^^^^^^^ 没有这个页面",
    "   = 提示：是不是想写 `/areas/yanxi/`？",
    "错误：生成失败，共 2 个错误、0 个警告；没有写入任何文件",
];

const REFERENCES_EN: &[&str] = &[
    "error: the photo `fuzhou.jpg` is not beside content/2024-spring/fuzhou/index.md",
    "  --> content/2024-spring/fuzhou/index.md:9:8",
    "   |        ^^^^^^^^^^ no such file in content/2024-spring/fuzhou/",
    "   = help: put the photo in content/2024-spring/fuzhou/ or correct the name (the files there are IMG_2024.jpg, photo.jpg)",
    "error: no page of the site is at `/areas/yanxi-pian/`",
    "  --> content/2024-spring/fuzhou/index.md:19:10",
    "    |                ^^^^^^^^^^^^^^^^^^ no such page",
    "   = help: did you mean `/areas/yanxi/`?",
    "error: the build failed with 2 error(s) and 0 warning(s); nothing was written",
];

#[test]
fn a_missing_photo_and_a_broken_link_are_said_in_the_language_asked_for() {
    let site = broken_references();
    assert_lines(&failed(&site, &[("SHEQU_LANG", "zh")]), REFERENCES_ZH);
    assert_lines(&failed(&site, &[("SHEQU_LANG", "en")]), REFERENCES_EN);
}

#[test]
fn without_shequ_lang_the_system_language_decides() {
    let site = broken_references();
    assert_lines(&failed(&site, &[("LANG", "C")]), REFERENCES_EN);
    assert_lines(&failed(&site, &[("LANG", "zh_CN.UTF-8")]), REFERENCES_ZH);
    assert_lines(
        &failed(&site, &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")]),
        REFERENCES_ZH,
    );
}

#[test]
fn the_summary_line_is_in_the_language() {
    let site = Site::fixture("basic");
    for (env, head, tail) in [
        (
            ("SHEQU_LANG", "zh"),
            "已生成 3 个案例、2 期、3 个居民区：",
            " 毫秒",
        ),
        (
            ("LANG", "zh_CN.UTF-8"),
            "已生成 3 个案例、2 期、3 个居民区：",
            " 毫秒",
        ),
        (("LANG", "C"), "built 3 cases, 2 issues, 3 areas: ", " ms"),
    ] {
        let out = run_with(&site, &["build"], &[env]);
        assert!(out.status.success(), "{}", stderr(&out));
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(
            line.starts_with(head) && line.ends_with(tail),
            "{env:?}: {line}"
        );
        if env.1 != "C" {
            assert!(
                line.contains("个页面（其中 ") && line.contains("，用时 "),
                "{line}"
            );
            assert!(!line.chars().any(|c| c.is_ascii_alphabetic()), "{line}");
        }
    }
}

#[test]
fn a_template_error_is_said_with_its_place() {
    let site = Site::fixture("basic");
    site.write(
        "templates/areas.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for a in areas %}\n{% endblock content %}\n",
    );
    assert_lines(
        &failed(&site, &[("SHEQU_LANG", "zh")]),
        &[
            "错误：模板写法有误：缺少 {% endfor %}",
            "  --> templates/areas.html:4:1",
            "   | ^ 在这之前应当有 {% endfor %}",
            "   = 提示：开始的标签都要结束：{% for %} 配 {% endfor %}，{% if %} 配 {% endif %}，{% block %} 配 {% endblock %}，{% macro %} 配 {% endmacro %}",
            "错误：生成失败，共 1 个错误、0 个警告；没有写入任何文件",
        ],
    );
    assert_lines(
        &failed(&site, &[("LANG", "C")]),
        &[
            "error: template syntax error: {% endfor %} is missing",
            "  --> templates/areas.html:4:1",
            "   | ^ {% endfor %} was expected before this",
        ],
    );
    // Tera's own (English) words are not mixed into a Chinese message.
    site.write(
        "templates/areas.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ 1 + }}\n{% endblock content %}\n",
    );
    let zh = failed(&site, &[("SHEQU_LANG", "zh")]);
    assert_lines(
        &zh,
        &[
            "错误：模板写法有误",
            "  --> templates/areas.html:3:8",
            "   |        ^ 这里的写法不对",
            "   = 提示：模板的写法见 https://keats.github.io/tera/docs/",
        ],
    );
    assert!(!zh.contains("expected"), "{zh}");
    let en = failed(&site, &[("SHEQU_LANG", "en")]);
    assert!(en.contains("error: template syntax error\n"), "{en}");
    assert!(en.contains("^ expected "), "{en}");
    // A variable the page does not have.
    site.write(
        "templates/areas.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}",
    );
    assert_lines(
        &failed(&site, &[("SHEQU_LANG", "zh")]),
        &[
            "错误：模板 areas.html 用到了 `no_such_variable`，但这个页面没有这个变量",
            "  --> templates/areas.html",
        ],
    );
}

#[test]
fn a_locked_output_is_said_in_the_language() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let lock_path = site.root.join(".public.shequ-lock");
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.lock().unwrap();
    std::fs::write(&lock_path, "424242\n").unwrap();
    let out = run_with(&site, &["build", "--no-wait"], &[("SHEQU_LANG", "zh")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("错误：另一个 shequ 程序（进程号 424242）正在写入 ")
            && first.ends_with("public；这次生成已停止，没有改动任何文件"),
        "{err}"
    );
    assert_lines(
        &err,
        &["   = 提示：等它写完再生成一次，或者去掉 --no-wait，让这次生成等它写完"],
    );
    let out = run_with(&site, &["build", "--no-wait"], &[("LANG", "C")]);
    assert!(
        stderr(&out).starts_with("error: another shequ (pid 424242) is writing "),
        "{}",
        stderr(&out)
    );
    drop(lock);
}

const CASE: &str = "content/2024-spring/caishichang.md";

#[test]
fn the_preview_speaks_the_servers_language() {
    let site = Site::fixture("basic");
    let mut server = Server::start_with(&site, &["--watch"], &[("SHEQU_LANG", "zh")]);
    server.wait_stdout(|l| l.starts_with("预览地址：http://127.0.0.1:"));
    server.wait_stdout(|l| {
        l == "正在留意 content/、themes/、templates/、static/ 和 config.toml 的改动；按 Ctrl-C 停止"
    });
    let script = server.get("/__shequ/live.js").text();
    for words in [
        "\"label\":\"生成失败\"",
        "页面仍是上次成功生成的版本",
        "\"close\":\"关闭\"",
    ] {
        assert!(script.contains(words), "{words} not in the script");
    }
    assert!(!script.contains("Build failed"));
    let events = server.events();

    site.edit(CASE, "title = ", "title = = ");
    let ev = events.next();
    assert_eq!(ev.name, "build-error", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    assert_eq!(data["title"], "生成失败：共 1 个错误", "{data}");
    assert_eq!(
        data["errors"][0]["heading"],
        format!("错误　{CASE} 第 2 行，第 9 列"),
        "{data}"
    );
    assert!(
        data["errors"][0]["hint"]
            .as_str()
            .is_some_and(|h| h.starts_with("提示：")),
        "{data}"
    );
    server.wait_stdout(|l| {
        l.starts_with(&format!("重新生成失败：{CASE} 有改动 → 1 个错误，用时 "))
            && l.ends_with(" 毫秒；仍在预览上次成功生成的版本")
    });

    site.edit(CASE, "title = = ", "title = ");
    assert_eq!(events.next().name, "reload");
    server.wait_stdout(|l| {
        l.starts_with(&format!("已重新生成：{CASE} 有改动 → "))
            && l.contains(" 个页面中重新生成了 ")
            && l.ends_with(" 毫秒")
    });
    assert!(
        server
            .stdout_lines(|_| true)
            .iter()
            .all(|l| !l.contains("rebuil") && !l.contains("serving")),
        "{:?}",
        server.stdout_lines(|_| true)
    );
}

#[test]
fn the_preview_in_english_says_the_overlay_in_english() {
    let site = Site::fixture("basic");
    site.edit(CASE, "title = ", "title = = ");
    let mut server = Server::start_with(&site, &["--watch"], &[("SHEQU_LANG", "en")]);
    server.wait_stdout(|l| l.starts_with("build failed in ") && l.ends_with("waiting for fixes"));
    let script = server.get("/__shequ/live.js").text();
    assert!(script.contains("\"close\":\"Close\""), "{script}");
    assert!(
        !script
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese left in the script"
    );
    let events = server.events();
    let ev = events.next();
    assert_eq!(ev.name, "build-error", "{ev:?}");
    let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap();
    assert_eq!(data["title"], "Build failed: 1 error", "{data}");
    assert_eq!(
        data["errors"][0]["heading"],
        format!("Error — {CASE}, line 2, column 9"),
        "{data}"
    );
    // The page shown for a miss before any build.
    let miss = server.get("/2024-spring/caishichang/");
    assert_eq!(miss.status, 404);
    assert!(
        miss.text().contains("<html lang=\"en\">"),
        "{}",
        miss.text()
    );
    assert!(miss.text().contains("404 Not found"));
}
