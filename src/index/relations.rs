//! The 五社联动 relationship index: which forces (五社) and governance modes (五治) took part
//! in which cases and areas, with which partners, and which forces work together.

pub use crate::model::Kind;
use crate::model::{Dimension, Site};

#[derive(Debug)]
pub struct Relations {
    /// The matrix's columns: every force, then every governance mode.
    pub columns: Vec<Dimension>,
    /// `cells[area][column]` = the cases of that area tagged with that column, newest first.
    pub cells: Vec<Vec<Vec<usize>>>,
    /// Cases per column.
    pub column_cases: Vec<Vec<usize>>,
    /// `force_pairs[a][b]` = cases tagged with both forces a and b (a ≠ b).
    pub force_pairs: Vec<Vec<usize>>,
    /// `cooccur[column][force]` = cases tagged with the column and that force.
    pub cooccur: Vec<Vec<usize>>,
    /// `partner_areas[partner]` = (area, cases) pairs, by count.
    pub partner_areas: Vec<Vec<(usize, usize)>>,
    /// Per case, the cases related to it and why.
    pub related: super::related::Related,
}

pub use super::related::RELATED;

impl Relations {
    pub fn build(site: &Site) -> Relations {
        let nf = site.config.forces.len();
        let columns: Vec<Dimension> = site.dimensions().collect();
        let ncol = columns.len();
        let mut cells = vec![vec![Vec::new(); ncol]; site.areas.len()];
        let mut column_cases = vec![Vec::new(); ncol];
        let mut force_pairs = vec![vec![0; nf]; nf];
        let mut cooccur = vec![vec![0; nf]; ncol];
        let mut partner_area_counts =
            vec![std::collections::BTreeMap::<usize, usize>::new(); site.partners.len()];
        for (ci, c) in site.cases.iter().enumerate() {
            let cols: Vec<usize> = c
                .forces
                .iter()
                .copied()
                .chain(c.governance.iter().map(|g| nf + g))
                .collect();
            for &col in &cols {
                cells[c.area][col].push(ci);
                column_cases[col].push(ci);
                for &f in &c.forces {
                    if col != f {
                        cooccur[col][f] += 1;
                    }
                }
            }
            for &a in &c.forces {
                for &b in &c.forces {
                    if a != b {
                        force_pairs[a][b] += 1;
                    }
                }
            }
            for &p in &c.partners {
                *partner_area_counts[p].entry(c.area).or_default() += 1;
            }
        }
        let partner_areas = partner_area_counts
            .into_iter()
            .map(|m| {
                let mut v: Vec<(usize, usize)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v
            })
            .collect();
        Relations {
            columns,
            cells,
            column_cases,
            force_pairs,
            cooccur,
            partner_areas,
            related: super::related::Related::build(site),
        }
    }

    /// Column index of a force or governance mode.
    pub fn column(&self, kind: Kind, index: usize) -> usize {
        match kind {
            Kind::Force => index,
            Kind::Governance => self.force_count() + index,
        }
    }

    pub fn force_count(&self) -> usize {
        self.force_pairs.len()
    }

    /// Cases of an area tagged with anything, for row totals: distinct cases.
    pub fn area_total(&self, area: usize) -> usize {
        let mut all: Vec<usize> = self.cells[area].iter().flatten().copied().collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    }
}

/// `relations.json`: the relationship data for reuse (format in README.md, "relations.json").
pub mod export {
    use super::{Kind, Relations};
    use crate::model::Site;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Export<'a> {
        format: &'static str,
        version: u32,
        site: SiteInfo<'a>,
        forces: Vec<Dim<'a>>,
        governance: Vec<Dim<'a>>,
        areas: Vec<Area<'a>>,
        partners: Vec<Partner<'a>>,
        issues: Vec<Issue<'a>>,
        cases: Vec<Case<'a>>,
        edges: Edges<'a>,
    }

    #[derive(Serialize)]
    struct SiteInfo<'a> {
        title: &'a str,
        base_url: &'a str,
    }

    #[derive(Serialize)]
    struct Dim<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        definition: &'a str,
        synonyms: &'a [String],
        cases: usize,
    }

    #[derive(Serialize)]
    struct Area<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        description: &'a str,
        cases: usize,
    }

    #[derive(Serialize)]
    struct Partner<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        cases: usize,
    }

    #[derive(Serialize)]
    struct Issue<'a> {
        title: &'a str,
        url: String,
        date: String,
    }

    #[derive(Serialize)]
    struct Case<'a> {
        title: &'a str,
        url: String,
        date: String,
        issue: &'a str,
        area: &'a str,
        forces: Vec<&'a str>,
        governance: Vec<&'a str>,
        partners: Vec<&'a str>,
    }

    #[derive(Serialize)]
    struct Edge<'a> {
        from: &'a str,
        to: &'a str,
        cases: usize,
    }

    #[derive(Serialize)]
    struct Edges<'a> {
        area_force: Vec<Edge<'a>>,
        area_governance: Vec<Edge<'a>>,
        force_force: Vec<Edge<'a>>,
        force_governance: Vec<Edge<'a>>,
        partner_area: Vec<Edge<'a>>,
    }

    fn dims<'a>(site: &'a Site, rel: &Relations, kind: Kind) -> Vec<Dim<'a>> {
        rel.columns
            .iter()
            .enumerate()
            .filter(|(_, col)| col.kind == kind)
            .map(|(ci, &col)| {
                let d = col.def(&site.config);
                Dim {
                    name: &d.name,
                    slug: &d.slug,
                    url: site.permalink(&col.path(site)),
                    definition: &d.definition,
                    synonyms: &d.synonyms,
                    cases: rel.column_cases[ci].len(),
                }
            })
            .collect()
    }

    /// Serialises the site's relationships; deterministic for the same input.
    pub fn json(site: &Site, rel: &Relations) -> Vec<u8> {
        let cfg = &site.config;
        let nf = cfg.forces.len();
        let mut edges = Edges {
            area_force: Vec::new(),
            area_governance: Vec::new(),
            force_force: Vec::new(),
            force_governance: Vec::new(),
            partner_area: Vec::new(),
        };
        for (ai, a) in site.areas.iter().enumerate() {
            for (ci, col) in rel.columns.iter().enumerate() {
                let n = rel.cells[ai][ci].len();
                if n == 0 {
                    continue;
                }
                let list = match col.kind {
                    Kind::Force => &mut edges.area_force,
                    Kind::Governance => &mut edges.area_governance,
                };
                let to = col.def(cfg).name.as_str();
                list.push(Edge {
                    from: &a.name,
                    to,
                    cases: n,
                });
            }
        }
        for a in 0..nf {
            for b in a + 1..nf {
                let n = rel.force_pairs[a][b];
                if n > 0 {
                    edges.force_force.push(Edge {
                        from: &cfg.forces[a].name,
                        to: &cfg.forces[b].name,
                        cases: n,
                    });
                }
            }
        }
        for (g, gov) in cfg.governance.iter().enumerate() {
            let col = rel.column(Kind::Governance, g);
            for (f, force) in cfg.forces.iter().enumerate() {
                let n = rel.cooccur[col][f];
                if n > 0 {
                    edges.force_governance.push(Edge {
                        from: &force.name,
                        to: &gov.name,
                        cases: n,
                    });
                }
            }
        }
        for (pi, p) in site.partners.iter().enumerate() {
            for &(a, n) in &rel.partner_areas[pi] {
                edges.partner_area.push(Edge {
                    from: &p.name,
                    to: &site.areas[a].name,
                    cases: n,
                });
            }
        }
        let export = Export {
            format: "shequ-relations",
            version: 1,
            site: SiteInfo {
                title: &cfg.title,
                base_url: &cfg.base_url,
            },
            forces: dims(site, rel, Kind::Force),
            governance: dims(site, rel, Kind::Governance),
            areas: site
                .areas
                .iter()
                .map(|a| Area {
                    name: &a.name,
                    slug: &a.slug,
                    url: site.permalink(&a.path),
                    description: &a.description,
                    cases: a.cases.len(),
                })
                .collect(),
            partners: site
                .partners
                .iter()
                .map(|p| Partner {
                    name: &p.name,
                    slug: &p.slug,
                    url: site.permalink(&p.path),
                    cases: p.cases.len(),
                })
                .collect(),
            issues: site
                .issues
                .iter()
                .map(|i| Issue {
                    title: &i.title,
                    url: site.permalink(&i.path),
                    date: i.date.iso(),
                })
                .collect(),
            cases: site
                .cases
                .iter()
                .map(|c| Case {
                    title: &c.title,
                    url: site.permalink(&c.path),
                    date: c.date.iso(),
                    issue: &site.issues[c.issue].title,
                    area: &site.areas[c.area].name,
                    forces: c
                        .forces
                        .iter()
                        .map(|&f| cfg.forces[f].name.as_str())
                        .collect(),
                    governance: c
                        .governance
                        .iter()
                        .map(|&g| cfg.governance[g].name.as_str())
                        .collect(),
                    partners: c
                        .partners
                        .iter()
                        .map(|&p| site.partners[p].name.as_str())
                        .collect(),
                })
                .collect(),
            edges,
        };
        let mut out = serde_json::to_vec_pretty(&export).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
