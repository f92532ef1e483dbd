//! Reusable widgets: they render and wire, the rules come from `brazil`.

pub mod document_input;
