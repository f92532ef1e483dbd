//! A new support ticket: service, type and department from the ERP's lists, subject and
//! message, photos or PDFs checked against the portal's limits. The draft (`model::ticket`),
//! attachments included, is kept on the device until the ERP accepts it. Below it, "Meus
//! chamados": the tickets the portal opened, with the protocol to quote.

use api::ticket::{MAX_MESSAGE, MAX_SUBJECT};
use api::{NewTicket, TicketOptions, TicketSummary};
use leptos::prelude::*;

use crate::client;
use crate::components::attachments::AttachmentPicker;
use crate::components::feedback::{ErrorView, FeatureOff, OfflineWrites, Skeleton, online};
use crate::components::select::Select;
use crate::drafts;
use crate::erased::{Loaded, Sending};
use crate::model::ticket::Draft;
use crate::state::use_auth;
use crate::storage::{self, TICKET_OPTIONS};

/// The new-ticket page, or whom to call when the ISP switched tickets off. The switch is
/// read as the configuration arrives, which may be after the page first shows.
#[component]
pub fn TicketPage() -> impl IntoView {
    let auth = use_auth();
    let on = Memo::new(move |_| auth.features().tickets);
    // Counts the tickets sent from this page, so the list below shows each at once.
    let sent = RwSignal::new(0_u32);
    move || {
        if on.get() {
            view! {
                <TicketForm on_sent=Callback::new(move |()| sent.update(|n| *n += 1))/>
                <MyTickets sent/>
            }
            .into_any()
        } else {
            view! { <FeatureOff what="Atendimento"/> }.into_any()
        }
    }
}

#[component]
fn TicketForm(on_sent: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let key = storage::ticket_draft(
        &auth
            .session
            .get_untracked()
            .map(|s| s.customer.document_masked)
            .unwrap_or_default(),
    );
    let draft = RwSignal::new(Draft::default());
    let (notice, set_notice) = signal(None::<String>);
    let _ = drafts::keep(
        key.clone(),
        draft,
        |d| d,
        move || {
            set_notice.set(Some(
            "Os anexos são grandes demais para ficarem salvos no aparelho; o texto continua salvo."
                .into(),
        ));
        },
    );
    // The ERP's lists are kept too, so a draft can be shown and finished while it is down.
    let options = Loaded::new(|| async {
        match client::ticket_options().await {
            Ok(o) => {
                let _ = storage::store(TICKET_OPTIONS, &o);
                Ok(o)
            }
            Err(e) => storage::load::<TicketOptions>(TICKET_OPTIONS).ok_or(e),
        }
    });
    let done_key = key.clone();
    let send = Sending::new(move |t: &NewTicket| {
        let t = t.clone();
        let done_key = done_key.clone();
        async move {
            let created = client::create_ticket(&t).await;
            if created.is_ok() {
                drafts::forget(&done_key).await;
                on_sent.run(());
            }
            created
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let routes = options.get_untracked().and_then(Result::ok);
        match draft.with_untracked(|d| d.to_send(routes.as_ref())) {
            Ok(ticket) => {
                set_notice.set(None);
                send.dispatch(ticket);
            }
            Err(message) => set_notice.set(Some(message)),
        }
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
            {move || match send.value() {
                Some(Ok(created)) => view! {
                    <div role="status" data-testid="ticket-protocol">
                        <p><strong>"Chamado aberto."</strong> " Protocolo: " <strong>{created.protocol.clone()}</strong></p>
                        {created.message.map(|m| view! { <p class="muted">{m}</p> })}
                    </div>
                }
                .into_any(),
                sent => {
                    let failure = sent.and_then(Result::err);
                    match options.get() {
                        None => view! { <Skeleton lines=5/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| options.refetch())/> }.into_any(),
                        Some(Ok(o)) => view! {
                            <p class="muted">"O rascunho fica salvo neste aparelho até o envio."</p>
                            <form class="form" on:submit=submit novalidate=true>
                                <Select id="servico" label="Serviço" items=o.services.clone() empty="Não se refere a um serviço"
                                    value=Signal::derive(move || draft.get().service_id) on_change=Callback::new(move |v| draft.update(|d| d.service_id = v))/>
                                <Select id="tipo" label="Tipo de atendimento" items=o.types.clone() empty="Escolha"
                                    value=Signal::derive(move || draft.get().type_id) on_change={
                                        let routes = o.clone();
                                        Callback::new(move |v: String| draft.update(|d| {
                                            // A type the ISP routes itself takes its department along.
                                            if let Some(department) = routes.department_for(&v) {
                                                d.department_id = department.to_string();
                                            }
                                            d.type_id = v;
                                        }))
                                    }/>
                                {
                                    let routes = o.clone();
                                    move || routes.department_for(&draft.get().type_id).is_none().then(|| view! {
                                        <Select id="departamento" label="Setor que vai atender" items=routes.departments.clone() empty="Escolha"
                                            value=Signal::derive(move || draft.get().department_id) on_change=Callback::new(move |v| draft.update(|d| d.department_id = v))/>
                                    }.into_any())
                                }
                                <div class="field">
                                    <label class="field__label" for="assunto">"Assunto"</label>
                                    <input id="assunto" class="field__input" maxlength=MAX_SUBJECT.to_string() required=true prop:value=subject
                                        on:input:target=move |ev| set_subject(ev.target().value())/>
                                </div>
                                <div class="field">
                                    <label class="field__label" for="mensagem">"Mensagem"</label>
                                    <textarea id="mensagem" class="field__input" rows="5" maxlength=MAX_MESSAGE.to_string() required=true prop:value=message
                                        on:input:target=move |ev| set_message(ev.target().value())></textarea>
                                </div>
                                <AttachmentPicker legend="Anexos (fotos ou PDF)" input_id="anexos" item_id="attachment"
                                    files=Signal::derive(move || draft.with(|d| d.attachments.clone()))
                                    on_change=Callback::new(move |list| draft.update(|d| d.attachments = list))/>
                                {move || notice.get().map(|n| view! { <p class="error-text" role="alert">{n}</p> })}
                                {failure.map(|e| view! { <p class="error-text" role="alert">{e.message()} " Seu rascunho continua salvo."</p> })}
                                <OfflineWrites draft=true/>
                                <button class="button button--primary" type="submit" disabled=move || send.pending() || !online() aria-busy=move || send.pending().to_string()>
                                    {move || if send.pending() { "Enviando…" } else { "Enviar chamado" }}
                                </button>
                                {move || send.pending().then(|| view! { <progress class="progress" aria-label="Enviando o chamado"></progress> }.into_any())}
                            </form>
                        }
                        .into_any(),
                    }
                }
            }}
        </section>
    }
    .into_any()
}

/// "Meus chamados": what the portal opened, newest first. The contract gives no ticket
/// status yet, so each says how to follow it; a status shows once the ERP sends one.
#[component]
fn MyTickets(sent: RwSignal<u32>) -> impl IntoView {
    let auth = use_auth();
    let list = Loaded::new(move || {
        sent.track();
        client::my_tickets()
    });
    let follow = move || {
        auth.config
            .get()
            .and_then(|c| c.support_contact().map(str::to_string))
            .map_or_else(
                || "Acompanhe com o provedor informando o protocolo.".to_string(),
                |contact| format!("Acompanhe pelo telefone ou WhatsApp do provedor ({contact}) informando o protocolo."),
            )
    };
    let item = |t: TicketSummary| {
        let opened = crate::format::saved_at(t.opened_at as f64 * 1000.0);
        let about = match &t.service {
            Some(service) => format!("{} · {service} · aberto em {opened}", t.kind),
            None => format!("{} · aberto em {opened}", t.kind),
        };
        let files = (!t.attachments.is_empty()).then(|| {
            let names: Vec<String> = t
                .attachments
                .iter()
                .map(|f| format!("{} ({})", f.name, api::ticket::size_label(f.bytes)))
                .collect();
            view! { <p class="muted">"Anexos: " {names.join(", ")}</p> }
        });
        view! {
            <li class="ticket" data-testid="meu-chamado">
                <p><strong>"Protocolo " {t.protocol}</strong>
                    {t.status.map(|s| view! { " " <span class="badge">{s}</span> })}</p>
                <p>{t.subject}</p>
                <p class="muted">{about}</p>
                {files}
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="meus-chamados-titulo">
            <h2 id="meus-chamados-titulo" class="card__subtitle">"Meus chamados"</h2>
            {move || match list.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| list.refetch())/> }.into_any(),
                Some(Ok(tickets)) if tickets.is_empty() => view! {
                    <p class="empty">"Nenhum chamado aberto pelo portal ainda."</p>
                }.into_any(),
                Some(Ok(tickets)) => view! {
                    <p class="card__lead">{follow}</p>
                    <ul class="tickets">{tickets.into_iter().map(item).collect_view()}</ul>
                }.into_any(),
            }}
        </section>
    }
}
