//! Sign-in: CPF or CNPJ, then the second factor the ISP's configuration asks for.

use api::{Factor, SignIn};
use brazil::{CpfOuCnpj, PersonKind};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::client;
use crate::components::document_input::DocumentInput;
use crate::state::use_auth;

/// Masks a birth date (`DD/MM/AAAA`) or a CEP (`00000-000`) as typed.
fn mask_factor(factor: Factor, typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    match factor {
        Factor::BirthDate => digits
            .chars()
            .take(8)
            .enumerate()
            .flat_map(|(i, c)| (i == 2 || i == 4).then_some('/').into_iter().chain([c]))
            .collect(),
        Factor::Cep => digits
            .chars()
            .take(8)
            .enumerate()
            .flat_map(|(i, c)| (i == 5).then_some('-').into_iter().chain([c]))
            .collect(),
    }
}

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let document = RwSignal::new(String::new());
    let factor_text = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let kind = move || CpfOuCnpj::parse(&document.get()).ok().map(|d| d.kind());
    let factor = move || {
        let config = auth.config.get();
        match (kind(), config) {
            (Some(PersonKind::Company), Some(c)) => c.factor_cnpj,
            (_, Some(c)) => c.factor_cpf,
            (Some(PersonKind::Company), None) => Factor::Cep,
            (_, None) => Factor::BirthDate,
        }
    };
    let submit = Action::new_local(move |input: &SignIn| {
        let input = input.clone();
        async move { client::send::<_, api::Session>(Method::POST, "/sessao", &input).await }
    });
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(session) => {
                    auth.signed_in(session);
                    navigate("/", Default::default());
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = CpfOuCnpj::parse(&document.get_untracked()) {
            set_error.set(Some(format!("Confira o CPF ou CNPJ: {e}.")));
            return;
        }
        if factor_text.get_untracked().trim().is_empty() {
            set_error.set(Some(format!("Informe: {}.", factor().label())));
            return;
        }
        set_error.set(None);
        submit.dispatch(SignIn {
            document: document.get_untracked(),
            factor: factor_text.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="entrar-titulo">
            <h1 id="entrar-titulo" class="card__title">"Entrar"</h1>
            <p class="card__lead">"Informe o CPF ou CNPJ do titular do contrato."</p>
            {move || auth.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form class="form" on:submit=on_submit novalidate=true>
                <DocumentInput value=document/>
                <div class="field">
                    <label class="field__label" for="fator">{move || factor().label()}</label>
                    <input
                        id="fator"
                        class="field__input"
                        name="fator"
                        type="text"
                        inputmode="numeric"
                        autocomplete=move || if factor() == Factor::Cep { "postal-code" } else { "bday" }
                        placeholder=move || if factor() == Factor::Cep { "00000-000" } else { "DD/MM/AAAA" }
                        required=true
                        prop:value=move || factor_text.get()
                        on:input:target=move |ev| factor_text.set(mask_factor(factor(), &ev.target().value()))
                    />
                </div>
                {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                <button class="button button--primary" type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Entrando…" } else { "Entrar" }}
                </button>
            </form>
            {move || auth.config.get().is_some_and(|c| c.features.signup).then(|| view! {
                <p class="muted">"Ainda não é cliente? " <leptos_router::components::A href="/assine">"Assine"</leptos_router::components::A></p>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_masked_as_typed() {
        assert_eq!(mask_factor(Factor::BirthDate, "14031985"), "14/03/1985");
        assert_eq!(mask_factor(Factor::BirthDate, "140"), "14/0");
        assert_eq!(mask_factor(Factor::Cep, "50050000"), "50050-000");
        assert_eq!(mask_factor(Factor::Cep, "5005a"), "5005");
    }
}
