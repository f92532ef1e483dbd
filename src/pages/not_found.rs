//! The page for an address the portal does not have.

use leptos::prelude::*;

/// 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1 class="card__title">"Página não encontrada"</h1>
            <p>"O endereço não existe no portal."</p>
            <a href="/">"Voltar ao início"</a>
        </section>
    }
}
