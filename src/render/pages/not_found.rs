//! The page a server shows for a missing URL.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use tera::Context;

pub struct NotFoundPage;

impl PageKind for NotFoundPage {
    type Page = ();
    const TEMPLATE: &'static str = "404.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::NOT_FOUND.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("页面未找到".to_string())
    }

    fn view(_: &Renderer, _: (), _: &mut Context) {}

    fn fingerprint(_: &Renderer, _: (), _: &mut Fp) {}
}
