//! Issue 9, hardening: every failure mode is a clear message and a safe state.
//!
//! - bad input of every kind: exit status 1, no panic, a located message, and the previous
//!   `public/` byte-identical;
//! - the fuzz entry points (`src/fuzzing.rs`) over the committed corpus, on the stable
//!   toolchain, with a regression test for every crash the fuzzers found;
//! - output safety: builds killed mid-way, nothing outside the output directory deleted,
//!   refused output directories;
//! - the dev server under abuse: 10,000 requests from 50 clients with bounded memory, and a
//!   burst of 500 writes in watch mode converging to a clean build;
//! - escaping: HTML, quotes and entities in every front-matter field shown as text
//!   everywhere.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;
mod common;
#[path = "common/serve.rs"]
mod serve_helpers;

use common::*;
use serve_helpers::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `shequ ARGS` on the site and asserts a clean failure: status 1 and no panic.
fn fail(site: &Site, args: &[&str]) -> String {
    let out = site.run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected failure, got:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// One kind of bad input: how to make it, what the message must say, how to undo it.
struct Bad {
    name: &'static str,
    make: fn(&Site),
    needles: &'static [&'static str],
}

const CASE_DIR: &str = "content/2024-spring";

fn write_case(site: &Site, name: &str, text: &str) {
    site.write(&format!("{CASE_DIR}/{name}"), text);
}

/// Every message line of `err` (the first line of each message, its hint and its label) is
/// Chinese: it has a Han character after its Chinese prefix; no English prefix is left.
fn assert_chinese_messages(what: &str, err: &str) {
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut messages = 0;
    for line in err.lines() {
        for english in ["error:", "warning:", "= help:"] {
            assert!(
                !line.trim_start().starts_with(english),
                "{what}: {line:?} in:\n{err}"
            );
        }
        let said = ["错误：", "警告：", "   = 提示："]
            .iter()
            .find_map(|p| line.strip_prefix(p));
        if let Some(rest) = said {
            messages += 1;
            assert!(han(rest), "{what}: not Chinese: {line:?} in:\n{err}");
        }
        // The label after the caret line.
        if let Some(label) = line
            .split_once("| ")
            .and_then(|(_, r)| r.trim_start().strip_prefix('^'))
        {
            let label = label.trim_start_matches('^').trim();
            assert!(
                label.is_empty() || han(label),
                "{what}: label {label:?} in:\n{err}"
            );
        }
    }
    assert!(messages > 0, "{what}: no message in:\n{err}");
}

#[test]
fn every_bad_input_fails_cleanly_and_leaves_public_untouched() {
    let bads: &[Bad] = &[
        Bad {
            name: "malformed TOML",
            make: |s| write_case(s, "bad.md", "+++\ntitle = \"x\ndate = \"2024\"\n+++\n"),
            needles: &[
                "content/2024-spring/bad.md:2:",
                "a mistake in the front matter",
            ],
        },
        Bad {
            name: "missing +++",
            make: |s| write_case(s, "bad.md", "title = \"x\"\ndate = \"2024\"\n"),
            needles: &["content/2024-spring/bad.md:1:1", "missing front matter"],
        },
        Bad {
            name: "YAML fences",
            make: |s| write_case(s, "bad.md", "---\ntitle: x\n---\n"),
            needles: &["content/2024-spring/bad.md:1:1", "not YAML"],
        },
        Bad {
            name: "unclosed +++",
            make: |s| write_case(s, "bad.md", "+++\ntitle = \"x\"\n"),
            needles: &["content/2024-spring/bad.md:1:1", "never closed"],
        },
        Bad {
            name: "doubled +++",
            make: |s| {
                write_case(
                    s,
                    "bad.md",
                    "+++\n+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n",
                )
            },
            needles: &[
                "content/2024-spring/bad.md:1:1",
                "missing required field `title`",
            ],
        },
        Bad {
            name: "invalid UTF-8",
            make: |s| {
                std::fs::write(
                    s.root.join(CASE_DIR).join("bad.md"),
                    b"+++\ntitle = \"\xe7\xba\xba\xff\"\n+++\n",
                )
                .unwrap()
            },
            needles: &["content/2024-spring/bad.md:2:11", "not valid UTF-8"],
        },
        Bad {
            name: "empty file",
            make: |s| write_case(s, "bad.md", ""),
            needles: &["content/2024-spring/bad.md", "the file is empty"],
        },
        Bad {
            name: "whitespace-only file",
            make: |s| write_case(s, "bad.md", " \r\n\t\n"),
            needles: &["content/2024-spring/bad.md", "the file is empty"],
        },
        Bad {
            name: "wrong field types",
            make: |s| {
                write_case(
                    s,
                    "bad.md",
                    "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nweight = \"first\"\n+++\n",
                )
            },
            needles: &[
                "content/2024-spring/bad.md:5:10",
                "weight should be a whole number without quotes, e.g. weight = 1",
            ],
        },
        Bad {
            name: "a list where a string belongs",
            make: |s| {
                write_case(
                    s,
                    "bad.md",
                    "+++\ntitle = [\"x\"]\ndate = \"2024\"\narea = \"纺大\"\n+++\n",
                )
            },
            needles: &[
                "content/2024-spring/bad.md:2:9",
                "title should be text in quotes, e.g. title = \"",
            ],
        },
        Bad {
            name: "unknown force",
            make: |s| {
                write_case(
                    s,
                    "bad.md",
                    "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = [\"社区志愿军\"]\n+++\n",
                )
            },
            needles: &[
                "content/2024-spring/bad.md:5:11",
                "unknown force \"社区志愿军\"",
                "did you mean \"社区志愿者\"?",
            ],
        },
        Bad {
            name: "unknown governance mode",
            make: |s| {
                write_case(
                    s,
                    "bad.md",
                    "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\ngovernance = [\"自冶\"]\n+++\n",
                )
            },
            needles: &["content/2024-spring/bad.md:5:15", "did you mean \"自治\"?"],
        },
        Bad {
            name: "two cases claiming one URL",
            make: |s| {
                write_case(
                    s,
                    "other.md",
                    "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nslug = \"caishichang\"\n+++\n",
                )
            },
            needles: &[
                "same URL /2024-spring/caishichang/",
                "content/2024-spring/caishichang.md",
                "content/2024-spring/other.md",
            ],
        },
        Bad {
            name: "issue directory without _index.md",
            make: |s| {
                s.write(
                    "content/2025-lost/case.md",
                    "+++\ntitle = \"x\"\ndate = \"2025\"\narea = \"纺大\"\n+++\n",
                )
            },
            needles: &[
                "content/2025-lost/ has no _index.md",
                "create content/2025-lost/_index.md",
            ],
        },
        Bad {
            name: "symlink loop",
            make: |s| std::os::unix::fs::symlink("..", s.root.join(CASE_DIR).join("loop")).unwrap(),
            needles: &["content/2024-spring/loop", "loops back"],
        },
        Bad {
            name: "template syntax error",
            make: |s| {
                s.write(
                    "templates/areas.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n{% for a in areas %}\n{% endblock content %}\n",
                )
            },
            needles: &["templates/areas.html:", "template syntax error"],
        },
        Bad {
            name: "undefined variable in a template",
            make: |s| {
                s.write(
                    "templates/areas.html",
                    "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}",
                )
            },
            needles: &["templates/areas.html", "no_such_variable"],
        },
        Bad {
            name: "missing template",
            make: |s| {
                std::fs::remove_file(s.root.join("themes/default/templates/partner.html")).unwrap()
            },
            needles: &["the template partner.html is missing"],
        },
        Bad {
            name: "template including a missing one",
            make: |s| {
                s.write(
                    "templates/404.html",
                    "{% extends \"no-such-base.html\" %}{% block content %}{% endblock content %}",
                )
            },
            needles: &["no-such-base.html"],
        },
        Bad {
            name: "malformed config.toml",
            make: |s| {
                let p = s.root.join("config.toml");
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, text.replace("title = ", "title = = ")).unwrap();
            },
            needles: &["config.toml:1:"],
        },
    ];
    for bad in bads {
        let site = Site::fixture("basic");
        site.build(&[]);
        let before = site.snapshot();
        (bad.make)(&site);
        let err = fail(&site, &["build"]);
        for needle in bad.needles {
            assert!(
                err.contains(needle),
                "{}: missing {needle:?} in:\n{err}",
                bad.name
            );
        }
        assert!(
            err.contains("nothing was written") || err.contains("error"),
            "{}: {err}",
            bad.name
        );
        assert_eq!(before, site.snapshot(), "{}: public/ changed", bad.name);
        // `check` reports the same and writes nothing either.
        let err = fail(&site, &["check"]);
        assert!(err.contains(bad.needles[0]), "{}: check: {err}", bad.name);
        // In Chinese: the same place, and every line of every message in Chinese.
        let out = site.run_in("zh", &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: zh: {err}", bad.name);
        let places = [
            "content/",
            "config.toml",
            "themes/",
            "templates/",
            "static/",
        ];
        for place in bad
            .needles
            .iter()
            .filter(|n| places.iter().any(|p| n.starts_with(p)))
        {
            // The place only: the rest of the needle is the English message.
            let place = place.split(' ').next().unwrap_or(place);
            assert!(err.contains(place), "{}: zh: no {place} in {err}", bad.name);
        }
        assert_chinese_messages(bad.name, &err);
        assert_eq!(
            before,
            site.snapshot(),
            "{}: check changed public/",
            bad.name
        );
    }
}

#[test]
fn bom_and_crlf_simply_work_in_content_and_config() {
    let site = Site::fixture("basic");
    // BOM + CRLF in a case, an issue and config.toml.
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("\u{feff}{}", config.replace('\n', "\r\n")),
    );
    site.write(
        "content/2025-crlf/_index.md",
        "\u{feff}+++\r\ntitle = \"回车换行期\"\r\ndate = \"2025\"\r\n+++\r\n编者按。\r\n",
    );
    site.write(
        "content/2025-crlf/case.md",
        "\u{feff}+++\r\ntitle = \"回车换行\"\r\ndate = \"2025-01\"\r\narea = \"纺大\"\r\nforces = [\"社区\"]\r\n+++\r\n\r\n第一段。\r\n\r\n第二段。\r\n",
    );
    let out = site.build(&[]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let html = site.read("2025-crlf/case/index.html");
    assert!(html.contains("<h1>回车换行</h1>"), "{html}");
    assert!(html.contains("<p>第二段。</p>"), "{html}");
    assert!(!html.contains('\u{feff}'));
    assert!(site.read("2025-crlf/index.html").contains("回车换行期"));
    // Errors in a CRLF file still point at the right line and column.
    site.write(
        "content/2025-crlf/case.md",
        "+++\r\ntitle = \"x\"\r\ndate = \"2025\"\r\narea = \"纺大\"\r\nforces = [\"社区志愿军\"]\r\n+++\r\n",
    );
    let err = fail(&site, &["build"]);
    assert!(err.contains("content/2025-crlf/case.md:5:11"), "{err}");
    assert!(!err.contains('\r'), "no carriage return in messages");
}

#[test]
fn misspelled_fields_warn_with_the_closest_known_field_and_build() {
    let site = Site::fixture("basic");
    write_case(
        &site,
        "typo.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nsumary = \"s\"\ngovernence = [\"自治\"]\nfigure = []\nzzzzzz = 1\n+++\n",
    );
    let out = site.build(&[]);
    let err = stderr(&out);
    for needle in [
        "typo.md:5:1",
        "did you mean `summary`?",
        "typo.md:6:1",
        "did you mean `governance`?",
        "typo.md:7:1",
        "did you mean `figures`?",
        "typo.md:8:1",
        "known fields: title, date, area",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(site.exists("2024-spring/typo/index.html"));
}

#[test]
fn hidden_and_editor_files_are_ignored() {
    let site = Site::fixture("basic");
    let garbage = "+++ not front matter \u{0}";
    for name in [
        ".hidden.md",
        ".caishichang.md.swp",
        ".caishichang.md.swo",
        "caishichang.md~",
        "#caishichang.md#",
        ".#caishichang.md",
        "caishichang.md.orig",
        "caishichang.md.bak",
        "caishichang.md.tmp",
        "4913",
        ".DS_Store",
        "Thumbs.db",
    ] {
        write_case(&site, name, garbage);
    }
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write("content/.git/HEAD", "ref: refs/heads/main\n");
    site.write("content/2024-spring/.drafts/secret.md", garbage);
    site.write("content/.hidden-issue/_index.md", garbage);
    let out = site.build(&[]);
    let err = stderr(&out);
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    let files: Vec<String> = site.snapshot().into_iter().map(|(n, _)| n).collect();
    for f in &files {
        assert!(
            !f.contains("swp")
                && !f.contains('~')
                && !f.contains('#')
                && !f.contains("/.")
                && !f.starts_with('.')
                && !f.contains("4913")
                && !f.contains("Thumbs")
                && !f.contains(".orig")
                && !f.contains(".bak"),
            "{f} was published"
        );
    }
    assert!(
        files
            .iter()
            .any(|f| f == "2024-spring/caishichang/index.html")
    );
}

#[test]
fn files_that_are_not_markdown_are_copied_as_assets() {
    let site = Site::fixture("basic");
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    std::fs::write(site.root.join("content/2024-spring/scan.bin"), &binary).unwrap();
    std::fs::write(
        site.root.join("content/2024-spring/dianti/raw"),
        b"\xff\xfe\x00",
    )
    .unwrap();
    site.write("content/2024-spring/notes.txt", "纯文本");
    site.write(
        "content/2024-spring/dianti/plan.markdown.txt",
        "not markdown",
    );
    site.write("content/2024-spring/docs/a/b/deep.docx", "docx");
    site.write("content/stray.txt", "not part of an issue");
    let out = site.build(&[]);
    assert_eq!(
        std::fs::read(site.public().join("2024-spring/scan.bin")).unwrap(),
        binary
    );
    assert_eq!(
        std::fs::read(site.public().join("2024-spring/dianti/raw")).unwrap(),
        b"\xff\xfe\x00"
    );
    assert_eq!(site.read("2024-spring/notes.txt"), "纯文本");
    assert_eq!(
        site.read("2024-spring/dianti/plan.markdown.txt"),
        "not markdown"
    );
    assert_eq!(site.read("2024-spring/docs/a/b/deep.docx"), "docx");
    assert!(!site.exists("stray.txt"));
    let err = stderr(&out);
    assert!(
        err.contains("content/stray.txt") && err.contains("a file directly in content/ is ignored"),
        "{err}"
    );
}

#[test]
fn a_fifty_megabyte_body_file_is_refused_quickly_without_reading_it() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    // A sparse 50 MB file: the size check must come before reading.
    let p = site.root.join("content/2024-spring/huge.md");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    drop(f);
    let t = Instant::now();
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("content/2024-spring/huge.md") && err.contains("50.0 MB"),
        "{err}"
    );
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    assert_eq!(before, site.snapshot());
}

// ---------------------------------------------------------------------------------------
// Fuzzing: the entry points over the committed corpus, and the crashes found
// ---------------------------------------------------------------------------------------

/// The files of `fuzz/<dir>`, sorted.
fn corpus_files(dir: &str) -> Vec<PathBuf> {
    let dir = repo().join("fuzz").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Both fuzz entry points over the committed corpora and the hand-written seeds, on the
/// stable toolchain: no panic, and every rendered site passes the fuzz target's checks.
#[test]
fn fuzz_entry_points_over_the_committed_corpus() {
    let seeds = corpus_files("seeds");
    let front = corpus_files("corpus/front_matter");
    let render = corpus_files("corpus/case_render");
    assert!(
        front.len() >= 20 && render.len() >= 20 && seeds.len() >= 5,
        "the corpus is committed"
    );
    // A running fuzzer may replace corpus files while this reads them: skip those.
    let read = |p: &PathBuf| std::fs::read(p).ok();
    for p in seeds.iter().chain(&front).chain(&render) {
        if let Some(bytes) = read(p) {
            shequ::fuzzing::front_matter(&bytes);
        }
    }
    let mut rendered = 0;
    for p in seeds.iter().chain(&render) {
        let Some(bytes) = read(p) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(out) = shequ::fuzzing::render_single_case(text) {
            rendered += 1;
            if let Err(why) = checks::check(&out) {
                panic!("{}: {why}", p.display());
            }
        }
    }
    assert!(rendered >= 10, "only {rendered} corpus files rendered");
}

/// Fuzz finding (case_render): NUL bytes in a body, or control characters written as TOML
/// escapes in a title, summary or caption, made atom.xml not well-formed XML. They are now
/// shown as U+FFFD wherever text is escaped.
#[test]
fn control_characters_keep_the_feed_and_sitemap_well_formed() {
    let text = "+++\ntitle = \"标题\\u0000\\u0001\\u001f\\ufffe\\uffff\"\ndate = \"2024\"\narea = \"新区\\u0008\"\npartners = [\"伙伴\\u000b\"]\ntags = [\"\\u0007\"]\nsummary = \"概要\\u001b[31m\"\n[[figures]]\ncaption = \"图\\u000c\"\n+++\n正文\u{0}\u{1}\u{b}\u{c}\u{7f}结束。\n\n```\ncode\u{0}\n```\n";
    let out = shequ::fuzzing::render_single_case(text).unwrap();
    checks::check(&out).unwrap();
    let feed = String::from_utf8(out.files["atom.xml"].clone()).unwrap();
    assert!(
        feed.contains("标题\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}"),
        "{feed}"
    );
    // The same through the CLI.
    let site = Site::fixture("basic");
    site.declare_areas(["新区\u{8}"]);
    write_case(&site, "control.md", text);
    site.build(&[]);
    for name in ["atom.xml", "sitemap.xml"] {
        let xml = site.read(name);
        if let Err(e) = roxmltree::Document::parse(&xml) {
            panic!("{name}: {e}");
        }
    }
    serde_json::from_str::<serde_json::Value>(&site.read("relations.json")).unwrap();
}

/// Found while writing the control-character regression: an area named "纺大\u0008" and
/// one named "纺大" share a URL, and the message said "config.toml and config.toml" with a
/// hint about front matter. It now names both areas, where they are used, and the fix.
#[test]
fn areas_and_partners_colliding_on_one_url_are_named_with_their_files() {
    let site = Site::fixture("basic");
    site.declare_areas(["纺大。"]);
    site.build(&[]);
    let before = site.snapshot();
    write_case(
        &site,
        "punct.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大。\"\npartners = [\"物业！\"]\n+++\n",
    );
    let err = fail(&site, &["build"]);
    for needle in [
        "same URL /areas/fangda/: area \"纺大\" (in content/",
        "area \"纺大。\" (in content/2024-spring/punct.md)",
        "--> content/2024-spring/punct.md",
        "[areas.\"…\"] slug",
        "same URL /partners/wuye/",
        "partner \"物业！\" (in content/2024-spring/punct.md)",
        "[partner_aliases]",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!err.contains("config.toml and config.toml"), "{err}");
    assert_eq!(before, site.snapshot());
}

// ---------------------------------------------------------------------------------------
// Output safety
// ---------------------------------------------------------------------------------------

/// Adds an issue of `n` small generated cases (40 areas, 30 partners, every force) to the site.
fn add_generated_cases(site: &Site, n: usize) {
    site.declare_areas((0..40.min(n)).map(|i| format!("片区{i}")));
    const FORCES: [&str; 5] = [
        "社区",
        "社会组织",
        "社会工作者",
        "社区志愿者",
        "社会慈善资源",
    ];
    site.write(
        "content/2022-gen/_index.md",
        "+++\ntitle = \"生成的一期\"\ndate = \"2022\"\n+++\n生成的编者按。\n",
    );
    for i in 0..n {
        site.write(
            &format!("content/2022-gen/c{i:04}.md"),
            &format!(
                "+++\ntitle = \"生成案例 {i}\"\ndate = \"2022-{:02}\"\narea = \"片区{}\"\nforces = [\"{}\"]\npartners = [\"伙伴{}\"]\nsummary = \"第{i}个案例。\"\n+++\n第{i}个案例的正文：志愿者和社工一起走访了{}户居民。\n\n- 第一项\n- 第二项\n",
                i % 12 + 1,
                i % 40,
                FORCES[i % 5],
                i % 30,
                i * 7 % 100
            ),
        );
    }
}

fn manifest_of(dir: &Path) -> Option<Vec<u8>> {
    std::fs::read(dir.join(".shequ-generation")).ok()
}

fn prev_of(site: &Site) -> PathBuf {
    site.root.join(".public.shequ-prev")
}

fn spawn_build(site: &Site) -> std::process::Child {
    Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// SIGKILLs builds of a 2,000-case site at several points, from loading to the swap: each
/// time `public/` (and its manifest) is byte-identical to the last good build, and the next
/// build succeeds and equals a clean build.
#[test]
fn killed_builds_never_leave_a_half_written_public() {
    let site = Site::fixture("basic");
    add_generated_cases(&site, 2000);
    let t = Instant::now();
    site.build(&[]);
    let full = t.elapsed();
    let config = site.root.join("config.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    let mut good = site.snapshot();
    let mut good_manifest = manifest_of(&site.public());
    // Fixed points early in the build, then fractions of a whole build, which on this
    // machine may be anything from one to many seconds.
    let mut delays: Vec<Duration> = [50, 150, 300]
        .iter()
        .map(|&ms| Duration::from_millis(ms))
        .collect();
    delays.extend([0.3, 0.6, 0.9].iter().map(|f| full.mul_f64(*f)));
    let mut interrupted = 0;
    for (round, delay) in delays.iter().enumerate() {
        // A new site title changes every page: the killed build has everything to rewrite.
        std::fs::write(
            &config,
            original.replace("测试社区档案", &format!("测试社区档案{round}")),
        )
        .unwrap();
        let mut child = spawn_build(&site);
        std::thread::sleep(*delay);
        let finished = child.try_wait().unwrap();
        let _ = child.kill();
        let status = child.wait().unwrap();
        if finished.is_some() {
            assert!(
                status.success(),
                "round {round}: the build failed on its own"
            );
            good = site.snapshot();
            good_manifest = manifest_of(&site.public());
            continue;
        }
        // Killed, unless it swapped the new site in before the signal arrived (it may not
        // have exited yet): then public/ must be the whole new site.
        let now = site.snapshot();
        if status.success() || now != good {
            assert_same_files(
                &format!("round {round}: finished before the kill"),
                &now,
                &site.clean_build_of_copy(),
            );
            good = now;
            good_manifest = manifest_of(&site.public());
            continue;
        }
        interrupted += 1;
        assert_eq!(
            manifest_of(&site.public()),
            good_manifest,
            "round {round}: manifest changed"
        );
    }
    assert!(
        interrupted >= 3,
        "only {interrupted} of {} builds were interrupted (a whole build took {full:?})",
        delays.len()
    );
    // The next build succeeds and equals a clean build of the same sources.
    site.build(&[]);
    assert_same_files(
        "after the kills",
        &site.snapshot(),
        &site.clean_build_of_copy(),
    );
    assert!(site.read("index.html").contains("测试社区档案"));
}

/// A first build killed right after it created its stage directory, before any page was
/// in it, once left a directory every later build refused as "not made by shequ".
#[test]
fn a_first_build_killed_at_its_start_does_not_block_later_builds() {
    let site = Site::fixture("basic");
    add_generated_cases(&site, 200);
    let stage = prev_of(&site);
    // The window is a few milliseconds wide; several rounds hit it more often than not.
    for round in 0..6 {
        let _ = std::fs::remove_dir_all(site.public());
        let _ = std::fs::remove_dir_all(&stage);
        let mut child = spawn_build(&site);
        let deadline = Instant::now() + PATIENCE;
        // Kill as soon as the stage has anything in it (round 0: as soon as it exists).
        loop {
            let started = match std::fs::read_dir(&stage) {
                Ok(mut entries) => round == 0 || entries.next().is_some(),
                Err(_) => false,
            };
            if started || child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.kill();
        let _ = child.wait();
        let out = site.run(&["build"]);
        assert!(
            out.status.success(),
            "round {round}: the build after a killed first build failed:\n{}",
            stderr(&out)
        );
    }
    assert_same_files("after kills", &site.snapshot(), &site.clean_build_of_copy());
}

/// Every file of `dir` (recursively, hidden ones too) with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// Builds, warm builds, failed builds and a build removing pages delete nothing outside
/// the output directory and its stage: not the site's sources, not siblings, not files
/// beside the stage.
#[test]
fn nothing_outside_the_output_directory_is_deleted() {
    let site = Site::fixture("basic");
    site.write("notes.txt", "beside public/");
    site.write("public-old/index.html", "an older copy kept by hand");
    site.write(".public.bak/index.html", "a hidden backup");
    let parent_file = site.root.parent().unwrap().join("outside.txt");
    std::fs::write(&parent_file, "beside the site").unwrap();
    let sources = |site: &Site| {
        let mut all = tree(&site.root);
        all.retain(|(n, _)| {
            !n.starts_with("public/")
                && !n.starts_with(".public.shequ-prev/")
                && n != ".public.shequ-lock"
                // shequ's own working files: the photo cache (src/photos).
                && !n.starts_with(".shequ/cache/")
        });
        all
    };
    let before = sources(&site);
    site.build(&[]);
    site.build(&[]);
    // A build that removes a page and an asset.
    std::fs::remove_file(site.root.join("content/2023-autumn/qunzu.md")).unwrap();
    std::fs::remove_file(site.root.join("content/2023-autumn/leaflet.pdf")).unwrap();
    site.build(&[]);
    site.build(&[]);
    assert!(!site.exists("2023-autumn/qunzu/index.html"));
    assert!(!prev_of(&site).join("2023-autumn/qunzu/index.html").exists());
    // A failed build.
    write_case(&site, "bad.md", "+++\n");
    fail(&site, &["build"]);
    std::fs::remove_file(site.root.join("content/2024-spring/bad.md")).unwrap();
    let mut after = sources(&site);
    let mut expected = before;
    expected.retain(|(n, _)| !n.ends_with("qunzu.md") && !n.ends_with("leaflet.pdf"));
    after.retain(|(n, _)| n != "content/2024-spring/bad.md");
    assert_same_files("sources and siblings", &after, &expected);
    assert_eq!(
        std::fs::read_to_string(&parent_file).unwrap(),
        "beside the site"
    );
}

/// Output directories whose replacement would destroy the project are refused before
/// anything is read or written, in every spelling.
#[test]
fn refused_output_directories() {
    let site = Site::fixture("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}x{% endblock content %}",
    );
    site.write("static/humans.txt", "User-agent: fixture\n");
    std::os::unix::fs::symlink(site.root.join("content"), site.root.join("link-to-content"))
        .unwrap();
    let before = tree(&site.root);
    let root = site.root.to_string_lossy().into_owned();
    let abs = |rel: &str| format!("{root}/{rel}");
    let cases: Vec<(String, &str)> = vec![
        (root.clone(), "site root"),
        (abs("."), "site root"),
        (abs("content/.."), "site root"),
        (abs(".."), "site root or contains it"),
        (abs("../.."), "site root or contains it"),
        ("/".into(), "file-system root"),
        (abs("content"), "inside content/"),
        (abs("content/2024-spring"), "inside content/"),
        (abs("content/new-dir/out"), "inside content/"),
        (abs("themes"), "inside themes/"),
        (abs("themes/default"), "inside themes/"),
        (abs("templates"), "inside templates/"),
        (abs("static"), "inside static/"),
        (abs("config.toml"), "it is a file, not a directory"),
        (abs("link-to-content"), "inside content/"),
        (abs("link-to-content/2024-spring"), "inside content/"),
    ];
    for (out, why) in &cases {
        let err = fail(&site, &["build", "--output", out]);
        assert!(
            err.contains("refusing to use") && err.contains(why),
            "{out}: expected {why:?} in:\n{err}"
        );
        // Relative to the working directory too.
        let rel = Command::new(BIN)
            .env("SHEQU_LANG", "en")
            .current_dir(&site.root)
            .args(["build", "--output"])
            .arg(out.strip_prefix(&format!("{root}/")).unwrap_or(out))
            .output()
            .unwrap();
        assert_eq!(rel.status.code(), Some(1), "{out} (relative)");
        assert!(
            stderr(&rel).contains("refusing to use"),
            "{out}: {}",
            stderr(&rel)
        );
    }
    // The home directory is refused as well.
    let home = Command::new(BIN)
        .env("SHEQU_LANG", "en")
        .env("HOME", site.root.parent().unwrap())
        .arg("--root")
        .arg(&site.root)
        .args(["build", "--output"])
        .arg(site.root.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(home.status.code(), Some(1));
    assert_eq!(before, tree(&site.root), "nothing changed");
    assert!(!site.public().exists() && !prev_of(&site).exists());
}

// ---------------------------------------------------------------------------------------
// The dev server under abuse (loopback only, bounded in count and time)
// ---------------------------------------------------------------------------------------

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// One keep-alive connection: requests one after another, each response read by its
/// Content-Length.
struct KeepAlive {
    writer: std::net::TcpStream,
    reader: std::io::BufReader<std::net::TcpStream>,
    addr: String,
}

impl KeepAlive {
    fn connect(addr: &str) -> KeepAlive {
        let s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s.set_nodelay(true).unwrap();
        KeepAlive {
            reader: std::io::BufReader::new(s.try_clone().unwrap()),
            writer: s,
            addr: addr.to_string(),
        }
    }

    /// Status, headers and body of `GET path` (or `HEAD`) with extra headers.
    fn request(&mut self, method: &str, path: &str, extra: &str) -> Resp {
        use std::io::{BufRead, Read, Write};
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}\r\n",
            self.addr
        );
        self.writer.write_all(req.as_bytes()).unwrap();
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).unwrap();
            assert!(n > 0, "connection closed while reading the head of {path}");
            if line == "\r\n" {
                break;
            }
            head.push(line.trim_end().to_string());
        }
        let status = head[0].split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = head[1..]
            .iter()
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; if method == "HEAD" { 0 } else { len }];
        self.reader.read_exact(&mut body).unwrap();
        Resp {
            status,
            headers,
            body,
        }
    }
}

/// 10,000 requests from 50 concurrent clients — half on keep-alive connections, half on a
/// fresh connection each — with HEAD and Range requests among them: every answer right, and
/// the server's resident memory stable between the first 1,000 and the last.
#[test]
fn ten_thousand_requests_from_fifty_clients_with_stable_memory() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    const CLIENTS: usize = 50;
    const PER_CLIENT: usize = 200;
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--watch"]);
    let addr = server.addr.clone();
    let pid = server.pid();
    let robots = server.get("/robots.txt").body;
    let home_len = server.get("/").body.len();
    assert!(home_len > 1000);
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let addr = addr.clone();
            let done = done.clone();
            let robots = robots.clone();
            std::thread::spawn(move || {
                let mut conn = (c % 2 == 0).then(|| KeepAlive::connect(&addr));
                for j in 0..PER_CLIENT {
                    let (method, path, extra, want) = match (c + j) % 8 {
                        0 => ("GET", "/", "", 200),
                        1 => ("GET", "/2024-spring/caishichang/", "", 200),
                        2 => ("GET", "/areas/", "", 200),
                        3 => ("GET", "/atom.xml", "", 200),
                        4 => ("GET", "/nope/", "", 404),
                        5 => ("HEAD", "/robots.txt", "", 200),
                        6 => ("GET", "/robots.txt", "Range: bytes=0-9\r\n", 206),
                        _ => ("GET", "/%2e%2e/secret", "", 400),
                    };
                    let r = match conn.as_mut() {
                        Some(k) => k.request(method, path, extra),
                        None => {
                            let mut k = KeepAlive::connect(&addr);
                            k.request(method, path, &format!("{extra}Connection: close\r\n"))
                        }
                    };
                    assert_eq!(r.status, want, "client {c}, request {j}: {method} {path}");
                    match (method, want) {
                        ("HEAD", _) => assert!(r.body.is_empty()),
                        (_, 206) => assert_eq!(r.body, robots[..10]),
                        (_, 200) => assert!(!r.body.is_empty(), "{path}"),
                        _ => {}
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // Memory once the first 1,000 requests are answered (allocator pools and caches warm).
    let deadline = Instant::now() + PATIENCE;
    while done.load(Ordering::Relaxed) < 1000 {
        assert!(
            Instant::now() < deadline,
            "1,000 requests took over {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let early = rss_kib(pid);
    let mut peak = early;
    while workers.iter().any(|w| !w.is_finished()) {
        assert!(
            Instant::now() < deadline + PATIENCE,
            "the load did not finish"
        );
        peak = peak.max(rss_kib(pid));
        std::thread::sleep(Duration::from_millis(20));
    }
    for w in workers {
        w.join().unwrap();
    }
    let elapsed = start.elapsed();
    let late = rss_kib(pid);
    let total = done.load(Ordering::Relaxed);
    assert_eq!(total, CLIENTS * PER_CLIENT);
    eprintln!(
        "{total} requests in {elapsed:.2?} ({:.0}/s); server RSS after 1,000: {} KiB, peak {} KiB, at the end {} KiB",
        total as f64 / elapsed.as_secs_f64(),
        early,
        peak,
        late
    );
    assert!(
        late < early + 50 * 1024,
        "RSS grew from {early} KiB to {late} KiB"
    );
    // Still serving, and the event stream still works.
    assert_eq!(server.get("/").status, 200);
    assert!(server.events().hello.data.contains("\"ok\":true"));
}

/// 500 writes in quick succession in watch mode — edits to several cases, the issue note
/// and a static file, cases created and deleted — converge to output byte-identical to a
/// clean build of the final sources.
#[test]
fn a_burst_of_500_writes_in_watch_mode_converges_to_a_clean_build() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site, &["--watch"]);
    let edit_case = |rel: &str, i: usize| {
        let p = site.root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        // Same length every time: only the contents tell the versions apart.
        let (head, rest) = text.split_once("\n+++\n").unwrap();
        let head = match head.find("\n# burst ") {
            Some(at) => &head[..at],
            None => head,
        };
        let rest = match rest.find("次改写。\n") {
            Some(at) => &rest[at + "次改写。\n".len()..],
            None => rest,
        };
        std::fs::write(
            &p,
            format!("{head}\n# burst {i:04}\n+++\n第{i:04}次改写。\n{rest}"),
        )
        .unwrap();
    };
    let burst_case = |k: usize, i: usize| {
        format!(
            "+++\ntitle = \"突发 {k} 第{i:04}版\"\ndate = \"2024-0{}\"\narea = \"{}\"\nforces = [\"社区\"]\npartners = [\"伙伴{k}\"]\n+++\n正文 {i:04}。\n",
            k % 9 + 1,
            ["纺大", "延西", "新区"][k % 3]
        )
    };
    let mut writes = 0;
    for i in 0..500 {
        let k = i % 7;
        let created = site.root.join(format!("content/2024-spring/burst-{k}.md"));
        match i % 10 {
            0 | 5 => edit_case("content/2024-spring/caishichang.md", i),
            1 | 6 => edit_case("content/2024-spring/dianti/index.md", i),
            2 => edit_case("content/2023-autumn/qunzu.md", i),
            3 | 7 => std::fs::write(&created, burst_case(k, i)).unwrap(),
            4 => {
                let _ = std::fs::remove_file(&created);
            }
            8 => edit_case("content/2024-spring/_index.md", i),
            _ => std::fs::write(
                site.root.join("static/humans.txt"),
                format!("User-agent: burst {i:04}\n"),
            )
            .unwrap(),
        }
        writes += 1;
        // Let some rebuilds start mid-burst, so writes land while one runs.
        if i % 25 == 24 {
            std::thread::sleep(Duration::from_millis(40));
        }
    }
    assert_eq!(writes, 500);
    // The server builds for its own address.
    let clean = site.clean_build_of_copy_with(&["--base-url", &server.url]);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let served = site.preview_snapshot();
        if served == clean {
            break;
        }
        if Instant::now() > deadline {
            assert_same_files("after the burst", &served, &clean);
            unreachable!();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // It stays so (no rebuild was left pending), and the server serves the final state.
    std::thread::sleep(Duration::from_millis(500));
    assert_same_files("settled", &site.preview_snapshot(), &clean);
    assert!(
        server
            .get("/2024-spring/caishichang/")
            .text()
            .contains("第0495次改写")
    );
    assert_eq!(server.get("/humans.txt").text(), "User-agent: burst 0499\n");
    server.wait_stdout(|l| l.starts_with("rebuilt: "));
    // A rebuild that starts mid-burst may read a file between its truncation and its
    // write (its event is still on the way) and fail; the next one fixes that. The last
    // one must have succeeded.
    let rebuilds =
        server.stdout_lines(|l| l.starts_with("rebuilt: ") || l.starts_with("rebuild failed: "));
    let last = rebuilds.last().unwrap();
    assert!(
        last.starts_with("rebuilt: "),
        "{rebuilds:#?}\n{}",
        server.stderr_text()
    );
    eprintln!(
        "500 writes: {} rebuilds, {} failed mid-burst:\n{}",
        rebuilds.len(),
        rebuilds
            .iter()
            .filter(|l| l.starts_with("rebuild failed"))
            .count(),
        server
            .stderr_text()
            .lines()
            .filter(|l| l.starts_with("error"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------

const PAYLOAD: &str = "<script>alert(1)</script>\"quotes\"&amp;";
const PAYLOAD_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;quotes&quot;&amp;amp;";

fn raw(prefix: &str) -> String {
    format!("{prefix}{PAYLOAD}")
}

fn escaped(prefix: &str) -> String {
    format!("{prefix}{PAYLOAD_ESCAPED}")
}

/// Every string anywhere in a JSON value.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// tests/fixtures/escaping: the title, summary, area, partner, tag, author, figure caption
/// and alt of a case, and the title, summary, credit and figure caption of its issue, all
/// carry `<script>alert(1)</script>"quotes"&amp;`. Every page, the feed, the sitemap,
/// relations.json and the search index show it as text.
#[test]
fn html_quotes_and_entities_in_front_matter_are_text_everywhere() {
    let site = Site::fixture("escaping");
    site.build(&[]);
    let area_page = "areas/pianqu-script-alert-1-script-quotes-amp/index.html";
    let partner_page = "partners/huoban-script-alert-1-script-quotes-amp/index.html";
    let case_page = "2024-escape/case/index.html";
    let expectations: &[(&str, &[&str])] = &[
        (
            "标题",
            &[
                case_page,
                "index.html",
                "2024-escape/index.html",
                area_page,
                partner_page,
                "wushe/shequ/index.html",
                "wushe/shequ/pianqu-script-alert-1-script-quotes-amp/index.html",
                "atom.xml",
            ],
        ),
        (
            "片区",
            &[
                case_page,
                area_page,
                "areas/index.html",
                "wushe/index.html",
                "index.html",
            ],
        ),
        ("伙伴", &[case_page, partner_page, "partners/index.html"]),
        ("标签", &[case_page]),
        ("作者", &[case_page, "atom.xml"]),
        ("概要", &[case_page, "atom.xml"]),
        ("图注", &[case_page, area_page]),
        ("替代", &[case_page]),
        ("期", &["2024-escape/index.html", case_page, "index.html"]),
        ("期概要", &["2024-escape/index.html"]),
        ("编撰", &["2024-escape/index.html"]),
        ("期图注", &["2024-escape/index.html", area_page]),
    ];
    let files = site.snapshot();
    let mut pages = 0;
    for (name, bytes) in &files {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        pages += 1;
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{name} has a raw <script>");
        for (prefix, _) in expectations {
            assert!(
                !text.contains(&raw(prefix)),
                "{name} has {prefix} unescaped"
            );
        }
        assert!(
            !text.contains("=\"quotes\""),
            "{name}: a quote closed an attribute"
        );
    }
    assert!(pages > 30, "{pages} pages");
    for (prefix, on) in expectations {
        for page in *on {
            assert!(
                site.read(page).contains(&escaped(prefix)),
                "{page} does not show {prefix}… as text"
            );
        }
    }
    // Attributes: the alt text, the share description, the image URL.
    let case = site.read(case_page);
    assert!(
        case.contains(&format!("alt=\"{}\"", escaped("替代"))),
        "{case}"
    );
    assert!(case.contains(&format!(
        "<meta property=\"og:description\" content=\"{}\">",
        escaped("概要")
    )));
    assert!(case.contains("photo&quot;&lt;x&gt;-32.jpg\""), "{case}");
    assert!(!case.contains("photo\"<x>"));

    // The feed: well-formed, and its text is the raw strings.
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entry = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| {
            e.children()
                .any(|c| c.has_tag_name("title") && c.text() == Some(raw("标题").as_str()))
        })
        .expect("the case's entry, its title as text");
    let child_text = |tag: &str| {
        entry
            .descendants()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(child_text("summary"), Some(raw("概要")));
    assert_eq!(child_text("name"), Some(raw("作者")));
    let category = entry
        .children()
        .find(|c| c.has_tag_name("category"))
        .unwrap();
    assert_eq!(category.attribute("term"), Some(raw("片区").as_str()));
    let content = child_text("content").unwrap();
    assert!(
        content.contains("正文&lt;script&gt;"),
        "the body's HTML, escaped once more: {content}"
    );

    // The sitemap: well-formed, every location an absolute URL without markup.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() > 10);
    for loc in &locs {
        assert!(
            loc.starts_with("https://example.org/") && !loc.contains(['<', '>', '"', '&', ' ']),
            "{loc}"
        );
    }
    assert!(locs.contains(&"https://example.org/areas/pianqu-script-alert-1-script-quotes-amp/"));

    // relations.json: parses, and its values are the raw strings.
    let rel: serde_json::Value = serde_json::from_str(&site.read("relations.json")).unwrap();
    let names = |key: &str, field: &str| -> Vec<String> {
        rel[key]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x[field].as_str().map(str::to_string))
            .collect()
    };
    assert!(names("areas", "name").contains(&raw("片区")));
    assert!(names("partners", "name").contains(&raw("伙伴")));
    assert!(names("issues", "title").contains(&raw("期")));
    assert!(names("cases", "title").contains(&raw("标题")));
    let case = rel["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == raw("标题").as_str())
        .unwrap();
    assert_eq!(case["area"], raw("片区").as_str());
    assert!(
        case["partners"]
            .as_array()
            .unwrap()
            .contains(&serde_json::Value::from(raw("伙伴")))
    );
    let edges = rel["edges"]["partner_area"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == raw("伙伴").as_str() && e["to"] == raw("片区").as_str()),
        "{edges:?}"
    );

    // The search index: every JSON file parses, and the documents hold the raw strings
    // (search.js inserts them as text; tests/browser checks that side).
    let mut strings = Vec::new();
    let mut json_files = 0;
    for (name, bytes) in &files {
        if name.starts_with("search/") && name.ends_with(".json") {
            json_files += 1;
            let v: serde_json::Value = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            json_strings(&v, &mut strings);
        }
    }
    assert!(json_files > 0);
    for prefix in ["标题", "片区"] {
        assert!(
            strings.iter().any(|s| s == &raw(prefix)),
            "the search index lacks the raw {prefix}…"
        );
    }
}

/// Old Mac OS line endings (a carriage return alone) get a hint of their own, and no
/// message carries a raw carriage return or escape sequence from a file into the terminal:
/// control characters are shown as ␍ and U+FFFD, one for one, so carets still line up.
#[test]
fn lone_carriage_returns_and_escape_sequences_do_not_garble_messages() {
    let site = Site::fixture("basic");
    site.build(&[]);
    let before = site.snapshot();
    write_case(
        &site,
        "mac.md",
        "+++\rtitle = \"x\"\rdate = \"2024\"\rarea = \"纺大\"\r+++\r正文\r",
    );
    // An escape sequence raw in a TOML string (invalid TOML), one written as a TOML escape
    // in a force name, and one in a field name.
    std::fs::write(
        site.root.join(CASE_DIR).join("ansi.md"),
        "+++\ntitle = \"清屏\x1b[2J\"\ndate = \"2024\"\narea = \"纺大\"\n+++\n",
    )
    .unwrap();
    write_case(
        &site,
        "ansi2.md",
        "+++\ntitle = \"x\"\ndate = \"2024\"\narea = \"纺大\"\nforces = [\"\\u001b[31m社区\"]\n\"\\u001b[2Jkey\" = 1\n+++\n",
    );
    let err = fail(&site, &["build"]);
    assert!(
        err.contains("content/2024-spring/mac.md:1:1")
            && err.contains("carriage return alone")
            && err.contains("+++␍title"),
        "{err}"
    );
    assert!(err.contains("content/2024-spring/ansi.md:2:"), "{err}");
    assert!(err.contains("清屏\u{fffd}[2J"), "{err}");
    assert!(err.contains("unknown force \"\u{fffd}[31m社区\""), "{err}");
    assert!(err.contains("`\u{fffd}[2Jkey`"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
    assert_eq!(before, site.snapshot());
}
