//! The diagram's layout: every label inside the viewBox, rows that do not overlap, a phone's
//! width, and a legible diagram for 80 areas.

use super::*;

fn dims() -> Vec<Node> {
    let names = [
        ("社区", Kind::Force),
        ("社会组织", Kind::Force),
        ("社会工作者", Kind::Force),
        ("社区志愿者", Kind::Force),
        ("社会慈善资源", Kind::Force),
        ("政治", Kind::Governance),
        ("自治", Kind::Governance),
        ("法治", Kind::Governance),
        ("德治", Kind::Governance),
        ("智治", Kind::Governance),
    ];
    names
        .iter()
        .map(|&(name, kind)| Node {
            name: name.into(),
            count: 1000,
            url: "/x/".into(),
            kind: Some(kind),
        })
        .collect()
}

fn input(areas: usize, rest: Option<usize>, name: impl Fn(usize) -> String) -> Input {
    Input {
        dims: dims(),
        areas: (0..areas)
            .map(|i| Node {
                name: name(i),
                count: 120 - i,
                url: format!("/areas/a{i}/"),
                kind: None,
            })
            .collect(),
        cells: (0..areas)
            .map(|i| (0..10).map(|d| (i * 7 + d * 3) % 13).collect())
            .collect(),
        rest: rest.map(|n| (n, "/areas/".to_string())),
    }
}

fn assert_inside(l: &Layout) {
    for p in l.dims.iter().chain(&l.areas).chain(&l.rest) {
        assert!(
            p.left >= 0.0 && p.right <= l.width,
            "{:?} outside 0..{}",
            p,
            l.width
        );
        assert!(
            p.y - FONT >= 0.0 && p.y + FONT <= l.height,
            "{p:?} outside 0..{}",
            l.height
        );
    }
    let gaps = |v: &[Placed]| {
        v.windows(2)
            .map(|w| w[1].y - w[0].y)
            .fold(f64::MAX, f64::min)
    };
    let mut right: Vec<Placed> = l.areas.clone();
    right.extend(l.rest.clone());
    assert!(gaps(&l.dims) >= FONT * 1.5, "dimension rows overlap");
    assert!(gaps(&right) >= FONT * 1.5, "area rows overlap");
}

#[test]
fn labels_stay_inside_the_viewbox() {
    for n in [1, 3, 13, 15] {
        let l = layout(&input(n, None, |i| format!("区{i}")));
        assert_inside(&l);
        assert_eq!(l.width, MIN_WIDTH, "{n} areas: drawn at a phone's width");
    }
}

#[test]
fn long_names_are_cut_and_still_inside() {
    let l = layout(&input(4, None, |i| format!("长宁区天山路街道第{i}居民区")));
    assert_inside(&l);
    assert!(
        l.areas[0].text.starts_with("长宁区天山…"),
        "{}",
        l.areas[0].text
    );
    // A little wider than a phone, never so wide that the text shrinks much when it fits.
    assert!(l.width < MIN_WIDTH * 1.15, "{}", l.width);
}

#[test]
fn eighty_areas_draw_the_top_twelve_and_one_rest_node() {
    // What `svg` passes for 80 areas: the first MAX_AREAS, and the rest as one node.
    let d = render(&input(MAX_AREAS, Some(80 - MAX_AREAS), |i| {
        format!("区{i:02}")
    }));
    let l = layout(&input(MAX_AREAS, Some(80 - MAX_AREAS), |i| {
        format!("区{i:02}")
    }));
    assert_inside(&l);
    assert_eq!((d.shown, d.rest), (12, 68));
    assert_eq!(l.rest.as_ref().unwrap().text, "其余 68 个居民区");
    assert!(l.height < 420.0, "fits a phone screen: {}", l.height);
    // Every link once per node: 10 dimensions, 12 areas, the rest.
    assert_eq!(d.svg.matches("<a href=").count(), 23);
    // Each line twice: visible in its area's group, a hidden copy in its dimension's.
    let all = d.svg.matches("<path class=\"dg-e ").count();
    let copies = d.svg.matches("<path class=\"dg-e dg-hl ").count();
    assert_eq!(all, 2 * copies);
    assert!(copies > 0 && copies <= 120);
}

#[test]
fn line_width_grows_with_cases() {
    let mut i = input(2, None, |i| format!("区{i}"));
    i.cells = vec![vec![1; 10], vec![4; 10]];
    let d = render(&i);
    assert_eq!(d.max, 4);
    assert!(d.svg.contains("stroke-width=\"1.00\""));
    assert!(d.svg.contains("stroke-width=\"6.00\""));
    assert!(!d.svg.contains("stroke-width=\"0"));
}

#[test]
fn svg_is_well_formed_and_escaped() {
    let d = render(&input(3, Some(5), |i| format!("<甲&{i}>")));
    assert!(d.svg.contains("&lt;甲&amp;0&gt;"));
    assert!(!d.svg.contains("<甲"));
    assert_eq!(d.svg.matches("<g ").count(), d.svg.matches("</g>").count());
    assert_eq!(d.svg.matches("<a ").count(), d.svg.matches("</a>").count());
}
