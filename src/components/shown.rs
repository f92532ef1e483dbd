//! A part of a view drawn while a condition holds: Leptos's `Show`, erased, so that each use
//! adds two boxed closures rather than its own typed children, memo and effect.

use leptos::prelude::*;

/// `view` while `when` holds, drawn anew only when `when` changes (not whenever a signal it
/// reads does), so typing into a field inside keeps the field.
pub fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    erased(Box::new(when), Box::new(view))
}

type Condition = Box<dyn Fn() -> bool + Send + Sync>;
type Part = Box<dyn Fn() -> AnyView + Send + Sync>;

fn erased(when: Condition, view: Part) -> impl IntoView {
    let when = Memo::new(move |_| when());
    move || when.get().then(&view)
}
