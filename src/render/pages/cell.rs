//! A matrix cell's page: the cases of one force or governance mode in one area.

use super::PageKind;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use tera::Context;

pub struct CellPages;

impl PageKind for CellPages {
    /// Column (an index into `relations.columns`), area.
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "dimension_area.html";

    /// Every cell with cases, column by column.
    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let rel = r.relations;
        (0..rel.columns.len())
            .flat_map(|ci| {
                (0..r.site.areas.len())
                    .filter(move |&a| !rel.cells[a][ci].is_empty())
                    .map(move |a| (ci, a))
            })
            .collect()
    }

    fn path(r: &Renderer, (ci, a): (usize, usize)) -> String {
        r.relations.columns[ci].cell_path(r.site, a)
    }

    fn title(r: &Renderer, (ci, a): (usize, usize)) -> Option<String> {
        let dim = r.relations.columns[ci].def(&r.site.config);
        Some(format!("{} · {}", dim.name, r.site.areas[a].name))
    }

    fn view(r: &Renderer, (ci, a): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let rel = r.relations;
        let col = rel.columns[ci];
        ctx.insert("dimension", &dimension_link(site, col));
        ctx.insert("kind_zh", col.kind.zh());
        ctx.insert("area", &area_link(site, a));
        let cases: Vec<CaseRef> = rel.cells[a][ci]
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
    }

    fn fingerprint(r: &Renderer, (ci, a): (usize, usize), f: &mut Fp) {
        f.area(a).case_refs(&r.relations.cells[a][ci]);
    }
}
