//! A new support ticket: service, type and department from the ERP's lists, subject and
//! message, photos or PDFs checked against the portal's limits. The draft, attachments
//! included, is kept on the device until the ERP accepts it.

use api::{Attachment, NewTicket, TicketCreated, TicketOptions};
use base64::Engine as _;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::client;
use crate::components::feedback::{ErrorView, OfflineWrites, Skeleton, online};
use crate::state::use_auth;

/// What is kept on the device while the ticket is not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    service_id: String,
    type_id: String,
    department_id: String,
    subject: String,
    message: String,
    attachments: Vec<Attachment>,
}

/// Where the last ticket lists from the ERP are kept.
const OPTIONS_KEY: &str = "central.opcoes.chamado";

fn draft_key(customer: &str) -> String {
    format!("central.rascunho.chamado.{customer}")
}

/// The MIME type of an image attachment, read from its first bytes; `None` for PDFs.
pub(crate) fn image_mime(content_base64: &str) -> Option<&'static str> {
    let head: String = content_base64.chars().take(16).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(head)
        .ok()?;
    match api::attachment_kind(&bytes)? {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Checks a chosen file against the limits: its type by its bytes, its size, the count.
pub(crate) fn check_file(
    name: &str,
    bytes: &[u8],
    max_bytes: u64,
    already: usize,
    max_count: u32,
) -> Result<(), String> {
    if already >= max_count as usize {
        return Err(format!("Envie no máximo {max_count} anexos."));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "O arquivo \"{name}\" passa de {:.0} MB.",
            max_bytes as f64 / 1_048_576.0
        ));
    }
    if api::attachment_kind(bytes).is_none() {
        return Err(format!(
            "O arquivo \"{name}\" não é uma foto (JPEG, PNG, GIF, WebP) nem um PDF."
        ));
    }
    Ok(())
}

/// The new-ticket page.
#[component]
pub fn TicketPage() -> impl IntoView {
    let auth = use_auth();
    let key = draft_key(
        &auth
            .session
            .get_untracked()
            .map(|s| s.customer.document_masked)
            .unwrap_or_default(),
    );
    let saved: Draft = browser::load(&key)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let draft = RwSignal::new(saved);
    let (notice, set_notice) = signal(None::<String>);
    // The ERP's lists are kept too, so a draft can be shown and finished while it is down.
    let options = LocalResource::new(|| async {
        match client::get::<TicketOptions>("/chamados/opcoes").await {
            Ok(o) => {
                if let Ok(text) = serde_json::to_string(&o) {
                    let _ = browser::store(OPTIONS_KEY, &text);
                }
                Ok(o)
            }
            Err(e) => browser::load(OPTIONS_KEY)
                .and_then(|t| serde_json::from_str(&t).ok())
                .ok_or(e),
        }
    });
    // Every change is written to the device at once.
    let store_key = key.clone();
    Effect::new(move |_| {
        let d = draft.get();
        if d == Draft::default() {
            browser::forget(&store_key);
        } else if let Ok(text) = serde_json::to_string(&d)
            && browser::store(&store_key, &text).is_err()
        {
            set_notice.set(Some("Os anexos são grandes demais para ficarem salvos no aparelho; o texto continua salvo.".into()));
        }
    });
    let send = Action::new_local(move |d: &Draft| {
        let body = NewTicket {
            service_id: (!d.service_id.is_empty()).then(|| d.service_id.clone()),
            type_id: d.type_id.clone(),
            department_id: d.department_id.clone(),
            subject: d.subject.clone(),
            message: d.message.clone(),
            attachments: d.attachments.clone(),
        };
        async move { client::send::<_, TicketCreated>(Method::POST, "/chamados", &body).await }
    });
    let done_key = key.clone();
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            browser::forget(&done_key);
        }
    });
    let add_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let (max_bytes, max_count) = auth.config.get_untracked().map_or((5 * 1_048_576, 5), |c| {
            (c.max_attachment_bytes, c.max_attachments)
        });
        spawn_local(async move {
            for (name, bytes) in browser::read_files(&input).await {
                let count = draft.get_untracked().attachments.len();
                match check_file(&name, &bytes, max_bytes, count, max_count) {
                    Ok(()) => {
                        let content = base64::engine::general_purpose::STANDARD.encode(&bytes);
                        draft.update(|d| {
                            d.attachments.push(Attachment {
                                name,
                                content_base64: content,
                            })
                        });
                        set_notice.set(None);
                    }
                    Err(message) => set_notice.set(Some(message)),
                }
            }
            input.set_value("");
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        if d.type_id.is_empty()
            || d.department_id.is_empty()
            || d.subject.trim().is_empty()
            || d.message.trim().is_empty()
        {
            set_notice.set(Some(
                "Escolha o tipo e o departamento e escreva o assunto e a mensagem.".into(),
            ));
            return;
        }
        set_notice.set(None);
        send.dispatch(d);
    };
    let text_field = move |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        (
            move || get(&draft.get()),
            move |value: String| draft.update(|d| set(d, value)),
        )
    };
    let (subject, set_subject) = text_field(|d| d.subject.clone(), |d, v| d.subject = v);
    let (message, set_message) = text_field(|d| d.message.clone(), |d, v| d.message = v);
    view! {
        <section class="card" aria-labelledby="chamado-titulo">
            <h1 id="chamado-titulo" class="card__title">"Abrir chamado"</h1>
            {move || match send.value().get() {
                Some(Ok(created)) => view! {
                    <div role="status" data-testid="ticket-protocol">
                        <p><strong>"Chamado aberto."</strong> " Protocolo: " <strong>{created.protocol.clone()}</strong></p>
                        {created.message.map(|m| view! { <p class="muted">{m}</p> })}
                    </div>
                }
                .into_any(),
                sent => {
                    let failure = sent.and_then(Result::err);
                    if let Some(e) = &failure {
                        auth.check(e);
                    }
                    match options.get() {
                        None => view! { <Skeleton lines=5/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| options.refetch())/> }.into_any(),
                        Some(Ok(o)) => view! {
                            <p class="muted">"O rascunho fica salvo neste aparelho até o envio."</p>
                            <form class="form" on:submit=submit novalidate=true>
                                <Select id="servico" label="Serviço" items=o.services.clone() empty="Não se refere a um serviço"
                                    value=Signal::derive(move || draft.get().service_id) on_change=Callback::new(move |v| draft.update(|d| d.service_id = v))/>
                                <Select id="tipo" label="Tipo de atendimento" items=o.types.clone() empty="Escolha"
                                    value=Signal::derive(move || draft.get().type_id) on_change=Callback::new(move |v| draft.update(|d| d.type_id = v))/>
                                <Select id="departamento" label="Departamento" items=o.departments.clone() empty="Escolha"
                                    value=Signal::derive(move || draft.get().department_id) on_change=Callback::new(move |v| draft.update(|d| d.department_id = v))/>
                                <div class="field">
                                    <label class="field__label" for="assunto">"Assunto"</label>
                                    <input id="assunto" class="field__input" maxlength="120" required=true prop:value=subject
                                        on:input:target=move |ev| set_subject(ev.target().value())/>
                                </div>
                                <div class="field">
                                    <label class="field__label" for="mensagem">"Mensagem"</label>
                                    <textarea id="mensagem" class="field__input" rows="5" maxlength="5000" required=true prop:value=message
                                        on:input:target=move |ev| set_message(ev.target().value())></textarea>
                                </div>
                                <fieldset class="field">
                                    <legend class="field__label">"Anexos (fotos ou PDF)"</legend>
                                    <label class="button button--secondary file-button">
                                        "Tirar foto"
                                        <input class="sr-only" type="file" accept="image/*" capture="environment" on:change=add_files/>
                                    </label>
                                    <label class="button button--secondary file-button">
                                        "Escolher arquivos"
                                        <input class="sr-only" data-testid="anexos" type="file" multiple=true accept="image/jpeg,image/png,image/gif,image/webp,application/pdf" on:change=add_files/>
                                    </label>
                                    <ul class="attachments">
                                        {move || draft.get().attachments.into_iter().enumerate().map(|(i, a)| {
                                            let preview = image_mime(&a.content_base64).map(|mime| format!("data:{mime};base64,{}", a.content_base64));
                                            view! {
                                                <li class="attachment" data-testid="attachment">
                                                    {preview.map(|src| view! { <img class="attachment__preview" src=src alt=""/> })}
                                                    <span>{a.name.clone()}</span>
                                                    <button type="button" class="button button--secondary" on:click=move |_| draft.update(|d| { d.attachments.remove(i); })>
                                                        {format!("Remover {}", a.name)}
                                                    </button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </fieldset>
                                {move || notice.get().map(|n| view! { <p class="error-text" role="alert">{n}</p> })}
                                {failure.map(|e| view! { <p class="error-text" role="alert">{e.message()} " Seu rascunho continua salvo."</p> })}
                                <OfflineWrites draft=true/>
                                <button class="button button--primary" type="submit" disabled=move || send.pending().get() || !online() aria-busy=move || send.pending().get().to_string()>
                                    {move || if send.pending().get() { "Enviando…" } else { "Enviar chamado" }}
                                </button>
                                {move || send.pending().get().then(|| view! { <progress class="progress" aria-label="Enviando o chamado"></progress> })}
                            </form>
                        }
                        .into_any(),
                    }
                }
            }}
        </section>
    }
}

/// A labelled select of the ERP's choices.
#[component]
fn Select(
    id: &'static str,
    label: &'static str,
    items: Vec<api::Choice>,
    empty: &'static str,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="field__input" on:change:target=move |ev| on_change.run(ev.target().value())>
                <option value="" selected=move || value.get().is_empty()>{empty}</option>
                {items.into_iter().map(|c| {
                    let me = c.id.clone();
                    view! { <option value=c.id.clone() selected=move || value.get() == me>{c.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{check_file, image_mime};

    #[test]
    fn files_are_checked_before_anything_is_encoded() {
        let png = b"\x89PNG\r\n\x1a\nimage";
        assert!(check_file("a.png", png, 100, 0, 2).is_ok());
        assert!(
            check_file("b.png", png, 100, 2, 2)
                .unwrap_err()
                .contains("no máximo 2")
        );
        assert!(
            check_file(
                "grande.png",
                &[png.as_slice(), &[0; 200]].concat(),
                100,
                0,
                2
            )
            .unwrap_err()
            .contains("grande.png")
        );
        assert!(
            check_file("x.exe", b"MZ\x90", 100, 0, 2)
                .unwrap_err()
                .contains("x.exe")
        );
    }

    #[test]
    fn previews_know_the_image_type() {
        assert_eq!(image_mime("iVBORw0KGgoAAAANSUhEUg=="), Some("image/png"));
        assert_eq!(image_mime("JVBERi0xLjQK"), None, "a PDF has no preview");
        assert_eq!(image_mime("%%%"), None);
    }
}
