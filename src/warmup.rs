//! The signed-in home rendered once off the page while the first sign-in request is in
//! flight. The browser compiles each function of the app on its first call, on the main
//! thread; rendered here first, the home's code is compiled while the phone waits for the
//! network instead of between the answer and the paint.

use std::cell::Cell;
use std::time::Duration;

use api::Session;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::navigation::{TabBar, TopNav};
use crate::pages::home::HomePage;
use crate::state::{Auth, use_auth};

/// A session as the gateway sends it, with an overdue and an upcoming invoice so that every
/// card of the home is drawn. Decoded at each rehearsal, which also compiles the decoder.
const SAMPLE: &str = r#"{"customer":{"name":"Assinante Exemplo","document_masked":"***.***.***-**","company":false,"contracts":[{"id":"1","name":"Contrato 1","status":"Ativo","plan":"Plano","amount_cents":9990,"address":null},{"id":"2","name":"Contrato 2","status":null,"plan":null,"amount_cents":null,"address":null}],"inactive":false},"csrf_token":"","invoices":[{"id":"1","contract_ids":["1"],"description":null,"due_on":"2020-01-10","overdue":true,"original_cents":9990,"current_cents":10290,"interest_cents":100,"fine_cents":200,"discount_cents":null,"linha_digitavel":"0","pix_code":"0","has_pdf":true,"unreadable":[]},{"id":"2","contract_ids":["1"],"description":null,"due_on":"2099-01-10","overdue":false,"original_cents":9990,"current_cents":null,"interest_cents":null,"fine_cents":null,"discount_cents":null,"linha_digitavel":"0","pix_code":"0","has_pdf":true,"unreadable":[]}]}"#;

/// The home's rehearsal, ready from a page inside the app (its navigation reads the app's
/// address).
#[derive(Clone, Copy)]
pub struct Rehearsal {
    owner: StoredValue<Option<Owner>>,
    auth: Auth,
}

thread_local! {
    static DONE: Cell<bool> = const { Cell::new(false) };
}

impl Rehearsal {
    /// Made while the page is built, under the app.
    pub fn new() -> Self {
        Self {
            owner: StoredValue::new(Owner::current()),
            auth: use_auth(),
        }
    }

    /// Rehearses the home once per page, on the next turn of the event loop: after the
    /// request just started has gone out.
    pub fn after_request(&self) {
        let Some(owner) = self.owner.get_value() else {
            return;
        };
        if DONE.replace(true) {
            return;
        }
        let auth = self.auth;
        set_timeout(
            move || {
                // Once signed in, the page whose owner holds the app's context is going: too late.
                if auth.session.with_untracked(Option::is_none) {
                    owner.with(|| rehearse(auth.config));
                }
            },
            Duration::ZERO,
        );
    }
}

/// The rehearsal's span on the page's performance timeline.
const MEASURE: &str = "central:ensaio";

fn rehearse(config: RwSignal<Option<api::PublicConfig>>) {
    let started = crate::browser::timeline_ms();
    let Some(mut session) = crate::json::decode::<Session>(SAMPLE) else {
        return;
    };
    let Some(parent) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let narrow = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-tela"))
        .is_some_and(|t| t == "estreita");
    // The device's copy is written after sign-in; here it is only encoded, and dropped.
    crate::offline::rehearse(&session);
    // The rehearsal's own state: nothing it does reaches the subscriber's.
    let auth = Auth::new(config);
    auth.invoices.set_value(session.invoices.take());
    auth.session.set(Some(session));
    auth.restored.set(true);
    let sign_out = Callback::new(|()| {});
    let mounted = crate::client::offstage(|| {
        leptos::mount::mount_to(parent, move || {
            provide_context(auth);
            view! {
                {if narrow { view! { <TabBar sign_out/> }.into_any() } else { view! { <TopNav sign_out/> }.into_any() }}
                <HomePage/>
            }
        })
    });
    // What the home draws a turn later (an answer, a refused call) is drawn too; then
    // everything goes.
    set_timeout(
        move || {
            drop(mounted);
            crate::browser::measure_since(MEASURE, started);
        },
        Duration::ZERO,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_a_session_with_an_overdue_and_an_upcoming_invoice() {
        let session: Session = serde_json::from_str(SAMPLE).expect("decodes as the gateway's");
        let invoices = session.invoices.expect("invoices");
        assert!(invoices[0].overdue && !invoices[1].overdue);
        assert!(
            session.customer.contracts.len() > 1,
            "the switcher is drawn"
        );
    }
}
