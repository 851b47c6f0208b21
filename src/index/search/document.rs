//! The search index's documents: which there are, in index order, what each one's entry
//! depends on (its input hash), and its tokens and JSON (an element of `d/<chunk>.json`).

use super::FILTER_PREFIX;
use super::fold;
use super::tokenize::{DocTokens, Field};
use crate::content::date::PartialDate;
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a document comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    Case(usize),
    /// An issue-level figure: issue index, figure index.
    Figure(usize, usize),
}

/// A document as `search.js` shows and verifies it (an element of `d/<chunk>.json`).
#[derive(Serialize)]
struct DocJson<'a> {
    /// 0: a case; 1: an issue-level figure caption (its title is the caption, not searched
    /// as a title).
    k: u8,
    /// Page URL (with the base path).
    u: String,
    /// Title (a figure: its caption).
    t: &'a str,
    /// Area name, or "".
    a: &'a str,
    /// Issue title.
    i: &'a str,
    /// Date as shown (`2023年10月`).
    d: String,
    /// Summary, or "".
    s: &'a str,
    /// Plain text of the body, whitespace runs collapsed.
    b: String,
    /// Partners.
    p: Vec<&'a str>,
    /// Figure captions.
    c: Vec<&'a str>,
    /// Tags.
    g: &'a [String],
    /// Traditional characters of this document with their simplified fold, so the browser
    /// can highlight without the whole table.
    x: BTreeMap<String, String>,
}

/// Per document (in index order), a hash of everything [`prepare`] reads of it.
pub(super) fn doc_hashes(site: &Site, docs: &[Source]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    docs.par_iter()
        .map(|&src| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            match src {
                Source::Case(ci) => {
                    let c = &site.cases[ci];
                    (0u8, &c.title, &site.areas[c.area].name, &c.body, &c.summary).hash(&mut h);
                    for &p in &c.partners {
                        site.partners[p].name.hash(&mut h);
                    }
                    for f in &c.figures {
                        f.caption.hash(&mut h);
                    }
                    (&c.tags, &c.forces, &c.governance, &c.date, &c.path).hash(&mut h);
                    site.issues[c.issue].title.hash(&mut h);
                }
                Source::Figure(ii, fi) => {
                    let issue = &site.issues[ii];
                    let f = &issue.figures[fi];
                    (
                        1u8,
                        &f.caption,
                        &f.area,
                        &issue.title,
                        &issue.date,
                        &issue.path,
                    )
                        .hash(&mut h);
                    issue.figure_areas[fi]
                        .map(|a| &site.areas[a].path)
                        .hash(&mut h);
                }
            }
            h.finish()
        })
        .collect()
}

/// Whitespace runs become one space, or one newline when they contain one.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            pending = Some(if c == '\n' || pending == Some('\n') {
                '\n'
            } else {
                ' '
            });
        } else {
            if let Some(p) = pending.take()
                && !out.is_empty()
            {
                out.push(p);
            }
            out.push(c);
        }
    }
    out
}

/// Sort key of a document: date (newest first), issue, cases before figures, position.
type DocOrder = (std::cmp::Reverse<PartialDate>, usize, u8, usize);

/// The documents, newest first: cases in site order, each issue's figures after the cases
/// of the same date and issue.
pub(super) fn documents(site: &Site) -> Vec<Source> {
    let mut keyed: Vec<(DocOrder, Source)> = site
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| ((std::cmp::Reverse(c.date), c.issue, 0, i), Source::Case(i)))
        .collect();
    for (ii, issue) in site.issues.iter().enumerate() {
        for fi in 0..issue.figures.len() {
            keyed.push((
                (std::cmp::Reverse(issue.date), ii, 1, fi),
                Source::Figure(ii, fi),
            ));
        }
    }
    // Site order already sorts cases by date, then issue; the key agrees and places figures.
    keyed.sort_by_key(|k| k.0);
    keyed.into_iter().map(|(_, s)| s).collect()
}

/// One document's tokens and JSON.
pub(super) struct Prepared {
    /// When asked for.
    pub tokens: Option<DocTokens>,
    /// When asked for; empty otherwise.
    pub json: Vec<u8>,
}

/// A document's tokens (when `tokens`) and JSON (when `json`).
pub(super) fn prepare(site: &Site, src: Source, tokens: bool, json: bool) -> Prepared {
    let mut t = DocTokens::default();
    let mut x = BTreeMap::new();
    let add = |t: &mut DocTokens, text: &str, field: Field| {
        if tokens {
            t.add(text, field);
        }
    };
    let hits = |text: &str, x: &mut BTreeMap<_, _>| {
        if json {
            fold::table_hits(text, x);
        }
    };
    let filter = |t: &mut DocTokens, kind: char, value: &str| {
        if tokens {
            t.words
                .entry(format!("{FILTER_PREFIX}{kind}:{value}"))
                .or_default();
        }
    };
    let doc = match src {
        Source::Case(ci) => {
            let c = &site.cases[ci];
            let area = &site.areas[c.area].name;
            // Plain text straight from the source: keeping it for every case until the
            // index is built would cost as much memory as the rendered bodies.
            let body = collapse_ws(&crate::text::plain_text(&c.body.text()));
            let summary = c.summary.as_deref().unwrap_or("");
            let partners: Vec<&str> = c
                .partners
                .iter()
                .map(|&p| site.partners[p].name.as_str())
                .collect();
            let captions: Vec<&str> = c.figures.iter().map(|f| f.caption.as_str()).collect();
            add(&mut t, &c.title, Field::Title);
            add(&mut t, area, Field::Area);
            for text in [summary, body.as_str()]
                .into_iter()
                .chain(partners.iter().copied())
                .chain(captions.iter().copied())
                .chain(c.tags.iter().map(String::as_str))
            {
                add(&mut t, text, Field::Body);
                hits(text, &mut x);
            }
            hits(&c.title, &mut x);
            hits(area, &mut x);
            filter(&mut t, 'a', area);
            for &f in &c.forces {
                filter(&mut t, 'f', &site.config.forces[f].name);
            }
            for &g in &c.governance {
                filter(&mut t, 'g', &site.config.governance[g].name);
            }
            filter(&mut t, 'y', &c.date.year.to_string());
            DocJson {
                k: 0,
                u: site.url(&c.path),
                t: &c.title,
                a: area,
                i: &site.issues[c.issue].title,
                d: c.date.zh(),
                s: summary,
                b: body,
                p: partners,
                c: captions,
                g: &c.tags,
                x: BTreeMap::new(),
            }
        }
        Source::Figure(ii, fi) => {
            let issue = &site.issues[ii];
            let f = &issue.figures[fi];
            let area = f.area.as_deref().unwrap_or("");
            let url = match issue.figure_areas[fi] {
                Some(a) => site.url(&site.areas[a].path),
                None => site.url(&issue.path),
            };
            if !area.is_empty() {
                add(&mut t, area, Field::Area);
                hits(area, &mut x);
                filter(&mut t, 'a', area);
            }
            add(&mut t, &f.caption, Field::Body);
            hits(&f.caption, &mut x);
            filter(&mut t, 'y', &issue.date.year.to_string());
            DocJson {
                k: 1,
                u: url,
                t: &f.caption,
                a: area,
                i: &issue.title,
                d: issue.date.zh(),
                s: "",
                b: String::new(),
                p: Vec::new(),
                c: vec![f.caption.as_str()],
                g: &[],
                x: BTreeMap::new(),
            }
        }
    };
    let tokens = tokens.then(|| {
        t.finish();
        t
    });
    if !json {
        return Prepared {
            tokens,
            json: Vec::new(),
        };
    }
    let doc = DocJson {
        x: x.into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..doc
    };
    Prepared {
        tokens,
        json: serde_json::to_vec(&doc).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_ws("  a \n\n b  c\n"), "a\nb c");
        assert_eq!(collapse_ws("群租\t 整治"), "群租 整治");
    }
}
