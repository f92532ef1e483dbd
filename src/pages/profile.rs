//! Contact data: e-mail, phones and WhatsApp, checked with the rule the gateway applies
//! again (`api::Contacts`) and saved through the gateway.

use api::{Contacts, Profile};
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, OfflineWrites, Skeleton, online};

/// The contact-data page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let current = LocalResource::new(client::profile);
    let (error, set_error) = signal(None::<String>);
    let save = Action::new_local(|p: &Profile| {
        let p = p.clone();
        async move { client::update_profile(&p).await }
    });
    view! {
        <section class="card" aria-labelledby="perfil-titulo">
            <h1 id="perfil-titulo" class="card__title">"Meus dados de contato"</h1>
            {move || match current.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| current.refetch())/> }.into_any(),
                Some(Ok(p)) => {
                    let email = RwSignal::new(p.email.clone().unwrap_or_default());
                    let mobile = RwSignal::new(p.mobile.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let whatsapp = RwSignal::new(p.whatsapp.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let phone = RwSignal::new(p.phone.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let some = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
                        let profile = Profile { email: some(email), phone: some(phone), mobile: some(mobile), whatsapp: some(whatsapp) };
                        match Contacts::try_from(&profile) {
                            Ok(_) => {
                                set_error.set(None);
                                save.dispatch(profile);
                            }
                            Err(message) => set_error.set(Some(message)),
                        }
                    };
                    let field = move |id: &'static str, label: &'static str, kind: &'static str, auto: &'static str, value: RwSignal<String>| view! {
                        <div class="field">
                            <label class="field__label" for=id>{label}</label>
                            <input id=id class="field__input" type=kind autocomplete=auto prop:value=move || value.get()
                                on:input:target=move |ev| value.set(ev.target().value())/>
                        </div>
                    };
                    view! {
                        <form class="form" on:submit=submit novalidate=true>
                            {field("email", "E-mail", "email", "email", email)}
                            {field("celular", "Celular", "tel", "tel", mobile)}
                            {field("whatsapp", "WhatsApp", "tel", "tel", whatsapp)}
                            {field("telefone", "Telefone fixo", "tel", "tel", phone)}
                            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                            {move || match save.value().get() {
                                Some(Ok(_)) => Some(view! { <p class="copy-status" role="status">"Dados atualizados."</p> }.into_any()),
                                Some(Err(e)) => Some(view! { <p class="error-text" role="alert">{e.message()}</p> }.into_any()),
                                None => None,
                            }}
                            <OfflineWrites/>
                            <button class="button button--primary" type="submit" disabled=move || save.pending().get() || !online()>
                                {move || if save.pending().get() { "Salvando…" } else { "Salvar" }}
                            </button>
                        </form>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
