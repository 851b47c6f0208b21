//! An area's pages: its forces, governance modes, partners and figures, and its cases a
//! page at a time under a heading per year, with an index of its years and its feed.

use super::PageKind;
use crate::model::{Dimension, Kind, paths};
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

pub struct AreaPages;

/// Partner → how many of area `i`'s cases it took part in.
fn partner_counts(r: &Renderer, i: usize) -> BTreeMap<usize, usize> {
    let mut counts = BTreeMap::<usize, usize>::new();
    for &c in &r.site.areas[i].cases {
        for &p in &r.site.cases[c].partners {
            *counts.entry(p).or_default() += 1;
        }
    }
    counts
}

/// Area `i`'s years, newest first: each year, where its first case stands in the area's
/// list, and how many cases it has.
fn years(r: &Renderer, i: usize) -> Vec<(i32, usize, usize)> {
    let mut years: Vec<(i32, usize, usize)> = Vec::new();
    for (at, &c) in r.site.areas[i].cases.iter().enumerate() {
        let year = r.site.cases[c].date.year;
        match years.last_mut() {
            Some(y) if y.0 == year => y.2 += 1,
            _ => years.push((year, at, 1)),
        }
    }
    years
}

impl PageKind for AreaPages {
    /// Area, page (0-based).
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "area.html";

    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let site = r.site;
        pagination::pages_of(site, site.areas.len(), |i| site.areas[i].cases.len())
    }

    fn path(r: &Renderer, (i, page): (usize, usize)) -> String {
        paths::paged(&r.site.areas[i].path, page)
    }

    fn title(r: &Renderer, (i, page): (usize, usize)) -> Option<String> {
        Some(pagination::titled(&r.site.areas[i].name, page))
    }

    fn view(r: &Renderer, (i, page): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let a = &site.areas[i];
        ctx.insert(
            "pager",
            &pagination::pager(site, &a.path, a.cases.len(), page),
        );
        ctx.insert("case_count", &a.cases.len());
        #[derive(Serialize)]
        struct YearLink {
            year: i32,
            count: usize,
            /// The year's heading, on the page where its cases start.
            url: String,
        }
        let years: Vec<YearLink> = years(r, i)
            .into_iter()
            .map(|(year, at, count)| YearLink {
                year,
                count,
                url: format!(
                    "{}#y{year}",
                    site.url(&paths::paged(&a.path, pagination::page_of(site, at)))
                ),
            })
            .collect();
        ctx.insert("years", &years);
        if !a.cases.is_empty() {
            ctx.insert(
                "feed",
                &FeedLink {
                    title: format!("{} · {}", a.name, site.config.title),
                    url: site.url(&paths::feed_of(&a.path)),
                },
            );
        }
        let rel = r.relations;
        // Its forces or its governance modes, each with its case count here.
        let counted = |kind: Kind| -> Vec<CountedLink> {
            rel.columns
                .iter()
                .enumerate()
                .filter(|(_, col)| col.kind == kind)
                .filter_map(|(ci, &col): (usize, &Dimension)| {
                    let count = rel.cells[i][ci].len();
                    let link = dimension_link(site, col);
                    (count > 0).then_some(CountedLink {
                        name: link.name,
                        url: link.url,
                        count,
                    })
                })
                .collect()
        };
        let mut partners: Vec<CountedLink> = partner_counts(r, i)
            .into_iter()
            .map(|(p, count)| {
                let l = partner_link(site, p);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        partners.sort_by_key(|p| std::cmp::Reverse(p.count));
        // Below the list of cases: every photo loads lazily.
        let photos = photo_count(
            r,
            a.figures.iter().map(|f| (f.asset_dir.as_str(), &f.figure)),
        );
        let figures: Vec<FigureView> = a
            .figures
            .iter()
            .map(|f| FigureView {
                source: Some(match f.case {
                    Some(c) => Link {
                        name: site.cases[c].title.clone(),
                        url: site.url(&site.cases[c].path),
                    },
                    None => issue_link(site, f.issue),
                }),
                ..figure_view(r, &f.asset_dir, &f.figure, photos, false)
            })
            .collect();
        let share = share_image(
            r,
            a.figures.iter().map(|f| (f.asset_dir.as_str(), &f.figure)),
        );
        ctx.insert("share_image", &share);
        #[derive(Serialize)]
        struct AreaView<'x> {
            name: &'x str,
            kind: Option<&'x str>,
            url: String,
            description: &'x str,
            forces: Vec<CountedLink>,
            governance: Vec<CountedLink>,
            partners: Vec<CountedLink>,
            figures: Vec<FigureView>,
        }
        ctx.insert(
            "area",
            &AreaView {
                name: &a.name,
                kind: a.kind.as_deref(),
                url: site.url(&a.path),
                description: &a.description,
                forces: counted(Kind::Force),
                governance: counted(Kind::Governance),
                partners,
                figures,
            },
        );
        ctx.insert(
            "groups",
            &by_year(site, pagination::slice(site, &a.cases, page)),
        );
    }

    fn fingerprint(r: &Renderer, (i, page): (usize, usize), f: &mut Fp) {
        let site = r.site;
        let a = &site.areas[i];
        f.add(&a.name).add(&a.path).add(&a.description).add(
            &r.relations.cells[i]
                .iter()
                .map(Vec::len)
                .collect::<Vec<_>>(),
        );
        for (p, n) in partner_counts(r, i) {
            f.partner(p).add(&n);
        }
        f.add(&a.figures.len());
        for af in &a.figures {
            // Shown on this area's page, without a link to it.
            f.figures(std::slice::from_ref(&af.figure), &[None], &af.asset_dir);
            match af.case {
                Some(c) => f.add(&site.cases[c].title).add(&site.cases[c].path),
                None => f
                    .add(&site.issues[af.issue].title)
                    .add(&site.issues[af.issue].path),
            };
        }
        f.page(&a.cases, page).add(&years(r, i));
    }
}
