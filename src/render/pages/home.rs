//! The home page: the latest issue, the newest cases, every area and issue.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

/// How many of the newest cases it lists.
const LATEST: usize = 12;

pub struct HomePage;

impl PageKind for HomePage {
    type Page = ();
    const TEMPLATE: &'static str = "index.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::HOME.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        None
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        #[derive(Serialize)]
        struct LatestIssue {
            title: String,
            url: String,
            date: DateView,
            content: String,
        }
        let latest = site.issues.first().map(|i| LatestIssue {
            title: i.title.clone(),
            url: site.url(&i.path),
            date: i.date.into(),
            content: r.issue_bodies[0].to_string(),
        });
        ctx.insert("latest_issue", &latest);
        let latest_cases: Vec<CaseRef> = (0..site.cases.len().min(LATEST))
            .map(|i| case_ref(site, i))
            .collect();
        ctx.insert("latest_cases", &latest_cases);
        ctx.insert("areas", &area_counts(site));
        let issues: Vec<CountedLink> = site
            .issues
            .iter()
            .map(|i| CountedLink {
                name: i.title.clone(),
                url: site.url(&i.path),
                count: i.cases.len(),
            })
            .collect();
        ctx.insert("issues", &issues);
        ctx.insert("case_count", &site.cases.len());
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        let site = r.site;
        if let Some(issue) = site.issues.first() {
            f.add(&issue.title)
                .add(&issue.path)
                .add(&issue.date)
                .add(&r.issue_bodies[0]);
        }
        f.case_refs(&(0..site.cases.len().min(LATEST)).collect::<Vec<_>>());
        f.area_counts();
        for i in &site.issues {
            f.add(&i.title).add(&i.path).add(&i.cases.len());
        }
        f.add(&site.cases.len());
    }
}
