//! Forces (五社) and governance modes (五治): the one place that tells the two lists apart
//! and gives each its pages' paths (`wushe/<force>/`, `wuzhi/<mode>/`, a matrix cell
//! `wushe/<force>/<area>/`, a sort view `wushe/sort/<slug>/`).

use super::Site;
use crate::config::Config;
use serde::Serialize;

/// Which list a dimension belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Force,
    Governance,
}

impl Kind {
    /// The framework's Chinese name: 五社 for forces, 五治 for governance modes.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Force => "五社",
            Kind::Governance => "五治",
        }
    }

    /// The URL section its pages live under.
    fn section(self) -> &'static str {
        match self {
            Kind::Force => "wushe",
            Kind::Governance => "wuzhi",
        }
    }
}

/// One force or one governance mode (a column of the matrix): its list and its place in
/// that list (`config.forces` or `config.governance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dimension {
    pub kind: Kind,
    pub index: usize,
}

impl Dimension {
    pub fn force(index: usize) -> Dimension {
        Dimension {
            kind: Kind::Force,
            index,
        }
    }

    pub fn governance(index: usize) -> Dimension {
        Dimension {
            kind: Kind::Governance,
            index,
        }
    }

    /// Its definition in config.toml: name, slug, definition, synonyms.
    pub fn def(self, config: &Config) -> &crate::config::Dimension {
        match self.kind {
            Kind::Force => &config.forces[self.index],
            Kind::Governance => &config.governance[self.index],
        }
    }

    /// Path of its page: `wushe/shequ/` or `wuzhi/zizhi/`.
    pub fn path(self, site: &Site) -> String {
        format!("{}/{}/", self.kind.section(), self.def(&site.config).slug)
    }

    /// Path of the matrix sorted by its column: `wushe/sort/<slug>/`.
    pub fn sort_path(self, site: &Site) -> String {
        format!(
            "{}sort/{}/",
            super::paths::WUSHE,
            self.def(&site.config).slug
        )
    }

    /// Path of a matrix cell's page: its cases in area `area`.
    pub fn cell_path(self, site: &Site, area: usize) -> String {
        format!("{}{}/", self.path(site), site.areas[area].slug)
    }
}

impl Site {
    /// Every dimension, forces first: the columns of the matrix, in order.
    pub fn dimensions(&self) -> impl Iterator<Item = Dimension> + use<> {
        let forces = (0..self.config.forces.len()).map(Dimension::force);
        let governance = (0..self.config.governance.len()).map(Dimension::governance);
        forces.chain(governance)
    }
}
