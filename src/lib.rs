//! shequ: a static-site generator for community-newsletter archives.
//!
//! Pipeline: [`content`] (load, parse) → [`model`] (the `Site`) → [`index`] (relations,
//! search) → [`render`] (Markdown, templates) → [`output`] (atomic write). [`build`] wires
//! the stages; the CLI and the dev server only call it.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod index;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
