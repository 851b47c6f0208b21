//! Render stage: Markdown to HTML and every page through the theme's Tera templates, in
//! parallel. Produces the complete list of output files; nothing is written here.

pub mod fingerprint;
pub mod markdown;
pub mod template_graph;
pub mod theme;
pub mod views;

use crate::error::Diagnostic;
use crate::index::relations::{Kind, RELATED, Relations};
use crate::model::Site;
use crate::output::{OutFile, Sink};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;
use theme::Theme;
use views::*;

/// Markdown of a case rendered once, used by its page, the feed and search.
#[derive(Clone)]
pub struct RenderedCase {
    /// Hash of `html`, for page fingerprints.
    pub fingerprint: u64,
    pub html: std::sync::Arc<str>,
    pub has_code: bool,
}

/// Rendered Markdown kept between rebuilds (dev server), keyed by the address of the
/// (shared, immutable) Markdown source; the entry holds the source alive, so its address
/// cannot be reused while cached, and records the link base it was rendered with.
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<std::collections::HashMap<usize, MarkdownEntry>>,
}

struct MarkdownEntry {
    source: std::sync::Arc<str>,
    link_base: String,
    rendered: RenderedCase,
}

fn source_key(source: &std::sync::Arc<str>) -> usize {
    std::sync::Arc::as_ptr(source) as *const u8 as usize
}

impl MarkdownCache {
    fn get(&self, source: &std::sync::Arc<str>, link_base: &str) -> Option<RenderedCase> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(&source_key(source))?;
        (std::sync::Arc::ptr_eq(&e.source, source) && e.link_base == link_base)
            .then(|| e.rendered.clone())
    }

    fn put(&self, source: &std::sync::Arc<str>, link_base: String, rendered: &RenderedCase) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                source_key(source),
                MarkdownEntry {
                    source: source.clone(),
                    link_base,
                    rendered: rendered.clone(),
                },
            );
        }
    }

    /// Drops every entry whose source is not among `live`.
    fn retain<'s>(&self, live: impl Iterator<Item = &'s std::sync::Arc<str>>) {
        let live: std::collections::HashSet<usize> = live.map(source_key).collect();
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|k, _| live.contains(k));
        }
    }
}

/// Renders Markdown `source` whose relative links resolve against `link_base`, from `cache`
/// when it was rendered before.
fn render_markdown(
    source: &std::sync::Arc<str>,
    link_base: String,
    cache: Option<&MarkdownCache>,
) -> RenderedCase {
    if let Some(hit) = cache.and_then(|c| c.get(source, &link_base)) {
        return hit;
    }
    let r = markdown::render(source, &link_base);
    let rendered = RenderedCase {
        fingerprint: xxhash_rust::xxh3::xxh3_64(r.html.as_bytes()),
        html: r.html.into(),
        has_code: r.has_code,
    };
    if let Some(c) = cache {
        c.put(source, link_base, &rendered);
    }
    rendered
}

/// What rendering derives from the model before any page: every case's and issue's rendered
/// Markdown and every case's listing fingerprint. A dev-server session keeps it with the
/// model and patches it when a case changes ([`RenderParts::patch_case`]).
pub struct RenderParts {
    pub bodies: Vec<RenderedCase>,
    pub issue_bodies: Vec<std::sync::Arc<str>>,
    pub ref_fingerprints: Vec<u64>,
}

impl RenderParts {
    pub fn new(site: &Site, cache: Option<&MarkdownCache>) -> RenderParts {
        // Look every case up under one lock, then render the misses in parallel.
        let hits: Vec<Option<RenderedCase>> = match cache.map(|c| c.entries.lock()) {
            Some(Ok(entries)) => site
                .cases
                .iter()
                .map(|c| {
                    let e = entries.get(&source_key(&c.body))?;
                    let same = std::sync::Arc::ptr_eq(&e.source, &c.body)
                        && e.link_base.strip_prefix(&site.config.base_path) == Some(&c.asset_dir);
                    same.then(|| e.rendered.clone())
                })
                .collect(),
            _ => vec![None; site.cases.len()],
        };
        let bodies: Vec<RenderedCase> = site
            .cases
            .par_iter()
            .zip(hits)
            .map(|(c, hit)| {
                hit.unwrap_or_else(|| render_markdown(&c.body, site.url(&c.asset_dir), cache))
            })
            .collect();
        let issue_bodies: Vec<std::sync::Arc<str>> = site
            .issues
            .par_iter()
            .map(|i| render_markdown(&i.body, site.url(&i.path), cache).html)
            .collect();
        if let Some(c) = cache {
            // Drop the sources nothing uses any more.
            c.retain(
                site.cases
                    .iter()
                    .map(|c| &c.body)
                    .chain(site.issues.iter().map(|i| &i.body)),
            );
        }
        let ref_fingerprints = (0..site.cases.len())
            .into_par_iter()
            .map(|i| fingerprint::case_ref(site, i))
            .collect();
        RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
        }
    }

    /// Brings case `i`'s parts up to date after it changed in the model.
    pub fn patch_case(&mut self, site: &Site, i: usize, cache: Option<&MarkdownCache>) {
        let c = &site.cases[i];
        self.bodies[i] = render_markdown(&c.body, site.url(&c.asset_dir), cache);
        self.ref_fingerprints[i] = fingerprint::case_ref(site, i);
    }
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub relations: &'a Relations,
    pub site_view: SiteView,
    pub bodies: Vec<RenderedCase>,
    pub issue_bodies: Vec<std::sync::Arc<str>>,
    /// Hash of everything every page depends on: config, the theme's asset names, the shequ
    /// binary (each page adds its own templates).
    pub base_fingerprint: u64,
    /// Per case: hash of what it shows wherever it is listed (its `CaseRef`).
    pub ref_fingerprints: Vec<u64>,
}

/// What a render did.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    /// Pages actually rendered (the others were unchanged since the previous build).
    pub rendered: usize,
    /// The search index (or relations.json) was carried over from the previous build, not
    /// rebuilt.
    pub search_deferred: bool,
    /// Time spent building the search index.
    pub search_millis: u128,
}

/// Whether a render builds the search index or may keep the current one for now.
#[derive(Debug)]
pub enum SearchIndex {
    Build,
    /// Keep the current output's index (the dev server rebuilds it right after).
    Defer,
    /// These files, built beforehand from the same model.
    Given(Vec<OutFile>),
}

/// Identity of the running executable (size and modification time): a new shequ may
/// render the same input differently, so its pages must not be kept.
fn binary_fingerprint() -> u64 {
    static FP: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FP.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
            meta.len().hash(&mut h);
            meta.modified().ok().hash(&mut h);
        }
        h.finish()
    })
}

/// One page to render: template, output path, context.
struct PageJob {
    template: &'static str,
    path: String,
    ctx: Context,
}

/// A page to render, before its context is built.
#[derive(Clone, Copy, Debug, Hash)]
enum Job {
    Home,
    /// Issue, page (0-based).
    Issue(usize, usize),
    Case(usize),
    Areas,
    Area(usize, usize),
    /// The matrix: unsorted, sorted by a column, or by total (`usize::MAX`).
    Wushe(Option<usize>),
    Dimension(Kind, usize),
    /// The cases of one matrix cell: column, area.
    Cell(usize, usize),
    Partners,
    Partner(usize, usize),
    Search,
    NotFound,
    Feed,
    Sitemap,
}

/// The relationship index as data (format in README.md).
const RELATIONS_JSON: &str = "relations.json";

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// Pagination of a long list; templates get it as `pager`.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, relations: &'a Relations) -> Renderer<'a> {
        Renderer::with_cache(site, theme, relations, None)
    }

    /// Like `new`, reusing Markdown rendered by earlier builds.
    pub fn with_cache(
        site: &'a Site,
        theme: &'a Theme,
        relations: &'a Relations,
        cache: Option<&MarkdownCache>,
    ) -> Renderer<'a> {
        Renderer::with_parts(site, theme, relations, RenderParts::new(site, cache))
    }

    /// A renderer over `parts` already derived from `site`.
    pub fn with_parts(
        site: &'a Site,
        theme: &'a Theme,
        relations: &'a Relations,
        parts: RenderParts,
    ) -> Renderer<'a> {
        let RenderParts {
            bodies,
            issue_bodies,
            ref_fingerprints,
        } = parts;
        let mut assets = std::collections::BTreeMap::new();
        for (name, out) in &theme.hashed {
            assets.insert(name.clone(), site.url(out));
        }
        let site_view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: site.config.base_url.clone(),
            base_path: site.config.base_path.clone(),
            language: site.config.language.clone(),
            assets,
            urls: SiteUrls {
                home: site.url(""),
                areas: site.url("areas/"),
                wushe: site.url("wushe/"),
                partners: site.url("partners/"),
                search: site.url("search/"),
                feed: site.url("atom.xml"),
                code_css: site.url(CODE_CSS),
            },
            forces: (0..site.config.forces.len())
                .map(|i| force_link(site, i))
                .collect(),
            governance: (0..site.config.governance.len())
                .map(|i| governance_link(site, i))
                .collect(),
        };
        let base_fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            binary_fingerprint().hash(&mut h);
            theme.assets_fingerprint.hash(&mut h);
            format!("{:?}", site.config).hash(&mut h);
            h.finish()
        };
        Renderer {
            site,
            theme,
            relations,
            site_view,
            bodies,
            issue_bodies,
            base_fingerprint,
            ref_fingerprints,
        }
    }

    /// Gives back the parts, for the next render of the same model.
    pub fn into_parts(self) -> RenderParts {
        RenderParts {
            bodies: self.bodies,
            issue_bodies: self.issue_bodies,
            ref_fingerprints: self.ref_fingerprints,
        }
    }

    fn ctx(&self, path: &str, title: Option<&str>) -> Context {
        let mut ctx = Context::new();
        let page_title = match title {
            Some(t) => format!("{t} · {}", self.site_view.title),
            None => self.site_view.title.clone(),
        };
        ctx.insert("page_title", &page_title);
        ctx.insert("site", &self.site_view);
        ctx.insert("current_url", &self.site.url(path));
        ctx.insert("permalink", &self.site.permalink(path));
        ctx.insert("has_code", &false);
        ctx
    }

    /// Renders every page and hands each output file to `sink` as soon as it is ready
    /// (pages in parallel; contexts are dropped right after use). Returns the page count.
    pub fn render_all(
        &self,
        sink: &(dyn Sink + Sync),
        search: SearchIndex,
    ) -> Result<RenderStats, Vec<Diagnostic>> {
        let timings = std::env::var_os("SHEQU_TIMINGS").is_some();
        let lap = |what: &str, since: std::time::Instant| {
            if timings {
                eprintln!(
                    "timing:   {what}: {:.1} ms",
                    since.elapsed().as_secs_f64() * 1000.0
                );
            }
            std::time::Instant::now()
        };
        let t = std::time::Instant::now();
        let jobs = self.jobs();
        let pages = jobs.len();

        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let errors: Vec<Diagnostic> = jobs
            .into_par_iter()
            .filter_map(|job| {
                let fp = self.fingerprint(job);
                if sink.keep(&self.job_path(job), fp) {
                    return None;
                }
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let page = self.make(job);
                debug_assert_eq!(page.template, Self::job_template(job), "{job:?}");
                let result = self
                    .theme
                    .tera
                    .render(page.template, &page.ctx)
                    .map_err(|e| self.theme.render_error(page.template, &e))
                    .and_then(|html| sink.put_page(&page.path, html.as_bytes(), fp));
                result.err()
            })
            .collect();
        let mut unique: Vec<Diagnostic> = Vec::new();
        for e in errors {
            // One broken template fails every page using it: report it once.
            if !unique.iter().any(|x| x.message == e.message) {
                unique.push(e);
            }
        }
        if !unique.is_empty() {
            return Err(unique);
        }
        let t = lap("pages", t);
        let err = |e| vec![e];
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            self.site.permalink("sitemap.xml")
        );
        sink.put("robots.txt", robots.as_bytes()).map_err(err)?;
        // Data files for other programs; the dev server may bring them up to date later.
        let mut data_deferred = false;
        let fp = self.relations_fingerprint();
        if !sink.keep(RELATIONS_JSON, fp) {
            if matches!(search, SearchIndex::Defer) && sink.keep_current(RELATIONS_JSON) {
                data_deferred = true;
            } else {
                let json = crate::index::relations::export::json(self.site, self.relations);
                sink.put_page(RELATIONS_JSON, &json, fp).map_err(err)?;
            }
        }
        let t = lap("robots + relations.json", t);
        let search_start = std::time::Instant::now();
        let search_kept = matches!(search, SearchIndex::Defer) && sink.keep_prefix("search/");
        if !search_kept {
            let files = match search {
                SearchIndex::Given(files) => files,
                _ => crate::index::search::files(self.site),
            };
            // Thousands of small files: creating them is the cost, so spread it over the cores.
            files
                .par_iter()
                .try_for_each(|f| sink.file(f))
                .map_err(err)?;
        }
        let search_millis = search_start.elapsed().as_millis();
        let t = lap("search index", t);
        if self.bodies.iter().any(|b| b.has_code) {
            sink.put(CODE_CSS, markdown::code_css().as_bytes())
                .map_err(err)?;
        }
        for (path, bytes) in &self.theme.hashed_files {
            sink.put(path, bytes).map_err(err)?;
        }
        for (src, dest) in &self.theme.statics {
            sink.copy(dest, src).map_err(err)?;
        }
        for a in &self.site.assets {
            sink.copy(&a.dest, &a.src).map_err(err)?;
        }
        lap("assets", t);
        Ok(RenderStats {
            pages,
            rendered: rendered.into_inner(),
            search_deferred: search_kept || data_deferred,
            search_millis,
        })
    }

    /// Output path of a page, without building its context.
    fn job_path(&self, job: Job) -> String {
        let site = self.site;
        let paged = |path: &str, page: usize| {
            if page == 0 {
                format!("{path}index.html")
            } else {
                format!("{path}page/{}/index.html", page + 1)
            }
        };
        match job {
            Job::Home => "index.html".into(),
            Job::Issue(i, p) => paged(&site.issues[i].path, p),
            Job::Case(i) => format!("{}index.html", site.cases[i].path),
            Job::Areas => "areas/index.html".into(),
            Job::Area(i, p) => paged(&site.areas[i].path, p),
            Job::Wushe(None) => "wushe/index.html".into(),
            Job::Wushe(Some(usize::MAX)) => "wushe/sort/total/index.html".into(),
            Job::Wushe(Some(ci)) => format!("wushe/sort/{}/index.html", self.column_slug(ci)),
            Job::Dimension(kind, d) => {
                format!(
                    "{}index.html",
                    self.column_path(self.relations.column(kind, d))
                )
            }
            Job::Cell(ci, a) => {
                format!("{}{}/index.html", self.column_path(ci), site.areas[a].slug)
            }
            Job::Partners => "partners/index.html".into(),
            Job::Partner(i, p) => paged(&site.partners[i].path, p),
            Job::Search => "search/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Feed => "atom.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
        }
    }

    /// The five newest other cases of a case's area.
    fn area_others(&self, i: usize) -> Vec<usize> {
        let c = &self.site.cases[i];
        self.site.areas[c.area]
            .cases
            .iter()
            .copied()
            .filter(|&x| x != i)
            .take(5)
            .collect()
    }

    /// Every page of the site, as cheap descriptors.
    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let per = site.config.paginate_by;
        let pages = |n: usize| n.div_ceil(per).max(1);
        let mut jobs = Vec::with_capacity(site.cases.len() + site.areas.len() * 16 + 64);
        jobs.push(Job::Home);
        for (i, issue) in site.issues.iter().enumerate() {
            jobs.extend((0..pages(issue.cases.len())).map(|p| Job::Issue(i, p)));
        }
        jobs.extend((0..site.cases.len()).map(Job::Case));
        jobs.push(Job::Areas);
        for (i, area) in site.areas.iter().enumerate() {
            jobs.extend((0..pages(area.cases.len())).map(|p| Job::Area(i, p)));
        }
        jobs.push(Job::Wushe(None));
        jobs.extend((0..self.relations.columns.len()).map(|c| Job::Wushe(Some(c))));
        jobs.push(Job::Wushe(Some(usize::MAX)));
        for (ci, col) in self.relations.columns.iter().enumerate() {
            jobs.push(Job::Dimension(col.kind, col.index));
            for a in 0..site.areas.len() {
                if !self.relations.cells[a][ci].is_empty() {
                    jobs.push(Job::Cell(ci, a));
                }
            }
        }
        jobs.push(Job::Partners);
        for (i, p) in site.partners.iter().enumerate() {
            jobs.extend((0..pages(p.cases.len())).map(|pg| Job::Partner(i, pg)));
        }
        jobs.extend([Job::Search, Job::NotFound, Job::Feed, Job::Sitemap]);
        jobs
    }

    /// The template a page is rendered with (what [`Renderer::make`] picks).
    fn job_template(job: Job) -> &'static str {
        match job {
            Job::Home => "index.html",
            Job::Issue(..) => "issue.html",
            Job::Case(_) => "case.html",
            Job::Areas => "areas.html",
            Job::Area(..) => "area.html",
            Job::Wushe(_) => "wushe.html",
            Job::Dimension(..) => "dimension.html",
            Job::Cell(..) => "dimension_area.html",
            Job::Partners => "partners.html",
            Job::Partner(..) => "partner.html",
            Job::Search => "search.html",
            Job::NotFound => "404.html",
            Job::Feed => "atom.xml",
            Job::Sitemap => "sitemap.xml",
        }
    }

    fn make(&self, job: Job) -> PageJob {
        match job {
            Job::Home => self.home(),
            Job::Issue(i, p) => self.issue(i, p),
            Job::Case(i) => self.case(i),
            Job::Areas => self.areas(),
            Job::Area(i, p) => self.area(i, p),
            Job::Wushe(key) => self.wushe(key),
            Job::Dimension(kind, d) => self.dimension(kind, d),
            Job::Cell(col, area) => self.cell(col, area),
            Job::Partners => self.partners(),
            Job::Partner(i, p) => self.partner(i, p),
            Job::Search => {
                let mut ctx = self.ctx("search/", Some("搜索"));
                ctx.insert("areas", &self.area_counts());
                PageJob {
                    template: "search.html",
                    path: "search/index.html".into(),
                    ctx,
                }
            }
            Job::NotFound => PageJob {
                template: "404.html",
                path: "404.html".into(),
                ctx: self.ctx("404.html", Some("页面未找到")),
            },
            Job::Feed => self.feed(),
            Job::Sitemap => self.sitemap(),
        }
    }

    /// The slice of `items` on page `page` (0-based) of a list at `path`, with the pager.
    fn paginate<'x>(
        &self,
        path: &str,
        items: &'x [usize],
        page: usize,
    ) -> (String, &'x [usize], Pager) {
        let per = self.site.config.paginate_by;
        let total = items.len().div_ceil(per).max(1);
        let url_of = |p: usize| {
            if p == 0 {
                path.to_string()
            } else {
                format!("{path}page/{}/", p + 1)
            }
        };
        let start = (page * per).min(items.len());
        let end = (start + per).min(items.len());
        let pager = Pager {
            current: page + 1,
            total,
            prev: page.checked_sub(1).map(|p| self.site.url(&url_of(p))),
            next: (page + 1 < total).then(|| self.site.url(&url_of(page + 1))),
            pages: (0..total)
                .map(|p| PageLink {
                    number: p + 1,
                    url: self.site.url(&url_of(p)),
                    current: p == page,
                })
                .collect(),
        };
        (url_of(page), &items[start..end], pager)
    }

    fn area_counts(&self) -> Vec<CountedLink> {
        let site = self.site;
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

    fn home(&self) -> PageJob {
        let site = self.site;
        let mut ctx = self.ctx("", None);
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
            content: self.issue_bodies[0].to_string(),
        });
        ctx.insert("latest_issue", &latest);
        let latest_cases: Vec<CaseRef> = (0..site.cases.len().min(12))
            .map(|i| case_ref(site, i))
            .collect();
        ctx.insert("latest_cases", &latest_cases);
        ctx.insert("areas", &self.area_counts());
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
        PageJob {
            template: "index.html",
            path: "index.html".into(),
            ctx,
        }
    }

    fn titled(title: &str, pager: &Pager) -> String {
        if pager.current > 1 {
            format!("{title}（第{}页）", pager.current)
        } else {
            title.to_string()
        }
    }

    fn issue(&self, i: usize, page: usize) -> PageJob {
        let site = self.site;
        let issue = &site.issues[i];
        let (page_path, slice, pager) = self.paginate(&issue.path, &issue.cases, page);
        let mut ctx = self.ctx(&page_path, Some(&Self::titled(&issue.title, &pager)));
        ctx.insert("pager", &pager);
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
        let figures = issue
            .figures
            .iter()
            .map(|f| FigureView {
                src: figure_src(site, &issue.path, &f.src),
                caption: f.caption.clone(),
                alt: f.alt.clone().unwrap_or_else(|| f.caption.clone()),
                source: None,
                area: f
                    .area
                    .as_ref()
                    .and_then(|a| site.areas.iter().position(|x| &x.name == a))
                    .map(|a| area_link(site, a)),
            })
            .collect();
        ctx.insert(
            "issue",
            &IssueView {
                title: &issue.title,
                url: site.url(&issue.path),
                date: issue.date.into(),
                summary: &issue.summary,
                credit: &issue.credit,
                content: &self.issue_bodies[i],
                figures,
            },
        );
        let cases: Vec<CaseRef> = slice.iter().map(|&c| case_ref(site, c)).collect();
        ctx.insert("cases", &cases);
        PageJob {
            template: "issue.html",
            path: format!("{page_path}index.html"),
            ctx,
        }
    }

    fn case(&self, i: usize) -> PageJob {
        let site = self.site;
        let c = &site.cases[i];
        let mut ctx = self.ctx(&c.path, Some(&c.title));
        let issue = &site.issues[c.issue];
        let pos = issue.cases.iter().position(|&x| x == i).unwrap_or(0);
        let prev = pos.checked_sub(1).map(|p| case_ref(site, issue.cases[p]));
        let next = issue.cases.get(pos + 1).map(|&n| case_ref(site, n));
        let area_others: Vec<CaseRef> = self
            .area_others(i)
            .into_iter()
            .map(|x| case_ref(site, x))
            .collect();
        // Other cases sharing the most forces with this one.
        let related = self.relations.related(i, &c.forces, RELATED);
        let related: Vec<CaseRef> = related.into_iter().map(|x| case_ref(site, x)).collect();
        #[derive(Serialize)]
        struct CaseView<'x> {
            title: &'x str,
            url: String,
            permalink: String,
            date: DateView,
            area: Link,
            issue: Link,
            forces: Vec<Link>,
            governance: Vec<Link>,
            partners: Vec<Link>,
            tags: &'x [String],
            summary: &'x Option<String>,
            authors: &'x [String],
            content: &'x str,
            figures: Vec<FigureView>,
            share_image: Option<String>,
        }
        let figures: Vec<FigureView> = c
            .figures
            .iter()
            .map(|f| FigureView {
                src: figure_src(site, &c.asset_dir, &f.src),
                caption: f.caption.clone(),
                alt: f.alt.clone().unwrap_or_else(|| f.caption.clone()),
                source: None,
                area: f
                    .area
                    .as_ref()
                    .and_then(|a| site.areas.iter().position(|x| &x.name == a))
                    .map(|a| area_link(site, a)),
            })
            .collect();
        let share_image = c.figures.iter().find_map(|f| {
            let src = f.src.as_ref()?;
            Some(if src.starts_with("http") {
                src.clone()
            } else {
                site.permalink(&format!("{}{src}", c.asset_dir))
            })
        });
        ctx.insert(
            "case",
            &CaseView {
                title: &c.title,
                url: site.url(&c.path),
                permalink: site.permalink(&c.path),
                date: c.date.into(),
                area: area_link(site, c.area),
                issue: issue_link(site, c.issue),
                forces: c.forces.iter().map(|&f| force_link(site, f)).collect(),
                governance: c
                    .governance
                    .iter()
                    .map(|&g| governance_link(site, g))
                    .collect(),
                partners: c.partners.iter().map(|&p| partner_link(site, p)).collect(),
                tags: &c.tags,
                summary: &c.summary,
                authors: &c.authors,
                content: &self.bodies[i].html,
                figures,
                share_image,
            },
        );
        ctx.insert("has_code", &self.bodies[i].has_code);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        ctx.insert("area_others", &area_others);
        ctx.insert("related", &related);
        PageJob {
            template: "case.html",
            path: format!("{}index.html", c.path),
            ctx,
        }
    }

    fn areas(&self) -> PageJob {
        let site = self.site;
        let mut ctx = self.ctx("areas/", Some("居民区"));
        #[derive(Serialize)]
        struct AreaRow {
            name: String,
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
                url: site.url(&a.path),
                count: a.cases.len(),
                description: a.description.clone(),
                figures: a.figures.len(),
            })
            .collect();
        ctx.insert("areas", &rows);
        PageJob {
            template: "areas.html",
            path: "areas/index.html".into(),
            ctx,
        }
    }

    fn area(&self, i: usize, page: usize) -> PageJob {
        let site = self.site;
        let a = &site.areas[i];
        let (page_path, slice, pager) = self.paginate(&a.path, &a.cases, page);
        let mut ctx = self.ctx(&page_path, Some(&Self::titled(&a.name, &pager)));
        ctx.insert("pager", &pager);
        ctx.insert("case_count", &a.cases.len());
        let rel = self.relations;
        let counted = |kind: Kind, n: usize| -> Vec<CountedLink> {
            (0..n)
                .filter_map(|d| {
                    let count = rel.cells[i][rel.column(kind, d)].len();
                    let link = match kind {
                        Kind::Force => force_link(site, d),
                        Kind::Governance => governance_link(site, d),
                    };
                    (count > 0).then_some(CountedLink {
                        name: link.name,
                        url: link.url,
                        count,
                    })
                })
                .collect()
        };
        let mut partner_counts = std::collections::BTreeMap::<usize, usize>::new();
        for &c in &a.cases {
            for &p in &site.cases[c].partners {
                *partner_counts.entry(p).or_default() += 1;
            }
        }
        let mut partners: Vec<CountedLink> = partner_counts
            .into_iter()
            .map(|(p, count)| {
                let l = partner_link(site, p);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        partners.sort_by_key(|p| std::cmp::Reverse(p.count));
        let figures: Vec<FigureView> = a
            .figures
            .iter()
            .map(|f| FigureView {
                src: figure_src(site, &f.asset_dir, &f.figure.src),
                caption: f.figure.caption.clone(),
                alt: f
                    .figure
                    .alt
                    .clone()
                    .unwrap_or_else(|| f.figure.caption.clone()),
                source: Some(match f.case {
                    Some(c) => Link {
                        name: site.cases[c].title.clone(),
                        url: site.url(&site.cases[c].path),
                    },
                    None => issue_link(site, f.issue),
                }),
                area: None,
            })
            .collect();
        #[derive(Serialize)]
        struct AreaView<'x> {
            name: &'x str,
            url: String,
            description: &'x str,
            forces: Vec<CountedLink>,
            governance: Vec<CountedLink>,
            partners: Vec<CountedLink>,
            figures: Vec<FigureView>,
        }
        ctx.insert(
            "area",
            &AreaView {
                name: &a.name,
                url: site.url(&a.path),
                description: &a.description,
                forces: counted(Kind::Force, site.config.forces.len()),
                governance: counted(Kind::Governance, site.config.governance.len()),
                partners,
                figures,
            },
        );
        let cases: Vec<CaseRef> = slice.iter().map(|&c| case_ref(site, c)).collect();
        ctx.insert("cases", &cases);
        PageJob {
            template: "area.html",
            path: format!("{page_path}index.html"),
            ctx,
        }
    }

    /// Site path of a column's page (`wushe/shequ/` or `wuzhi/zizhi/`).
    fn column_path(&self, ci: usize) -> String {
        let col = &self.relations.columns[ci];
        match col.kind {
            Kind::Force => format!("wushe/{}/", self.site.config.forces[col.index].slug),
            Kind::Governance => format!("wuzhi/{}/", self.site.config.governance[col.index].slug),
        }
    }

    /// Name and URL of a column's page.
    fn column_link(&self, ci: usize) -> Link {
        let col = &self.relations.columns[ci];
        match col.kind {
            Kind::Force => force_link(self.site, col.index),
            Kind::Governance => governance_link(self.site, col.index),
        }
    }

    fn column_slug(&self, ci: usize) -> &str {
        let col = &self.relations.columns[ci];
        match col.kind {
            Kind::Force => &self.site.config.forces[col.index].slug,
            Kind::Governance => &self.site.config.governance[col.index].slug,
        }
    }

    /// The matrix page: unsorted (`None`), or sorted by a column or by total
    /// (`usize::MAX`) — sorting that needs no JavaScript, each order being its own page.
    fn wushe(&self, key: Option<usize>) -> PageJob {
        let site = self.site;
        let rel = self.relations;
        #[derive(Serialize)]
        struct Cell {
            count: usize,
            /// The page listing the cell's cases.
            url: String,
        }
        #[derive(Serialize)]
        struct Row {
            area: Link,
            cells: Vec<Cell>,
            total: usize,
        }
        #[derive(Serialize)]
        struct Col {
            name: String,
            url: String,
            kind: Kind,
            total: usize,
            sort_url: String,
            sorted: bool,
        }
        let cols: Vec<Col> = rel
            .columns
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let l = self.column_link(ci);
                Col {
                    name: l.name,
                    url: l.url,
                    kind: c.kind,
                    total: rel.column_cases[ci].len(),
                    sort_url: site.url(&format!("wushe/sort/{}/", self.column_slug(ci))),
                    sorted: key == Some(ci),
                }
            })
            .collect();
        let mut areas: Vec<usize> = (0..site.areas.len())
            .filter(|&a| !site.areas[a].cases.is_empty())
            .collect();
        let totals: Vec<usize> = (0..site.areas.len()).map(|a| rel.area_total(a)).collect();
        match key {
            Some(usize::MAX) => areas.sort_by_key(|&a| std::cmp::Reverse(totals[a])),
            Some(ci) => areas.sort_by_key(|&a| std::cmp::Reverse(rel.cells[a][ci].len())),
            None => {}
        }
        let rows: Vec<Row> = areas
            .into_iter()
            .map(|ai| Row {
                area: area_link(site, ai),
                cells: rel.cells[ai]
                    .iter()
                    .enumerate()
                    .map(|(ci, cases)| Cell {
                        count: cases.len(),
                        url: site.url(&format!("{}{}/", self.column_path(ci), site.areas[ai].slug)),
                    })
                    .collect(),
                total: totals[ai],
            })
            .collect();
        let path = match key {
            None => "wushe/".to_string(),
            Some(usize::MAX) => "wushe/sort/total/".to_string(),
            Some(ci) => format!("wushe/sort/{}/", self.column_slug(ci)),
        };
        let mut ctx = self.ctx(&path, Some("五社联动关系索引"));
        ctx.insert("columns", &cols);
        ctx.insert("rows", &rows);
        ctx.insert("sorted_by_total", &(key == Some(usize::MAX)));
        ctx.insert("sorted", &key.is_some());
        ctx.insert("sort_default_url", &site.url("wushe/"));
        ctx.insert("sort_total_url", &site.url("wushe/sort/total/"));
        ctx.insert("case_count", &site.cases.len());
        let diagram = if key.is_none() {
            crate::index::diagram::svg(site, rel)
        } else {
            String::new()
        };
        ctx.insert("diagram", &diagram);
        PageJob {
            template: "wushe.html",
            path: format!("{path}index.html"),
            ctx,
        }
    }

    /// The cases of one matrix cell: one force or governance mode in one area.
    fn cell(&self, ci: usize, ai: usize) -> PageJob {
        let site = self.site;
        let rel = self.relations;
        let col = &rel.columns[ci];
        let dim = self.column_link(ci);
        let area = &site.areas[ai];
        let path = format!("{}{}/", self.column_path(ci), area.slug);
        let mut ctx = self.ctx(&path, Some(&format!("{} · {}", dim.name, area.name)));
        ctx.insert("dimension", &dim);
        ctx.insert("kind_zh", col.kind.zh());
        ctx.insert("area", &area_link(site, ai));
        let cases: Vec<CaseRef> = rel.cells[ai][ci]
            .iter()
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("cases", &cases);
        PageJob {
            template: "dimension_area.html",
            path: format!("{path}index.html"),
            ctx,
        }
    }

    fn dimension(&self, kind: Kind, d: usize) -> PageJob {
        let site = self.site;
        let rel = self.relations;
        let (def, prefix) = match kind {
            Kind::Force => (&site.config.forces[d], "wushe"),
            Kind::Governance => (&site.config.governance[d], "wuzhi"),
        };
        let path = format!("{prefix}/{}/", def.slug);
        let mut ctx = self.ctx(&path, Some(&format!("{}（{}）", def.name, kind.zh())));
        let col = rel.column(kind, d);
        // Areas where it appears, most cases first; each links to the cell's case list.
        let mut area_ids: Vec<usize> = (0..site.areas.len())
            .filter(|&a| !rel.cells[a][col].is_empty())
            .collect();
        area_ids.sort_by_key(|&a| std::cmp::Reverse(rel.cells[a][col].len()));
        let areas: Vec<CountedLink> = area_ids
            .iter()
            .map(|&a| CountedLink {
                name: site.areas[a].name.clone(),
                url: site.url(&format!("{path}{}/", site.areas[a].slug)),
                count: rel.cells[a][col].len(),
            })
            .collect();
        let latest: Vec<CaseRef> = rel.column_cases[col]
            .iter()
            .take(site.config.paginate_by)
            .map(|&c| case_ref(site, c))
            .collect();
        ctx.insert("latest_cases", &latest);
        let mut with: Vec<CountedLink> = rel.cooccur[col]
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(f, &count)| {
                let l = force_link(site, f);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        with.sort_by_key(|w| std::cmp::Reverse(w.count));
        #[derive(Serialize)]
        struct DimView<'x> {
            name: &'x str,
            kind: Kind,
            kind_zh: &'static str,
            definition: &'x str,
            synonyms: &'x [String],
            case_count: usize,
        }
        ctx.insert(
            "dimension",
            &DimView {
                name: &def.name,
                kind,
                kind_zh: kind.zh(),
                definition: &def.definition,
                synonyms: &def.synonyms,
                case_count: rel.column_cases[col].len(),
            },
        );
        ctx.insert("areas", &areas);
        ctx.insert("works_with", &with);
        PageJob {
            template: "dimension.html",
            path: format!("{path}index.html"),
            ctx,
        }
    }

    fn partners(&self) -> PageJob {
        let site = self.site;
        let mut ctx = self.ctx("partners/", Some("合作伙伴"));
        let list: Vec<CountedLink> = site
            .partners
            .iter()
            .map(|p| CountedLink {
                name: p.name.clone(),
                url: site.url(&p.path),
                count: p.cases.len(),
            })
            .collect();
        ctx.insert("partners", &list);
        PageJob {
            template: "partners.html",
            path: "partners/index.html".into(),
            ctx,
        }
    }

    fn partner(&self, i: usize, page: usize) -> PageJob {
        let site = self.site;
        let p = &site.partners[i];
        let (page_path, slice, pager) = self.paginate(&p.path, &p.cases, page);
        let mut ctx = self.ctx(&page_path, Some(&Self::titled(&p.name, &pager)));
        ctx.insert("pager", &pager);
        ctx.insert("case_count", &p.cases.len());
        let areas: Vec<CountedLink> = self.relations.partner_areas[i]
            .iter()
            .map(|&(a, count)| {
                let l = area_link(site, a);
                CountedLink {
                    name: l.name,
                    url: l.url,
                    count,
                }
            })
            .collect();
        ctx.insert(
            "partner",
            &Link {
                name: p.name.clone(),
                url: site.url(&p.path),
            },
        );
        ctx.insert("areas", &areas);
        let cases: Vec<CaseRef> = slice.iter().map(|&c| case_ref(site, c)).collect();
        ctx.insert("cases", &cases);
        PageJob {
            template: "partner.html",
            path: format!("{page_path}index.html"),
            ctx,
        }
    }

    fn feed(&self) -> PageJob {
        let site = self.site;
        let mut ctx = self.ctx("atom.xml", None);
        #[derive(Serialize)]
        struct Entry<'x> {
            title: &'x str,
            permalink: String,
            updated: String,
            area: &'x str,
            summary: &'x Option<String>,
            content: &'x str,
            authors: &'x [String],
        }
        let entries: Vec<Entry> = site
            .cases
            .iter()
            .enumerate()
            .take(50)
            .map(|(i, c)| Entry {
                title: &c.title,
                permalink: site.permalink(&c.path),
                updated: c.date.rfc3339(),
                area: &site.areas[c.area].name,
                summary: &c.summary,
                content: &self.bodies[i].html,
                authors: &c.authors,
            })
            .collect();
        let updated = site
            .cases
            .first()
            .map_or_else(|| "1970-01-01T00:00:00+08:00".into(), |c| c.date.rfc3339());
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("feed_url", &site.permalink("atom.xml"));
        PageJob {
            template: "atom.xml",
            path: "atom.xml".into(),
            ctx,
        }
    }

    fn sitemap(&self) -> PageJob {
        let site = self.site;
        let mut ctx = self.ctx("sitemap.xml", None);
        #[derive(Serialize)]
        struct Url {
            loc: String,
            lastmod: Option<String>,
        }
        let mut urls = vec![Url {
            loc: site.permalink(""),
            lastmod: None,
        }];
        urls.extend(site.issues.iter().map(|i| Url {
            loc: site.permalink(&i.path),
            lastmod: Some(i.date.iso()),
        }));
        urls.extend(site.cases.iter().map(|c| Url {
            loc: site.permalink(&c.path),
            lastmod: Some(c.date.iso()),
        }));
        urls.push(Url {
            loc: site.permalink("areas/"),
            lastmod: None,
        });
        urls.extend(site.areas.iter().map(|a| Url {
            loc: site.permalink(&a.path),
            lastmod: None,
        }));
        urls.push(Url {
            loc: site.permalink("wushe/"),
            lastmod: None,
        });
        for f in &site.config.forces {
            urls.push(Url {
                loc: site.permalink(&format!("wushe/{}/", f.slug)),
                lastmod: None,
            });
        }
        for g in &site.config.governance {
            urls.push(Url {
                loc: site.permalink(&format!("wuzhi/{}/", g.slug)),
                lastmod: None,
            });
        }
        urls.push(Url {
            loc: site.permalink("partners/"),
            lastmod: None,
        });
        urls.extend(site.partners.iter().map(|p| Url {
            loc: site.permalink(&p.path),
            lastmod: None,
        }));
        urls.push(Url {
            loc: site.permalink("search/"),
            lastmod: None,
        });
        ctx.insert("urls", &urls);
        PageJob {
            template: "sitemap.xml",
            path: "sitemap.xml".into(),
            ctx,
        }
    }
}

/// Output path of the generated code-highlighting stylesheet.
pub const CODE_CSS: &str = "code.css";
