//! A partner's pages: the areas it worked in, and its cases a page at a time.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use tera::Context;

pub struct PartnerPages;

impl PageKind for PartnerPages {
    /// Partner, page (0-based).
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "partner.html";

    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let site = r.site;
        pagination::pages_of(site, site.partners.len(), |i| site.partners[i].cases.len())
    }

    fn path(r: &Renderer, (i, page): (usize, usize)) -> String {
        paths::paged(&r.site.partners[i].path, page)
    }

    fn title(r: &Renderer, (i, page): (usize, usize)) -> Option<String> {
        Some(pagination::titled(&r.site.partners[i].name, page))
    }

    fn view(r: &Renderer, (i, page): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let p = &site.partners[i];
        ctx.insert(
            "pager",
            &pagination::pager(site, &p.path, p.cases.len(), page),
        );
        ctx.insert("case_count", &p.cases.len());
        let areas: Vec<CountedLink> = r.relations.partner_areas[i]
            .iter()
            .map(|&(a, count)| {
                let l = area_link(site, a);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        ctx.insert("partner", &partner_link(site, i));
        ctx.insert("areas", &areas);
        let cases: Vec<CaseRef> = pagination::slice(site, &p.cases, page)
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
    }

    fn fingerprint(r: &Renderer, (p, page): (usize, usize), f: &mut Fp) {
        f.partner(p);
        for &(a, n) in &r.relations.partner_areas[p] {
            f.area(a).add(&n);
        }
        f.page(&r.site.partners[p].cases, page);
    }
}
