//! shequ: a static-site generator for community-newsletter archives.
//!
//! Pipeline: [`content`] (load, parse) → [`model`] (the `Site`) → [`index`] (relations,
//! search) → [`render`] (Markdown, templates) → [`output`] (atomic write). [`pipeline`] wires
//! the stages; the CLI and the dev server only call it.

// Diagnostics are returned on the cold path only; boxing them buys nothing measurable.
#![allow(clippy::result_large_err)]

pub mod build_id;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod fuzzing;
pub mod i18n;
pub mod index;
pub mod model;
pub mod output;
pub mod photos;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod stamp;
pub mod text;
pub mod timing;
