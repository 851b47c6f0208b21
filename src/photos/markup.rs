//! How a photo is shown: a `<picture>` with a WebP `srcset` and a JPEG `srcset` fallback,
//! `sizes` after the theme's layout, `width`/`height` (no layout shift) and lazy loading
//! below the first screen. Templates get a [`PhotoView`]; Markdown images become
//! [`picture`]'s HTML.

use super::{FileKind, Photo};
use serde::Serialize;

/// Where a photo is shown, for the browser to pick the file of the right width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The width of the text column (40em), less the page's margins on a phone.
    Single,
    /// One of several photos: a row that scrolls sideways on a phone (85% of the screen
    /// each), two columns beside the text on a wider screen.
    Gallery,
}

impl Layout {
    fn sizes(self) -> &'static str {
        match self {
            Layout::Single => "(max-width: 42em) calc(100vw - 2rem), 40em",
            Layout::Gallery => "(max-width: 42em) calc(85vw - 2rem), 20em",
        }
    }
}

/// A processed photo as templates show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhotoView {
    /// The JPEG for browsers that read no `srcset` (at most 960 pixels wide).
    pub src: String,
    /// JPEG files, `url 480w, …`.
    pub srcset: String,
    /// WebP files, `url 480w, …`.
    pub webp: String,
    pub sizes: &'static str,
    /// The photo's upright size (its largest published file): the aspect ratio to reserve.
    pub width: u32,
    pub height: u32,
    /// `eager` for the first photo of a page, `lazy` for the others.
    pub loading: &'static str,
}

impl PhotoView {
    /// `url` gives a file's URL from its output path.
    pub fn new(
        photo: &Photo,
        url: &dyn Fn(&str) -> String,
        layout: Layout,
        eager: bool,
    ) -> PhotoView {
        // In a srcset a space ends the URL and a comma may end the candidate.
        let url = |path: &str| url(path).replace(' ', "%20").replace(',', "%2C");
        let set = |kind: FileKind| {
            photo
                .sized(kind)
                .map(|f| format!("{} {}w", url(&photo.path_of(f)), f.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let jpegs: Vec<_> = photo.sized(FileKind::Jpeg).collect();
        let fallback = jpegs
            .iter()
            .rev()
            .find(|f| f.width <= 960)
            .or(jpegs.first())
            .map(|f| url(&photo.path_of(f)))
            .unwrap_or_default();
        let largest = jpegs.last();
        PhotoView {
            src: fallback,
            srcset: set(FileKind::Jpeg),
            webp: set(FileKind::Webp),
            sizes: layout.sizes(),
            width: largest.map_or(photo.processed.width, |f| f.width),
            height: largest.map_or(photo.processed.height, |f| f.height),
            loading: if eager { "eager" } else { "lazy" },
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The HTML of a photo in running text (a Markdown image): the same `<picture>` the theme's
/// figures use.
pub fn picture(v: &PhotoView, alt: &str, title: Option<&str>) -> String {
    let title = title
        .filter(|t| !t.is_empty())
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{sizes}\">\
         <img src=\"{src}\" srcset=\"{srcset}\" sizes=\"{sizes}\" width=\"{w}\" height=\"{h}\" \
         alt=\"{alt}\"{title} loading=\"{loading}\" decoding=\"async\"></picture>",
        webp = escape(&v.webp),
        sizes = v.sizes,
        src = escape(&v.src),
        srcset = escape(&v.srcset),
        w = v.width,
        h = v.height,
        alt = escape(alt),
        loading = v.loading,
    )
}
