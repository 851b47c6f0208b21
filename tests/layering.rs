//! The shape of the code, checked: dependencies between the top-level modules of `src/` run
//! one way (load → parse → model → render → write, serve on top), and no source file grows
//! past 600 lines without saying why.
//!
//! A module may use only modules of a lower layer. When a new top-level module is added,
//! give it its layer here; when an import is refused, the fix is usually to move the shared
//! piece down (text helpers to `text`, shared types beside their owner), not to raise a layer.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Layer of each top-level module of `src/` (files `src/x.rs` and folders `src/x/`).
const LAYERS: &[(&str, u8)] = &[
    ("i18n", 0),
    ("build_id", 1),
    ("error", 1),
    ("text", 1),
    ("timing", 1),
    ("stamp", 1),
    ("config", 2),
    ("content", 3),
    ("model", 4),
    ("output", 4),
    ("index", 5),
    ("photos", 5),
    ("render", 6),
    ("pipeline", 7),
    ("check", 7),
    ("scaffold", 7),
    ("serve", 8),
    ("fuzzing", 8),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The top-level modules a source text names through `crate::` (plain paths and grouped
/// `use crate::{a::…, b}` imports).
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Top-level names inside the braces: at the start, or after a comma at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start => {
                        let name = ident(&group[j..]);
                        if !name.is_empty() {
                            out.insert(name);
                        }
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn sources() -> Vec<(String, String, String)> {
    let src = common::repo().join("src");
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = e.path().strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(e.path()).unwrap();
        v.push((rel.to_string_lossy().into_owned(), module, text));
    }
    v.sort();
    v
}

#[test]
fn dependencies_between_top_level_modules_run_one_way() {
    let mut wrong = Vec::new();
    for (file, module, text) in sources() {
        if module == "main" || module == "lib" {
            continue;
        }
        let Some(own) = layer(&module) else {
            wrong.push(format!(
                "{file}: the module {module} has no layer in tests/layering.rs"
            ));
            continue;
        };
        for used in uses(&text) {
            // The `t!` message macro is i18n's, exported at the crate root.
            let used = if used == "t" {
                "i18n".to_string()
            } else {
                used
            };
            if used == module {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                Some(l) => wrong.push(format!(
                    "{file}: {module} (layer {own}) uses {used} (layer {l})"
                )),
                None => wrong.push(format!("{file}: uses crate::{used}, which has no layer")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_long_without_a_reason() {
    let mut long = Vec::new();
    for (file, _, text) in sources() {
        let lines = text.lines().count();
        let doc: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        if lines > 600 && !doc.contains("Longer than 600 lines") {
            long.push(format!("{file}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "split these, or say in the module doc why not (\"Longer than 600 lines because …\"):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_checker_reads_grouped_and_plain_imports() {
    let text = "use crate::error::{Diagnostic, Diagnostics};\nuse crate::{config::Config, model::{Site, slug}};\nlet x = crate::text::slugify(s);";
    let got: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(got, ["config", "error", "model", "text"]);
    assert!(Path::new(&common::repo().join("src/lib.rs")).is_file());
}
