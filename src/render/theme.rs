//! Themes: Tera templates from `themes/<name>/templates/` (a same-named file in the root
//! `templates/` overrides it) and static files, with content-hashed CSS/JS names.

use crate::content::Limit;
use crate::content::source::SiteRoot;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::{template_errors, template_graph};
use crate::t;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Theme {
    pub tera: tera::Tera,
    /// Template name → file shown in messages.
    pub sources: BTreeMap<String, PathBuf>,
    /// Static files to copy: (source, destination under the output root).
    pub statics: Vec<(PathBuf, String)>,
    /// Original asset name (`style.css`) → hashed output path (`style.1a2b3c4d.css`).
    pub hashed: BTreeMap<String, String>,
    /// Hashed CSS/JS contents, written as bytes.
    pub hashed_files: Vec<(String, Vec<u8>)>,
    /// Hash of the asset names alone: every page links the stylesheet by its hashed name.
    pub assets_fingerprint: u64,
    /// Per template: a hash of its source and of the sources of every template it extends,
    /// imports or includes, directly or not — all a page rendered with it depends on.
    pub template_fingerprints: BTreeMap<String, u64>,
}

/// Templates every theme must provide: one per page kind of the catalogue.
pub const REQUIRED: &[&str] = super::pages::TEMPLATES;

/// The files under `dir` the source rule accepts ([`crate::content::source`]), each at most
/// `limit`; what it refuses goes to `errors` (once: a linked theme directory is met by
/// both the templates' and the static files' walk).
fn files_under(
    site: &SiteRoot,
    dir: &Path,
    limit: Limit,
    errors: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for f in crate::content::source::walk(site, dir, &mut diags) {
        match f.over(limit) {
            _ if f.is_dir => {}
            Some(too_big) => diags.push(too_big.diagnostic(&site.shown(&f.path))),
            None => files.push(f.path),
        }
    }
    for d in diags {
        if !errors
            .iter()
            .any(|e| e.file == d.file && e.message == d.message)
        {
            errors.push(d);
        }
    }
    files
}

fn rel_name(base: &Path, p: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// For every template, the hash of its own source and those of all templates it depends on
/// (see [`Theme::template_fingerprints`]).
fn template_fingerprints(
    tera: &tera::Tera,
    templates: &BTreeMap<String, (PathBuf, String)>,
) -> BTreeMap<String, u64> {
    use std::collections::BTreeSet;
    use std::hash::{Hash, Hasher};
    use tera::ast::Node;

    fn included(nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Node::Include(_, names, _) => out.extend(names.iter().cloned()),
                Node::Block(_, b, _) => included(&b.body, out),
                Node::Forloop(_, f, _) => {
                    included(&f.body, out);
                    if let Some(e) = &f.empty_body {
                        included(e, out);
                    }
                }
                Node::If(i, _) => {
                    for (_, _, body) in &i.conditions {
                        included(body, out);
                    }
                    if let Some((_, body)) = &i.otherwise {
                        included(body, out);
                    }
                }
                Node::FilterSection(_, f, _) => included(&f.body, out),
                Node::MacroDefinition(_, m, _) => included(&m.body, out),
                _ => {}
            }
        }
    }
    fn deps(tera: &tera::Tera, name: &str, seen: &mut BTreeSet<String>) {
        if !seen.insert(name.to_string()) {
            return;
        }
        let Ok(t) = tera.get_template(name) else {
            return;
        };
        let mut next: Vec<String> = t.parents.clone();
        next.extend(t.imported_macro_files.iter().map(|(file, _)| file.clone()));
        included(&t.ast, &mut next);
        for m in t.macros.values() {
            included(&m.body, &mut next);
        }
        for b in t.blocks.values() {
            included(&b.body, &mut next);
        }
        for n in next {
            deps(tera, &n, seen);
        }
    }
    templates
        .keys()
        .map(|name| {
            let mut seen = BTreeSet::new();
            deps(tera, name, &mut seen);
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for dep in &seen {
                dep.hash(&mut h);
                templates.get(dep).map(|(_, text)| text).hash(&mut h);
            }
            (name.clone(), h.finish())
        })
        .collect()
}

/// Most items `range()` may produce: a loop over more is a slip (`end=10000000000`) that
/// would exhaust the memory, not a page.
pub const RANGE_LIMIT: usize = 100_000;

/// Tera's `range(end, start=0, step_by=1)`, refusing `step_by=0` (Tera loops forever) and
/// ranges longer than [`RANGE_LIMIT`].
fn bounded_range(
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let number = |key: &str, default: Option<usize>| match args.get(key) {
        Some(v) => tera::from_value::<usize>(v.clone()).map_err(|_| {
            tera::Error::msg(t!(
                "render-range-not-number",
                key = key,
                value = v.to_string()
            ))
        }),
        None => default.ok_or_else(|| tera::Error::msg(t!("render-range-no-end"))),
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if step == 0 {
        return Err(tera::Error::msg(t!("render-range-step-zero")));
    }
    if start > end {
        return Err(tera::Error::msg(t!(
            "render-range-backwards",
            start = start,
            end = end
        )));
    }
    let len = (end - start).div_ceil(step);
    if len > RANGE_LIMIT {
        return Err(tera::Error::msg(t!(
            "render-range-too-long",
            count = len,
            limit = RANGE_LIMIT
        )));
    }
    Ok(tera::to_value(
        (start..end).step_by(step).collect::<Vec<_>>(),
    )?)
}

/// Short content hash for cache-busting file names.
pub fn short_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))[..10].to_string()
}

impl Theme {
    /// The theme stage: like every stage, its value (`None` when it failed) with what it had
    /// to say added to `diags`.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
        Theme::read(root, name).map_err(|e| diags.extend(e)).ok()
    }

    fn read(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let theme_dir = root.join("themes").join(name);
        if !theme_dir.is_dir() {
            return Err(vec![
                Diagnostic::error(t!("render-theme-missing", name = name))
                    .in_file("config.toml")
                    .help(t!("render-theme-missing.help", name = name)),
            ]);
        }
        let mut errors = Vec::new();
        let site = SiteRoot::new(root);
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for base in [theme_dir.join("templates"), root.join("templates")] {
            for p in files_under(&site, &base, Limit::Template, &mut errors) {
                let shown = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
                match crate::content::read_text_as(&p, &shown, Limit::Template) {
                    Ok(t) => {
                        templates.insert(rel_name(&base, &p), (shown, t));
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        for req in REQUIRED {
            if !templates.contains_key(*req) {
                errors.push(
                    Diagnostic::error(t!("render-template-missing", name = *req))
                        .in_file(format!("themes/{name}/templates/{req}"))
                        .help(t!("render-template-missing.help", name = *req)),
                );
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::text::escape_html);
        tera.register_function("range", bounded_range);
        // Parse each template alone first, so every broken one is reported, with its file.
        let mut parsed = BTreeMap::new();
        for (tname, (shown, text)) in &templates {
            if let Some(d) = template_graph::too_deep(shown, text) {
                errors.push(d);
                continue;
            }
            match tera::Template::new(tname, None, text) {
                Ok(t) => {
                    parsed.insert(tname.clone(), t);
                }
                Err(e) => errors.push(template_errors::syntax_error(&e, shown, text)),
            }
        }
        {
            // Before Tera links them (a circular extends can already overflow it there), and
            // over every template that parsed, so all problems are reported at once.
            let sources = parsed
                .iter()
                .map(|(n, t)| {
                    let (shown, text) = &templates[n];
                    (
                        n.clone(),
                        template_graph::Source {
                            shown,
                            text,
                            parsed: t,
                        },
                    )
                })
                .collect();
            errors.extend(template_graph::cycles(&sources));
        }
        if errors.is_empty() {
            let list: Vec<(String, String)> = templates
                .iter()
                .map(|(n, (_, t))| (n.clone(), t.clone()))
                .collect();
            if let Err(e) = tera.add_raw_templates(list) {
                errors.push(template_errors::mismatch_error(&e));
            }
        }
        let mut statics = Vec::new();
        let mut hashed = BTreeMap::new();
        let mut hashed_files = Vec::new();
        let theme_static = theme_dir.join("static");
        for p in files_under(&site, &theme_static, Limit::Asset, &mut errors) {
            let rel = rel_name(&theme_static, &p);
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "css" || ext == "js" {
                match crate::content::read_asset(&p, &site.shown(&p)) {
                    Ok(bytes) => {
                        let stem = rel.trim_end_matches(&format!(".{ext}"));
                        let out = format!("{stem}.{}.{ext}", short_hash(&bytes));
                        hashed.insert(rel.clone(), out.clone());
                        hashed_files.push((out, bytes));
                    }
                    Err(e) => errors.push(e),
                }
            } else {
                statics.push((p, rel));
            }
        }
        let root_static = root.join("static");
        for p in files_under(&site, &root_static, Limit::Asset, &mut errors) {
            let rel = rel_name(&root_static, &p);
            statics.retain(|(_, r)| r != &rel);
            statics.push((p, rel));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let template_fingerprints = template_fingerprints(&tera, &templates);
        let assets_fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            hashed.hash(&mut h);
            h.finish()
        };
        let sources = templates.into_iter().map(|(n, (s, _))| (n, s)).collect();
        Ok(Theme {
            tera,
            sources,
            statics,
            hashed,
            hashed_files,
            assets_fingerprint,
            template_fingerprints,
        })
    }

    /// Turns a render failure into a diagnostic naming the template.
    pub fn render_error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let file = self
            .sources
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(template));
        template_errors::render_error(template, &file, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprints(sources: &[(&str, &str)]) -> BTreeMap<String, u64> {
        let templates: BTreeMap<String, (PathBuf, String)> = sources
            .iter()
            .map(|(n, t)| (n.to_string(), (PathBuf::from(n), t.to_string())))
            .collect();
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.to_string(), t.to_string())))
            .unwrap();
        template_fingerprints(&tera, &templates)
    }

    #[test]
    fn a_template_depends_on_what_it_extends_imports_and_includes() {
        let base = [
            (
                "base.html",
                "{% import \"m.html\" as m %}<body>{% block main %}{% endblock %}</body>",
            ),
            (
                "m.html",
                "{% macro x() %}{% include \"deep.html\" %}{% endmacro %}",
            ),
            ("deep.html", "deep"),
            ("part.html", "part"),
            ("other.html", "other"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{% if true %}{% for i in [1] %}{% include \"part.html\" %}{% endfor %}{% endif %}{% endblock %}",
            ),
        ];
        let before = fingerprints(&base);
        let changed = |name: &str| {
            let edited: Vec<(&str, &str)> = base
                .iter()
                .map(|&(n, t)| (n, if n == name { "changed" } else { t }))
                .collect();
            fingerprints(&edited)["page.html"] != before["page.html"]
        };
        for dep in ["page.html", "base.html", "m.html", "deep.html", "part.html"] {
            assert!(changed(dep), "page.html depends on {dep}");
        }
        assert!(!changed("other.html"), "but not on other.html");
    }
}
