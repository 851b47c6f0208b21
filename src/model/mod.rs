//! Model stage: the one `Site` every later stage reads — issues, cases, areas and partners
//! with their slugs and URLs, sorted, cross-linked, and checked for URL collisions.

mod dimension;
pub mod paths;
pub mod tags;

pub use dimension::{Dimension, Kind};
pub use tags::Tag;

use crate::config::Config;
use crate::content::date::PartialDate;
use crate::content::front::Figure;
use crate::content::{Content, LoadedCase, LoadedIssue};
use crate::error::{Diagnostic, Diagnostics, display_path};
use crate::t;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// URL paths the generator itself owns; an issue may not take them.
pub const RESERVED: &[&str] = &[
    "areas",
    "wushe",
    "wuzhi",
    "partners",
    "search",
    "tags",
    "issues",
    "page",
    "static",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "relations.json",
    "index.html",
];

#[derive(Debug)]
pub struct Issue {
    pub slug: String,
    /// Path under the base URL, ending in `/` (`2023-tianshan/`).
    pub path: String,
    pub file: PathBuf,
    pub title: String,
    pub date: PartialDate,
    pub summary: Option<String>,
    pub credit: Option<String>,
    pub body: crate::content::Body,
    pub figures: Vec<Figure>,
    /// Per figure: the area its `area` names, as an index into `Site::areas`.
    pub figure_areas: Vec<Option<usize>>,
    /// Its cases in reading order (weight, then date, then title).
    pub cases: Vec<usize>,
}

#[derive(Debug)]
pub struct Case {
    pub slug: String,
    pub path: String,
    pub file: PathBuf,
    pub issue: usize,
    pub area: usize,
    pub title: String,
    pub date: PartialDate,
    pub forces: Vec<usize>,
    pub governance: Vec<usize>,
    pub partners: Vec<usize>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub weight: Option<i64>,
    pub figures: Vec<Figure>,
    /// Per figure: the area its `area` names, as an index into `Site::areas`.
    pub figure_areas: Vec<Option<usize>>,
    pub body: crate::content::Body,
    /// Directory (under the output root) its relative asset links resolve against.
    pub asset_dir: String,
}

/// A figure shown on an area page, wherever it was declared.
#[derive(Debug, Clone)]
pub struct AreaFigure {
    pub figure: Figure,
    /// Output directory the figure's `src` is relative to.
    pub asset_dir: String,
    pub case: Option<usize>,
    pub issue: usize,
}

#[derive(Debug)]
pub struct Area {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub description: String,
    pub order: Option<i64>,
    pub kind: Option<String>, // config.toml's, when not a residential area (居民区)
    /// Newest first.
    pub cases: Vec<usize>,
    pub figures: Vec<AreaFigure>,
}

#[derive(Debug)]
pub struct Partner {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub cases: Vec<usize>,
}

/// A file to copy into the output: source and destination path under the output root.
#[derive(Debug, Clone)]
pub struct CopiedAsset {
    pub src: PathBuf,
    /// The source as shown (`content/<issue>/<case>/photo.jpg`), for references to it.
    pub file: PathBuf,
    pub dest: String,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first.
    pub issues: Vec<Issue>,
    /// Newest first (date, then issue order, then weight).
    pub cases: Vec<Case>,
    /// Display order: configured `order`, then pinyin.
    pub areas: Vec<Area>,
    /// By case count, then pinyin.
    pub partners: Vec<Partner>,
    /// By case count, then slug ([`tags::gather`]).
    pub tags: Vec<Tag>,
    pub assets: Vec<CopiedAsset>,
}

impl Site {
    /// Builds the model; URL collisions and dangling references are errors.
    /// The model stage: like every stage, its value (`None` when it failed) with what it had
    /// to say added to `diags`.
    pub fn build(
        config: Config,
        content: Content,
        drafts: bool,
        diags: &mut Diagnostics,
    ) -> Option<Site> {
        Site::assemble(config, content, drafts)
            .map_err(|e| diags.extend(e))
            .ok()
    }

    fn assemble(config: Config, content: Content, drafts: bool) -> Result<Site, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let Content {
            issues: loaded_issues,
            cases: loaded_cases,
            assets: loaded_assets,
            ..
        } = content;
        // URL path → who claimed it (shown in messages) and how to resolve a collision.
        let mut claims: HashMap<String, String> = HashMap::new();
        let mut claim = |path: String,
                         who: String,
                         file: &PathBuf,
                         help: &str,
                         errors: &mut Vec<Diagnostic>| {
            if let Some(first) = claims.get(&path) {
                errors.push(
                    Diagnostic::error(t!(
                        "build-url-taken",
                        path = path,
                        first = first.as_str(),
                        second = who
                    ))
                    .in_file(file.clone())
                    .help(help),
                );
            } else {
                claims.insert(path, who);
            }
        };
        let slug_help = t!("build-url-taken.help-slug");

        // Issues, newest first.
        let mut loaded_issues: Vec<LoadedIssue> = loaded_issues
            .into_iter()
            .filter(|i| drafts || !i.meta.draft)
            .collect();
        loaded_issues.sort_by(|a, b| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| b.dir.cmp(&a.dir))
        });
        let mut issue_index: HashMap<String, usize> = HashMap::new();
        let mut issues = Vec::new();
        for li in loaded_issues {
            let slug = li
                .meta
                .slug
                .clone()
                .unwrap_or_else(|| crate::text::slugify(&li.dir));
            if slug.is_empty() || RESERVED.contains(&slug.as_str()) {
                errors.push(
                    Diagnostic::error(if slug.is_empty() {
                        t!("build-issue-url-empty", dir = li.dir.as_str())
                    } else {
                        t!(
                            "build-issue-url-reserved",
                            dir = li.dir.as_str(),
                            slug = slug.as_str()
                        )
                    })
                    .in_file(li.file.clone())
                    .help(t!("build-issue-url-empty.help")),
                );
                continue;
            }
            let path = paths::issue_path(&slug);
            let who = display_path(&li.file);
            claim(path.clone(), who, &li.file, &slug_help, &mut errors);
            issue_index.insert(li.dir.clone(), issues.len());
            issues.push(Issue {
                slug,
                path,
                file: li.file,
                title: li.meta.title,
                date: li.meta.date,
                summary: li.meta.summary,
                credit: li.meta.credit,
                body: li.body,
                figures: li.meta.figures,
                figure_areas: Vec::new(),
                cases: Vec::new(),
            });
        }

        // Cases.
        let mut loaded_cases: Vec<LoadedCase> = loaded_cases
            .into_iter()
            .filter(|c| drafts || !c.meta.draft)
            .collect();
        loaded_cases.retain(|c| issue_index.contains_key(&c.issue_dir));
        // Newest first, then issue, weight and file; the issue is looked up once per case.
        let mut keyed: Vec<(usize, LoadedCase)> = loaded_cases
            .into_iter()
            .map(|c| (issue_index[&c.issue_dir], c))
            .collect();
        keyed.sort_by(|(ia, a), (ib, b)| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| ia.cmp(ib))
                .then_with(|| {
                    a.meta
                        .weight
                        .unwrap_or(i64::MAX)
                        .cmp(&b.meta.weight.unwrap_or(i64::MAX))
                })
                .then_with(|| a.file.cmp(&b.file))
        });
        // Name → the first file naming it, for messages.
        let mut area_names: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut partner_names: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (_, c) in &keyed {
            if !area_names.contains_key(&c.meta.area) {
                area_names.insert(c.meta.area.clone(), c.file.clone());
            }
            for p in &c.meta.partners {
                if !partner_names.contains_key(p) {
                    partner_names.insert(p.clone(), c.file.clone());
                }
            }
        }
        for i in &issues {
            for f in &i.figures {
                if let Some(a) = &f.area {
                    area_names
                        .entry(a.clone())
                        .or_insert_with(|| i.file.clone());
                }
            }
        }
        for (_, c) in &keyed {
            for f in &c.meta.figures {
                if let Some(a) = &f.area {
                    area_names
                        .entry(a.clone())
                        .or_insert_with(|| c.file.clone());
                }
            }
        }

        // Areas: configured order first, then by slug.
        let mut areas: Vec<Area> = area_names
            .keys()
            .cloned()
            .map(|name| {
                let conf = config.areas.get(&name).cloned().unwrap_or_default();
                let slug = conf
                    .slug
                    .clone()
                    .unwrap_or_else(|| crate::text::slugify(&name));
                Area {
                    path: paths::area_path(&slug),
                    slug,
                    name,
                    description: conf.description,
                    order: conf.order,
                    kind: conf.kind.filter(|k| !k.trim().is_empty()),
                    cases: Vec::new(),
                    figures: Vec::new(),
                }
            })
            .collect();
        areas.sort_by(|a, b| {
            (a.order.is_none(), a.order, &a.slug).cmp(&(b.order.is_none(), b.order, &b.slug))
        });
        let area_index: HashMap<String, usize> = areas
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        for a in &areas {
            let file = PathBuf::from("config.toml");
            if a.slug.is_empty() {
                errors.push(
                    Diagnostic::error(t!("build-area-no-slug", name = a.name.as_str()))
                        .in_file(file.clone())
                        .help(t!("build-area-no-slug.help", name = a.name.as_str())),
                );
                continue;
            }
            let first = area_names.get(&a.name).unwrap_or(&file);
            claim(
                a.path.clone(),
                t!(
                    "build-url-taken-area",
                    name = a.name.as_str(),
                    file = display_path(first)
                ),
                first,
                &t!("build-url-taken.help-area"),
                &mut errors,
            );
        }

        let mut partners: Vec<Partner> = partner_names
            .keys()
            .cloned()
            .map(|name| {
                let slug = crate::text::slugify(&name);
                Partner {
                    path: paths::partner_path(&slug),
                    slug,
                    name,
                    cases: Vec::new(),
                }
            })
            .collect();
        for p in partners.iter().filter(|p| !p.slug.is_empty()) {
            let first = &partner_names[&p.name];
            claim(
                p.path.clone(),
                t!(
                    "build-url-taken-partner",
                    name = p.name.as_str(),
                    file = display_path(first)
                ),
                first,
                &t!("build-url-taken.help-partner"),
                &mut errors,
            );
        }
        partners.retain(|p| !p.slug.is_empty());
        let partner_index: HashMap<String, usize> = partners
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();

        let mut cases = Vec::new();
        let mut bundle_dirs: HashMap<(String, String), String> = HashMap::new();
        for (issue, lc) in keyed {
            let slug = lc.slug;
            if slug.is_empty() {
                errors.push(
                    Diagnostic::error(t!("build-case-no-slug", name = lc.stem.as_str()))
                        .in_file(lc.file.clone())
                        .help(t!("build-case-no-slug.help")),
                );
                continue;
            }
            let path = paths::case_path(&issues[issue].path, &slug);
            let who = display_path(&lc.file);
            claim(path.clone(), who, &lc.file, &slug_help, &mut errors);
            let asset_dir = if lc.bundle {
                bundle_dirs.insert((lc.issue_dir.clone(), lc.stem.clone()), path.clone());
                path.clone()
            } else {
                issues[issue].path.clone()
            };
            let area = area_index[&lc.meta.area];
            cases.push(Case {
                slug,
                path,
                file: lc.file,
                issue,
                area,
                title: lc.meta.title,
                date: lc.meta.date,
                forces: lc.meta.forces,
                governance: lc.meta.governance,
                partners: lc
                    .meta
                    .partners
                    .iter()
                    .filter_map(|p| partner_index.get(p).copied())
                    .collect(),
                tags: lc.meta.tags,
                summary: lc.meta.summary,
                authors: lc.meta.authors,
                weight: lc.meta.weight,
                figure_areas: figure_areas(&lc.meta.figures, &area_index),
                figures: lc.meta.figures,
                body: lc.body,
                asset_dir,
            });
        }

        // Cross references.
        for (ci, c) in cases.iter().enumerate() {
            issues[c.issue].cases.push(ci);
            areas[c.area].cases.push(ci);
            for &p in &c.partners {
                partners[p].cases.push(ci);
            }
            for f in &c.figures {
                let a = f.area.as_ref().map_or(c.area, |n| area_index[n]);
                areas[a].figures.push(AreaFigure {
                    figure: f.clone(),
                    asset_dir: c.asset_dir.clone(),
                    case: Some(ci),
                    issue: c.issue,
                });
            }
        }
        for (ii, issue) in issues.iter_mut().enumerate() {
            issue.figure_areas = figure_areas(&issue.figures, &area_index);
            sort_issue_cases(&mut issue.cases, &cases);
            for f in &issue.figures {
                if let Some(a) = &f.area {
                    areas[area_index[a]].figures.push(AreaFigure {
                        figure: f.clone(),
                        asset_dir: issue.path.clone(),
                        case: None,
                        issue: ii,
                    });
                }
            }
        }
        partners.sort_by(|a, b| {
            b.cases
                .len()
                .cmp(&a.cases.len())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        // Partner indices in cases must follow the new order.
        let mut remap = vec![0; partners.len()];
        for (new, p) in partners.iter().enumerate() {
            remap[partner_index[&p.name]] = new;
        }
        for c in &mut cases {
            for p in &mut c.partners {
                *p = remap[*p];
            }
        }

        // Assets.
        let mut assets = Vec::new();
        for a in loaded_assets {
            let Some(&ii) = issue_index.get(&a.issue_dir) else {
                continue;
            };
            let mut comps = a
                .rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let first = comps.next().unwrap_or_default();
            let rest: Vec<String> = comps.collect();
            let dest = match bundle_dirs.get(&(a.issue_dir.clone(), first.clone())) {
                Some(case_path) if !rest.is_empty() => format!("{case_path}{}", rest.join("/")),
                _ => format!(
                    "{}{}",
                    issues[ii].path,
                    std::iter::once(first)
                        .chain(rest)
                        .collect::<Vec<_>>()
                        .join("/")
                ),
            };
            let file = Path::new("content").join(&a.issue_dir).join(&a.rel);
            assets.push(CopiedAsset {
                src: a.src,
                file,
                dest,
            });
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        let tags = tags::gather(&cases);
        Ok(Site {
            config,
            issues,
            cases,
            areas,
            partners,
            tags,
            assets,
        })
    }

    /// Whether a changed case file leaves the site's structure as it was — the same URL,
    /// date, weight, area, partners, tags and figures, which decide where case `i` is
    /// listed — so that only its title, summary, authors, text, forces and governance modes differ
    /// and [`Site::patch_case`] may apply it (the relationship index must then be built
    /// anew when forces or modes changed). Otherwise the model must be built anew.
    pub fn can_patch_case(&self, i: usize, lc: &LoadedCase, drafts: bool) -> bool {
        let c = &self.cases[i];
        let partners: Option<Vec<usize>> = lc
            .meta
            .partners
            .iter()
            .map(|n| self.partners.iter().position(|p| &p.name == n))
            .collect();
        (drafts || !lc.meta.draft)
            && lc.slug == c.slug
            && lc.meta.date == c.date
            && lc.meta.weight == c.weight
            && lc.meta.area == self.areas[c.area].name
            && partners.as_ref() == Some(&c.partners)
            && lc.meta.tags == c.tags
            && lc.meta.figures == c.figures
    }

    /// Applies a changed case file to case `i` in place; only valid when
    /// [`Site::can_patch_case`] says so. Returns whether its forces or governance modes
    /// changed.
    pub fn patch_case(&mut self, i: usize, lc: &LoadedCase) -> bool {
        let c = &self.cases[i];
        let retitled = lc.meta.title != c.title;
        let issue = c.issue;
        let c = &mut self.cases[i];
        c.title.clone_from(&lc.meta.title);
        c.summary.clone_from(&lc.meta.summary);
        c.authors.clone_from(&lc.meta.authors);
        c.body = lc.body.clone();
        let related = c.forces != lc.meta.forces || c.governance != lc.meta.governance;
        c.forces.clone_from(&lc.meta.forces);
        c.governance.clone_from(&lc.meta.governance);
        if retitled {
            // An issue lists its cases by weight, date and title.
            sort_issue_cases(&mut self.issues[issue].cases, &self.cases);
        }
        related
    }

    /// Absolute URL path of a site path (`2023/x/` → `/archive/2023/x/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_path)
    }

    /// Full URL, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url)
    }
}

/// The area each figure names, by index (every name is an area: areas are made from them).
fn figure_areas(figures: &[Figure], area_index: &HashMap<String, usize>) -> Vec<Option<usize>> {
    figures
        .iter()
        .map(|f| f.area.as_ref().and_then(|a| area_index.get(a).copied()))
        .collect()
}

/// An issue lists its cases by weight, then date, then title, then site order.
fn sort_issue_cases(list: &mut [usize], cases: &[Case]) {
    list.sort_unstable();
    list.sort_by(|&a, &b| {
        let (a, b) = (&cases[a], &cases[b]);
        (a.weight.unwrap_or(i64::MAX), a.date, &a.title).cmp(&(
            b.weight.unwrap_or(i64::MAX),
            b.date,
            &b.title,
        ))
    });
}
