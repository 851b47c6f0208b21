//! Front matter: split a file into its `+++` TOML block and Markdown body, then parse the
//! block into typed fields, pointing every problem at its line and column.

use crate::config::{Config, Dimension};
use crate::content::date::{self, PartialDate};
use crate::content::{field_type, punct};
use crate::error::{Diagnostic, closest};
use crate::t;
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
        return Err(Diagnostic::error(t!("content-empty-file"))
            .in_file(file)
            .help(t!("content-empty-file.help")));
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = &text[..first_end];
    if !is_fence(first.trim_end_matches('\n')) {
        let hint = if first.trim_start().starts_with("---") {
            t!("content-no-front.yaml")
        } else if first.trim_start().starts_with("+++\r") {
            t!("content-no-front.cr")
        } else {
            t!("content-no-front.help")
        };
        return Err(Diagnostic::error(t!("content-no-front"))
            .at_line(file, text, 1)
            .label(t!("content-no-front.label"))
            .help(hint));
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
    Err(Diagnostic::error(t!("content-front-unclosed"))
        .at_line(file, text, 1)
        .label(t!("content-front-unclosed.label"))
        .help(t!("content-front-unclosed.help")))
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct Figure {
    pub src: Option<String>,
    pub caption: String,
    pub alt: Option<String>,
    /// The residential area it shows, when not the case's own.
    pub area: Option<String>,
}

/// A case's validated front matter.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
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

/// A front matter that is not TOML, said in her words (`front`: the text parsed).
fn toml_error(ctx: &Ctx, front: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let value = front.get(span.clone()).unwrap_or("");
    let key = crate::config::key_at(front, span.start);
    let said = crate::config::toml_error::describe(e.message(), key.as_deref(), value);
    ctx.at(
        Diagnostic::error(t!("content-front-invalid", problem = said.problem)),
        span,
    )
    .help(
        said.help
            .unwrap_or_else(|| t!("content-front-invalid.help")),
    )
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
            problems.errors.push(toml_error(ctx, &corrected, &e));
        }
        return None;
    }
    let table = match toml::de::DeTable::parse(front) {
        Ok(t) => t,
        Err(e) => {
            problems.errors.push(toml_error(ctx, front, &e));
            return None;
        }
    };
    for (key, _) in table.get_ref().iter() {
        let name: &str = key.get_ref();
        if !known.contains(&name) {
            let mut d = Diagnostic::warning(t!("content-field-unknown", field = name));
            d = ctx.at(d, key.span());
            d = match closest(name, known.iter().copied()) {
                Some(k) => d.help(t!("content-field-unknown.meant", meant = k)),
                None => {
                    let known = known.join(&t!("config-list-sep"));
                    d.help(t!("content-field-unknown.known", known = known))
                }
            };
            problems.warnings.push(d);
        }
    }
    let whole = table.span();
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(whole);
            let key = crate::config::key_at(front, span.start);
            let value = front.get(span.clone()).unwrap_or("");
            let plain = key.as_deref().and_then(|key| {
                Some((
                    field_type::message(key, e.message())?,
                    field_type::found(e.message(), value)?,
                ))
            });
            problems.errors.push(match plain {
                Some((message, found)) => ctx.at(Diagnostic::error(message), span).label(found),
                None => {
                    let said =
                        crate::config::toml_error::describe(e.message(), key.as_deref(), value);
                    ctx.at(
                        Diagnostic::error(t!("content-field-wrong", problem = said.problem)),
                        span,
                    )
                    .help(said.help.unwrap_or_else(|| t!("content-field-wrong.help")))
                }
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
            Diagnostic::error(t!("content-field-missing", field = field))
                .at_line(ctx.file, ctx.text, 1)
                .label(t!("content-field-missing.label"))
                .help(t!(
                    "content-field-missing.help",
                    example = example,
                    field = field
                )),
        );
    }
    value.as_ref()
}

fn text_field(ctx: &Ctx, v: &Spanned<String>, field: &str, problems: &mut Problems) -> String {
    let s = v.get_ref().trim();
    if s.is_empty() {
        problems.errors.push(ctx.at(
            Diagnostic::error(t!("content-field-empty", field = field)),
            v.span(),
        ));
    }
    s.to_string()
}

fn date_field(ctx: &Ctx, v: &Spanned<toml::Value>, problems: &mut Problems) -> Option<PartialDate> {
    match date::from_toml(v.get_ref()) {
        Ok(d) => Some(d),
        Err(why) => {
            // `date = 2023.10` without quotes: TOML reads a number, and forgets the 0.
            let why = match v.get_ref() {
                toml::Value::Float(_) => {
                    let span = ctx.offset + v.span().start..ctx.offset + v.span().end;
                    let written = ctx.text.get(span).unwrap_or("").trim();
                    t!("content-date-number", value = written)
                }
                _ => why,
            };
            problems.errors.push(
                ctx.at(
                    Diagnostic::error(t!("content-date-bad", why = why)),
                    v.span(),
                )
                .label(t!("content-date-bad.label"))
                .help(t!("content-date-bad.help")),
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
    field: &str,
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
                let valid = names.collect::<Vec<&str>>().join("、");
                let d = ctx
                    .at(
                        Diagnostic::error(t!(
                            "content-dimension-unknown",
                            field = field,
                            name = name
                        )),
                        v.span(),
                    )
                    .label(t!("content-dimension-unknown.label", field = field));
                problems.errors.push(match suggestion {
                    Some(s) => d.help(t!(
                        "content-dimension-unknown.meant",
                        meant = s,
                        valid = valid
                    )),
                    None => d.help(t!("content-dimension-unknown.valid", valid = valid)),
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
    let area = required(&ctx, &raw.area, "area", "area = \"纺大\"", &mut p)
        .map(|v| text_field(&ctx, v, "area", &mut p));
    let forces = dimension_field(&ctx, &raw.forces, &config.forces, "forces", &mut p);
    let governance = dimension_field(
        &ctx,
        &raw.governance,
        &config.governance,
        "governance",
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
                    Diagnostic::error(t!("content-partner-no-url", name = canon.as_str())),
                    name.span(),
                )
                .label(t!("content-partner-no-url.label"))
                .help(t!("content-partner-no-url.help")),
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
