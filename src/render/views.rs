//! What templates receive: small serialisable views of the model, built per page, so a
//! page's context holds only what it shows.

use crate::model::{Case, Dimension, Site, paths};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CountedLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    /// `2023`, `2023-10` or `2023-10-05`.
    pub iso: String,
    /// `2023年`, `2023年10月`, `2023年10月5日`.
    pub zh: String,
    pub year: i32,
}

impl From<crate::content::date::PartialDate> for DateView {
    fn from(d: crate::content::date::PartialDate) -> Self {
        DateView {
            iso: d.iso(),
            zh: d.zh(),
            year: d.year,
        }
    }
}

/// A case as listed on other pages.
#[derive(Serialize, Clone)]
pub struct CaseRef {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub area: Link,
    pub issue: Link,
    pub summary: Option<String>,
    pub forces: Vec<Link>,
    pub governance: Vec<Link>,
}

#[derive(Serialize, Clone)]
pub struct FigureView {
    /// URL of the image, when the file exists; a caption may survive its photo.
    pub src: Option<String>,
    /// The processed photo, when `src` is one of the site's photos.
    pub photo: Option<crate::photos::markup::PhotoView>,
    pub caption: String,
    pub alt: String,
    /// Where it comes from (a case or an issue), on area pages.
    pub source: Option<Link>,
    pub area: Option<Link>,
}

/// Site-wide values every template gets as `site`.
#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    /// Asset name → URL (content-hashed names), e.g. `site.assets["style.css"]`.
    pub assets: std::collections::BTreeMap<String, String>,
    pub urls: SiteUrls,
    pub forces: Vec<Link>,
    pub governance: Vec<Link>,
    /// The share cards' picture for pages without a photo (config.toml's share_image).
    pub share_image: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct SiteUrls {
    pub home: String,
    pub areas: String,
    pub wushe: String,
    pub partners: String,
    pub issues: String,
    pub tags: String,
    pub search: String,
    pub feed: String,
    pub code_css: String,
}

impl SiteView {
    pub fn new(site: &Site, theme: &super::theme::Theme) -> SiteView {
        let mut assets = std::collections::BTreeMap::new();
        for (name, out) in &theme.hashed {
            assets.insert(name.clone(), site.url(out));
        }
        let links = |kind| {
            site.dimensions()
                .filter(|d| d.kind == kind)
                .map(|d| dimension_link(site, d))
                .collect()
        };
        SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: site.config.base_url.clone(),
            base_path: site.config.base_path.clone(),
            language: site.config.language.clone(),
            assets,
            urls: SiteUrls {
                home: site.url(paths::HOME),
                areas: site.url(paths::AREAS),
                wushe: site.url(paths::WUSHE),
                partners: site.url(paths::PARTNERS),
                issues: site.url(paths::ISSUES),
                tags: site.url(paths::TAGS),
                search: site.url(paths::SEARCH),
                feed: site.url(paths::FEED),
                code_css: site.url(paths::CODE_CSS),
            },
            forces: links(crate::model::Kind::Force),
            governance: links(crate::model::Kind::Governance),
            share_image: match site.config.share_image_site_path() {
                Some(path) => Some(site.permalink(path)),
                None => site.config.share_image.clone(),
            },
        }
    }
}

pub fn area_link(site: &Site, i: usize) -> Link {
    let a = &site.areas[i];
    Link {
        name: a.name.clone(),
        url: site.url(&a.path),
    }
}

pub fn issue_link(site: &Site, i: usize) -> Link {
    let x = &site.issues[i];
    Link {
        name: x.title.clone(),
        url: site.url(&x.path),
    }
}

/// Name and URL of a force's or governance mode's page.
pub fn dimension_link(site: &Site, d: Dimension) -> Link {
    Link {
        name: d.def(&site.config).name.clone(),
        url: site.url(&d.path(site)),
    }
}

pub fn force_link(site: &Site, i: usize) -> Link {
    dimension_link(site, Dimension::force(i))
}

pub fn governance_link(site: &Site, i: usize) -> Link {
    dimension_link(site, Dimension::governance(i))
}

pub fn partner_link(site: &Site, i: usize) -> Link {
    let p = &site.partners[i];
    Link {
        name: p.name.clone(),
        url: site.url(&p.path),
    }
}

pub fn case_ref(site: &Site, i: usize) -> CaseRef {
    let c: &Case = &site.cases[i];
    CaseRef {
        title: c.title.clone(),
        url: site.url(&c.path),
        date: c.date.into(),
        area: area_link(site, c.area),
        issue: issue_link(site, c.issue),
        summary: c.summary.clone(),
        forces: c.forces.iter().map(|&f| force_link(site, f)).collect(),
        governance: c
            .governance
            .iter()
            .map(|&g| governance_link(site, g))
            .collect(),
    }
}

/// Every area with cases or figures, with its case count (home and search pages).
pub fn area_counts(site: &Site) -> Vec<CountedLink> {
    site.areas
        .iter()
        .filter(|a| !a.cases.is_empty() || !a.figures.is_empty())
        .map(|a| CountedLink {
            name: a.name.clone(),
            url: site.url(&a.path),
            count: a.cases.len(),
        })
        .collect()
}

/// How many of `figures` (each with the directory its `src` is relative to) show a
/// processed photo: with more than one, they are shown as a gallery.
pub fn photo_count<'f>(
    r: &super::Renderer,
    figures: impl IntoIterator<Item = (&'f str, &'f crate::content::front::Figure)>,
) -> usize {
    figures
        .into_iter()
        .filter(|(dir, f)| {
            f.src
                .as_ref()
                .and_then(|src| {
                    r.photos
                        .get(&super::references::output_path(dir, src)?)?
                        .ok()
                })
                .is_some()
        })
        .count()
}

/// A figure of a page: its photo shown as a gallery's when the page shows several photos
/// among its figures (`photos`), loaded at once when `eager` (the page's first photo),
/// lazily otherwise.
pub fn figure_view(
    r: &super::Renderer,
    asset_dir: &str,
    f: &crate::content::front::Figure,
    photos: usize,
    eager: bool,
) -> FigureView {
    use crate::photos::markup::{Layout, PhotoView};
    let site = r.site;
    let layout = if photos > 1 {
        Layout::Gallery
    } else {
        Layout::Single
    };
    let photo = f.src.as_ref().and_then(|src| {
        let photo = r
            .photos
            .get(&super::references::output_path(asset_dir, src)?)?
            .ok()?;
        Some(PhotoView::new(&photo, &|p| site.url(p), layout, eager))
    });
    FigureView {
        src: figure_src(site, asset_dir, &f.src),
        photo,
        caption: f.caption.clone(),
        alt: f.alt.clone().unwrap_or_else(|| f.caption.clone()),
        source: None,
        area: None,
    }
}

/// The permalink of the JPEG to share (`og:image`) of the first photo among `figures`.
pub fn share_image<'f>(
    r: &super::Renderer,
    figures: impl IntoIterator<Item = (&'f str, &'f crate::content::front::Figure)>,
) -> Option<String> {
    figures.into_iter().find_map(|(asset_dir, f)| {
        let src = f.src.as_ref()?;
        let photo = r
            .photos
            .get(&super::references::output_path(asset_dir, src)?)?
            .ok()?;
        Some(r.site.permalink(&photo.path_of(photo.share()?)))
    })
}

/// Resolves a figure's `src` against the directory its page's assets live in.
pub fn figure_src(site: &Site, asset_dir: &str, src: &Option<String>) -> Option<String> {
    let src = src.as_ref()?;
    if src.starts_with("http://") || src.starts_with("https://") || src.starts_with('/') {
        return Some(src.clone());
    }
    Some(site.url(&paths::asset(asset_dir, src)))
}

/// A tag (关键词) as a case shows it: a link to its page, when it has one.
#[derive(Serialize, Clone)]
pub struct TagLink {
    pub name: String,
    pub url: Option<String>,
}

pub fn tag_links(site: &Site, tags: &[String]) -> Vec<TagLink> {
    tags.iter()
        .map(|t| TagLink {
            name: t.clone(),
            url: crate::model::tags::tag_path(t).map(|p| site.url(&p)),
        })
        .collect()
}

/// Cases of one year, under its heading.
#[derive(Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub cases: Vec<CaseRef>,
}

/// `list` (newest first) cut where the year changes: one group per year, newest first.
pub fn by_year(site: &Site, list: &[usize]) -> Vec<YearGroup> {
    let mut groups: Vec<YearGroup> = Vec::new();
    for &c in list {
        let year = site.cases[c].date.year;
        match groups.last_mut() {
            Some(g) if g.year == year => g.cases.push(case_ref(site, c)),
            _ => groups.push(YearGroup {
                year,
                cases: vec![case_ref(site, c)],
            }),
        }
    }
    groups
}

/// A feed of a page's list, linked from its `<head>` as `feed`.
#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
}

/// An issue as the lists of issues show it.
#[derive(Serialize)]
pub struct IssueRow {
    pub name: String,
    pub url: String,
    pub date: DateView,
    pub count: usize,
}

pub fn issue_row(site: &Site, i: usize) -> IssueRow {
    let x = &site.issues[i];
    IssueRow {
        name: x.title.clone(),
        url: site.url(&x.path),
        date: x.date.into(),
        count: x.cases.len(),
    }
}
