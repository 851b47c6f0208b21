//! The home page: the latest issue, the newest cases, every area and the latest issues;
//! its later pages (`page/2/`, …) list every other case, newest first.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

/// How many of the latest issues the first page lists (the issues index has them all).
const LATEST_ISSUES: usize = 12;

pub struct HomePage;

/// The cases page `page` lists.
fn listed(r: &Renderer, page: usize) -> Vec<usize> {
    pagination::range(r.site, r.site.cases.len(), page).collect()
}

impl PageKind for HomePage {
    /// Page (0-based) of the list of every case.
    type Page = usize;
    const TEMPLATE: &'static str = "index.html";

    fn pages(r: &Renderer) -> Vec<usize> {
        (0..pagination::page_count(r.site, r.site.cases.len())).collect()
    }

    fn path(_: &Renderer, page: usize) -> String {
        paths::paged(paths::HOME, page)
    }

    fn title(_: &Renderer, page: usize) -> Option<String> {
        (page > 0).then(|| pagination::titled("全部案例", page))
    }

    fn view(r: &Renderer, page: usize, ctx: &mut Context) {
        let site = r.site;
        ctx.insert(
            "pager",
            &pagination::pager(site, paths::HOME, site.cases.len(), page),
        );
        let cases: Vec<CaseRef> = listed(r, page)
            .into_iter()
            .map(|i| case_ref(site, i))
            .collect();
        ctx.insert("latest_cases", &cases);
        ctx.insert("case_count", &site.cases.len());
        if page > 0 {
            return;
        }
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
        ctx.insert("areas", &area_counts(site));
        let issues: Vec<IssueRow> = (0..site.issues.len().min(LATEST_ISSUES))
            .map(|i| issue_row(site, i))
            .collect();
        ctx.insert("issues", &issues);
        ctx.insert("issue_count", &site.issues.len());
    }

    fn fingerprint(r: &Renderer, page: usize, f: &mut Fp) {
        let site = r.site;
        f.add(&site.cases.len()).case_refs(&listed(r, page));
        if page > 0 {
            return;
        }
        if let Some(issue) = site.issues.first() {
            f.add(&issue.title)
                .add(&issue.path)
                .add(&issue.date)
                .add(&r.issue_bodies[0]);
        }
        f.area_counts();
        f.add(&site.issues.len());
        for i in site.issues.iter().take(LATEST_ISSUES) {
            f.add(&i.title)
                .add(&i.path)
                .add(&i.date)
                .add(&i.cases.len());
        }
    }
}
