//! The search index: generated JSON under `search/` (see README.md, "Search index").

use crate::model::Site;
use crate::output::OutFile;
use crate::render::RenderedCase;

/// The search index files for the site.
pub fn files(_site: &Site, _bodies: &[RenderedCase]) -> Vec<OutFile> {
    Vec::new()
}
