//! shequ speaks the user's language: Chinese under any Chinese locale, English otherwise,
//! `--lang` and `SHEQU_LANG` first. Here: `--help` of every command and the command-line
//! errors; the build's own messages are checked in the message tests of each stage.

mod common;

use common::BIN;
use std::process::{Command, Output};

/// Runs shequ with only the given locale variables set (the tester's own are removed).
fn run(locale: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    for k in ["SHEQU_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(k);
    }
    cmd.envs(locale.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

const COMMANDS: &[&[&str]] = &[
    &["--help"],
    &["build", "--help"],
    &["check", "--help"],
    &["new", "--help"],
    &["serve", "--help"],
    &["help"],
    &["help", "serve"],
];

#[test]
fn help_is_chinese_under_a_chinese_locale_on_every_line() {
    for locale in [
        &[("LANG", "zh_CN.UTF-8")][..],
        &[("LANG", "C"), ("SHEQU_LANG", "zh")],
        &[("LANG", "en_US.UTF-8"), ("LANGUAGE", "zh_TW:en")],
    ] {
        for args in COMMANDS {
            let out = run(locale, args);
            assert!(out.status.success(), "{locale:?} {args:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("用法：shequ"), "{locale:?} {args:?}:\n{text}");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    has_han(line),
                    "{locale:?} {args:?}: English line {line:?}\n{text}"
                );
            }
            for english in ["Usage", "Options", "Print help", "[default", "[OPTIONS]"] {
                assert!(!text.contains(english), "{args:?}: {english}\n{text}");
            }
        }
    }
}

#[test]
fn help_is_english_under_an_english_or_c_locale() {
    for locale in [
        &[("LANG", "C")][..],
        &[("LANG", "en_US.UTF-8")],
        &[("LANG", "de_DE.UTF-8")],
        &[("LC_ALL", "C"), ("LANGUAGE", "zh_CN")],
        &[("LANG", "zh_CN.UTF-8"), ("SHEQU_LANG", "en")],
    ] {
        for args in COMMANDS {
            let out = run(locale, args);
            assert!(out.status.success(), "{locale:?} {args:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                text.contains("Usage: shequ"),
                "{locale:?} {args:?}:\n{text}"
            );
            assert!(text.contains("Options:"), "{args:?}:\n{text}");
            // Chinese appears only inside examples (an area name) and the program's name.
            for line in text.lines().filter(|l| has_han(l)) {
                assert!(
                    line.contains("纺大") || line.contains("社区 shequ") || line.contains("居民区"),
                    "{locale:?} {args:?}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn lang_flag_wins_over_the_environment() {
    let zh = run(
        &[("LANG", "C"), ("SHEQU_LANG", "en")],
        &["--lang", "zh", "--help"],
    );
    assert!(String::from_utf8_lossy(&zh.stdout).contains("用法：shequ"));
    let en = run(
        &[("LANG", "zh_CN.UTF-8")],
        &["build", "--help", "--lang=en"],
    );
    assert!(String::from_utf8_lossy(&en.stdout).contains("Usage: shequ build"));
}

#[test]
fn command_line_mistakes_are_said_in_the_language() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "zh",
            &["buld"],
            "错误：没有“buld”这个命令\n   = 提示：是不是想写 build？\n",
        ),
        (
            "en",
            &["buld"],
            "error: there is no command “buld”\n   = help: did you mean build?\n",
        ),
        (
            "zh",
            &["build", "--drafs"],
            "错误：这个命令没有 --drafs 选项\n",
        ),
        (
            "zh",
            &["serve", "--port", "abc"],
            "错误：“abc”不是 --port <端口> 可用的值\n",
        ),
        (
            "en",
            &["serve", "--port", "abc"],
            "error: “abc” is not a valid value for --port <PORT>\n",
        ),
        ("zh", &["new", "x/y"], "错误：缺少 --area <居民区>\n"),
        (
            "zh",
            &[],
            "错误：请说明要运行哪个命令：build, check, new, serve, help\n",
        ),
        ("zh", &["help", "biuld"], "错误：没有“biuld”这个命令\n"),
    ];
    for (lang, args, want) in cases {
        let out = run(&[("SHEQU_LANG", lang)], args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(want), "{lang} {args:?}:\n{err}");
        let see = if *lang == "zh" {
            "想了解更多，请运行：shequ --help"
        } else {
            "For more, run: shequ --help"
        };
        assert!(err.contains(see), "{err}");
    }
}

#[test]
fn a_wrong_language_is_named_and_the_system_language_used() {
    let out = run(&[("LANG", "zh_CN.UTF-8")], &["--lang", "fr", "--help"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "--lang 只能是 zh（中文）或 en（英文），不能是“fr”；现按系统语言显示\n"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("用法：shequ"));
    let out = run(&[("LANG", "C"), ("SHEQU_LANG", "klingon")], &["--help"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("SHEQU_LANG takes zh (Chinese) or en (English), not “klingon”"),
        "{err}"
    );
}
