//! Sign-in: CPF or CNPJ, then the second factor the ISP's configuration asks for — a date or
//! CEP typed on the same screen, or a one-time code sent to a contact the customer picks.

use api::{
    Channel, CodeRequest, CodeSent, CodeSignIn, CodeStart, Destination, Factor, SignIn, SignInStep,
};
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
        Factor::Code => digits.chars().take(api::CODE_DIGITS).collect(),
    }
}

/// Which screen of the sign-in the subscriber is on.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// The document, and the factor when the policy does not start with a code.
    Start,
    /// The factor the gateway asked for (no contact to send a code to).
    Factor(Factor),
    /// Pick where the code goes.
    Choose(Vec<Destination>),
    /// Type the code sent to `masked`.
    Code {
        channel: Channel,
        masked: String,
        resend_at_ms: f64,
    },
    /// No contact and no other factor.
    NoDestination,
}

/// Seconds left until `deadline_ms`, rounded up.
fn seconds_left(deadline_ms: f64, now_ms: f64) -> u64 {
    ((deadline_ms - now_ms) / 1000.0).ceil().max(0.0) as u64
}

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let document = RwSignal::new(String::new());
    let factor_text = RwSignal::new(String::new());
    let code_text = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Start);
    let chosen = RwSignal::new(None::<Channel>);
    let now_ms = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now_ms.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let (error, set_error) = signal(None::<String>);
    let kind = move || CpfOuCnpj::parse(&document.get()).ok().map(|d| d.kind());
    let policy = move || {
        let config = auth.config.get();
        match (kind(), config) {
            (Some(PersonKind::Company), Some(c)) => c.login_cnpj,
            (_, Some(c)) => c.login_cpf,
            (Some(PersonKind::Company), None) => vec![Factor::Cep],
            (_, None) => vec![Factor::BirthDate],
        }
    };
    let code_first = move || policy().first() == Some(&Factor::Code);
    let factor = move || match step.get() {
        Step::Factor(f) => f,
        _ => policy()
            .into_iter()
            .find(|f| *f != Factor::Code)
            .unwrap_or(Factor::BirthDate),
    };
    let shows_factor = move || match step.get() {
        Step::Factor(_) => true,
        Step::Start => !code_first(),
        _ => false,
    };

    let finish = move |result: Result<api::Session, client::ClientError>| match result {
        Ok(session) => {
            auth.signed_in(session);
            navigate("/", Default::default());
        }
        Err(e) => set_error.set(Some(e.message())),
    };
    let submit = Action::new_local(move |input: &SignIn| {
        let input = input.clone();
        async move { client::send::<_, api::Session>(Method::POST, "/sessao", &input).await }
    });
    let finish_factor = finish.clone();
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            finish_factor(result);
        }
    });
    let start = Action::new_local(move |input: &CodeStart| {
        let input = input.clone();
        async move {
            client::send::<_, SignInStep>(Method::POST, "/sessao/codigo/destinos", &input).await
        }
    });
    Effect::new(move |_| match start.value().get() {
        Some(Ok(SignInStep::Code { destinations })) => {
            chosen.set(destinations.first().map(|d| d.channel));
            step.set(Step::Choose(destinations));
        }
        Some(Ok(SignInStep::Factor { factor })) => step.set(Step::Factor(factor)),
        Some(Ok(SignInStep::NoDestination)) => step.set(Step::NoDestination),
        Some(Err(e)) => set_error.set(Some(e.message())),
        None => {}
    });
    let request = Action::new_local(move |input: &CodeRequest| {
        let input = input.clone();
        async move {
            let sent =
                client::send::<_, CodeSent>(Method::POST, "/sessao/codigo/envio", &input).await;
            (input.channel, sent)
        }
    });
    Effect::new(move |_| match request.value().get() {
        Some((channel, Ok(sent))) => {
            set_error.set(None);
            code_text.set(String::new());
            step.set(Step::Code {
                channel,
                masked: sent.masked,
                resend_at_ms: js_sys::Date::now() + sent.resend_in_s as f64 * 1000.0,
            });
        }
        Some((_, Err(e))) => set_error.set(Some(e.message())),
        None => {}
    });
    let verify = Action::new_local(move |input: &CodeSignIn| {
        let input = input.clone();
        async move { client::send::<_, api::Session>(Method::POST, "/sessao/codigo", &input).await }
    });
    Effect::new(move |_| {
        if let Some(result) = verify.value().get() {
            finish(result);
        }
    });
    let busy = move || {
        submit.pending().get()
            || start.pending().get()
            || request.pending().get()
            || verify.pending().get()
    };

    let send_code = move |channel: Channel| {
        set_error.set(None);
        request.dispatch(CodeRequest {
            document: document.get_untracked(),
            channel,
        });
    };
    let try_code = move || {
        if let Some(code) = api::typed_code(&code_text.get_untracked()) {
            set_error.set(None);
            verify.dispatch(CodeSignIn {
                document: document.get_untracked(),
                code,
            });
        } else {
            set_error.set(Some(format!(
                "Digite os {} números do código.",
                api::CODE_DIGITS
            )));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = CpfOuCnpj::parse(&document.get_untracked()) {
            set_error.set(Some(format!("Confira o CPF ou CNPJ: {e}.")));
            return;
        }
        match step.get_untracked() {
            Step::Start if code_first() => {
                set_error.set(None);
                start.dispatch(CodeStart {
                    document: document.get_untracked(),
                });
            }
            Step::Start | Step::Factor(_) => {
                if factor_text.get_untracked().trim().is_empty() {
                    set_error.set(Some(format!("Informe: {}.", factor().label())));
                    return;
                }
                set_error.set(None);
                submit.dispatch(SignIn {
                    document: document.get_untracked(),
                    factor: factor_text.get_untracked(),
                });
            }
            Step::Choose(_) => match chosen.get_untracked() {
                Some(channel) => send_code(channel),
                None => set_error.set(Some("Escolha para onde enviar o código.".into())),
            },
            Step::Code { .. } => try_code(),
            Step::NoDestination => {}
        }
    };
    let restart = move |_| {
        step.set(Step::Start);
        factor_text.set(String::new());
        code_text.set(String::new());
        set_error.set(None);
    };
    let support = move || {
        auth.config
            .get()
            .and_then(|c| c.support_phone.or(c.support_whatsapp).or(c.support_email))
    };
    let lead = move || match step.get() {
        Step::Start | Step::Factor(_) => {
            "Informe o CPF ou CNPJ do titular do contrato.".to_string()
        }
        Step::Choose(_) => {
            "Para sua segurança, enviamos um código para um contato do seu cadastro.".into()
        }
        Step::Code { masked, .. } => format!(
            "Enviamos um código de {} números para {masked}.",
            api::CODE_DIGITS
        ),
        Step::NoDestination => {
            "Não há e-mail nem celular no seu cadastro para receber o código.".into()
        }
    };
    let button_label = move || match (step.get(), busy()) {
        (_, true) => "Aguarde…",
        (Step::Start, false) if code_first() => "Continuar",
        (Step::Choose(_), false) => "Enviar código",
        _ => "Entrar",
    };

    view! {
        <section class="card" aria-labelledby="entrar-titulo">
            <h1 id="entrar-titulo" class="card__title">"Entrar"</h1>
            <p class="card__lead">{lead}</p>
            {move || auth.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form class="form" on:submit=on_submit novalidate=true>
                <Show when=move || matches!(step.get(), Step::Start | Step::Factor(_))>
                    <DocumentInput value=document/>
                </Show>
                <Show when=shows_factor>
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
                </Show>
                {move || match step.get() {
                    Step::Choose(destinations) => Some(view! {
                        <fieldset class="choices">
                            <legend class="field__label">"Enviar o código por"</legend>
                            {destinations.into_iter().map(|d| {
                                let channel = d.channel;
                                let id = format!("destino-{}", channel.label().to_lowercase().replace('-', ""));
                                let for_id = id.clone();
                                view! {
                                    <label class="choice" for=for_id>
                                        <input
                                            id=id
                                            type="radio"
                                            name="destino"
                                            prop:checked=move || chosen.get() == Some(channel)
                                            on:change=move |_| chosen.set(Some(channel))
                                        />
                                        <span>{channel.label()} ": " <strong>{d.masked}</strong></span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any()),
                    Step::Code { channel, resend_at_ms, .. } => {
                        let waiting = move || busy() || seconds_left(resend_at_ms, now_ms.get()) != 0;
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
                                prop:value=move || code_text.get()
                                on:input:target=move |ev| {
                                    let digits: String = ev.target().value().chars().filter(char::is_ascii_digit).take(api::CODE_DIGITS).collect();
                                    code_text.set(digits.clone());
                                    // A pasted or autofilled code goes straight in.
                                    if digits.len() == api::CODE_DIGITS && !verify.pending().get_untracked() {
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
                <Show when=move || step.get() != Step::NoDestination>
                    <button class="button button--primary" type="submit" disabled=busy>
                        {button_label}
                    </button>
                </Show>
            </form>
            <Show when=move || !matches!(step.get(), Step::Start)>
                <p><button class="link-button" type="button" on:click=restart>"Usar outro CPF ou CNPJ"</button></p>
            </Show>
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
        assert_eq!(mask_factor(Factor::Code, "123 4567"), "123456");
    }

    #[test]
    fn the_resend_countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(60_000.0, 0.0), 60);
        assert_eq!(seconds_left(60_000.0, 59_500.0), 1);
        assert_eq!(seconds_left(60_000.0, 61_000.0), 0);
    }
}
