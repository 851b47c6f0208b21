//! The tags index (关键词): every tag with its case count, most cases first.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use tera::Context;

pub struct TagsPage;

impl PageKind for TagsPage {
    type Page = ();
    const TEMPLATE: &'static str = "tags.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::TAGS.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("关键词".to_string())
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        let tags: Vec<CountedLink> = site
            .tags
            .iter()
            .map(|t| CountedLink {
                name: t.name.clone(),
                url: site.url(&t.path),
                count: t.cases.len(),
            })
            .collect();
        ctx.insert("tags", &tags);
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        for t in &r.site.tags {
            f.add(&t.name).add(&t.path).add(&t.cases.len());
        }
    }
}
