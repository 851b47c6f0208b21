//! Text helpers every stage uses, depending on no other module of shequ: URL slugs,
//! HTML escaping, plain text of Markdown.

mod html;
mod plain;
pub mod slug;

pub use html::escape_html;
pub use plain::{markdown_options, plain_text};
pub use slug::slugify;
