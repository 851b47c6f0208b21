//! The relationship diagram: inline SVG, generated at build time, no JavaScript.
//!
//! Forces and governance modes on the left, areas on the right, one line per pair that
//! shares cases, its width by case count; every node is a link. The diagram is drawn for a
//! phone: its natural width is about 360 units, so at 390 px it shows at about 1:1 and no
//! label leaves the screen, and the page scales it up on wider screens.
//!
//! With many areas (the synthetic archive has 80) a line per pair would be a hairball of
//! ~800 crossing lines, so only the [`MAX_AREAS`] areas with the most cases are drawn; the
//! rest are one node linking to the area index, and the matrix above lists them all.
//!
//! Highlighting without JavaScript: every node is a `<g class="dg-n">` holding its link and
//! its lines, so `:hover` and `:focus-within` on the group can restyle exactly those lines.
//! An area's group holds the visible lines; a force's or mode's group holds copies of its
//! lines, hidden until the group is hovered or focused (a line can only sit in one group).

use crate::index::relations::{Kind, Relations};
use crate::model::{Site, paths};
use crate::text::escape_html as esc;
use serde::Serialize;
use std::fmt::Write;

/// Areas drawn one by one; more than `MAX_AREAS + SPARE` areas are cut to `MAX_AREAS`.
pub const MAX_AREAS: usize = 12;
/// No "其余 2 个居民区" node: a few areas over the limit are still all drawn.
const SPARE: usize = 3;
/// Font size of the labels, in SVG units (style.css sets the same).
pub const FONT: f64 = 13.0;
/// Longest area label, in characters, before it is cut with "…".
const AREA_CHARS: usize = 6;
const ROW: f64 = 26.0;
const TOP: f64 = 40.0;
const PAD: f64 = 4.0;
/// Gap between a node's circle and its label.
const GAP: f64 = 10.0;
/// The least width of the band the lines cross.
const BAND: f64 = 120.0;
/// The least width of the diagram: a phone's width.
const MIN_WIDTH: f64 = 360.0;
/// Line widths: one case, and the most cases of any line.
const THIN: f64 = 1.0;
const THICK: f64 = 6.0;

/// The diagram and what its legend needs to say.
#[derive(Debug, Default, Serialize)]
pub struct Diagram {
    /// The SVG markup (empty when there is nothing to link).
    pub svg: String,
    /// Areas drawn one by one.
    pub shown: usize,
    /// Areas with cases that are not drawn one by one.
    pub rest: usize,
    /// Cases on the thickest line.
    pub max: usize,
}

/// One node: its label (name and count) and its link.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub count: usize,
    pub url: String,
    /// Force or governance mode; `None` for an area.
    pub kind: Option<Kind>,
}

/// What is drawn, independent of the site: dimensions, areas, and
/// `cells[area][dimension]` = cases shared. `rest` is the node for the areas not drawn.
#[derive(Debug)]
pub struct Input {
    pub dims: Vec<Node>,
    pub areas: Vec<Node>,
    pub cells: Vec<Vec<usize>>,
    pub rest: Option<(usize, String)>,
}

/// A label placed: its anchor point and its estimated box, in SVG units.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub text: String,
    pub x: f64,
    pub y: f64,
    /// The label's left and right edges (its text's estimated extent).
    pub left: f64,
    pub right: f64,
}

#[derive(Debug)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The x of the dimensions' and the areas' circles.
    pub left_x: f64,
    pub right_x: f64,
    pub dims: Vec<Placed>,
    pub areas: Vec<Placed>,
    /// The "其余 N 个居民区" node's label, if any.
    pub rest: Option<Placed>,
}

/// Estimated advance of a text at [`FONT`]: CJK and other wide characters one em, ASCII
/// digits and letters a little over half an em (generous, so labels stay inside).
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// An area's name, cut to [`AREA_CHARS`] characters.
fn short(name: &str) -> String {
    if name.chars().count() <= AREA_CHARS {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(AREA_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn label(name: &str, count: usize) -> String {
    format!("{name} {count}")
}

/// Places the nodes: labels of the dimensions right-aligned left of their circles, the
/// areas' left-aligned right of theirs, rows far enough apart that labels never overlap.
pub fn layout(input: &Input) -> Layout {
    let dim_labels: Vec<String> = input.dims.iter().map(|d| label(&d.name, d.count)).collect();
    let area_labels: Vec<String> = input
        .areas
        .iter()
        .map(|a| label(&short(&a.name), a.count))
        .collect();
    let rest_label = input
        .rest
        .as_ref()
        .map(|(n, _)| format!("其余 {n} 个居民区"));
    let widest =
        |v: &mut dyn Iterator<Item = &String>| v.map(|s| text_width(s)).fold(0.0, f64::max);
    let left_w = widest(&mut dim_labels.iter()).max(text_width("五社 · 五治"));
    let right_w =
        widest(&mut area_labels.iter().chain(rest_label.iter())).max(text_width("居民区"));
    let fixed = 2.0 * PAD + left_w + right_w + 2.0 * GAP;
    let band = BAND.max(MIN_WIDTH - fixed);
    let left_x = PAD + left_w + GAP;
    let right_x = left_x + band;
    let width = fixed + band;
    // Rows: the areas (and the rest node) one per row; the dimensions spread over the same
    // height, with half a row between the forces and the modes.
    let area_rows = input.areas.len() + usize::from(rest_label.is_some());
    let nd = input.dims.len();
    let split = input.dims.iter().any(|d| d.kind == Some(Kind::Force))
        && input.dims.iter().any(|d| d.kind == Some(Kind::Governance));
    let dim_span = (nd as f64 + if split { 0.5 } else { 0.0 }) * ROW;
    let span = (area_rows as f64 * ROW).max(dim_span);
    let dim_step = span / (nd as f64 + if split { 0.5 } else { 0.0 }).max(1.0);
    let dims = dim_labels
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let gap = if split && input.dims[i].kind == Some(Kind::Governance) {
                0.5
            } else {
                0.0
            };
            let y = TOP + dim_step * (i as f64 + gap + 0.5);
            let w = text_width(&text);
            Placed {
                x: left_x - GAP,
                y,
                left: left_x - GAP - w,
                right: left_x - GAP,
                text,
            }
        })
        .collect();
    let area_step = span / area_rows.max(1) as f64;
    let place_area = |i: usize, text: String| {
        let w = text_width(&text);
        Placed {
            x: right_x + GAP,
            y: TOP + area_step * (i as f64 + 0.5),
            left: right_x + GAP,
            right: right_x + GAP + w,
            text,
        }
    };
    let areas: Vec<Placed> = area_labels
        .into_iter()
        .enumerate()
        .map(|(i, t)| place_area(i, t))
        .collect();
    let rest = rest_label.map(|t| place_area(areas.len(), t));
    Layout {
        width,
        height: TOP + span + PAD,
        left_x,
        right_x,
        dims,
        areas,
        rest,
    }
}

/// The diagram of a site: the dimensions and the areas with the most cases.
pub fn svg(site: &Site, rel: &Relations) -> Diagram {
    let mut areas: Vec<usize> = (0..site.areas.len())
        .filter(|&a| rel.area_total(a) > 0)
        .collect();
    if areas.is_empty() {
        return Diagram::default();
    }
    // Most cases first; ties keep the areas' display order (the sort is stable).
    areas.sort_by_key(|&a| std::cmp::Reverse(rel.area_total(a)));
    let rest = if areas.len() > MAX_AREAS + SPARE {
        let cut = areas.split_off(MAX_AREAS);
        Some((cut.len(), site.url(paths::AREAS)))
    } else {
        None
    };
    let input = Input {
        dims: rel
            .columns
            .iter()
            .enumerate()
            .map(|(ci, col)| Node {
                name: col.def(&site.config).name.clone(),
                count: rel.column_cases[ci].len(),
                url: site.url(&col.path(site)),
                kind: Some(col.kind),
            })
            .collect(),
        areas: areas
            .iter()
            .map(|&a| Node {
                name: site.areas[a].name.clone(),
                count: rel.area_total(a),
                url: site.url(&site.areas[a].path),
                kind: None,
            })
            .collect(),
        cells: areas
            .iter()
            .map(|&a| rel.cells[a].iter().map(Vec::len).collect())
            .collect(),
        rest,
    };
    render(&input)
}

/// The SVG of `input`.
pub fn render(input: &Input) -> Diagram {
    let l = layout(input);
    let max = input.cells.iter().flatten().copied().max().unwrap_or(0);
    let stroke = |n: usize| {
        if max <= 1 {
            THIN
        } else {
            THIN + (THICK - THIN) * (n - 1) as f64 / (max - 1) as f64
        }
    };
    let kind_class = |k: Option<Kind>| match k {
        Some(Kind::Force) => "dg-force",
        Some(Kind::Governance) => "dg-gov",
        None => "dg-area",
    };
    let edge = |s: &mut String, di: usize, ai: usize, n: usize, extra: &str| {
        let (y1, y2) = (l.dims[di].y, l.areas[ai].y);
        let mid = (l.left_x + l.right_x) / 2.0;
        let _ = write!(
            s,
            "<path class=\"dg-e{extra} {}\" d=\"M{:.1} {y1:.1}C{mid:.1} {y1:.1} {mid:.1} {y2:.1} {:.1} {y2:.1}\" stroke-width=\"{:.2}\"/>",
            kind_class(input.dims[di].kind),
            l.left_x,
            l.right_x,
            stroke(n),
        );
    };
    let node = |s: &mut String, p: &Placed, n: &Node, r: f64, cx: f64| {
        let anchor = if n.kind.is_some() {
            " text-anchor=\"end\""
        } else {
            ""
        };
        let name_end = p.text.rfind(' ').unwrap_or(p.text.len());
        let _ = write!(
            s,
            "<a href=\"{}\" aria-label=\"{}：{} 个案例\"><circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"{r}\"/><text x=\"{:.1}\" y=\"{:.1}\"{anchor}>{}<tspan class=\"dg-c\">{}</tspan></text></a>",
            esc(&n.url),
            esc(&n.name),
            n.count,
            p.y,
            p.x,
            p.y + FONT * 0.36,
            esc(&p.text[..name_end + 1]),
            n.count,
        );
    };
    let (w, h) = (l.width.ceil(), l.height.ceil());
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"wushe-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"group\" aria-labelledby=\"wushe-diagram-title\">\
         <title id=\"wushe-diagram-title\">五社、五治与居民区关系图（文字版见上方表格）</title>\
         <text x=\"{:.1}\" y=\"18\" class=\"dg-head\" text-anchor=\"end\">五社 · 五治</text>\
         <text x=\"{:.1}\" y=\"18\" class=\"dg-head\">居民区</text>",
        l.left_x - GAP,
        l.right_x + GAP,
    );
    // The areas first, each with its lines (the visible ones).
    for (ai, a) in input.areas.iter().enumerate() {
        s.push_str("<g class=\"dg-n dg-area\">");
        for di in 0..input.dims.len() {
            let n = input.cells[ai][di];
            if n > 0 {
                edge(&mut s, di, ai, n, "");
            }
        }
        node(&mut s, &l.areas[ai], a, 5.0, l.right_x);
        s.push_str("</g>");
    }
    // Then the dimensions, each with hidden copies of its lines, drawn on top when shown.
    for (di, d) in input.dims.iter().enumerate() {
        let _ = write!(s, "<g class=\"dg-n {}\">", kind_class(d.kind));
        for ai in 0..input.areas.len() {
            let n = input.cells[ai][di];
            if n > 0 {
                edge(&mut s, di, ai, n, " dg-hl");
            }
        }
        node(&mut s, &l.dims[di], d, 6.0, l.left_x);
        s.push_str("</g>");
    }
    if let (Some(p), Some((n, url))) = (&l.rest, &input.rest) {
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"dg-rest\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\"/><text x=\"{:.1}\" y=\"{:.1}\">其余 {n} 个居民区</text></a>",
            esc(url),
            l.right_x,
            p.y,
            p.x,
            p.y + FONT * 0.36,
        );
    }
    s.push_str("</svg>");
    Diagram {
        svg: s,
        shown: input.areas.len(),
        rest: input.rest.as_ref().map_or(0, |r| r.0),
        max,
    }
}

#[cfg(test)]
#[path = "diagram_tests.rs"]
mod tests;
