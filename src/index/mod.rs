//! Derived data computed from the model: the relationship index and its diagram.

pub mod diagram;
pub mod related;
pub mod relations;
pub mod search;
