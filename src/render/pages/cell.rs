//! A matrix cell's pages: the cases of one force or governance mode in one area, a page at
//! a time.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use tera::Context;

pub struct CellPages;

impl PageKind for CellPages {
    /// Column (an index into `relations.columns`), area, page (0-based).
    type Page = (usize, usize, usize);
    const TEMPLATE: &'static str = "dimension_area.html";

    /// Every page of every cell with cases, column by column.
    fn pages(r: &Renderer) -> Vec<(usize, usize, usize)> {
        let rel = r.relations;
        let site = r.site;
        (0..rel.columns.len())
            .flat_map(|ci| {
                (0..site.areas.len())
                    .filter(move |&a| !rel.cells[a][ci].is_empty())
                    .flat_map(move |a| {
                        (0..pagination::page_count(site, rel.cells[a][ci].len()))
                            .map(move |p| (ci, a, p))
                    })
            })
            .collect()
    }

    fn path(r: &Renderer, (ci, a, page): (usize, usize, usize)) -> String {
        paths::paged(&r.relations.columns[ci].cell_path(r.site, a), page)
    }

    fn title(r: &Renderer, (ci, a, page): (usize, usize, usize)) -> Option<String> {
        let dim = r.relations.columns[ci].def(&r.site.config);
        let title = format!("{} · {}", dim.name, r.site.areas[a].name);
        Some(pagination::titled(&title, page))
    }

    fn view(r: &Renderer, (ci, a, page): (usize, usize, usize), ctx: &mut Context) {
        let site = r.site;
        let rel = r.relations;
        let col = rel.columns[ci];
        let list = &rel.cells[a][ci];
        ctx.insert("dimension", &dimension_link(site, col));
        ctx.insert("kind_zh", col.kind.zh());
        ctx.insert("area", &area_link(site, a));
        ctx.insert("case_count", &list.len());
        let path = col.cell_path(site, a);
        ctx.insert("pager", &pagination::pager(site, &path, list.len(), page));
        let cases: Vec<CaseRef> = pagination::slice(site, list, page)
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
    }

    fn fingerprint(r: &Renderer, (ci, a, page): (usize, usize, usize), f: &mut Fp) {
        f.area(a).page(&r.relations.cells[a][ci], page);
    }
}
