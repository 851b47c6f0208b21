//! Entry points for the fuzz targets in `fuzz/` and their stable-toolchain smoke test
//! (`tests/hardening.rs`): the same code the CLI runs, on one file held in memory.
//!
//! Neither function may panic, whatever its input: a panic here is a bug in shequ.

use crate::config::Config;
use crate::content::date::PartialDate;
use crate::content::front::{self, IssueMeta};
use crate::content::{Content, LoadedCase, LoadedIssue};
use crate::error::Diagnostic;
use crate::index::relations::Relations;
use crate::model::Site;
use crate::output::OutFile;
use crate::output::Sink;
use crate::render::Renderer;
use crate::render::theme::Theme;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The configuration both entry points parse with: the defaults, one partner alias and one
/// configured area, so alias resolution and area settings are exercised too.
pub const CONFIG: &str = "title = \"社区 <通讯> & \\\"档案\\\"\"\n\
base_url = \"https://example.org/archive/\"\n\
[partner_aliases]\n\
\"派出所民警\" = \"社区民警\"\n\
[areas.\"纺大\"]\n\
slug = \"fangda\"\n\
description = \"纺大居民区\"\n\
order = 1\n";

/// The path shown in diagnostics for the fuzzed file.
pub const CASE_FILE: &str = "content/fuzz/case.md";

fn config() -> Result<Config, Vec<Diagnostic>> {
    Config::parse(CONFIG, Path::new("config.toml"))
}

/// Bytes → UTF-8 → BOM stripped → front matter split → typed parse as a case and as an
/// issue, every diagnostic rendered as the CLI prints it. Returns the number of
/// diagnostics (so the work cannot be optimised away).
pub fn front_matter(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = Path::new(CASE_FILE);
    let split = match front::split(text, file) {
        Ok(s) => s,
        Err(d) => return d.to_string().len(),
    };
    let Ok(config) = config() else {
        return 0;
    };
    let mut shown = 0;
    let (_, p) = front::parse_case(file, text, &split, &config);
    for d in p.errors.iter().chain(&p.warnings) {
        shown += d.to_string().len();
    }
    let (_, p) = front::parse_issue(file, text, &split);
    for d in p.errors.iter().chain(&p.warnings) {
        shown += d.to_string().len();
    }
    shown
}

/// What [`render_single_case`] produced.
#[derive(Debug, Default)]
pub struct SingleCase {
    /// Output path of the case's page (`fuzz/<slug>/index.html`).
    pub page_path: String,
    /// Every generated file of the one-case site by output path (theme files excluded).
    pub files: BTreeMap<String, Vec<u8>>,
    /// Warnings about the case's front matter.
    pub warnings: Vec<Diagnostic>,
}

impl SingleCase {
    /// The case's page.
    pub fn page(&self) -> String {
        self.files
            .get(&self.page_path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }
}

/// Collects generated files in memory; theme files are copied by path and skipped.
#[derive(Default)]
struct Collect(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Ok(mut files) = self.0.lock() {
            files.insert(path.to_string(), bytes.to_vec());
        }
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn file(&self, f: &OutFile) -> Result<(), Diagnostic> {
        match &f.body {
            crate::output::Body::Bytes(b) => self.put(&f.path, b),
            crate::output::Body::Copy(_) => Ok(()),
        }
    }
}

/// The default theme of this source tree, loaded once.
fn default_theme() -> Result<&'static Theme, Vec<Diagnostic>> {
    static THEME: OnceLock<Result<Theme, Vec<Diagnostic>>> = OnceLock::new();
    THEME
        .get_or_init(|| {
            let mut diags = crate::error::Diagnostics::default();
            Theme::load(Path::new(env!("CARGO_MANIFEST_DIR")), "default", &mut diags)
                .ok_or(diags.items)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The whole parse-and-render of one case file: `text` is parsed as
/// `content/fuzz/case.md` (a BOM is removed as the loader does), put in a site with one
/// issue, and every page of that site is rendered with the default theme of this source
/// tree. Errors are the diagnostics a build would print.
pub fn render_single_case(text: &str) -> Result<SingleCase, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = PathBuf::from(CASE_FILE);
    let config = config()?;
    let split = front::split(text, &file).map_err(|d| vec![d])?;
    let (meta, problems) = front::parse_case(&file, text, &split, &config);
    let Some(meta) = meta else {
        return Err(problems.errors);
    };
    let issue = LoadedIssue {
        dir: "fuzz".into(),
        file: PathBuf::from("content/fuzz/_index.md"),
        meta: IssueMeta {
            title: "模糊测试期".into(),
            date: PartialDate {
                year: 2024,
                month: None,
                day: None,
            },
            summary: None,
            credit: None,
            slug: None,
            draft: false,
            figures: Vec::new(),
        },
        body: crate::content::Body::new("编者按。"),
    };
    let case = LoadedCase::new(
        "fuzz".into(),
        file,
        "case".into(),
        false,
        meta,
        crate::content::Body::new(split.body),
    );
    let content = Content {
        issues: vec![issue],
        cases: vec![case],
        assets: Vec::new(),
        left_out: 0,
        cases_parsed: 1,
    };
    let mut diags = crate::error::Diagnostics::default();
    let Some(site) = Site::build(config, content, true, &mut diags) else {
        return Err(diags.items);
    };
    let theme = default_theme()?;
    let relations = Relations::build(&site);
    let page_path = site
        .cases
        .first()
        .map(|c| crate::model::paths::file_of(&c.path))
        .unwrap_or_default();
    let sink = Collect::default();
    let renderer = Renderer::new(&site, theme, &relations);
    if renderer
        .render_all(&sink, crate::render::SearchIndex::Build, &mut diags)
        .is_none()
    {
        return Err(diags.items);
    }
    Ok(SingleCase {
        page_path,
        files: sink.0.into_inner().unwrap_or_default(),
        warnings: problems.warnings,
    })
}
