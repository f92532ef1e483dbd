//! Reusable widgets: they render and wire, the rules come from `brazil` and `api`.

pub mod attachments;
pub mod codes;
pub mod contracts;
pub mod copy_button;
pub mod document_input;
pub mod due;
pub mod feedback;
pub mod navigation;
pub mod passkeys;
pub mod select;
pub mod shown;
pub mod toast;
pub mod verified_contacts;
