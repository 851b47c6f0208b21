//! The list of areas (居民区).

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use serde::Serialize;
use tera::Context;

pub struct AreasPage;

impl PageKind for AreasPage {
    type Page = ();
    const TEMPLATE: &'static str = "areas.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::AREAS.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("居民区".to_string())
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        #[derive(Serialize)]
        struct AreaRow {
            name: String,
            kind: Option<String>,
            url: String,
            count: usize,
            description: String,
            figures: usize,
        }
        let rows: Vec<AreaRow> = site
            .areas
            .iter()
            .map(|a| AreaRow {
                name: a.name.clone(),
                kind: a.kind.clone(),
                url: site.url(&a.path),
                count: a.cases.len(),
                description: a.description.clone(),
                figures: a.figures.len(),
            })
            .collect();
        ctx.insert("areas", &rows);
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        for (i, a) in r.site.areas.iter().enumerate() {
            f.area(i)
                .add(&a.cases.len())
                .add(&a.description)
                .add(&a.figures.len());
        }
    }
}
