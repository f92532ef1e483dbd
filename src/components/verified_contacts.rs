//! "Contatos confirmados": the e-mail and WhatsApp codes go to, each confirmed by typing back
//! a code sent to it, and the proof (a code to a confirmed contact, or a passkey) asked
//! before a change to contacts or passkeys.

use api::{
    Channel, CodeSent, ContactCode, ContactsState, NewContact, PasskeyAnswer, ProofCode,
    ProofRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton, online};
use crate::erased::Loaded;

/// Said once the session proved itself, by code or by passkey.
const PROVED: &str = "Confirmado. Agora você pode alterar seus contatos e chaves de acesso.";

/// Where the card's form stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Choosing a channel and typing the address.
    Address,
    /// The code sent to the new address.
    Code(CodeSent),
    /// The code sent to a confirmed contact, to prove a change.
    Proof(CodeSent),
}

/// The verified contacts card on the profile page.
#[component]
pub fn VerifiedContacts() -> impl IntoView {
    let changed = crate::state::ProofsChanged::find();
    // Read again whenever a passkey is added or removed, or a proof is given, elsewhere.
    let state = Loaded::new(move || {
        changed.0.track();
        client::contacts()
    });
    let stage = RwSignal::new(Stage::Address);
    let channel = RwSignal::new(Channel::Email);
    let address = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<&'static str>);

    let start =
        move |f: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Stage, String>>>>| {
            error.set(None);
            done.set(None);
            busy.set(true);
            spawn_local(async move {
                match f.await {
                    Ok(next) => {
                        code.set(String::new());
                        stage.set(next);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        };
    let send_code = move || {
        let ch = channel.get_untracked();
        match api::contact_address(ch, &address.get_untracked()) {
            Ok(to) => start(Box::pin(async move {
                client::contact_send(&NewContact {
                    channel: ch,
                    address: to,
                })
                .await
                .map(Stage::Code)
                .map_err(|e| e.message())
            })),
            Err(message) => error.set(Some(message)),
        }
    };
    let send_proof = move |ch: Channel| {
        start(Box::pin(async move {
            client::proof_send(&ProofRequest { channel: ch })
                .await
                .map(Stage::Proof)
                .map_err(|e| e.message())
        }));
    };
    let confirm = move || {
        let Some(typed) = api::typed_code(&code.get_untracked()) else {
            error.set(Some(format!(
                "Digite os {} números do código.",
                api::CODE_DIGITS
            )));
            return;
        };
        let ch = channel.get_untracked();
        let to = api::contact_address(ch, &address.get_untracked()).unwrap_or_default();
        let proving = matches!(stage.get_untracked(), Stage::Proof(_));
        start(Box::pin(async move {
            if proving {
                client::proof_check(&ProofCode { code: typed })
                    .await
                    .map_err(|e| e.message())?;
                done.set(Some(PROVED));
            } else {
                client::contact_confirm(&ContactCode {
                    channel: ch,
                    address: to,
                    code: typed,
                })
                .await
                .map_err(|e| e.message())?;
                address.set(String::new());
                done.set(Some(
                    "Contato confirmado. Os códigos de acesso passam a ir para ele.",
                ));
            }
            changed.bump();
            Ok(Stage::Address)
        }));
    };

    let prove_by_passkey = move || {
        start(Box::pin(async move {
            let (ceremony, credential) = crate::passkey::answer_challenge(None).await?;
            client::passkey_prove(&PasskeyAnswer {
                ceremony,
                credential,
                name: String::new(),
            })
            .await
            .map_err(|e| e.message())?;
            done.set(Some(PROVED));
            changed.bump();
            Ok(Stage::Address)
        }));
    };

    let form = move |s: ContactsState| {
        if s.proof_needed {
            return view! {
                <div class="confirm" role="group" aria-labelledby="prova-aviso">
                    <p id="prova-aviso">"Para alterar seus contatos ou chaves de acesso, confirme que é você com um código enviado para um contato confirmado, ou com a digital ou o rosto:"</p>
                    {s.proof_to.into_iter().map(|d| {
                        let ch = d.channel;
                        view! {
                            <button class="button" type="button" disabled=move || busy.get() || !online()
                                on:click=move |_| send_proof(ch)>
                                {format!("{} {}", ch.label(), d.masked)}
                            </button>
                            " "
                        }
                    }).collect_view()}
                    {(s.proof_by_passkey && crate::passkey::supported()).then(|| view! {
                        <button class="button" type="button" disabled=move || busy.get() || !online()
                            on:click=move |_| prove_by_passkey()>
                            "Confirmar com a digital ou o rosto"
                        </button>
                    })}
                </div>
            }.into_any();
        }
        if s.channels.is_empty() {
            return view! { <p class="muted">"O provedor ainda não envia códigos por e-mail ou WhatsApp."</p> }.into_any();
        }
        let suggestions = s.suggestions.clone();
        view! {
            <fieldset class="choices">
                <legend class="field__label">"Adicionar ou trocar"</legend>
                {s.channels.into_iter().map(|ch| {
                    let id = format!("contato-{}", ch.key());
                    let for_id = id.clone();
                    let suggested = suggestions.iter().find(|x| x.channel == ch).map(|x| x.address.clone());
                    view! {
                        <label class="choice" for=for_id>
                            <input id=id type="radio" name="canal-contato"
                                prop:checked=move || channel.get() == ch
                                on:change=move |_| {
                                    channel.set(ch);
                                    address.set(suggested.clone().map(|a| if ch == Channel::Email { a } else { brazil::contact::format_phone(&a) }).unwrap_or_default());
                                }/>
                            <span>{ch.label()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label class="field__label" for="novo-contato">
                    {move || if channel.get() == Channel::Email { "Endereço de e-mail" } else { "Celular com WhatsApp" }}
                </label>
                <input id="novo-contato" class="field__input"
                    type=move || if channel.get() == Channel::Email { "email" } else { "tel" }
                    autocomplete=move || if channel.get() == Channel::Email { "email" } else { "tel" }
                    prop:value=move || address.get()
                    on:input:target=move |ev| address.set(ev.target().value())/>
            </div>
            <button class="button button--primary" type="button" disabled=move || busy.get() || !online()
                on:click=move |_| send_code()>
                "Enviar código de confirmação"
            </button>
        }.into_any()
    };

    view! {
        <section class="card" aria-labelledby="contatos-titulo">
            <h2 id="contatos-titulo" class="card__subtitle">"Contatos confirmados"</h2>
            <p class="card__lead">"Os códigos de acesso vão só para um e-mail ou WhatsApp que você confirmou aqui, digitando o código que enviamos a ele."</p>
            {move || match state.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| state.refetch())/> }.into_any(),
                Some(Ok(s)) => view! {
                    {if s.verified.is_empty() {
                        view! { <p class="muted">"Nenhum contato confirmado ainda."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="accesses">{s.verified.iter().map(|v| view! {
                                <li class="access" data-testid="contato-confirmado">
                                    <span>{v.channel.label()} ": " <strong>{v.masked.clone()}</strong></span>
                                    " "<span class="badge badge--upcoming">"confirmado"</span>
                                </li>
                            }).collect_view()}</ul>
                        }.into_any()
                    }}
                    {s.suggestions.first().filter(|_| s.verified.is_empty()).map(|x| view! {
                        <p class="hint">{format!("O cadastro do provedor tem {}. Confirme-o para entrar com código.", x.address)}</p>
                    })}
                    {move || match stage.get() {
                        Stage::Address => form(s.clone()),
                        Stage::Code(sent) | Stage::Proof(sent) => view! {
                            <div class="field">
                                <label class="field__label" for="codigo-contato">{format!("Código enviado para {}", sent.masked)}</label>
                                <input id="codigo-contato" class="field__input field__input--code" type="text"
                                    inputmode="numeric" autocomplete="one-time-code" placeholder="000000"
                                    prop:value=move || code.get()
                                    on:input:target=move |ev| code.set(ev.target().value().chars().filter(char::is_ascii_digit).take(api::CODE_DIGITS).collect())/>
                            </div>
                            <button class="button button--primary" type="button" disabled=move || busy.get() || !online()
                                on:click=move |_| confirm()>"Confirmar"</button>
                            " "
                            <button class="button" type="button" on:click=move |_| stage.set(Stage::Address)>"Cancelar"</button>
                        }.into_any(),
                    }}
                }.into_any(),
            }}
            {move || done.get().map(|m| view! { <p class="copy-status" role="status">{m}</p> })}
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </section>
    }
}
