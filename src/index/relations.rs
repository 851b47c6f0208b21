//! The 五社联动 relationship index: which forces (五社) and governance modes (五治) took part
//! in which cases and areas, with which partners, and which forces work together.

use crate::model::Site;
use serde::Serialize;

/// Which dimension a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Force,
    Governance,
}

/// A column of the matrix: one force or one governance mode.
#[derive(Debug, Clone)]
pub struct Column {
    pub kind: Kind,
    /// Index into `config.forces` or `config.governance`.
    pub index: usize,
}

#[derive(Debug)]
pub struct Relations {
    pub columns: Vec<Column>,
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
}

impl Relations {
    pub fn build(site: &Site) -> Relations {
        let nf = site.config.forces.len();
        let ng = site.config.governance.len();
        let columns: Vec<Column> = (0..nf)
            .map(|index| Column {
                kind: Kind::Force,
                index,
            })
            .chain((0..ng).map(|index| Column {
                kind: Kind::Governance,
                index,
            }))
            .collect();
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
