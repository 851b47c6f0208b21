//! The 五社联动 matrix (areas × forces and governance modes) with its diagram, and the same
//! matrix sorted by each column and by total — sorting that needs no JavaScript, each order
//! being its own page.

use super::PageKind;
use crate::model::{Kind, paths};
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

pub struct WushePages;

/// The order of the matrix's rows.
#[derive(Clone, Copy, Debug, Hash, PartialEq)]
pub enum Order {
    /// The areas' display order, with the diagram.
    Unsorted,
    /// Most cases in this column (an index into `relations.columns`) first.
    Column(usize),
    /// Most cases in all columns first.
    Total,
}

impl PageKind for WushePages {
    type Page = Order;
    const TEMPLATE: &'static str = "wushe.html";

    fn pages(r: &Renderer) -> Vec<Order> {
        std::iter::once(Order::Unsorted)
            .chain((0..r.relations.columns.len()).map(Order::Column))
            .chain([Order::Total])
            .collect()
    }

    fn path(r: &Renderer, order: Order) -> String {
        match order {
            Order::Unsorted => paths::WUSHE.to_string(),
            Order::Column(ci) => r.relations.columns[ci].sort_path(r.site),
            Order::Total => paths::WUSHE_BY_TOTAL.to_string(),
        }
    }

    fn title(_: &Renderer, _: Order) -> Option<String> {
        Some("五社联动关系索引".to_string())
    }

    fn view(r: &Renderer, order: Order, ctx: &mut Context) {
        let site = r.site;
        let rel = r.relations;
        #[derive(Serialize)]
        struct Cell {
            /// Its column's name: the label of the count on a phone.
            name: String,
            count: usize,
            /// The page listing the cell's cases.
            url: String,
        }
        #[derive(Serialize)]
        struct Row {
            area: Link,
            cells: Vec<Cell>,
            total: usize,
        }
        #[derive(Serialize)]
        struct Col {
            name: String,
            definition: String,
            url: String,
            kind: Kind,
            total: usize,
            sort_url: String,
            sorted: bool,
        }
        let cols: Vec<Col> = rel
            .columns
            .iter()
            .enumerate()
            .map(|(ci, &c)| {
                let l = dimension_link(site, c);
                Col {
                    name: l.name,
                    definition: c.def(&site.config).definition.clone(),
                    url: l.url,
                    kind: c.kind,
                    total: rel.column_cases[ci].len(),
                    sort_url: site.url(&c.sort_path(site)),
                    sorted: order == Order::Column(ci),
                }
            })
            .collect();
        let totals: Vec<usize> = (0..site.areas.len()).map(|a| rel.area_total(a)).collect();
        // No row of zeros: an area is listed when it has a tagged case.
        let mut areas: Vec<usize> = (0..site.areas.len()).filter(|&a| totals[a] > 0).collect();
        match order {
            Order::Total => areas.sort_by_key(|&a| std::cmp::Reverse(totals[a])),
            Order::Column(ci) => areas.sort_by_key(|&a| std::cmp::Reverse(rel.cells[a][ci].len())),
            Order::Unsorted => {}
        }
        let rows: Vec<Row> = areas
            .into_iter()
            .map(|ai| Row {
                area: area_link(site, ai),
                cells: rel.cells[ai]
                    .iter()
                    .zip(&rel.columns)
                    .zip(&cols)
                    .map(|((cases, col), c)| Cell {
                        name: c.name.clone(),
                        count: cases.len(),
                        url: site.url(&col.cell_path(site, ai)),
                    })
                    .collect(),
                total: totals[ai],
            })
            .collect();
        ctx.insert("columns", &cols);
        // A worked example for the introduction: the first row's first count.
        #[derive(Serialize)]
        struct Example<'a> {
            area: &'a str,
            column: &'a str,
            count: usize,
        }
        let example = rows.first().and_then(|r| {
            r.cells.iter().find(|c| c.count > 0).map(|c| Example {
                area: &r.area.name,
                column: &c.name,
                count: c.count,
            })
        });
        ctx.insert("example", &example);
        ctx.insert("rows", &rows);
        ctx.insert("sorted_by_total", &(order == Order::Total));
        ctx.insert("sorted", &(order != Order::Unsorted));
        ctx.insert("sort_default_url", &site.url(paths::WUSHE));
        ctx.insert("sort_total_url", &site.url(paths::WUSHE_BY_TOTAL));
        ctx.insert("case_count", &site.cases.len());
        // Cases tagged with anything: the sum of the rows' totals.
        ctx.insert("tagged_count", &rows.iter().map(|r| r.total).sum::<usize>());
        let diagram = if order == Order::Unsorted {
            crate::index::diagram::svg(site, rel)
        } else {
            Default::default()
        };
        ctx.insert("diagram", &diagram);
    }

    fn fingerprint(r: &Renderer, _: Order, f: &mut Fp) {
        // The matrix and the diagram: counts per cell, area names, column totals.
        let site = r.site;
        for (i, cells) in r.relations.cells.iter().enumerate() {
            f.area(i).add(&site.areas[i].cases.len());
            for c in cells {
                f.add(&c.len());
            }
        }
        f.add(&site.cases.len());
    }
}
