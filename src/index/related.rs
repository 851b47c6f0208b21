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

/// A feature whose postings are longer than this share of the archive (at least
/// [`MIN_WALKED`], at most [`MAX_WALKED`]) is not walked to find candidates: it says little,
/// and walking it would make the search quadratic. It still counts in the score of
/// candidates found through rarer features. The cap keeps the work per case bounded as the
/// archive grows (at 100,000 cases a share of 1/40 walked 2,500 cases per feature: 4 s).
const COMMON_SHARE: usize = 40;
const MIN_WALKED: usize = 64;
const MAX_WALKED: usize = 512;

impl Related {
    pub fn build(site: &Site) -> Related {
        let n = site.cases.len();
        // Dense ids for the features, in order of first appearance (deterministic).
        let mut ids: FxHashMap<Feature, u32> = FxHashMap::default();
        let mut feature_of: Vec<Feature> = Vec::new();
        let mut tag_ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut tags: Vec<String> = Vec::new();
        let mut id = |f: Feature| {
            *ids.entry(f).or_insert_with(|| {
                feature_of.push(f);
                feature_of.len() as u32 - 1
            })
        };
        let features: Vec<Vec<u32>> = site
            .cases
            .iter()
            .map(|c| {
                let mut f: Vec<u32> = Vec::new();
                f.push(id(Feature::Area(c.area)));
                f.extend(c.partners.iter().map(|&p| id(Feature::Partner(p))));
                for t in &c.tags {
                    let tag = *tag_ids.entry(t.as_str()).or_insert_with(|| {
                        tags.push(t.clone());
                        tags.len() - 1
                    });
                    f.push(id(Feature::Tag(tag)));
                }
                f.extend(c.forces.iter().map(|&x| id(Feature::Force(x))));
                f.extend(c.governance.iter().map(|&x| id(Feature::Governance(x))));
                f.sort_unstable();
                f.dedup();
                f
            })
            .collect();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); feature_of.len()];
        for (i, fs) in features.iter().enumerate() {
            for &f in fs {
                postings[f as usize].push(i as u32);
            }
        }
        let weight: Vec<f32> = postings
            .iter()
            .zip(&feature_of)
            .map(|(cases, f)| {
                let idf = ((n as f64 + 1.0) / (cases.len() as f64 + 0.5))
                    .ln()
                    .max(0.0);
                (idf * f.factor()) as f32
            })
            .collect();
        let limit = (n / COMMON_SHARE).clamp(MIN_WALKED, MAX_WALKED);
        // The 64 most frequent features as bits of a mask, the rest as a short sorted
        // list: most of what two cases share is frequent, and a mask is one AND.
        let mut by_freq: Vec<u32> = (0..feature_of.len() as u32).collect();
        by_freq.sort_by_key(|&f| (std::cmp::Reverse(postings[f as usize].len()), f));
        let mut bit: Vec<Option<u32>> = vec![None; feature_of.len()];
        for (b, &f) in by_freq.iter().take(64).enumerate() {
            bit[f as usize] = Some(b as u32);
        }
        let bit_feature: Vec<u32> = by_freq.iter().take(64).copied().collect();
        let sets: Vec<Set> = features
            .iter()
            .map(|fs| {
                let mut set = Set::default();
                for &f in fs {
                    match bit[f as usize] {
                        Some(b) => set.mask |= 1 << b,
                        None => set.rest.push(f),
                    }
                }
                set
            })
            .collect();
        let scorer = Scorer {
            weight: &weight,
            bit_feature: &bit_feature,
        };
        let of = (0..n)
            .into_par_iter()
            .map(|i| {
                let mine = &features[i];
                let walk = |f: &&u32| postings[**f as usize].len() <= limit;
                let mut candidates: Vec<u32> = mine
                    .iter()
                    .filter(walk)
                    .flat_map(|&f| postings[f as usize].iter().copied())
                    .filter(|&o| o as usize != i)
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                if candidates.len() < RELATED {
                    // Little rare in common with anyone: the cases sharing its most
                    // telling common feature, first in archive order.
                    let best = mine.iter().filter(|f| !walk(f)).max_by(|a, b| {
                        weight[**a as usize]
                            .total_cmp(&weight[**b as usize])
                            .then(b.cmp(a))
                    });
                    if let Some(&f) = best {
                        candidates.extend(
                            postings[f as usize]
                                .iter()
                                .copied()
                                .filter(|&o| o as usize != i)
                                .take(RELATED * 4),
                        );
                        candidates.sort_unstable();
                        candidates.dedup();
                    }
                }
                let me = &sets[i];
                let mut scored: Vec<(f32, u32)> = candidates
                    .into_iter()
                    .map(|o| (scorer.score(me, &sets[o as usize]), o))
                    .filter(|(s, _)| *s > 0.0)
                    .collect();
                let take = RELATED.min(scored.len());
                let by_rank =
                    |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
                if take > 0 && take < scored.len() {
                    scored.select_nth_unstable_by(take - 1, by_rank);
                }
                scored.truncate(take);
                scored.sort_by(by_rank);
                scored
                    .into_iter()
                    .map(|(_, o)| Link {
                        case: o as usize,
                        reasons: scorer
                            .reasons(me, &sets[o as usize])
                            .into_iter()
                            .map(|f| feature_of[f as usize])
                            .collect(),
                    })
                    .collect()
            })
            .collect();
        Related { of, tags }
    }
}

/// Both sorted: the shared features.
fn shared<'a, T: Ord + Copy>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = T> + 'a {
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

/// A case's features: the frequent ones as bits, the others as a sorted list of ids.
#[derive(Default)]
struct Set {
    mask: u64,
    rest: Vec<u32>,
}

struct Scorer<'a> {
    /// Per feature id.
    weight: &'a [f32],
    /// Per bit, its feature id.
    bit_feature: &'a [u32],
}

impl Scorer<'_> {
    /// The features two cases share.
    fn shared<'s>(&'s self, a: &'s Set, b: &'s Set) -> impl Iterator<Item = u32> + 's {
        let mut bits = a.mask & b.mask;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                self.bit_feature[b as usize]
            })
        })
        .chain(shared(&a.rest, &b.rest))
    }

    fn score(&self, a: &Set, b: &Set) -> f32 {
        self.shared(a, b).map(|f| self.weight[f as usize]).sum()
    }

    /// The shared features that say something, strongest first.
    fn reasons(&self, a: &Set, b: &Set) -> Vec<u32> {
        let w = self.weight;
        let mut v: Vec<u32> = self.shared(a, b).filter(|&f| w[f as usize] > 0.0).collect();
        v.sort_by(|x, y| w[*y as usize].total_cmp(&w[*x as usize]).then(x.cmp(y)));
        v.truncate(REASONS);
        v
    }
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
        // Feature 0: a force in 990 of 1,000 cases, kept as bit 0; feature 1: a partner
        // in 3, kept in the list.
        let n = 1000.0_f64;
        let weight = [
            ((n + 1.0) / 990.5).ln() as f32,
            ((n + 1.0) / 3.5).ln() as f32,
        ];
        let scorer = Scorer {
            weight: &weight,
            bit_feature: &[0],
        };
        let set = |force: bool, partner: bool| Set {
            mask: u64::from(force),
            rest: if partner { vec![1] } else { vec![] },
        };
        let me = set(true, true);
        let rare = scorer.score(&me, &set(false, true));
        assert!(rare > 10.0 * scorer.score(&me, &set(true, false)));
        assert_eq!(scorer.reasons(&me, &set(true, true)), [1, 0]);
        assert_eq!(scorer.reasons(&me, &set(false, false)), Vec::<u32>::new());
    }
}
