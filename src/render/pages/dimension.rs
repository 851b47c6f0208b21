//! A force's or governance mode's page: its definition, the areas where it appears, its
//! newest cases and the forces it works with.

use super::PageKind;
use crate::model::Dimension;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

pub struct DimensionPages;

/// Its column of the matrix, with the newest cases it lists.
fn latest(r: &Renderer, col: usize) -> Vec<usize> {
    r.relations.column_cases[col]
        .iter()
        .take(r.site.config.paginate_by)
        .copied()
        .collect()
}

impl PageKind for DimensionPages {
    /// A column of the matrix (an index into `relations.columns`).
    type Page = usize;
    const TEMPLATE: &'static str = "dimension.html";

    fn pages(r: &Renderer) -> Vec<usize> {
        (0..r.relations.columns.len()).collect()
    }

    fn path(r: &Renderer, col: usize) -> String {
        r.relations.columns[col].path(r.site)
    }

    fn title(r: &Renderer, col: usize) -> Option<String> {
        let d: Dimension = r.relations.columns[col];
        let name = &d.def(&r.site.config).name;
        Some(format!("{name}（{}）", d.kind.zh()))
    }

    fn view(r: &Renderer, col: usize, ctx: &mut Context) {
        let site = r.site;
        let rel = r.relations;
        let dim: Dimension = rel.columns[col];
        let def = dim.def(&site.config);
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
        let latest: Vec<CaseRef> = latest(r, col)
            .into_iter()
            .map(|c| case_ref(site, c))
            .collect();
        ctx.insert("latest_cases", &latest);
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

    fn fingerprint(r: &Renderer, col: usize, f: &mut Fp) {
        let rel = r.relations;
        f.add(&rel.cooccur[col]).add(&rel.column_cases[col].len());
        for (a, cells) in rel.cells.iter().enumerate() {
            if !cells[col].is_empty() {
                f.area(a).add(&cells[col].len());
            }
        }
        f.case_refs(&latest(r, col));
    }
}
