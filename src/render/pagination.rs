//! Long lists split over pages: which pages a list has, the slice each one shows, its
//! title and the pager its template gets. Page paths come from [`paths::paged`].

use crate::model::{Site, paths};
use serde::Serialize;

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// Pagination of a long list; templates get it as `pager`.
#[derive(Serialize)]
pub struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// How many pages a list of `len` items takes (at least one, even when empty).
pub fn page_count(site: &Site, len: usize) -> usize {
    len.div_ceil(site.config.paginate_by).max(1)
}

/// Every page of every list: `(list, page)` pairs, `len(list)` giving each list's length.
pub fn pages_of(site: &Site, lists: usize, len: impl Fn(usize) -> usize) -> Vec<(usize, usize)> {
    (0..lists)
        .flat_map(|i| (0..page_count(site, len(i))).map(move |p| (i, p)))
        .collect()
}

/// The items on page `page` (0-based).
pub fn slice<'x>(site: &Site, items: &'x [usize], page: usize) -> &'x [usize] {
    let per = site.config.paginate_by;
    let start = (page * per).min(items.len());
    let end = (start + per).min(items.len());
    &items[start..end]
}

/// The pager of page `page` (0-based) of a list of `len` items at `path`.
pub fn pager(site: &Site, path: &str, len: usize, page: usize) -> Pager {
    let total = page_count(site, len);
    let url_of = |p: usize| site.url(&paths::paged(path, p));
    Pager {
        current: page + 1,
        total,
        prev: page.checked_sub(1).map(url_of),
        next: (page + 1 < total).then(|| url_of(page + 1)),
        pages: (0..total)
            .map(|p| PageLink {
                number: p + 1,
                url: url_of(p),
                current: p == page,
            })
            .collect(),
    }
}

/// The title of page `page` (0-based) of a list called `title`.
pub fn titled(title: &str, page: usize) -> String {
    if page > 0 {
        format!("{title}（第{}页）", page + 1)
    } else {
        title.to_string()
    }
}
