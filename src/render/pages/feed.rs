//! The Atom feed of the newest cases, with their full text.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use serde::Serialize;
use tera::Context;

/// How many of the newest cases it carries.
const ENTRIES: usize = 50;

pub struct Feed;

impl PageKind for Feed {
    type Page = ();
    const TEMPLATE: &'static str = "atom.xml";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::FEED.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        None
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
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
        let entries: Vec<Entry> = site
            .cases
            .iter()
            .enumerate()
            .take(ENTRIES)
            .map(|(i, c)| Entry {
                title: &c.title,
                permalink: site.permalink(&c.path),
                updated: c.date.rfc3339(),
                area: &site.areas[c.area].name,
                summary: &c.summary,
                content: &r.bodies[i].html,
                authors: &c.authors,
            })
            .collect();
        let updated = site
            .cases
            .first()
            .map_or_else(|| "1970-01-01T00:00:00+08:00".into(), |c| c.date.rfc3339());
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("feed_url", &site.permalink(paths::FEED));
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        for (i, c) in r.site.cases.iter().enumerate().take(ENTRIES) {
            f.case_ref(i).add(&r.bodies[i].fingerprint).add(&c.authors);
        }
    }
}
