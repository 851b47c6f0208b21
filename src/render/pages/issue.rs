//! An issue's pages: its text and figures, and its cases a page at a time.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::pagination;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

pub struct IssuePages;

impl PageKind for IssuePages {
    /// Issue, page (0-based).
    type Page = (usize, usize);
    const TEMPLATE: &'static str = "issue.html";

    fn pages(r: &Renderer) -> Vec<(usize, usize)> {
        let site = r.site;
        pagination::pages_of(site, site.issues.len(), |i| site.issues[i].cases.len())
    }

    fn path(r: &Renderer, (i, page): (usize, usize)) -> String {
        paths::paged(&r.site.issues[i].path, page)
    }

    fn title(r: &Renderer, (i, page): (usize, usize)) -> Option<String> {
        Some(pagination::titled(&r.site.issues[i].title, page))
    }

    fn view(r: &Renderer, (i, page): (usize, usize), ctx: &mut Context) {
        let site = r.site;
        let issue = &site.issues[i];
        let pager = pagination::pager(site, &issue.path, issue.cases.len(), page);
        ctx.insert("pager", &pager);
        ctx.insert("case_count", &issue.cases.len());
        #[derive(Serialize)]
        struct IssueView<'x> {
            title: &'x str,
            url: String,
            date: DateView,
            summary: &'x Option<String>,
            credit: &'x Option<String>,
            content: &'x str,
            figures: Vec<FigureView>,
        }
        let mut eager = !r.issue_has_photo[i];
        let photos = photo_count(r, issue.figures.iter().map(|f| (issue.path.as_str(), f)));
        let figures = issue
            .figures
            .iter()
            .zip(&issue.figure_areas)
            .map(|(f, &area)| {
                let v = figure_view(r, &issue.path, f, photos, eager);
                eager &= v.photo.is_none();
                FigureView {
                    area: area.map(|a| area_link(site, a)),
                    ..v
                }
            })
            .collect();
        let share = share_image(r, issue.figures.iter().map(|f| (issue.path.as_str(), f)));
        ctx.insert("share_image", &share);
        ctx.insert(
            "issue",
            &IssueView {
                title: &issue.title,
                url: site.url(&issue.path),
                date: issue.date.into(),
                summary: &issue.summary,
                credit: &issue.credit,
                content: &r.issue_bodies[i],
                figures,
            },
        );
        let cases: Vec<CaseRef> = pagination::slice(site, &issue.cases, page)
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
    }

    fn fingerprint(r: &Renderer, (i, page): (usize, usize), f: &mut Fp) {
        let issue = &r.site.issues[i];
        f.add(&issue.title)
            .add(&issue.path)
            .add(&issue.date)
            .add(&issue.summary)
            .add(&issue.credit);
        f.add(&r.issue_bodies[i])
            .figures(&issue.figures, &issue.figure_areas, &issue.path)
            .page(&issue.cases, page);
    }
}
