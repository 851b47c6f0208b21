//! The issues index (往期): every issue with its date and case count, under a heading per
//! year, newest first.

use super::PageKind;
use crate::model::paths;
use crate::render::Renderer;
use crate::render::fingerprint::Fp;
use crate::render::views::*;
use serde::Serialize;
use tera::Context;

pub struct IssuesPage;

impl PageKind for IssuesPage {
    type Page = ();
    const TEMPLATE: &'static str = "issues.html";

    fn pages(_: &Renderer) -> Vec<()> {
        vec![()]
    }

    fn path(_: &Renderer, _: ()) -> String {
        paths::ISSUES.to_string()
    }

    fn title(_: &Renderer, _: ()) -> Option<String> {
        Some("往期".to_string())
    }

    fn view(r: &Renderer, _: (), ctx: &mut Context) {
        let site = r.site;
        #[derive(Serialize)]
        struct Year {
            year: i32,
            issues: Vec<IssueRow>,
        }
        let mut years: Vec<Year> = Vec::new();
        for i in 0..site.issues.len() {
            let row = issue_row(site, i);
            match years.last_mut() {
                Some(y) if y.year == row.date.year => y.issues.push(row),
                _ => years.push(Year {
                    year: row.date.year,
                    issues: vec![row],
                }),
            }
        }
        ctx.insert("years", &years);
        ctx.insert("issue_count", &site.issues.len());
        ctx.insert("case_count", &site.cases.len());
    }

    fn fingerprint(r: &Renderer, _: (), f: &mut Fp) {
        let site = r.site;
        for i in &site.issues {
            f.add(&i.title)
                .add(&i.path)
                .add(&i.date)
                .add(&i.cases.len());
        }
        f.add(&site.cases.len());
    }
}
