//! The search page (the index itself is written with the data files).

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::area_counts;
use tera::Context;

pub struct SearchPage;

impl PageKind for SearchPage {
    type Page = ();
    const TEMPLATE: &'static str = "search.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::SEARCH.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("搜索".to_string())
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        ctx.insert("areas", &area_counts(r.site));
    }

    fn fingerprint(_: &Renderer, _: (), f: &mut Fp) {
        f.area_counts();
    }
}
