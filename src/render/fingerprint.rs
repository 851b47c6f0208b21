//! Page fingerprints: a hash of everything a page shows, computed from the model in
//! microseconds. A page whose fingerprint equals the previous build's is not rendered
//! again (its bytes cannot differ); the dev server and warm builds rely on this.
//!
//! [`Fp`] starts every page's hash with what all pages share (config, theme assets, the
//! binary), the page's template and its path; each page kind in [`super::pages`] feeds it,
//! beside its view, every piece of data that view reads. `tests/incremental.rs` checks the
//! result stays byte-identical to a clean build across many kinds of edits.

use super::Renderer;
use super::pagination;
use crate::content::front::Figure;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// A hasher with helpers for the model's pieces.
pub struct Fp<'r, 'a> {
    h: Xxh3,
    r: &'r Renderer<'a>,
}

impl<'r, 'a> Fp<'r, 'a> {
    /// A page's hash so far: what every page depends on, its template (and those it builds
    /// on; other templates do not matter to it) and its path.
    pub(super) fn new(r: &'r Renderer<'a>, template: &str, path: &str) -> Self {
        let mut h = Xxh3::new();
        r.base_fingerprint.hash(&mut h);
        template.hash(&mut h);
        r.theme.template_fingerprints.get(template).hash(&mut h);
        path.hash(&mut h);
        Fp { h, r }
    }

    pub fn add<T: Hash + ?Sized>(&mut self, v: &T) -> &mut Self {
        v.hash(&mut self.h);
        self
    }

    /// What a case shows wherever it is listed (`CaseRef`), precomputed per case.
    pub fn case_ref(&mut self, i: usize) -> &mut Self {
        let fp = self.r.ref_fingerprints[i];
        self.add(&fp)
    }

    pub fn case_refs(&mut self, list: &[usize]) -> &mut Self {
        self.add(&list.len());
        for &c in list {
            self.case_ref(c);
        }
        self
    }

    pub fn area(&mut self, a: usize) -> &mut Self {
        let area = &self.r.site.areas[a];
        self.add(&area.name).add(&area.path)
    }

    pub fn partner(&mut self, p: usize) -> &mut Self {
        let partner = &self.r.site.partners[p];
        self.add(&partner.name)
            .add(&partner.path)
            .add(&partner.cases.len())
    }

    /// Figures with the area each names (`figure_areas`), resolved against `asset_dir`.
    pub fn figures(
        &mut self,
        figures: &[Figure],
        areas: &[Option<usize>],
        asset_dir: &str,
    ) -> &mut Self {
        self.add(asset_dir).add(&figures.len());
        for (f, &area) in figures.iter().zip(areas) {
            self.add(&f.src).add(&f.caption).add(&f.alt).add(&f.area);
            // A photo's markup: its files, sizes and place.
            let photo = f.src.as_ref().and_then(|src| {
                let dest = super::references::output_path(asset_dir, src)?;
                Some(self.r.photos.get(&dest)?.ok()?.signature())
            });
            self.add(&photo);
            if let Some(i) = area {
                self.area(i);
            }
        }
        self
    }

    /// Paginated slice: which page of how many, and the refs on it.
    pub fn page(&mut self, items: &[usize], page: usize) -> &mut Self {
        let site = self.r.site;
        self.add(&page)
            .add(&items.len())
            .case_refs(pagination::slice(site, items, page))
    }

    /// What [`super::views::area_counts`] shows.
    pub fn area_counts(&mut self) -> &mut Self {
        for (i, a) in self.r.site.areas.iter().enumerate() {
            self.area(i).add(&a.cases.len()).add(&a.figures.len());
        }
        self
    }

    pub(super) fn finish(&self) -> u64 {
        self.h.finish()
    }
}

/// Hash of what a case shows wherever it is listed: title, URL, date, summary, forces,
/// governance modes, area and issue.
pub fn case_ref(site: &crate::model::Site, i: usize) -> u64 {
    let c = &site.cases[i];
    let mut h = Xxh3::new();
    (
        &c.title,
        &c.path,
        &c.date,
        &c.summary,
        &c.forces,
        &c.governance,
    )
        .hash(&mut h);
    let area = &site.areas[c.area];
    (&area.name, &area.path).hash(&mut h);
    let issue = &site.issues[c.issue];
    (&issue.title, &issue.path).hash(&mut h);
    h.finish()
}
