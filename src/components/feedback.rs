//! Loading skeletons and error messages with a way to retry.

use leptos::prelude::*;

use crate::client::ClientError;
use crate::state::use_auth;

/// Placeholder lines while data loads.
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-label="Carregando">
            {(0..lines).map(|_| view! { <div class="skeleton__line"></div> }).collect_view()}
        </div>
    }
}

/// The error's message and a retry button. (An ended session is handled by the client,
/// which sends the subscriber back to sign-in.)
#[component]
pub fn ErrorView(error: ClientError, on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <p>{error.message()}</p>
            <button class="button button--secondary" on:click=move |_| on_retry.run(())>
                "Tentar de novo"
            </button>
        </div>
    }
}

/// Said beside a write while the device has no connection; `draft` adds that the text stays.
#[component]
pub fn OfflineWrites(#[prop(optional)] draft: bool) -> impl IntoView {
    let auth = use_auth();
    move || {
        auth.offline.get().then(|| {
            view! {
                <p class="notice" role="status">
                    "Sem conexão: isto poderá ser enviado quando a internet voltar."
                    {draft.then_some(" Seu rascunho continua salvo neste aparelho.")}
                </p>
            }
        })
    }
}

/// Whether writes are possible now (the device is online); reactive.
pub fn online() -> bool {
    use_context::<crate::state::Auth>().is_none_or(|a| !a.offline.get())
}

/// Says that a part of the portal is switched off, and whom to call instead.
#[component]
pub fn FeatureOff(what: &'static str) -> impl IntoView {
    let auth = use_auth();
    view! {
        <section class="card" role="status" data-testid="feature-off">
            <h1 class="card__title">{what}</h1>
            <p>
                "Este serviço não está disponível pelo portal. Fale com o provedor"
                {move || auth.config.get().and_then(|c| c.support_contact().map(|s| format!(": {s}")))}
                "."
            </p>
        </section>
    }
}
