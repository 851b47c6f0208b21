//! The editor's guide (docs/编辑指南.md), followed as a newcomer would, so that it fails when the
//! guide drifts from the binary.
//!
//! The guide marks what this test does with an HTML comment before a block (invisible when the
//! guide is read):
//!
//! - `<!-- guide-test: run -->` before a code block: each line is a `shequ` command, run in
//!   the site's folder; it must succeed.
//! - `<!-- guide-test: file PATH -->` before a code block: the block is the whole file PATH.
//! - `<!-- guide-test: shows PATH -->` before a code block: PATH holds just that now (what
//!   `shequ new` wrote, say).
//! - `<!-- guide-test: photo PATH -->`: the editor copies a photo to PATH (here a tiny JPEG).
//! - `<!-- guide-test: set PATH -->` before a code block of `key = value` lines: each replaces
//!   the line of PATH that sets the same key.
//! - `<!-- guide-test: bad -->`, `good` or `fix` before a code block: one of the common
//!   mistakes and its correction. Applied to the walkthrough's case (a `key = value` line
//!   replaces that key's line, any other line is added to the text), `shequ check` must then
//!   fail at that file (`bad`), pass (`good`), or fail and be mended by `shequ check --fix`.
//!   Words after `bad` or `fix` are what the guide quotes of the message: it must say them.
//!
//! Every command runs as on the editor's computer, in Chinese (`SHEQU_LANG=zh`).
//! Marked steps run in order on a copy of the bundled site; then the case page must be in
//! public/ with its photo. Besides: every `shequ` subcommand and flag the guide (and its short
//! English version) mentions is in that command's `--help`, every file and heading they link
//! exists, the images are small, and the guide's tables of the five forces and five governance
//! modes say what the binary knows.

mod common;
use common::*;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GUIDE: &str = "docs/编辑指南.md";
/// Its short English version: commands, flags and links are checked the same way.
const GUIDE_EN: &str = "docs/editor-guide.en.md";
/// A 2×2 grey JPEG: the photo the walkthrough's editor copies beside her case.
const PHOTO: &[u8] = include_bytes!("common/photo.jpg");
/// Largest image the guide may link (they are read on phones).
const MAX_IMAGE_BYTES: u64 = 200 * 1024;

#[derive(Debug)]
enum Step {
    Run(String),
    File(String, String),
    Shows(String, String),
    Photo(String),
    Set(String, String),
    /// What to expect, the words of the message the guide quotes, the lines to apply.
    Sample(Expect, String, String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Bad,
    Good,
    Fix,
}

/// What the test reads from the guide.
#[derive(Default)]
struct Guide {
    steps: Vec<Step>,
    /// Every line of every code block and every inline code span.
    snippets: Vec<String>,
    /// Link and image targets, images flagged.
    targets: Vec<(String, bool)>,
    /// GitHub's anchors of the headings.
    anchors: BTreeSet<String>,
}

fn guide_text(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn read_guide(text: &str) -> Guide {
    let mut g = Guide::default();
    let mut pending: Option<(String, String)> = None;
    let mut code: Option<String> = None;
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let Some(body) = html
                    .trim()
                    .strip_prefix("<!--")
                    .and_then(|s| s.strip_suffix("-->"))
                    .and_then(|s| s.trim().strip_prefix("guide-test:"))
                else {
                    continue;
                };
                assert!(pending.is_none(), "{GUIDE}: a marker without its block");
                let mut words = body.split_whitespace();
                let kind = words.next().unwrap_or_default().to_string();
                let arg = words.collect::<Vec<_>>().join(" ");
                if kind == "photo" {
                    g.steps.push(Step::Photo(arg));
                } else {
                    pending = Some((kind, arg));
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => code = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = code.as_mut() {
                    c.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let block = code.take().unwrap_or_default();
                g.snippets.extend(block.lines().map(str::to_string));
                if let Some((kind, arg)) = pending.take() {
                    g.steps.push(match kind.as_str() {
                        "run" => Step::Run(block),
                        "file" => Step::File(arg, block),
                        "shows" => Step::Shows(arg, block),
                        "set" => Step::Set(arg, block),
                        "bad" => Step::Sample(Expect::Bad, arg, block),
                        "good" => Step::Sample(Expect::Good, arg, block),
                        "fix" => Step::Sample(Expect::Fix, arg, block),
                        other => panic!("{GUIDE}: unknown marker guide-test: {other}"),
                    });
                }
            }
            Event::Code(c) => {
                g.snippets.push(c.to_string());
                if let Some(h) = heading.as_mut() {
                    h.push_str(&c);
                }
            }
            Event::Start(Tag::Heading { level, .. }) if level != HeadingLevel::H1 => {
                heading = Some(String::new())
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    g.anchors.insert(anchor(&h));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => g.targets.push((dest_url.into(), false)),
            Event::Start(Tag::Image { dest_url, .. }) => g.targets.push((dest_url.into(), true)),
            _ => {}
        }
    }
    assert!(pending.is_none(), "{GUIDE}: the last marker has no block");
    g
}

/// Splits a command line as a shell would for these simple commands: words, and "…" or '…'.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => out.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line:?}");
    out.extend(word);
    out
}

/// `shequ ARGS` in the site's folder, speaking Chinese as on the editor's computer.
fn shequ_in(root: &Path, args: &[String]) -> Output {
    Command::new(BIN)
        .env("SHEQU_LANG", "zh")
        .args(args)
        .current_dir(root)
        .output()
        .unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The key a front-matter line sets (`forces ＝ […]` counts: that is a mistake to try).
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let rest = line[end..].trim_start();
    (end > 0 && (rest.starts_with('=') || rest.starts_with('＝'))).then(|| &line[..end])
}

/// Where [`apply`] looks for the line a key is set on.
#[derive(Clone, Copy)]
enum Lines {
    /// A whole TOML file (config.toml).
    All,
    /// Between a case's `+++` lines.
    FrontMatter,
}

/// `text` with each `key = value` line of `lines` in place of the line setting that key, and
/// the other lines added to the end.
fn apply(text: &str, lines: &str, within: Lines, what: &str) -> String {
    let mut out: Vec<String> = text.lines().map(str::to_string).collect();
    let keys = match within {
        Lines::All => 0..out.len(),
        Lines::FrontMatter => 1..out.iter().skip(1).position(|l| l.trim() == "+++").unwrap() + 1,
    };
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        match key_of(line) {
            Some(key) => {
                let at = keys
                    .clone()
                    .filter(|&i| key_of(&out[i]) == Some(key))
                    .collect::<Vec<_>>();
                assert_eq!(at.len(), 1, "{what}: the file should set `{key}` once");
                out[at[0]] = line.to_string();
            }
            None => out.push(line.to_string()),
        }
    }
    out.join("\n") + "\n"
}

/// The path part of an absolute URL: `/` or `/archive/`.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

#[test]
fn a_newcomer_following_the_guide_adds_a_case_with_a_photo_and_publishes() {
    let guide = read_guide(&guide_text(GUIDE));
    let site = Site::bundled();
    let root = &site.root;
    let (mut case, mut photo, mut base_url) = (None, None, None);
    let mut samples = Vec::new();
    for step in &guide.steps {
        match step {
            Step::Run(block) => {
                for line in block.lines().filter(|l| !l.trim().is_empty()) {
                    let w = words(line);
                    assert_eq!(w[0], "shequ", "{GUIDE}: a run block holds shequ commands");
                    let out = shequ_in(root, &w[1..]);
                    assert!(out.status.success(), "{line} failed:\n{}", said(&out));
                }
            }
            Step::File(path, text) => {
                site.write(path, text);
                if !path.ends_with("_index.md") {
                    case = Some(path.clone());
                }
            }
            Step::Shows(path, text) => {
                let there = std::fs::read_to_string(root.join(path)).unwrap();
                assert_eq!(
                    there.trim_end(),
                    text.trim_end(),
                    "{GUIDE} shows {path} wrong"
                );
            }
            Step::Photo(path) => {
                let file = root.join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, PHOTO).unwrap();
                photo = Some(path.clone());
            }
            Step::Set(path, lines) => {
                let file = root.join(path);
                let text = std::fs::read_to_string(&file).unwrap();
                std::fs::write(&file, apply(&text, lines, Lines::All, path)).unwrap();
                for line in lines.lines() {
                    if key_of(line) == Some("base_url") {
                        base_url = words(line.split_once('=').unwrap().1).pop();
                    }
                }
            }
            Step::Sample(expect, quoted, lines) => {
                samples.push((*expect, quoted.clone(), lines.clone()))
            }
        }
    }
    let case = case.expect("the guide writes a case file");
    let photo = photo.expect("the guide puts a photo beside it");
    let base_url = base_url.expect("the guide sets base_url");
    assert_ne!(
        base_url, "http://127.0.0.1:1111/",
        "publishing needs the real address"
    );

    // content/<issue>/<case>.md is published at <issue>/<case>/, its photo beside the page.
    let rel = case
        .strip_prefix("content/")
        .unwrap()
        .strip_suffix(".md")
        .unwrap();
    let page = site.read(&format!("{rel}/index.html"));
    // The photo is published processed (the guide says so): a JPEG named by its width (the
    // 2-pixel test photo is never enlarged), not the original.
    let photo_rel = photo.strip_prefix("content/").unwrap();
    assert!(
        !site.public().join(photo_rel).exists(),
        "the original photo is published"
    );
    let published = format!("{}-2.jpg", photo_rel.strip_suffix(".jpg").unwrap());
    let jpeg = std::fs::read(site.public().join(&published)).unwrap();
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "{published} is not a JPEG");
    let src = format!("src=\"{}{published}\"", url_path(&base_url));
    assert!(page.contains(&src), "the case page shows no {src}");
    let canonical = format!("{base_url}{rel}/");
    assert!(
        page.contains(&canonical),
        "the case page's address is not {canonical}"
    );

    // The common mistakes, each tried on the case just written.
    assert!(
        samples.len() >= 10,
        "the guide shows its mistakes with guide-test marks"
    );
    let file = root.join(&case);
    let written = std::fs::read_to_string(&file).unwrap();
    let name = Path::new(&case).file_name().unwrap().to_string_lossy();
    let check = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        shequ_in(root, &args)
    };
    for (expect, quoted, lines) in samples {
        std::fs::write(&file, apply(&written, &lines, Lines::FrontMatter, &case)).unwrap();
        let out = check(&["check"]);
        match expect {
            Expect::Good => assert!(out.status.success(), "{lines}: {}", said(&out)),
            Expect::Bad | Expect::Fix => {
                assert_eq!(out.status.code(), Some(1), "{lines} passes check");
                assert!(said(&out).contains(&*name), "{lines}: {}", said(&out));
                assert!(
                    said(&out).contains(&quoted),
                    "{lines}: the guide quotes {quoted:?}, shequ says:\n{}",
                    said(&out)
                );
            }
        }
        if expect == Expect::Fix {
            let fixed = check(&["check", "--fix"]);
            assert!(fixed.status.success(), "{lines}: {}", said(&fixed));
            assert!(check(&["check"]).status.success(), "{lines} after --fix");
        }
    }
    std::fs::write(&file, written).unwrap();
}

/// Whether `help` names `flag` as a whole word (`--drafts`, not a prefix of `--drafts-x`).
fn names_flag(help: &str, flag: &str) -> bool {
    help.match_indices(flag).any(|(i, _)| {
        let before = help[..i].chars().next_back();
        let after = help[i + flag.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

fn help_of(sub: Option<&str>) -> String {
    let out = Command::new(BIN).args(sub).arg("--help").output().unwrap();
    assert!(
        out.status.success(),
        "shequ {} --help: {}",
        sub.unwrap_or(""),
        said(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_command_and_flag_the_guides_name_exists() {
    for path in [GUIDE, GUIDE_EN] {
        commands_and_flags_exist(path);
    }
}

fn commands_and_flags_exist(path: &str) {
    let guide = read_guide(&guide_text(path));
    let mut helps: BTreeMap<String, String> = BTreeMap::new();
    let top = help_of(None);
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut loose_flags: Vec<String> = Vec::new();
    for snippet in &guide.snippets {
        let snippet = snippet.trim();
        // A flag on its own (`--drafts`, `--port 0`).
        if let Some(name) = snippet.strip_prefix("--") {
            let flag = name.split(' ').next().unwrap();
            if !flag.is_empty() && flag.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                loose_flags.push(format!("--{flag}"));
            }
            continue;
        }
        if !snippet.starts_with("shequ ") {
            continue;
        }
        let w = words(snippet);
        // Options before the subcommand are shequ's own (`--root DIR`, `--version`).
        let mut rest = w[1..].iter().peekable();
        while let Some(flag) = rest.next_if(|t| t.starts_with('-')) {
            assert!(
                names_flag(&top, flag),
                "{path}: {snippet}: shequ has no {flag}"
            );
            if top.contains(&format!("{flag} <")) {
                rest.next();
            }
        }
        let Some(sub) = rest.next() else { continue };
        let help = helps
            .entry(sub.clone())
            .or_insert_with(|| help_of(Some(sub)));
        used.insert(sub.clone());
        for flag in rest.filter(|t| t.starts_with('-')) {
            let flag = flag.split('=').next().unwrap();
            assert!(
                names_flag(help, flag),
                "{path}: {snippet}: shequ {sub} has no {flag}"
            );
        }
    }
    for sub in ["new", "check", "serve", "build"] {
        assert!(used.contains(sub), "{path} never shows shequ {sub}");
    }
    for flag in loose_flags {
        assert!(
            helps.values().any(|h| names_flag(h, &flag)),
            "{path} names {flag}, which no shequ command has"
        );
    }
}

#[test]
fn every_file_image_and_heading_the_guides_link_exists() {
    let images = links_exist(GUIDE);
    assert!(
        images >= 3,
        "the guide shows the preview, /wushe/ and the overlay"
    );
    links_exist(GUIDE_EN);
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("]({GUIDE})")),
        "README links the guide"
    );
}

/// Checks the links of the guide at `path`; returns how many images it shows.
fn links_exist(path: &str) -> usize {
    let guide = read_guide(&guide_text(path));
    let docs: PathBuf = repo().join(path).parent().unwrap().to_path_buf();
    let mut images = 0;
    for (target, image) in &guide.targets {
        if target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        if let Some(anchor) = target.strip_prefix('#') {
            assert!(
                guide.anchors.contains(anchor),
                "{path}: no heading for #{anchor}"
            );
            continue;
        }
        let file = docs.join(target.split('#').next().unwrap());
        let meta = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{path}: {target}: {e}"));
        if *image {
            images += 1;
            assert!(
                meta.len() <= MAX_IMAGE_BYTES,
                "{target}: {} bytes",
                meta.len()
            );
        }
    }
    images
}

/// The guide's table row whose first cell is `name`, as cells.
fn row<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect()
        })
        .filter(|cells: &Vec<&str>| cells[0] == name)
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "the guide should have one table row for {name}"
    );
    rows.into_iter().next().unwrap()
}

#[test]
fn the_guides_five_forces_and_governance_modes_are_the_binarys() {
    let text = guide_text(GUIDE);
    let site = Site::bundled();
    site.build(&[]);
    let relations: serde_json::Value = serde_json::from_str(&site.read("relations.json")).unwrap();
    for list in ["forces", "governance"] {
        let dims = relations[list].as_array().unwrap();
        assert_eq!(dims.len(), 5, "{list}");
        for d in dims {
            let name = d["name"].as_str().unwrap();
            let cells = row(&text, name);
            let want: BTreeSet<&str> = d["synonyms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .filter(|s| *s != name)
                .collect();
            let got: BTreeSet<&str> = cells[1].split('、').map(str::trim).collect();
            assert_eq!(got, want, "synonyms of {name}");
            assert_eq!(cells[2], d["definition"].as_str().unwrap(), "{name}");
        }
    }
}
