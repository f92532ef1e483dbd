//! The app shell: header, main area, and the sign-in card that starts every visit.

use leptos::prelude::*;

use crate::components::document_input::DocumentInput;

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="shell__header">
            <span class="shell__brand">"Central do assinante"</span>
        </header>
        <main id="conteudo" class="shell__main">
            <section class="card" aria-labelledby="entrar-titulo">
                <h1 id="entrar-titulo" class="card__title">"Entrar"</h1>
                <p class="card__lead">
                    "Informe o CPF ou CNPJ do titular do contrato."
                </p>
                <DocumentInput/>
            </section>
        </main>
    }
}
