//! Related cases that mean something: two cases are related by what they share, each shared
//! thing weighted by how rare it is in the archive (inverse document frequency). Nearly
//! every case has 社区 among its forces, so sharing it says little; sharing a partner, an
//! area or a keyword that few cases have says much. Each related case comes with the
//! reasons, strongest first, for the page to show ("同为纺大", "均有物业参与").

use crate::model::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// How many related cases a case page lists.
pub const RELATED: usize = 5;
/// How many reasons are kept per related case.
const REASONS: usize = 2;

/// One thing two cases share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "lowercase")]
pub enum Feature {
    Area(usize),
    Partner(usize),
    /// Index into [`Related::tags`].
    Tag(usize),
    Force(usize),
    Governance(usize),
}

impl Feature {
    /// Sharing a governance mode says less than sharing a force, a partner or an area.
    fn factor(self) -> f64 {
        match self {
            Feature::Governance(_) => 0.5,
            _ => 1.0,
        }
    }
}

/// A related case and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub case: usize,
    pub reasons: Vec<Feature>,
}

#[derive(Debug, Default)]
pub struct Related {
    /// Per case, its related cases, best first.
    pub of: Vec<Vec<Link>>,
    /// Tag names, by the index [`Feature::Tag`] carries.
    pub tags: Vec<String>,
}

/// A feature's postings larger than this share of the archive are not walked to find
/// candidates (they say little and would make the search quadratic); they still count in
/// the score of candidates found through rarer features.
const COMMON_SHARE: usize = 8;

impl Related {
    pub fn build(site: &Site) -> Related {
        let n = site.cases.len();
        let mut tag_ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut tags: Vec<String> = Vec::new();
        let features: Vec<Vec<Feature>> = site
            .cases
            .iter()
            .map(|c| {
                let mut f: Vec<Feature> = Vec::new();
                f.push(Feature::Area(c.area));
                f.extend(c.partners.iter().map(|&p| Feature::Partner(p)));
                for t in &c.tags {
                    let id = *tag_ids.entry(t.as_str()).or_insert_with(|| {
                        tags.push(t.clone());
                        tags.len() - 1
                    });
                    f.push(Feature::Tag(id));
                }
                f.extend(c.forces.iter().map(|&x| Feature::Force(x)));
                f.extend(c.governance.iter().map(|&x| Feature::Governance(x)));
                f.sort_unstable();
                f.dedup();
                f
            })
            .collect();
        let mut postings: FxHashMap<Feature, Vec<usize>> = FxHashMap::default();
        for (i, fs) in features.iter().enumerate() {
            for &f in fs {
                postings.entry(f).or_default().push(i);
            }
        }
        let weight: FxHashMap<Feature, f64> = postings
            .iter()
            .map(|(&f, cases)| {
                let idf = ((n as f64 + 1.0) / (cases.len() as f64 + 0.5))
                    .ln()
                    .max(0.0);
                (f, idf * f.factor())
            })
            .collect();
        let limit = (n / COMMON_SHARE).max(64);
        let of = (0..n)
            .into_par_iter()
            .map(|i| {
                let mine = &features[i];
                let mut candidates: Vec<usize> = mine
                    .iter()
                    .filter_map(|f| postings.get(f))
                    .filter(|p| p.len() <= limit)
                    .flatten()
                    .copied()
                    .filter(|&o| o != i)
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                if candidates.len() < RELATED {
                    // Little rare in common with anyone: the cases sharing its most
                    // telling common feature, first in archive order.
                    let best = mine
                        .iter()
                        .filter(|f| postings.get(f).is_some_and(|p| p.len() > limit))
                        .max_by(|a, b| weight[a].total_cmp(&weight[b]).then(b.cmp(a)));
                    if let Some(p) = best.and_then(|f| postings.get(f)) {
                        candidates.extend(p.iter().copied().filter(|&o| o != i).take(RELATED * 4));
                        candidates.sort_unstable();
                        candidates.dedup();
                    }
                }
                let mut scored: Vec<(f64, usize)> = candidates
                    .into_iter()
                    .map(|o| (score(mine, &features[o], &weight), o))
                    .filter(|(s, _)| *s > 0.0)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                scored
                    .into_iter()
                    .take(RELATED)
                    .map(|(_, o)| Link {
                        case: o,
                        reasons: reasons(mine, &features[o], &weight),
                    })
                    .collect()
            })
            .collect();
        Related { of, tags }
    }
}

/// Both sorted: the shared features.
fn shared<'a>(a: &'a [Feature], b: &'a [Feature]) -> impl Iterator<Item = Feature> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

fn score(a: &[Feature], b: &[Feature], weight: &FxHashMap<Feature, f64>) -> f64 {
    shared(a, b).map(|f| weight[&f]).sum()
}

fn reasons(a: &[Feature], b: &[Feature], weight: &FxHashMap<Feature, f64>) -> Vec<Feature> {
    let mut v: Vec<Feature> = shared(a, b).filter(|f| weight[f] > 0.0).collect();
    v.sort_by(|x, y| weight[y].total_cmp(&weight[x]).then(x.cmp(y)));
    v.truncate(REASONS);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_walks_both_sorted_lists() {
        let a = [
            Feature::Area(1),
            Feature::Partner(2),
            Feature::Force(0),
            Feature::Force(3),
        ];
        let b = [Feature::Area(1), Feature::Tag(0), Feature::Force(0)];
        assert_eq!(
            shared(&a, &b).collect::<Vec<_>>(),
            [Feature::Area(1), Feature::Force(0)]
        );
    }

    #[test]
    fn a_rare_partner_outweighs_a_force_nearly_everyone_has() {
        let common = Feature::Force(0);
        let rare = Feature::Partner(7);
        let mut weight = FxHashMap::default();
        let n = 1000.0_f64;
        weight.insert(common, ((n + 1.0) / 990.5).ln());
        weight.insert(rare, ((n + 1.0) / 3.5).ln());
        let me = [rare, common];
        let with_rare = [rare];
        let with_common = [common];
        assert!(score(&me, &with_rare, &weight) > 10.0 * score(&me, &with_common, &weight));
        assert_eq!(reasons(&me, &[rare, common], &weight), [rare, common]);
    }
}
