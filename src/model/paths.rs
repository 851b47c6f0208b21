//! Every page path of the site is computed here and nowhere else: the fixed pages, the
//! paths of issues, cases, areas and partners (set once in [`super::Site::build`]), the
//! pages of a paginated list, and the file a page path is written to. Forces and
//! governance modes get theirs from [`super::Dimension`].
//!
//! A path is relative to the site root: `areas/fangda/`; [`super::Site::url`] and
//! [`super::Site::permalink`] turn it into a link.

pub const HOME: &str = "";
pub const AREAS: &str = "areas/";
/// The 五社联动 matrix, unsorted.
pub const WUSHE: &str = "wushe/";
/// The matrix sorted by each area's total.
pub const WUSHE_BY_TOTAL: &str = "wushe/sort/total/";
pub const PARTNERS: &str = "partners/";
/// Every issue (往期), by year.
pub const ISSUES: &str = "issues/";
/// Every tag (关键词).
pub const TAGS: &str = "tags/";
pub const SEARCH: &str = "search/";
pub const NOT_FOUND: &str = "404.html";
pub const FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The relationship index as data (format in README.md).
pub const RELATIONS_JSON: &str = "relations.json";
/// The generated code-highlighting stylesheet.
pub const CODE_CSS: &str = "code.css";

pub fn issue_path(slug: &str) -> String {
    format!("{slug}/")
}

pub fn case_path(issue_path: &str, slug: &str) -> String {
    format!("{issue_path}{slug}/")
}

pub fn area_path(slug: &str) -> String {
    format!("{AREAS}{slug}/")
}

pub fn partner_path(slug: &str) -> String {
    format!("{PARTNERS}{slug}/")
}

pub fn tag_path(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The Atom feed of the list whose page is at `path` (`areas/fangda/atom.xml`).
pub fn feed_of(path: &str) -> String {
    format!("{path}{FEED}")
}

/// Path of a file `src` linked relative to a page whose assets live in `asset_dir`.
pub fn asset(asset_dir: &str, src: &str) -> String {
    format!("{asset_dir}{src}")
}

/// Page `page` (0-based) of a list whose first page is at `path`.
pub fn paged(path: &str, page: usize) -> String {
    if page == 0 {
        path.to_string()
    } else {
        format!("{path}page/{}/", page + 1)
    }
}

/// The output file a page at `path` is written to: a directory's `index.html`, or the
/// path itself when it names a file (`atom.xml`, `404.html`).
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_files() {
        assert_eq!(paged("areas/x/", 0), "areas/x/");
        assert_eq!(paged("areas/x/", 2), "areas/x/page/3/");
        assert_eq!(file_of(HOME), "index.html");
        assert_eq!(file_of("areas/x/page/3/"), "areas/x/page/3/index.html");
        assert_eq!(file_of(FEED), "atom.xml");
        assert_eq!(feed_of("areas/x/"), "areas/x/atom.xml");
        assert_eq!(file_of(&feed_of("areas/x/")), "areas/x/atom.xml");
        assert_eq!(file_of(NOT_FOUND), "404.html");
    }
}
