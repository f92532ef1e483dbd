//! A button that copies a code and confirms it out loud (`aria-live`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;

/// Copies `text` when pressed; `label` names what is copied ("código Pix").
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let what = label.clone();
    let copy = move |_| {
        let text = text.clone();
        let what = what.clone();
        spawn_local(async move {
            match browser::copy(&text).await {
                Ok(()) => set_status.set(format!("{} copiado.", capitalized(&what))),
                Err(()) => set_status
                    .set("Não foi possível copiar; selecione o código e copie manualmente.".into()),
            }
        });
    };
    view! {
        <button class="button" on:click=copy>{format!("Copiar {label}")}</button>
        <span class="copy-status" role="status" aria-live="polite">{status}</span>
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
