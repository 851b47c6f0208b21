//! The page catalogue: one file per page kind. A kind ([`PageKind`]) owns, in one place,
//! the list of its pages, their path (computed by the model), their template, the view the
//! template gets and the inputs of their fingerprint; the render loop
//! ([`super::Renderer::render_all`]) knows pages only through [`AnyPage`], and writes each
//! one under the path it was kept under.
//!
//! Adding a page kind: a new file here implementing [`PageKind`], its name in
//! [`catalogue!`] below, and its template in the theme.

mod area;
mod areas;
mod case;
mod cell;
mod dimension;
mod feed;
mod home;
mod issue;
mod issues;
mod not_found;
mod partner;
mod partners;
mod search;
mod sitemap;
mod tag;
mod tags;
mod wushe;

use super::Renderer;
use super::fingerprint::Fp;
use std::fmt::Debug;
use std::hash::Hash;
use std::marker::PhantomData;
use tera::Context;

/// One kind of page: home, issue, case, …
pub trait PageKind: 'static {
    /// Which page of the kind: indices into the model (an issue and a page number, …).
    type Page: Copy + Hash + Debug + Send + Sync + 'static;
    /// The theme template its pages are rendered with.
    const TEMPLATE: &'static str;
    /// Every page of the kind, in order.
    fn pages(r: &Renderer) -> Vec<Self::Page>;
    /// Its path, from the model ([`crate::model::paths`], [`crate::model::Dimension`]); the
    /// page is kept and written under [`crate::model::paths::file_of`] of it.
    fn path(r: &Renderer, page: Self::Page) -> String;
    /// What the `<title>` names before the site's title; `None` for the site's title alone.
    fn title(r: &Renderer, page: Self::Page) -> Option<String>;
    /// What its template gets besides what every page gets ([`Renderer::ctx`]).
    fn view(r: &Renderer, page: Self::Page, ctx: &mut Context);
    /// Feeds `f` every piece of data `path`, `title` and `view` read.
    fn fingerprint(r: &Renderer, page: Self::Page, f: &mut Fp);
}

/// A page of any kind, as the render loop sees it.
pub trait AnyPage: Send + Sync {
    fn template(&self) -> &'static str;
    fn path(&self, r: &Renderer) -> String;
    /// Equal fingerprints mean equal bytes.
    fn fingerprint(&self, r: &Renderer, path: &str) -> u64;
    /// The template's context.
    fn context(&self, r: &Renderer, path: &str) -> Context;
}

struct Of<K: PageKind>(K::Page, PhantomData<fn() -> K>);

impl<K: PageKind> AnyPage for Of<K> {
    fn template(&self) -> &'static str {
        K::TEMPLATE
    }

    fn path(&self, r: &Renderer) -> String {
        K::path(r, self.0)
    }

    fn fingerprint(&self, r: &Renderer, path: &str) -> u64 {
        let mut f = Fp::new(r, K::TEMPLATE, path);
        f.add(&self.0);
        K::fingerprint(r, self.0, &mut f);
        f.finish()
    }

    fn context(&self, r: &Renderer, path: &str) -> Context {
        let mut ctx = r.ctx(path, K::title(r, self.0).as_deref());
        K::view(r, self.0, &mut ctx);
        ctx
    }
}

fn add<K: PageKind>(r: &Renderer, all: &mut Vec<Box<dyn AnyPage>>) {
    all.extend(
        K::pages(r)
            .into_iter()
            .map(|p| Box::new(Of::<K>(p, PhantomData)) as Box<dyn AnyPage>),
    );
}

/// Every page kind, in the order their pages are listed.
macro_rules! catalogue {
    ($($kind:ty),* $(,)?) => {
        /// Every page of the site.
        pub fn all(r: &Renderer) -> Vec<Box<dyn AnyPage>> {
            let mut all = Vec::with_capacity(r.site.cases.len() + r.site.areas.len() * 16 + 64);
            $(add::<$kind>(r, &mut all);)*
            all
        }

        /// The template of every page kind.
        pub const TEMPLATES: &[&str] = &[$(<$kind as PageKind>::TEMPLATE),*];
    };
}

catalogue![
    home::HomePage,
    issue::IssuePages,
    issues::IssuesPage,
    case::CasePages,
    areas::AreasPage,
    area::AreaPages,
    wushe::WushePages,
    dimension::DimensionPages,
    cell::CellPages,
    partners::PartnersPage,
    partner::PartnerPages,
    tags::TagsPage,
    tag::TagPages,
    search::SearchPage,
    not_found::NotFoundPage,
    feed::Feed,
    sitemap::Sitemap,
];
