//! A force's or governance mode's pages: its definition, the areas where it appears, the
//! forces it works with, its feed, and its cases a page at a time.

use super::PageKind;
use crate::model::{Dimension, paths};
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

pub struct DimensionPages;

impl PageKind for DimensionPages {
    /// A column of the matrix (an index into `relations.columns`), page (0-based).
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "dimension.html";

    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let rel = r.relations;
        pagination::pages_of(r.site, rel.columns.len(), |c| rel.column_cases[c].len())
    }

    fn path(r: &Renderer, (col, page): (usize, usize)) -> String {
        paths::paged(&r.relations.columns[col].path(r.site), page)
    }

    fn title(r: &Renderer, (col, page): (usize, usize)) -> Option<String> {
        let d: Dimension = r.relations.columns[col];
        let name = &d.def(&r.site.config).name;
        Some(pagination::titled(
            &format!("{name}（{}）", d.kind.zh()),
            page,
        ))
    }

    fn view(r: &Renderer, (col, page): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let rel = r.relations;
        let dim: Dimension = rel.columns[col];
        let def = dim.def(&site.config);
        let list = &rel.column_cases[col];
        let path = dim.path(site);
        ctx.insert("pager", &pagination::pager(site, &path, list.len(), page));
        if !list.is_empty() {
            ctx.insert(
                "feed",
                &FeedLink {
                    title: format!("{} · {}", def.name, site.config.title),
                    url: site.url(&paths::feed_of(&path)),
                },
            );
        }
        // Areas where it appears, most cases first; each links to the cell's case list.
        let mut area_ids: Vec<usize> = (0..site.areas.len())
            .filter(|&a| !rel.cells[a][col].is_empty())
            .collect();
        area_ids.sort_by_key(|&a| std::cmp::Reverse(rel.cells[a][col].len()));
        let areas: Vec<CountedLink> = area_ids
            .iter()
            .map(|&a| CountedLink {
                name: site.areas[a].name.clone(),
                url: site.url(&dim.cell_path(site, a)),
                count: rel.cells[a][col].len(),
            })
            .collect();
        let cases: Vec<CaseRef> = pagination::slice(site, list, page)
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
        let mut with: Vec<CountedLink> = rel.cooccur[col]
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(f, &count)| {
                let l = force_link(site, f);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        with.sort_by_key(|w| std::cmp::Reverse(w.count));
        #[derive(Serialize)]
        struct DimView<'x> {
            name: &'x str,
            kind: crate::model::Kind,
            kind_zh: &'static str,
            definition: &'x str,
            synonyms: &'x [String],
            case_count: usize,
        }
        ctx.insert(
            "dimension",
            &DimView {
                name: &def.name,
                kind: dim.kind,
                kind_zh: dim.kind.zh(),
                definition: &def.definition,
                synonyms: &def.synonyms,
                case_count: rel.column_cases[col].len(),
            },
        );
        ctx.insert("areas", &areas);
        ctx.insert("works_with", &with);
    }

    fn fingerprint(r: &Renderer, (col, page): (usize, usize), f: &mut Fp) {
        let rel = r.relations;
        f.add(&rel.cooccur[col]).add(&rel.column_cases[col].len());
        for (a, cells) in rel.cells.iter().enumerate() {
            if !cells[col].is_empty() {
                f.area(a).add(&cells[col].len());
            }
        }
        f.page(&rel.column_cases[col], page);
    }
}
