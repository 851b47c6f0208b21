//! Page fingerprints: a hash of everything a page shows, computed from the model in
//! microseconds. A page whose fingerprint equals the previous build's is not rendered
//! again (its bytes cannot differ); the dev server and warm builds rely on this.
//!
//! Every piece of data a page's context reads must be fed here. `tests/incremental.rs`
//! checks the result stays byte-identical to a clean build across many kinds of edits.

use super::{Job, Renderer};
use crate::content::front::Figure;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// A hasher with helpers for the model's pieces.
pub struct Fp<'r, 'a> {
    h: Xxh3,
    r: &'r Renderer<'a>,
}

impl<'r, 'a> Fp<'r, 'a> {
    fn new(r: &'r Renderer<'a>, job: Job) -> Self {
        let mut h = Xxh3::new();
        r.base_fingerprint.hash(&mut h);
        job.hash(&mut h);
        // The page's template and those it builds on; other templates do not matter to it.
        r.theme
            .template_fingerprints
            .get(Renderer::job_template(job))
            .hash(&mut h);
        Fp { h, r }
    }

    fn add<T: Hash + ?Sized>(&mut self, v: &T) -> &mut Self {
        v.hash(&mut self.h);
        self
    }

    /// What a case shows wherever it is listed (`CaseRef`), precomputed per case.
    fn case_ref(&mut self, i: usize) -> &mut Self {
        let fp = self.r.ref_fingerprints[i];
        self.add(&fp)
    }

    fn case_refs(&mut self, list: &[usize]) -> &mut Self {
        self.add(&list.len());
        for &c in list {
            self.case_ref(c);
        }
        self
    }

    fn area(&mut self, a: usize) -> &mut Self {
        let area = &self.r.site.areas[a];
        self.add(&area.name).add(&area.path)
    }

    fn partner(&mut self, p: usize) -> &mut Self {
        let partner = &self.r.site.partners[p];
        self.add(&partner.name)
            .add(&partner.path)
            .add(&partner.cases.len())
    }

    fn figures(&mut self, figures: &[Figure], asset_dir: &str) -> &mut Self {
        self.add(asset_dir).add(&figures.len());
        for f in figures {
            self.add(&f.src).add(&f.caption).add(&f.alt).add(&f.area);
            if let Some(i) = f
                .area
                .as_ref()
                .and_then(|a| self.r.site.areas.iter().position(|x| &x.name == a))
            {
                self.area(i);
            }
        }
        self
    }

    /// Paginated slice: which page of how many, and the refs on it.
    fn page(&mut self, items: &[usize], page: usize) -> &mut Self {
        let per = self.r.site.config.paginate_by;
        let start = (page * per).min(items.len());
        let end = (start + per).min(items.len());
        self.add(&page)
            .add(&items.len())
            .case_refs(&items[start..end])
    }

    fn area_counts(&mut self) -> &mut Self {
        for (i, a) in self.r.site.areas.iter().enumerate() {
            self.area(i).add(&a.cases.len()).add(&a.figures.len());
        }
        self
    }

    fn finish(&self) -> u64 {
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

impl Renderer<'_> {
    /// The fingerprint of `relations.json` (`index::relations::export`): every name, URL,
    /// count and edge it lists derives from these.
    pub(super) fn relations_fingerprint(&self) -> u64 {
        let site = self.site;
        let mut h = Xxh3::new();
        self.base_fingerprint.hash(&mut h);
        "relations.json".hash(&mut h);
        for (i, a) in site.areas.iter().enumerate() {
            (&a.name, &a.path, &a.description, a.cases.len()).hash(&mut h);
            for cell in &self.relations.cells[i] {
                cell.len().hash(&mut h);
            }
        }
        for p in &site.partners {
            (&p.name, &p.path, p.cases.len()).hash(&mut h);
        }
        for i in &site.issues {
            (&i.title, &i.path, &i.date).hash(&mut h);
        }
        for (i, c) in site.cases.iter().enumerate() {
            (self.ref_fingerprints[i], &c.partners).hash(&mut h);
        }
        h.finish()
    }

    /// The fingerprint of a page: equal fingerprints mean equal bytes.
    pub(super) fn fingerprint(&self, job: Job) -> u64 {
        let site = self.site;
        let rel = self.relations;
        let mut f = Fp::new(self, job);
        match job {
            Job::Home => {
                if let Some(issue) = site.issues.first() {
                    f.add(&issue.title)
                        .add(&issue.path)
                        .add(&issue.date)
                        .add(&self.issue_bodies[0]);
                }
                f.case_refs(&(0..site.cases.len().min(12)).collect::<Vec<_>>());
                f.area_counts();
                for i in &site.issues {
                    f.add(&i.title).add(&i.path).add(&i.cases.len());
                }
                f.add(&site.cases.len());
            }
            Job::Issue(i, page) => {
                let issue = &site.issues[i];
                f.add(&issue.title)
                    .add(&issue.path)
                    .add(&issue.date)
                    .add(&issue.summary)
                    .add(&issue.credit);
                f.add(&self.issue_bodies[i])
                    .figures(&issue.figures, &issue.path)
                    .page(&issue.cases, page);
            }
            Job::Case(i) => {
                let c = &site.cases[i];
                let body = &self.bodies[i];
                f.case_ref(i)
                    .add(&body.fingerprint)
                    .add(&body.has_code)
                    .add(&c.tags)
                    .add(&c.authors);
                f.add(&c.partners.len());
                for &p in &c.partners {
                    f.partner(p);
                }
                f.figures(&c.figures, &c.asset_dir);
                let issue = &site.issues[c.issue];
                let pos = issue.cases.iter().position(|&x| x == i).unwrap_or(0);
                f.add(&pos);
                if let Some(p) = pos.checked_sub(1) {
                    f.case_ref(issue.cases[p]);
                }
                if let Some(&n) = issue.cases.get(pos + 1) {
                    f.case_ref(n);
                }
                f.case_refs(&self.area_others(i));
                f.case_refs(&rel.related(i, &c.forces, crate::index::relations::RELATED));
            }
            Job::Areas => {
                for (i, a) in site.areas.iter().enumerate() {
                    f.area(i)
                        .add(&a.cases.len())
                        .add(&a.description)
                        .add(&a.figures.len());
                }
            }
            Job::Area(i, page) => {
                let a = &site.areas[i];
                f.add(&a.name)
                    .add(&a.path)
                    .add(&a.description)
                    .add(&rel.cells[i].iter().map(Vec::len).collect::<Vec<_>>());
                let mut partners = std::collections::BTreeMap::<usize, usize>::new();
                for &c in &a.cases {
                    for &p in &site.cases[c].partners {
                        *partners.entry(p).or_default() += 1;
                    }
                }
                for (p, n) in partners {
                    f.partner(p).add(&n);
                }
                f.add(&a.figures.len());
                for af in &a.figures {
                    f.figures(std::slice::from_ref(&af.figure), &af.asset_dir);
                    match af.case {
                        Some(c) => f.add(&site.cases[c].title).add(&site.cases[c].path),
                        None => f
                            .add(&site.issues[af.issue].title)
                            .add(&site.issues[af.issue].path),
                    };
                }
                f.page(&a.cases, page);
            }
            Job::Wushe(_) => {
                // The matrix and the diagram: counts per cell, area names, column totals.
                for (i, cells) in rel.cells.iter().enumerate() {
                    f.area(i).add(&site.areas[i].cases.len());
                    for c in cells {
                        f.add(&c.len());
                    }
                }
                f.add(&site.cases.len());
            }
            Job::Dimension(kind, d) => {
                let col = rel.column(kind, d);
                f.add(&rel.cooccur[col]).add(&rel.column_cases[col].len());
                for (a, cells) in rel.cells.iter().enumerate() {
                    if !cells[col].is_empty() {
                        f.area(a).add(&cells[col].len());
                    }
                }
                let latest: Vec<usize> = rel.column_cases[col]
                    .iter()
                    .take(site.config.paginate_by)
                    .copied()
                    .collect();
                f.case_refs(&latest);
            }
            Job::Cell(col, a) => {
                f.area(a).case_refs(&rel.cells[a][col]);
            }
            Job::Partners => {
                for p in 0..site.partners.len() {
                    f.partner(p);
                }
            }
            Job::Partner(p, page) => {
                f.partner(p);
                for &(a, n) in &rel.partner_areas[p] {
                    f.area(a).add(&n);
                }
                f.page(&site.partners[p].cases, page);
            }
            Job::Search => {
                f.area_counts();
            }
            Job::NotFound => {}
            Job::Feed => {
                for (i, c) in site.cases.iter().enumerate().take(50) {
                    f.case_ref(i)
                        .add(&self.bodies[i].fingerprint)
                        .add(&c.authors);
                }
            }
            Job::Sitemap => {
                for i in &site.issues {
                    f.add(&i.path).add(&i.date);
                }
                for c in &site.cases {
                    f.add(&c.path).add(&c.date);
                }
                for a in &site.areas {
                    f.add(&a.path);
                }
                for p in &site.partners {
                    f.add(&p.path);
                }
            }
        }
        f.finish()
    }
}
