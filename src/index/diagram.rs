//! The relationship diagram: inline SVG, generated at build time, no JavaScript.
//! Forces and governance modes on the left, areas on the right, one line per pair that
//! shares cases, its width by case count; every node is a link.

use crate::index::relations::{Kind, Relations};
use crate::model::Site;
use std::fmt::Write;

const ROW: f64 = 22.0;
const WIDTH: f64 = 640.0;
const LEFT_X: f64 = 150.0;
const RIGHT_X: f64 = 470.0;

use crate::text::escape_html as esc;

/// The diagram's SVG markup (empty when there is nothing to link).
pub fn svg(site: &Site, rel: &Relations) -> String {
    let areas: Vec<usize> = (0..site.areas.len())
        .filter(|&a| rel.area_total(a) > 0)
        .collect();
    if areas.is_empty() {
        return String::new();
    }
    let ncol = rel.columns.len();
    let rows = areas.len().max(ncol);
    let height = rows as f64 * ROW + 40.0;
    // Spread the ten dimensions over the height of the area column.
    let left_step = (rows as f64 * ROW) / ncol as f64;
    let left_y = |i: usize| 30.0 + left_step * (i as f64 + 0.5);
    let right_step = (rows as f64 * ROW) / areas.len() as f64;
    let right_y = |i: usize| 30.0 + right_step * (i as f64 + 0.5);
    let max = rel
        .cells
        .iter()
        .flatten()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"wushe-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"group\" aria-labelledby=\"wushe-diagram-title\">\
         <title id=\"wushe-diagram-title\">五社、五治与居民区关系图（文字版见上方矩阵表）</title>"
    );
    s.push_str("<text x=\"10\" y=\"18\" class=\"dg-head\">五社 · 五治</text>");
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"18\" class=\"dg-head\">居民区</text>",
        RIGHT_X + 10.0
    );
    s.push_str("<g class=\"dg-edges\">");
    for (ci, col) in rel.columns.iter().enumerate() {
        for (ri, &a) in areas.iter().enumerate() {
            let n = rel.cells[a][ci].len();
            if n == 0 {
                continue;
            }
            let w = 1.0 + 5.0 * (n as f64 / max);
            let class = if col.kind == Kind::Force {
                "dg-edge dg-force"
            } else {
                "dg-edge dg-gov"
            };
            let (y1, y2) = (left_y(ci), right_y(ri));
            let _ = write!(
                s,
                "<path class=\"{class}\" d=\"M{LEFT_X} {y1:.1} C{:.1} {y1:.1} {:.1} {y2:.1} {RIGHT_X} {y2:.1}\" stroke-width=\"{w:.2}\"><title>{}—{}：{n}</title></path>",
                LEFT_X + 120.0,
                RIGHT_X - 120.0,
                esc(&col.def(&site.config).name),
                esc(&site.areas[a].name),
            );
        }
    }
    s.push_str("</g><g class=\"dg-nodes\">");
    for (ci, col) in rel.columns.iter().enumerate() {
        let (label, url) = (&col.def(&site.config).name, col.path(site));
        let y = left_y(ci);
        let class = if col.kind == Kind::Force {
            "dg-node dg-force"
        } else {
            "dg-node dg-gov"
        };
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"{class}\"><circle cx=\"{LEFT_X}\" cy=\"{y:.1}\" r=\"6\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}（{}）</text></a>",
            esc(&site.url(&url)),
            LEFT_X - 12.0,
            y + 5.0,
            esc(label),
            rel.column_cases[ci].len()
        );
    }
    for (ri, &a) in areas.iter().enumerate() {
        let y = right_y(ri);
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"dg-node dg-area\"><circle cx=\"{RIGHT_X}\" cy=\"{y:.1}\" r=\"5\"/><text x=\"{}\" y=\"{:.1}\">{}（{}）</text></a>",
            esc(&site.url(&site.areas[a].path)),
            RIGHT_X + 12.0,
            y + 5.0,
            esc(&site.areas[a].name),
            site.areas[a].cases.len()
        );
    }
    s.push_str("</g></svg>");
    s
}
