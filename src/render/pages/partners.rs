//! The list of partners (合作伙伴).

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use tera::Context;

pub struct PartnersPage;

impl PageKind for PartnersPage {
    type Page = ();
    const TEMPLATE: &'static str = "partners.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::PARTNERS.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("合作伙伴".to_string())
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        let list: Vec<CountedLink> = site
            .partners
            .iter()
            .map(|p| CountedLink {
                name: p.name.clone(),
                url: site.url(&p.path),
                count: p.cases.len(),
            })
            .collect();
        ctx.insert("partners", &list);
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        for p in 0..r.site.partners.len() {
            f.partner(p);
        }
    }
}
