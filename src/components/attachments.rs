//! The one attachment picker: take a photo or choose files, each checked with the rules the
//! gateway applies again (`api::attachment`), listed with a preview and a remove button.

use api::Attachment;
use api::attachment::{ACCEPT, Kind};
use base64::Engine as _;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::state::use_auth;

/// The decoded size of a base64 text, without decoding it.
fn decoded_len(content_base64: &str) -> u64 {
    content_base64.len() as u64 / 4 * 3
}

/// The MIME type of an image attachment, read from its first bytes; `None` for PDFs.
pub fn image_mime(content_base64: &str) -> Option<&'static str> {
    let head: String = content_base64.chars().take(16).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(head)
        .ok()?;
    Kind::sniff(&bytes)?.image_mime()
}

/// Photos or PDFs for a ticket or a sign-up.
#[component]
pub fn AttachmentPicker(
    legend: &'static str,
    /// `data-testid` of the file input, and of each listed file.
    input_id: &'static str,
    item_id: &'static str,
    #[prop(into)] files: Signal<Vec<Attachment>>,
    on_change: Callback<Vec<Attachment>>,
) -> impl IntoView {
    let auth = use_auth();
    let (notice, set_notice) = signal(None::<String>);
    let add_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let limits = auth
            .config
            .get_untracked()
            .map(|c| c.attachments)
            .unwrap_or_default();
        spawn_local(async move {
            let mut list = files.get_untracked();
            for (name, bytes) in browser::read_files(&input).await {
                let total = list.iter().map(|a| decoded_len(&a.content_base64)).sum();
                match limits.admit(&name, &bytes, list.len(), total) {
                    Ok(_) => {
                        let content_base64 =
                            base64::engine::general_purpose::STANDARD.encode(&bytes);
                        list.push(Attachment {
                            name,
                            content_base64,
                        });
                        set_notice.set(None);
                    }
                    Err(e) => set_notice.set(Some(e.to_string())),
                }
            }
            on_change.run(list);
            input.set_value("");
        });
    };
    let remove = move |i: usize| {
        let mut list = files.get_untracked();
        if i < list.len() {
            list.remove(i);
        }
        on_change.run(list);
    };
    view! {
        <fieldset class="field">
            <legend class="field__label">{legend}</legend>
            <label class="button button--secondary file-button">
                "Tirar foto"
                <input class="sr-only" type="file" accept="image/*" capture="environment" on:change=add_files/>
            </label>
            <label class="button button--secondary file-button">
                "Escolher arquivos"
                <input class="sr-only" data-testid=input_id type="file" multiple=true accept=ACCEPT on:change=add_files/>
            </label>
            <ul class="attachments">
                {move || files.get().into_iter().enumerate().map(|(i, a)| {
                    let preview = image_mime(&a.content_base64).map(|mime| format!("data:{mime};base64,{}", a.content_base64));
                    view! {
                        <li class="attachment" data-testid=item_id>
                            {preview.map(|src| view! { <img class="attachment__preview" src=src alt=""/> })}
                            <span>{a.name.clone()}</span>
                            <button type="button" class="button button--secondary" on:click=move |_| remove(i)>
                                {format!("Remover {}", a.name)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || notice.get().map(|n| view! { <p class="error-text" role="alert">{n}</p> })}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::image_mime;

    #[test]
    fn previews_know_the_image_type() {
        assert_eq!(image_mime("iVBORw0KGgoAAAANSUhEUg=="), Some("image/png"));
        assert_eq!(image_mime("JVBERi0xLjQK"), None, "a PDF has no preview");
        assert_eq!(image_mime("%%%"), None);
    }
}
