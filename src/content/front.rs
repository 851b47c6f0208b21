//! Front matter: split a file into its `+++` TOML block and Markdown body, then parse the
//! block into typed fields, pointing every problem at its line and column.

use crate::config::{Config, Dimension};
use crate::content::date::{self, PartialDate};
use crate::content::{field_type, punct};
use crate::error::{Diagnostic, closest};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A file cut at its front-matter fences. Offsets are byte offsets into the whole text.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_start: usize,
    pub body: &'a str,
    pub body_start: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "+++"
}

/// Cuts `text` (BOM already removed) into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("the file is empty")
            .in_file(file)
            .help("a case starts with a +++ block holding at least title, date and area; `shequ new` writes one"));
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = &text[..first_end];
    if !is_fence(first.trim_end_matches('\n')) {
        let hint = if first.trim_start().starts_with("---") {
            "front matter is TOML between +++ lines, not YAML between --- lines"
        } else if first.trim_start().starts_with("+++\r") {
            "the lines end in a carriage return alone (classic Mac OS line endings): save the file with LF or CRLF line endings"
        } else {
            "start the file with a line holding only +++, then the TOML fields, then another +++ line"
        };
        return Err(
            Diagnostic::error("missing front matter: the first line is not +++")
                .at_line(file, text, 1)
                .label("expected +++")
                .help(hint),
        );
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if is_fence(text[pos..end].trim_end_matches('\n')) {
            return Ok(Split {
                front: &text[first_end..pos],
                front_start: first_end,
                body: &text[end..],
                body_start: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at_line(file, text, 1)
        .label("opened here")
        .help("add a line holding only +++ after the last front-matter field"))
}

#[derive(Debug, Deserialize)]
pub struct RawFigure {
    pub src: Option<String>,
    pub caption: String,
    pub alt: Option<String>,
    pub area: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawCase {
    title: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    area: Option<Spanned<String>>,
    #[serde(default)]
    forces: Vec<Spanned<String>>,
    #[serde(default)]
    governance: Vec<Spanned<String>>,
    #[serde(default)]
    partners: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    summary: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    #[serde(default)]
    figures: Vec<RawFigure>,
}

#[derive(Debug, Deserialize)]
struct RawIssue {
    title: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    summary: Option<String>,
    credit: Option<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    figures: Vec<RawFigure>,
}

const CASE_FIELDS: &[&str] = &[
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
];
const ISSUE_FIELDS: &[&str] = &[
    "title", "date", "summary", "credit", "slug", "draft", "figures",
];

/// A figure or photo caption; the image file may be lost while its caption survives.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub src: Option<String>,
    pub caption: String,
    pub alt: Option<String>,
    /// The residential area it shows, when not the case's own.
    pub area: Option<String>,
}

/// A case's validated front matter.
#[derive(Debug, Clone)]
pub struct CaseMeta {
    pub title: String,
    pub date: PartialDate,
    pub area: String,
    /// Indices into `Config::forces`, in configured order, without repeats.
    pub forces: Vec<usize>,
    /// Indices into `Config::governance`.
    pub governance: Vec<usize>,
    /// Canonical partner names (aliases resolved), in the order written.
    pub partners: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub figures: Vec<Figure>,
}

/// An issue's validated `_index.md` front matter.
#[derive(Debug, Clone)]
pub struct IssueMeta {
    pub title: String,
    pub date: PartialDate,
    pub summary: Option<String>,
    pub credit: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub figures: Vec<Figure>,
}

/// Front-matter problems: errors stop the build, warnings do not.
#[derive(Default, Debug)]
pub struct Problems {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

struct Ctx<'a> {
    file: &'a Path,
    text: &'a str,
    offset: usize,
}

impl Ctx<'_> {
    fn at(&self, d: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        d.at(
            self.file,
            self.text,
            self.offset + span.start,
            self.offset + span.end,
        )
    }
}

fn toml_error(ctx: &Ctx, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    ctx.at(
        Diagnostic::error(format!(
            "invalid TOML in front matter: {}",
            e.message().trim()
        )),
        span,
    )
    .help("front matter is TOML: key = \"value\", lists as [\"a\", \"b\"]; quote every text value")
}

/// Parses TOML, warns on unknown keys (with the closest known one) and deserialises.
fn parse_table<'de, T: Deserialize<'de>>(
    ctx: &Ctx,
    front: &'de str,
    known: &[&str],
    problems: &mut Problems,
) -> Option<T> {
    let (marks, corrected) = punct::scan(front);
    if !marks.is_empty() {
        // Every mark at once; TOML's own complaint only if the corrected copy still has one
        // (the copy keeps offsets, so its spans point into the file).
        for m in &marks {
            problems.errors.push(
                ctx.at(
                    Diagnostic::error(m.message()),
                    m.offset..m.offset + m.found.len_utf8(),
                )
                .label(m.label()),
            );
        }
        if let Err(e) = toml::de::DeTable::parse(&corrected) {
            problems.errors.push(toml_error(ctx, &e));
        }
        return None;
    }
    let table = match toml::de::DeTable::parse(front) {
        Ok(t) => t,
        Err(e) => {
            problems.errors.push(toml_error(ctx, &e));
            return None;
        }
    };
    for (key, _) in table.get_ref().iter() {
        let name: &str = key.get_ref();
        if !known.contains(&name) {
            let mut d =
                Diagnostic::warning(format!("unknown front-matter field `{name}` is ignored"));
            d = ctx.at(d, key.span());
            d = match closest(name, known.iter().copied()) {
                Some(k) => d.help(format!("did you mean `{k}`?")),
                None => d.help(format!("known fields: {}", known.join(", "))),
            };
            problems.warnings.push(d);
        }
    }
    let whole = table.span();
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(whole);
            let plain = field_type::key_at(front, span.start).and_then(|key| {
                Some((
                    field_type::message(&key, e.message())?,
                    field_type::found(e.message())?,
                ))
            });
            problems.errors.push(match plain {
                Some((message, found)) => ctx.at(Diagnostic::error(message), span).label(found),
                None => ctx
                    .at(
                        Diagnostic::error(format!(
                            "wrong front-matter value: {}",
                            e.message().trim()
                        )),
                        span,
                    )
                    .help("see README.md, \"Content model\", for each field's type"),
            });
            None
        }
    }
}

fn required<'a, T>(
    ctx: &Ctx,
    value: &'a Option<Spanned<T>>,
    field: &str,
    example: &str,
    problems: &mut Problems,
) -> Option<&'a Spanned<T>> {
    if value.is_none() {
        problems.errors.push(
            Diagnostic::error(format!("missing required field `{field}`"))
                .at_line(ctx.file, ctx.text, 1)
                .label("in this front matter")
                .help(format!("add a line such as {example}")),
        );
    }
    value.as_ref()
}

fn text_field(ctx: &Ctx, v: &Spanned<String>, field: &str, problems: &mut Problems) -> String {
    let s = v.get_ref().trim();
    if s.is_empty() {
        problems
            .errors
            .push(ctx.at(Diagnostic::error(format!("`{field}` is empty")), v.span()));
    }
    s.to_string()
}

fn date_field(ctx: &Ctx, v: &Spanned<toml::Value>, problems: &mut Problems) -> Option<PartialDate> {
    match date::from_toml(v.get_ref()) {
        Ok(d) => Some(d),
        Err(why) => {
            problems.errors.push(
                ctx.at(Diagnostic::error(format!("malformed date: {why}")), v.span())
                    .label("expected a date")
                    .help("write date = \"2023\", \"2023-10\", \"2023-10-05\" or \"2023年10月5日\" (as precise as the source allows)"),
            );
            None
        }
    }
}

fn slug_field(ctx: &Ctx, v: &Option<Spanned<String>>, problems: &mut Problems) -> Option<String> {
    let v = v.as_ref()?;
    let s = v.get_ref();
    if !crate::text::slug::is_valid_slug(s) {
        problems.errors.push(
            ctx.at(
                Diagnostic::error(crate::text::slug::invalid_slug_message(s)),
                v.span(),
            )
            .help(crate::text::slug::invalid_slug_help("fangda-shangpu")),
        );
        return None;
    }
    Some(s.clone())
}

/// Maps names (or synonyms) to indices of `dims`; unknown names are errors with a suggestion.
fn dimension_field(
    ctx: &Ctx,
    values: &[Spanned<String>],
    dims: &[Dimension],
    what: &str,
    problems: &mut Problems,
) -> Vec<usize> {
    let mut out = Vec::new();
    for v in values {
        let name = v.get_ref().trim();
        match resolve_dimension(name, dims) {
            Some(i) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            None => {
                let names = dims.iter().map(|d| d.name.as_str());
                let all = dims.iter().flat_map(|d| {
                    std::iter::once(d.name.as_str()).chain(d.synonyms.iter().map(String::as_str))
                });
                let suggestion = closest(name, all)
                    .and_then(|s| resolve_dimension(s, dims))
                    .map(|i| dims[i].name.as_str());
                let list: Vec<&str> = names.collect();
                let d = ctx
                    .at(
                        Diagnostic::error(format!("unknown {what} \"{name}\" in front matter")),
                        v.span(),
                    )
                    .label(format!("not one of the five {what}s"));
                problems.errors.push(match suggestion {
                    Some(s) => d.help(format!(
                        "did you mean \"{s}\"? (valid: {})",
                        list.join("、")
                    )),
                    None => d.help(format!("valid: {}", list.join("、"))),
                });
            }
        }
    }
    out.sort_unstable();
    out
}

/// Index of the dimension named `name` or having it as a synonym.
pub fn resolve_dimension(name: &str, dims: &[Dimension]) -> Option<usize> {
    dims.iter().position(|d| d.name == name).or_else(|| {
        dims.iter()
            .position(|d| d.synonyms.iter().any(|s| s == name))
    })
}

fn figures(raw: Vec<RawFigure>) -> Vec<Figure> {
    raw.into_iter()
        .map(|f| Figure {
            src: f.src.filter(|s| !s.trim().is_empty()),
            caption: f.caption,
            alt: f.alt,
            area: f.area,
        })
        .collect()
}

/// Parses and validates a case's front matter.
pub fn parse_case(
    file: &Path,
    text: &str,
    split: &Split,
    config: &Config,
) -> (Option<CaseMeta>, Problems) {
    let mut p = Problems::default();
    let ctx = Ctx {
        file,
        text,
        offset: split.front_start,
    };
    let Some(raw) = parse_table::<RawCase>(&ctx, split.front, CASE_FIELDS, &mut p) else {
        return (None, p);
    };
    let title = required(
        &ctx,
        &raw.title,
        "title",
        "title = \"纺大：街区治理推动街居共治\"",
        &mut p,
    )
    .map(|v| text_field(&ctx, v, "title", &mut p));
    let date = required(&ctx, &raw.date, "date", "date = \"2023-10\"", &mut p)
        .and_then(|v| date_field(&ctx, v, &mut p));
    let area = required(
        &ctx,
        &raw.area,
        "area",
        "area = \"纺大\" (the residential area)",
        &mut p,
    )
    .map(|v| text_field(&ctx, v, "area", &mut p));
    let forces = dimension_field(&ctx, &raw.forces, &config.forces, "force", &mut p);
    let governance = dimension_field(
        &ctx,
        &raw.governance,
        &config.governance,
        "governance mode",
        &mut p,
    );
    let slug = slug_field(&ctx, &raw.slug, &mut p);
    let mut partners: Vec<String> = Vec::new();
    for name in &raw.partners {
        let canon = config.partner_name(name.get_ref().trim()).to_string();
        if canon.is_empty() {
            continue;
        }
        // A partner gets a page at /partners/<slug>/: a name without a Han character, letter
        // or digit has none.
        if crate::text::slug::slugify(&canon).is_empty() {
            p.errors.push(
                ctx.at(
                    Diagnostic::error(format!(
                        "the partner name \"{canon}\" gives no readable URL"
                    )),
                    name.span(),
                )
                .label("no Han character, letter or digit")
                .help("write the partner's name, or map this spelling to one in config.toml's [partner_aliases]"),
            );
            continue;
        }
        if !partners.contains(&canon) {
            partners.push(canon);
        }
    }
    if !p.errors.is_empty() {
        return (None, p);
    }
    let (Some(title), Some(date), Some(area)) = (title, date, area) else {
        return (None, p);
    };
    let meta = CaseMeta {
        title,
        date,
        area,
        forces,
        governance,
        partners,
        tags: raw.tags,
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        authors: raw.authors,
        slug,
        draft: raw.draft,
        weight: raw.weight,
        figures: figures(raw.figures),
    };
    (Some(meta), p)
}

/// Parses and validates an issue's `_index.md` front matter.
pub fn parse_issue(file: &Path, text: &str, split: &Split) -> (Option<IssueMeta>, Problems) {
    let mut p = Problems::default();
    let ctx = Ctx {
        file,
        text,
        offset: split.front_start,
    };
    let Some(raw) = parse_table::<RawIssue>(&ctx, split.front, ISSUE_FIELDS, &mut p) else {
        return (None, p);
    };
    let title = required(&ctx, &raw.title, "title", "title = \"2023年第1期\"", &mut p)
        .map(|v| text_field(&ctx, v, "title", &mut p));
    let date = required(&ctx, &raw.date, "date", "date = \"2023\"", &mut p)
        .and_then(|v| date_field(&ctx, v, &mut p));
    let slug = slug_field(&ctx, &raw.slug, &mut p);
    if !p.errors.is_empty() {
        return (None, p);
    }
    let (Some(title), Some(date)) = (title, date) else {
        return (None, p);
    };
    let meta = IssueMeta {
        title,
        date,
        summary: raw.summary,
        credit: raw.credit,
        slug,
        draft: raw.draft,
        figures: figures(raw.figures),
    };
    (Some(meta), p)
}

#[cfg(test)]
#[path = "front_tests.rs"]
mod tests;
