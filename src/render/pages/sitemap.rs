//! sitemap.xml: every page a search engine should know, with the date of the dated ones.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use serde::Serialize;
use tera::Context;

pub struct Sitemap;

impl PageKind for Sitemap {
    type Page = ();
    const TEMPLATE: &'static str = "sitemap.xml";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::SITEMAP.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        None
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        #[derive(Serialize)]
        struct Url {
            loc: String,
            lastmod: Option<String>,
        }
        let undated = |path: &str| Url {
            loc: site.permalink(path),
            lastmod: None,
        };
        let mut urls = vec![undated(paths::HOME)];
        urls.extend(site.issues.iter().map(|i| Url {
            loc: site.permalink(&i.path),
            lastmod: Some(i.date.iso()),
        }));
        urls.extend(site.cases.iter().map(|c| Url {
            loc: site.permalink(&c.path),
            lastmod: Some(c.date.iso()),
        }));
        urls.push(undated(paths::AREAS));
        urls.extend(site.areas.iter().map(|a| undated(&a.path)));
        urls.push(undated(paths::WUSHE));
        urls.extend(site.dimensions().map(|d| undated(&d.path(site))));
        urls.push(undated(paths::PARTNERS));
        urls.extend(site.partners.iter().map(|p| undated(&p.path)));
        urls.push(undated(paths::ISSUES));
        urls.push(undated(paths::TAGS));
        urls.extend(site.tags.iter().map(|t| undated(&t.path)));
        urls.push(undated(paths::SEARCH));
        ctx.insert("urls", &urls);
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        let site = r.site;
        for i in &site.issues {
            f.add(&i.path).add(&i.date);
        }
        for c in &site.cases {
            f.add(&c.path).add(&c.date);
        }
        for a in &site.areas {
            f.add(&a.path);
        }
        for p in &site.partners {
            f.add(&p.path);
        }
        for t in &site.tags {
            f.add(&t.path);
        }
    }
}
