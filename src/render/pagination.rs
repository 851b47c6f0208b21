//! Long lists split over pages: which pages a list has, the slice each one shows, its
//! title and the pager its template gets. Page paths come from [`paths::paged`].

use crate::model::{Site, paths};
use serde::Serialize;

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages are left out just before this one (shown as "…").
    gap_before: bool,
}

/// Lists up to this many pages link to every page; longer ones to the first and last pages
/// and those within [`AROUND`] of the current one.
const ALL_UP_TO: usize = 9;
const AROUND: usize = 2;

/// The pages (0-based) a pager of `total` pages links to from page `page`.
fn shown(total: usize, page: usize) -> Vec<usize> {
    if total <= ALL_UP_TO {
        return (0..total).collect();
    }
    (0..total)
        .filter(|&p| p == 0 || p + 1 == total || p.abs_diff(page) <= AROUND)
        .collect()
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
    &items[range(site, items.len(), page)]
}

/// The positions page `page` (0-based) of a list of `len` items shows.
pub fn range(site: &Site, len: usize, page: usize) -> std::ops::Range<usize> {
    let per = site.config.paginate_by;
    let start = (page * per).min(len);
    start..(start + per).min(len)
}

/// The page (0-based) showing position `at` of a list.
pub fn page_of(site: &Site, at: usize) -> usize {
    at / site.config.paginate_by
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
        pages: {
            let shown = shown(total, page);
            let mut prev: Option<usize> = None;
            shown
                .into_iter()
                .map(|p| {
                    let gap_before = prev.is_some_and(|q| q + 1 != p);
                    prev = Some(p);
                    PageLink {
                        number: p + 1,
                        url: url_of(p),
                        current: p == page,
                        gap_before,
                    }
                })
                .collect()
        },
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

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn long_lists_link_to_both_ends_and_around_the_current_page() {
        assert_eq!(shown(1, 0), vec![0]);
        assert_eq!(shown(9, 4), (0..9).collect::<Vec<_>>());
        assert_eq!(shown(34, 0), vec![0, 1, 2, 33]);
        assert_eq!(shown(34, 10), vec![0, 8, 9, 10, 11, 12, 33]);
        assert_eq!(shown(34, 33), vec![0, 31, 32, 33]);
    }
}
