//! A case's page: its text, figures and tags, the cases beside it in its issue, the newest
//! others of its area and its related cases, each with why (see `index::related`).

use super::PageKind;
use crate::index::related::Feature;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

/// How many other cases of its area it lists.
const AREA_OTHERS: usize = 5;

pub struct CasePages;

/// The newest other cases of case `i`'s area.
fn area_others(r: &Renderer, i: usize) -> Vec<usize> {
    let c = &r.site.cases[i];
    r.site.areas[c.area]
        .cases
        .iter()
        .copied()
        .filter(|&x| x != i)
        .take(AREA_OTHERS)
        .collect()
}

/// One reason two cases are related, for the page to word: its kind (`area`, `partner`,
/// `tag`, `force`, `governance`) and the name.
#[derive(Serialize, Hash)]
struct Reason {
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct RelatedView {
    case: CaseRef,
    reasons: Vec<Reason>,
}

/// Case `i`'s related cases with their reasons.
fn related(r: &Renderer, i: usize) -> Vec<(usize, Vec<Reason>)> {
    let site = r.site;
    let rel = &r.relations.related;
    rel.of[i]
        .iter()
        .map(|l| {
            let reasons = l
                .reasons
                .iter()
                .map(|&f| match f {
                    Feature::Area(a) => Reason {
                        kind: "area",
                        name: site.areas[a].name.clone(),
                    },
                    Feature::Partner(p) => Reason {
                        kind: "partner",
                        name: site.partners[p].name.clone(),
                    },
                    Feature::Tag(t) => Reason {
                        kind: "tag",
                        name: rel.tags[t].clone(),
                    },
                    Feature::Force(x) => Reason {
                        kind: "force",
                        name: force_link(site, x).name,
                    },
                    Feature::Governance(x) => Reason {
                        kind: "governance",
                        name: governance_link(site, x).name,
                    },
                })
                .collect();
            (l.case, reasons)
        })
        .collect()
}

/// Its place in its issue's list.
fn position(r: &Renderer, i: usize) -> usize {
    let issue = &r.site.issues[r.site.cases[i].issue];
    issue.cases.iter().position(|&x| x == i).unwrap_or(0)
}

impl PageKind for CasePages {
    /// The case.
    type Page = usize;
    const TEMPLATE: &'static str = "case.html";

    fn pages(r: &Renderer) -> Vec<usize> {
        (0..r.site.cases.len()).collect()
    }

    fn path(r: &Renderer, i: usize) -> String {
        r.site.cases[i].path.clone()
    }

    fn title(r: &Renderer, i: usize) -> Option<String> {
        Some(r.site.cases[i].title.clone())
    }

    fn view(r: &Renderer, i: usize, ctx: &mut Context) {
        let site = r.site;
        let c = &site.cases[i];
        let issue = &site.issues[c.issue];
        let pos = position(r, i);
        let prev = pos.checked_sub(1).map(|p| case_ref(site, issue.cases[p]));
        let next = issue.cases.get(pos + 1).map(|&n| case_ref(site, n));
        let area_others: Vec<CaseRef> = area_others(r, i)
            .into_iter()
            .map(|x| case_ref(site, x))
            .collect();
        let related: Vec<RelatedView> = related(r, i)
            .into_iter()
            .map(|(x, reasons)| RelatedView {
                case: case_ref(site, x),
                reasons,
            })
            .collect();
        #[derive(Serialize)]
        struct CaseView<'x> {
            title: &'x str,
            url: String,
            permalink: String,
            date: DateView,
            area: Link,
            issue: Link,
            forces: Vec<Link>,
            governance: Vec<Link>,
            partners: Vec<Link>,
            tags: Vec<TagLink>,
            summary: &'x Option<String>,
            authors: &'x [String],
            content: &'x str,
            figures: Vec<FigureView>,
            share_image: Option<String>,
        }
        let html = r.case_html(i);
        // The page's first photo is loaded at once: the text's, or else the first figure's.
        let mut eager = !r.bodies[i].has_photo;
        let photos = photo_count(r, c.figures.iter().map(|f| (c.asset_dir.as_str(), f)));
        let figures: Vec<FigureView> = c
            .figures
            .iter()
            .zip(&c.figure_areas)
            .map(|(f, &area)| {
                let v = figure_view(r, &c.asset_dir, f, photos, eager);
                eager &= v.photo.is_none();
                FigureView {
                    area: area.map(|a| area_link(site, a)),
                    ..v
                }
            })
            .collect();
        let share_image = share_image(r, c.figures.iter().map(|f| (c.asset_dir.as_str(), f)))
            .or_else(|| {
                let src = c.figures.iter().find_map(|f| f.src.as_ref())?;
                Some(if src.starts_with("http") {
                    src.clone()
                } else {
                    site.permalink(&paths::asset(&c.asset_dir, src))
                })
            });
        ctx.insert(
            "case",
            &CaseView {
                title: &c.title,
                url: site.url(&c.path),
                permalink: site.permalink(&c.path),
                date: c.date.into(),
                area: area_link(site, c.area),
                issue: issue_link(site, c.issue),
                forces: c.forces.iter().map(|&f| force_link(site, f)).collect(),
                governance: c
                    .governance
                    .iter()
                    .map(|&g| governance_link(site, g))
                    .collect(),
                partners: c.partners.iter().map(|&p| partner_link(site, p)).collect(),
                tags: tag_links(site, &c.tags),
                summary: &c.summary,
                authors: &c.authors,
                content: &html,
                figures,
                share_image,
            },
        );
        ctx.insert("has_code", &r.bodies[i].has_code);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        ctx.insert("area_others", &area_others);
        ctx.insert("related", &related);
    }

    fn fingerprint(r: &Renderer, i: usize, f: &mut Fp) {
        let site = r.site;
        let c = &site.cases[i];
        let body = &r.bodies[i];
        f.case_ref(i)
            .add(&body.fingerprint)
            .add(&body.has_code)
            .add(&c.tags)
            .add(&c.authors);
        f.add(&c.partners.len());
        for &p in &c.partners {
            f.partner(p);
        }
        f.figures(&c.figures, &c.figure_areas, &c.asset_dir);
        let issue = &site.issues[c.issue];
        let pos = position(r, i);
        f.add(&pos);
        if let Some(p) = pos.checked_sub(1) {
            f.case_ref(issue.cases[p]);
        }
        if let Some(&n) = issue.cases.get(pos + 1) {
            f.case_ref(n);
        }
        f.case_refs(&area_others(r, i));
        for (x, reasons) in related(r, i) {
            f.case_ref(x).add(&reasons);
        }
    }
}
