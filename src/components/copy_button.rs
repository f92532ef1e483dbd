//! The buttons beside a payment code: copy it (confirmed in the toast, with a short buzz)
//! and, where the phone offers it, share it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::components::toast::use_toast;

/// Copies `text` when pressed; `label` names what is copied ("código Pix"). `primary`
/// makes it the page's main action; `share` adds the system share sheet where it exists.
#[component]
pub fn CopyButton(
    #[prop(into)] text: String,
    #[prop(into)] label: String,
    #[prop(optional)] primary: bool,
    #[prop(optional)] share: bool,
) -> impl IntoView {
    let toast = use_toast();
    let what = label.clone();
    let copied = text.clone();
    let copy = move |_| {
        let text = copied.clone();
        let what = what.clone();
        spawn_local(async move {
            match browser::copy(&text).await {
                Ok(()) => toast.say(format!("{} copiado.", capitalized(&what))),
                Err(()) => {
                    toast.say("Não foi possível copiar; selecione o código e copie manualmente.")
                }
            }
        });
    };
    let title = capitalized(&label);
    let send = move |_| {
        let text = text.clone();
        let title = title.clone();
        spawn_local(async move {
            match browser::share(&title, &text).await {
                Ok(()) => toast.say(format!("{title} compartilhado.")),
                Err(()) => toast.say("Compartilhamento cancelado."),
            }
        });
    };
    let class = if primary {
        "button button--primary"
    } else {
        "button"
    };
    view! {
        <button class=class type="button" on:click=copy>{format!("Copiar {label}")}</button>
        {(share && browser::can_share()).then(|| view! {
            <button class="button button--secondary" type="button" on:click=send
                aria-label=format!("Compartilhar {label}")>"Compartilhar"</button>
        })}
    }
}

/// `text` with its first letter in capitals. The labels are the portal's own and start with
/// an ASCII letter; Unicode's case tables would cost the bundle about 10 KB.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| {
            std::iter::once(c.to_ascii_uppercase())
                .chain(chars)
                .collect()
        })
        .unwrap_or_default()
}
