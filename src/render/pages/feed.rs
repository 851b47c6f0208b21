//! The Atom feeds: the site's newest cases, and the newest cases of each area and of each
//! force or governance mode (beside its page: `areas/fangda/atom.xml`,
//! `wushe/shequ/atom.xml`), with their full text.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use serde::Serialize;
use tera::Context;

/// How many of the newest cases the site's feed carries.
const ENTRIES: usize = 50;
/// How many an area's or a force's feed carries.
const LIST_ENTRIES: usize = 20;

pub struct Feed;

/// Which list a feed follows.
#[derive(Clone, Copy, Debug, Hash)]
pub enum Of {
    Site,
    /// An area with cases.
    Area(usize),
    /// A column of the matrix (an index into `relations.columns`) with cases.
    Column(usize),
}

/// The page the feed is beside, its title (before the site's) and its newest cases.
fn list<'r>(r: &'r Renderer, of: Of) -> (String, Option<String>, &'r [usize], usize) {
    let site = r.site;
    match of {
        Of::Site => (paths::HOME.to_string(), None, &[][..], ENTRIES),
        Of::Area(a) => {
            let area = &site.areas[a];
            (
                area.path.clone(),
                Some(area.name.clone()),
                &area.cases[..],
                LIST_ENTRIES,
            )
        }
        Of::Column(c) => {
            let d = r.relations.columns[c];
            (
                d.path(site),
                Some(d.def(&site.config).name.clone()),
                &r.relations.column_cases[c][..],
                LIST_ENTRIES,
            )
        }
    }
}

/// Its entries: cases, newest first.
fn entries(r: &Renderer, of: Of) -> Vec<usize> {
    match of {
        Of::Site => (0..r.site.cases.len().min(ENTRIES)).collect(),
        _ => {
            let (_, _, cases, n) = list(r, of);
            cases.iter().take(n).copied().collect()
        }
    }
}

impl PageKind for Feed {
    type Page = Of;
    const TEMPLATE: &'static str = "atom.xml";

    fn pages(r: &Renderer) -> Vec<Of> {
        let site = r.site;
        let rel = r.relations;
        std::iter::once(Of::Site)
            .chain(
                (0..site.areas.len())
                    .filter(|&a| !site.areas[a].cases.is_empty())
                    .map(Of::Area),
            )
            .chain(
                (0..rel.columns.len())
                    .filter(|&c| !rel.column_cases[c].is_empty())
                    .map(Of::Column),
            )
            .collect()
    }

    fn path(r: &Renderer, of: Of) -> String {
        match of {
            Of::Site => paths::FEED.to_string(),
            _ => paths::feed_of(&list(r, of).0),
        }
    }

    fn title(_: &Renderer, _: Of) -> Option<String> {
        None
    }

    fn view(r: &Renderer, of: Of, ctx: &mut Context) {
        let site = r.site;
        #[derive(Serialize)]
        struct Entry<'x> {
            title: &'x str,
            permalink: String,
            updated: String,
            area: &'x str,
            summary: &'x Option<String>,
            content: &'x str,
            authors: &'x [String],
        }
        let listed = entries(r, of);
        let html: Vec<std::sync::Arc<str>> = listed.iter().map(|&i| r.case_html(i)).collect();
        let entries: Vec<Entry> = listed
            .iter()
            .zip(&html)
            .map(|(&i, html)| {
                let c = &site.cases[i];
                Entry {
                    title: &c.title,
                    permalink: site.permalink(&c.path),
                    updated: c.date.rfc3339(),
                    area: &site.areas[c.area].name,
                    summary: &c.summary,
                    content: html,
                    authors: &c.authors,
                }
            })
            .collect();
        let updated = listed.first().map_or_else(
            || "1970-01-01T00:00:00+08:00".into(),
            |&c| site.cases[c].date.rfc3339(),
        );
        let (page, name, _, _) = list(r, of);
        let title = match name {
            Some(name) => format!("{name} · {}", site.config.title),
            None => site.config.title.clone(),
        };
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("feed_title", &title);
        ctx.insert("feed_url", &site.permalink(&Self::path(r, of)));
        ctx.insert("alternate_url", &site.permalink(&page));
    }

    fn fingerprint(r: &Renderer, of: Of, f: &mut Fp) {
        for i in entries(r, of) {
            let c = &r.site.cases[i];
            f.case_ref(i).add(&r.bodies[i].fingerprint).add(&c.authors);
        }
        if let Of::Area(a) = of {
            f.area(a);
        }
    }
}
