//! The placeholder `index.html` paints before the app: removed when the app starts, with
//! whatever the subscriber already typed into its sign-in field kept for the sign-in page.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

/// What the placeholder's sign-in form held when the app took over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub document: String,
    /// The field had the focus (the subscriber was typing).
    pub focused: bool,
    /// The form was sent before the app could act on it.
    pub sent: bool,
}

thread_local! {
    static TYPED: RefCell<Option<Typed>> = const { RefCell::new(None) };
}

/// Reads the placeholder's form and removes the placeholder; called once, before mounting.
pub fn take_over() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let input = document
        .get_element_by_id("documento")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let focused = document
            .active_element()
            .is_some_and(|a| a.id() == "documento");
        let sent = document
            .get_element_by_id("casca-formulario")
            .is_some_and(|f| f.has_attribute("data-enviar"));
        let typed = Typed {
            document: input.value(),
            focused,
            sent,
        };
        if typed != Typed::default() {
            TYPED.with(|t| *t.borrow_mut() = Some(typed));
        }
    }
    if let Some(shell) = document.get_element_by_id("casca") {
        shell.remove();
    }
}

/// What was typed before the app started, once (the first sign-in page shown takes it).
pub fn typed() -> Option<Typed> {
    TYPED.with(|t| t.borrow_mut().take())
}
