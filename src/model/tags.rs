//! Tags (关键词): the cases' `tags` gathered into one list, each tag with its slug (the
//! project's pinyin [`crate::text::slugify`]), page path and cases. Spellings that give the
//! same slug are one tag, named by the spelling most cases use; a tag with no readable slug
//! has no page.

use super::{Case, paths};
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Newest first (the site's case order).
    pub cases: Vec<usize>,
}

/// The page path of the tag spelt `name`, when it has one.
pub fn tag_path(name: &str) -> Option<String> {
    let slug = crate::text::slugify(name);
    (!slug.is_empty()).then(|| paths::tag_path(&slug))
}

/// Every tag of `cases` (in site order), most cases first, then by slug.
pub fn gather(cases: &[Case]) -> Vec<Tag> {
    // Slug → (spelling → cases using it), cases of the tag.
    let mut by_slug: BTreeMap<String, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        for t in &c.tags {
            let slug = crate::text::slugify(t);
            if slug.is_empty() {
                continue;
            }
            let (spellings, list) = by_slug.entry(slug).or_default();
            *spellings.entry(t.as_str()).or_default() += 1;
            // A case naming two spellings of one tag is listed once.
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut tags: Vec<Tag> = by_slug
        .into_iter()
        .map(|(slug, (spellings, cases))| {
            // The most used spelling; of equals, the first in code-point order.
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .unwrap_or_default();
            Tag {
                path: paths::tag_path(&slug),
                name,
                slug,
                cases,
            }
        })
        .collect();
    tags.sort_by(|a, b| {
        b.cases
            .len()
            .cmp(&a.cases.len())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    tags
}
