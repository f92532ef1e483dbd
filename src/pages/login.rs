//! Sign-in: CPF or CNPJ, then the second factor the ISP's configuration asks for — a date or
//! CEP typed on the same screen, or a one-time code sent to a contact the customer picks —
//! or a passkey, with or without the document.
//! The screens' state and rules are in `model::login`; this view renders and wires them.

use api::{Channel, Factor, Policy};
use brazil::PersonKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{self, ClientError};
use crate::components::document_input::DocumentInput;
use crate::components::shown::shown;
use crate::model::login::{Login, Request, Step, mask_factor, seconds_left};
use crate::state::use_auth;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let location = crate::router::use_location();
    let login = RwSignal::new(Login::default());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let now_ms = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now_ms.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    // The document field binds to its own signal; the model takes it when the form is sent.
    // It starts with what was typed into the page's placeholder before the app arrived.
    let adopted = crate::shell::typed().unwrap_or_default();
    let document = RwSignal::new(brazil::document::mask_as_typed(&adopted.document));
    let policy = move || {
        let kind =
            brazil::CpfOuCnpj::parse(&document.get()).map_or(PersonKind::Individual, |d| d.kind());
        auth.config
            .with(|c| c.as_ref().map(|c| c.policy(kind).clone()))
            .unwrap_or_else(|| Policy::default_for(kind, false))
    };
    let step = move || login.with(|l| l.step.clone());
    let factor = move || login.with(|l| l.factor(&policy()));

    let home = Callback::new(move |()| location.navigate("/"));
    let finish = move |result: Result<api::Session, ClientError>| match result {
        Ok(session) => {
            auth.signed_in(session);
            location.navigate("/");
        }
        Err(e) => error.set(Some(e.message())),
    };
    let rehearsal = crate::warmup::Rehearsal::new();
    let run = Callback::new(move |request: Request| {
        error.set(None);
        busy.set(true);
        rehearsal.after_request();
        spawn_local(async move {
            match request {
                Request::Start(body) => match client::code_start(&body).await {
                    Ok(next) => login.update(|l| l.started(next)),
                    Err(e) => error.set(Some(e.message())),
                },
                Request::Factor(body) => finish(client::sign_in(&body).await),
                Request::Send(body) => match client::code_send(&body).await {
                    Ok(sent) => login.update(|l| l.sent(body.channel, sent, js_sys::Date::now())),
                    Err(e) => error.set(Some(e.message())),
                },
                Request::Code(body) => finish(client::code_sign_in(&body).await),
            }
            busy.set(false);
        });
    });
    // A passkey signs in with or without the document: typed, it must be the passkey's.
    let passkey_offered = move || {
        auth.config.with(|c| c.is_some()) && policy().has_passkey() && crate::passkey::supported()
    };
    let with_passkey = move |_| {
        error.set(None);
        busy.set(true);
        rehearsal.after_request();
        let typed = document.get_untracked();
        let typed = brazil::CpfOuCnpj::parse(&typed).is_ok().then_some(typed);
        spawn_local(async move {
            let result = async {
                let (ceremony, credential) =
                    crate::passkey::answer_challenge(typed.clone()).await?;
                client::passkey_sign_in(&api::PasskeySignIn {
                    ceremony,
                    credential,
                    document: typed,
                })
                .await
                .map_err(|e| e.message())
            }
            .await;
            match result {
                Ok(session) => {
                    auth.signed_in(session);
                    home.run(());
                }
                Err(message) => error.set(Some(message)),
            }
            busy.set(false);
        });
    };
    let send_code = move |channel: Channel| {
        let document = login.with_untracked(|l| l.document.clone());
        run.run(Request::Send(api::CodeRequest { document, channel }));
    };
    let try_code = move || match login.with_untracked(Login::code_request) {
        Ok(request) => run.run(request),
        Err(message) => error.set(Some(message)),
    };
    let submit = move || {
        login.update(|l| l.document = document.get_untracked());
        match login.with_untracked(|l| l.submit(&policy())) {
            Ok(Some(request)) => run.run(request),
            Ok(None) => {}
            Err(message) => error.set(Some(message)),
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    // A form sent from the placeholder goes on once the ISP's sign-in policy is known: to
    // the second field when it is typed on this screen, or straight to the next step.
    if adopted.sent {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || auth.config.with(Option::is_none) {
                return done == Some(true);
            }
            if login.with_untracked(|l| l.shows_factor(&policy())) {
                request_animation_frame(|| {
                    if let Some(field) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("fator"))
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                        })
                    {
                        let _ = field.focus();
                    }
                });
            } else {
                submit();
            }
            true
        });
    }
    let restart = move |_| {
        login.update(Login::restart);
        error.set(None);
    };
    let support = move || {
        auth.config
            .get()
            .and_then(|c| c.support_contact().map(str::to_string))
    };
    view! {
        <section class="card" aria-labelledby="entrar-titulo">
            <h1 id="entrar-titulo" class="card__title">"Entrar"</h1>
            <p class="card__lead">{move || login.with(Login::lead)}</p>
            {move || auth.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form class="form" on:submit=on_submit novalidate=true>
                {shown(move || matches!(step(), Step::Start | Step::Factor(_)), move || view! {
                    <DocumentInput value=document focus=adopted.focused/>
                }.into_any())}
                {shown(move || login.with(|l| l.shows_factor(&policy())), move || view! {
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
                            prop:value=move || login.with(|l| l.factor_text.clone())
                            on:input:target=move |ev| { let v = mask_factor(factor(), &ev.target().value()); login.update(|l| l.factor_text = v); }
                        />
                    </div>
                }.into_any())}
                {move || match step() {
                    Step::Choose(destinations) => Some(view! {
                        <fieldset class="choices">
                            <legend class="field__label">"Enviar o código por"</legend>
                            {destinations.into_iter().map(|d| {
                                let channel = d.channel;
                                let id = format!("destino-{}", channel.label().to_ascii_lowercase().replace('-', ""));
                                let for_id = id.clone();
                                view! {
                                    <label class="choice" for=for_id>
                                        <input
                                            id=id
                                            type="radio"
                                            name="destino"
                                            prop:checked=move || login.with(|l| l.chosen == Some(channel))
                                            on:change=move |_| login.update(|l| l.chosen = Some(channel))
                                        />
                                        <span>{channel.label()} ": " <strong>{d.masked}</strong></span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any()),
                    Step::Code { channel, resend_at_ms, .. } => {
                        let waiting = move || busy.get() || seconds_left(resend_at_ms, now_ms.get()) != 0;
                        Some(view! {
                        <div class="field">
                            <label class="field__label" for="codigo">"Código recebido"</label>
                            <input
                                id="codigo"
                                class="field__input field__input--code"
                                name="codigo"
                                type="text"
                                inputmode="numeric"
                                pattern="[0-9]*"
                                autocomplete="one-time-code"
                                placeholder="000000"
                                required=true
                                prop:value=move || login.with(|l| l.code_text.clone())
                                on:input:target=move |ev| {
                                    let digits: String = ev.target().value().chars().filter(char::is_ascii_digit).take(api::CODE_DIGITS).collect();
                                    login.update(|l| l.code_text = digits.clone());
                                    // A pasted or autofilled code goes straight in.
                                    if digits.len() == api::CODE_DIGITS && !busy.get_untracked() {
                                        try_code();
                                    }
                                }
                            />
                        </div>
                        <p class="actions">
                            <button
                                class="button button--secondary"
                                type="button"
                                disabled=waiting
                                on:click=move |_| send_code(channel)
                            >
                                {move || match seconds_left(resend_at_ms, now_ms.get()) {
                                    0 => "Reenviar código".to_string(),
                                    s => format!("Reenviar em {s} s"),
                                }}
                            </button>
                        </p>
                    }.into_any())
                    }
                    _ => None,
                }}
                {move || login.with(|l| l.hint(&policy())).map(|h| view! { <p class="hint">{h}</p> })}
                {move || login.with(|l| l.other_way_label(&policy())).map(|label| view! {
                    <p class="actions">
                        <button
                            class="button button--link"
                            type="button"
                            on:click=move |_| { error.set(None); login.update(|l| l.take_other_way(&policy())); }
                        >
                            {label}
                        </button>
                    </p>
                })}
                {move || match step() {
                    Step::NoDestination => Some(view! {
                        <p class="notice" role="status">
                            "Fale com o provedor para atualizar seu cadastro"
                            {move || support().map(|s| format!(": {s}"))}
                            "."
                        </p>
                    }.into_any()),
                    _ => None,
                }}
                {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                {shown(move || step() != Step::NoDestination, move || view! {
                    <button class="button button--primary" type="submit" disabled=move || busy.get()>
                        {move || login.with(|l| l.button_label(&policy(), busy.get()))}
                    </button>
                }.into_any())}
            </form>
            {shown(move || matches!(step(), Step::Start) && passkey_offered(), move || view! {
                <p class="or-line">"ou"</p>
                <button class="button button--secondary button--wide" type="button" disabled=move || busy.get() on:click=with_passkey>
                    "Entrar com a digital ou o rosto do celular"
                </button>
            }.into_any())}
            {shown(move || !matches!(step(), Step::Start), move || view! {
                <p><button class="link-button" type="button" on:click=restart>"Usar outro CPF ou CNPJ"</button></p>
            }.into_any())}
            {move || auth.config.get().is_some_and(|c| c.features.signup).then(|| view! {
                <p class="muted">"Ainda não é cliente? " <a href="/assine">"Assine"</a></p>
            }.into_any())}
        </section>
    }
}
