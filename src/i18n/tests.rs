//! The message files: same ids and arguments in every language, every message formats,
//! every id the code asks for exists, and the language is chosen as documented.

use super::*;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Vars = BTreeSet<String>;

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut Vars) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut Vars) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut Vars) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

/// id (or id.attr) → (variables, text without placeables) for one language, and the
/// syntax errors of its files.
fn messages(lang: Lang) -> (BTreeMap<String, (Vars, String)>, Vec<String>) {
    let mut map = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, source) in FILES.iter().zip(sources(lang)) {
        let resource = match fluent_syntax::parser::parse(*source) {
            Ok(r) => r,
            Err((r, errs)) => {
                for e in errs {
                    errors.push(format!("{}/{name}: {e:?}", lang.tag()));
                }
                r
            }
        };
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut add = |id: String, p: &ast::Pattern<&str>| {
                        let mut vars = Vars::new();
                        pattern_vars(p, &mut vars);
                        let text: String = p
                            .elements
                            .iter()
                            .filter_map(|e| match e {
                                ast::PatternElement::TextElement { value } => Some(*value),
                                _ => None,
                            })
                            .collect();
                        if map.insert(id.clone(), (vars, text)).is_some() {
                            errors.push(format!("{}/{name}: `{id}` defined twice", lang.tag()));
                        }
                    };
                    if let Some(v) = &m.value {
                        add(m.id.name.to_string(), v);
                    }
                    for a in &m.attributes {
                        add(format!("{}.{}", m.id.name, a.id.name), &a.value);
                    }
                }
                ast::Entry::Junk { content } => {
                    errors.push(format!("{}/{name}: cannot parse {content:?}", lang.tag()));
                }
                _ => {}
            }
        }
    }
    (map, errors)
}

#[test]
fn every_language_has_the_same_messages_with_the_same_arguments() {
    let (en, en_errors) = messages(Lang::En);
    let (zh, zh_errors) = messages(Lang::Zh);
    assert!(
        en_errors.is_empty() && zh_errors.is_empty(),
        "{en_errors:?} {zh_errors:?}"
    );
    assert!(!en.is_empty());
    let en_ids: BTreeSet<_> = en.keys().collect();
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    assert_eq!(
        en_ids.symmetric_difference(&zh_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "ids present in one language only"
    );
    for (id, (vars, _)) in &en {
        assert_eq!(
            vars, &zh[id].0,
            "`{id}` takes different arguments in en and zh-CN"
        );
    }
}

#[test]
fn every_message_formats_with_its_arguments_in_both_languages() {
    for lang in Lang::ALL {
        let (map, _) = messages(lang);
        for (id, (vars, _)) in &map {
            // Numbers for counts (they drive plural selectors), text for the rest.
            let args: Vec<(&str, Value)> = vars
                .iter()
                .map(|v| {
                    let value = if ["count", "n", "line", "col", "errors", "warnings"]
                        .iter()
                        .any(|c| v == c || v.ends_with("count") || v.ends_with("_n"))
                    {
                        Value::from(3)
                    } else {
                        Value::from("«x»")
                    };
                    (v.as_str(), value)
                })
                .collect();
            let b = bundle(lang);
            let (mid, attr) = match id.split_once('.') {
                Some((m, a)) => (m, Some(a)),
                None => (id.as_str(), None),
            };
            let m = b.get_message(mid).expect("listed ids exist");
            let p = match attr {
                Some(a) => m.get_attribute(a).unwrap().value(),
                None => m.value().unwrap(),
            };
            let mut fargs = FluentArgs::new();
            for (k, v) in &args {
                fargs.set(*k, v.clone());
            }
            let mut errors = Vec::new();
            let text = b.format_pattern(p, Some(&fargs), &mut errors);
            assert!(errors.is_empty(), "{}: `{id}`: {errors:?}", lang.tag());
            assert!(!text.trim().is_empty(), "{}: `{id}` is empty", lang.tag());
        }
    }
}

/// Chinese messages are Chinese: their own text (outside placeables) has a Han character,
/// or is only punctuation; English ones have no Han character outside quoted examples.
#[test]
fn chinese_messages_are_in_chinese() {
    let (zh, _) = messages(Lang::Zh);
    for (id, (_, text)) in &zh {
        let has_han = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let only_marks = text.chars().all(|c| !c.is_alphabetic());
        assert!(
            has_han || only_marks,
            "zh-CN `{id}` reads as English: {text:?}"
        );
    }
}

fn used_ids(dir: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // This module's own docs and tests name ids as examples.
            if !path.ends_with("i18n") {
                used_ids(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for pat in ["t!(", "tr(", "tr_in("] {
                for (i, _) in text.match_indices(pat) {
                    // A call, not the end of a longer name (`format!(`, `str(`).
                    let before = text[..i].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let mut rest = text[i + pat.len()..].trim_start();
                    if pat == "tr_in(" {
                        rest = rest.split_once(',').map_or("", |(_, r)| r.trim_start());
                    }
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let id = &rest[..rest.find('"').unwrap()];
                    out.insert(id.to_string(), path.display().to_string());
                }
            }
        }
    }
}

/// Ids the code builds at run time (`cli-…` from clap's argument names): not found by the
/// scan for literal ids, so not reported as unused.
/// `io-…` are chosen by `io_error` from the error's kind.
const DYNAMIC_PREFIXES: &[&str] = &["cli-", "io-"];

#[test]
fn every_id_the_code_uses_exists_and_every_message_is_used() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut used = BTreeMap::new();
    used_ids(&src, &mut used);
    let (en, _) = messages(Lang::En);
    for (id, file) in &used {
        assert!(
            en.contains_key(id),
            "{file} uses `{id}`, which no message file defines"
        );
    }
    for id in en.keys() {
        let base = id.split('.').next().unwrap();
        assert!(
            used.contains_key(id.as_str())
                || used.contains_key(base)
                || DYNAMIC_PREFIXES.iter().any(|p| id.starts_with(p)),
            "`{id}` is defined but no code uses it"
        );
    }
}

#[test]
fn locales_folder_holds_exactly_the_compiled_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut langs: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    assert_eq!(langs, ["en", "zh-CN"]);
    for lang in &langs {
        let mut files: Vec<String> = std::fs::read_dir(root.join(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut expected: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(files, expected, "locales/{lang}");
    }
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn language_follows_flag_then_shequ_lang_then_system() {
    type Case<'a> = (Option<&'a str>, &'a [(&'a str, &'a str)], Lang);
    let cases: &[Case] = &[
        (None, &[("LANG", "zh_CN.UTF-8")], Lang::Zh),
        (None, &[("LANG", "zh_TW.UTF-8")], Lang::Zh),
        (None, &[("LANG", "C")], Lang::En),
        (None, &[("LANG", "C.UTF-8")], Lang::En),
        (None, &[("LANG", "en_US.UTF-8")], Lang::En),
        (None, &[("LANG", "de_DE.UTF-8")], Lang::En),
        (
            None,
            &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
            Lang::Zh,
        ),
        (
            None,
            &[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_GB.UTF-8")],
            Lang::En,
        ),
        (
            None,
            &[("LANG", "en_US.UTF-8"), ("LANGUAGE", "zh_CN:en")],
            Lang::Zh,
        ),
        // GNU gettext ignores LANGUAGE under the C locale.
        (None, &[("LC_ALL", "C"), ("LANGUAGE", "zh_CN")], Lang::En),
        (None, &[("LANG", "C"), ("SHEQU_LANG", "zh")], Lang::Zh),
        (
            None,
            &[("LANG", "zh_CN.UTF-8"), ("SHEQU_LANG", "en")],
            Lang::En,
        ),
        (Some("en"), &[("SHEQU_LANG", "zh")], Lang::En),
        (Some("zh"), &[("LANG", "C")], Lang::Zh),
        (Some("zh-CN"), &[], Lang::Zh),
    ];
    for (flag, env, want) in cases {
        let (got, bad) = detect(*flag, &env_of(env));
        assert_eq!((got, bad), (*want, None), "{flag:?} {env:?}");
    }
}

#[test]
fn a_wrong_language_value_is_reported_and_the_system_language_used() {
    let (got, bad) = detect(Some("fr"), &env_of(&[("LANG", "zh_CN.UTF-8")]));
    assert_eq!(got, Lang::Zh);
    assert_eq!(
        bad,
        Some(BadLang {
            source: "--lang",
            value: "fr".into()
        })
    );
    let (got, bad) = detect(None, &env_of(&[("LANG", "C"), ("SHEQU_LANG", "chinese")]));
    assert_eq!(got, Lang::En);
    assert_eq!(bad.unwrap().source, "SHEQU_LANG");
}

#[test]
fn formats_in_the_chosen_language_and_falls_back_to_the_id() {
    assert_eq!(tr_in(Lang::En, "severity-error", &[]), "error");
    assert_eq!(tr_in(Lang::Zh, "severity-error", &[]), "错误");
    assert_eq!(tr_in(Lang::Zh, "no-such-message", &[]), "no-such-message");
}

#[test]
fn system_errors_are_said_in_the_language() {
    use std::io::{Error, ErrorKind};
    let full = io_error_in(Lang::Zh, &Error::from(ErrorKind::StorageFull));
    let other = io_error_in(Lang::Zh, &Error::from_raw_os_error(libc::ENOTTY));
    assert_eq!(full, "磁盘已满");
    assert!(
        other.contains(&libc::ENOTTY.to_string()) && other.contains("错误码"),
        "{other}"
    );
    let gone = io_error_in(Lang::En, &Error::from(ErrorKind::NotFound));
    assert_eq!(gone, "it does not exist");
}
