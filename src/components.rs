//! Reusable widgets: they render and wire, the rules come from `brazil` and `api`.

pub mod codes;
pub mod copy_button;
pub mod document_input;
pub mod feedback;
