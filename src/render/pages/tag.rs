//! A tag's pages: its cases a page at a time.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use tera::Context;

pub struct TagPages;

impl PageKind for TagPages {
    /// Tag, page (0-based).
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "tag.html";

    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let site = r.site;
        pagination::pages_of(site, site.tags.len(), |i| site.tags[i].cases.len())
    }

    fn path(r: &Renderer, (i, page): (usize, usize)) -> String {
        paths::paged(&r.site.tags[i].path, page)
    }

    fn title(r: &Renderer, (i, page): (usize, usize)) -> Option<String> {
        Some(pagination::titled(
            &format!("关键词：{}", r.site.tags[i].name),
            page,
        ))
    }

    fn view(r: &Renderer, (i, page): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let t = &site.tags[i];
        ctx.insert(
            "pager",
            &pagination::pager(site, &t.path, t.cases.len(), page),
        );
        ctx.insert(
            "tag",
            &Link {
                name: t.name.clone(),
                url: site.url(&t.path),
            },
        );
        ctx.insert("case_count", &t.cases.len());
        let cases: Vec<CaseRef> = pagination::slice(site, &t.cases, page)
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
    }

    fn fingerprint(r: &Renderer, (i, page): (usize, usize), f: &mut Fp) {
        let t = &r.site.tags[i];
        f.add(&t.name).add(&t.path).page(&t.cases, page);
    }
}
