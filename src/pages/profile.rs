//! Contact data: e-mail, phones and WhatsApp, checked with the rule the gateway applies
//! again (`api::Contacts`) and saved through the gateway; the contacts codes go to and the
//! passkeys (their own components); "Meus acessos", the open
//! sessions, each of which can be ended from here; and "Meus dados no portal", what the
//! portal itself keeps, erased on request.

use api::{Access, Contacts, Profile};
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, OfflineWrites, Skeleton, online};
use crate::components::passkeys::Passkeys;
use crate::components::verified_contacts::VerifiedContacts;
use crate::erased::{Loaded, Sending, effect};
use crate::format::saved_at;

/// The contact-data page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    provide_context(crate::state::ProofsChanged(RwSignal::new(0)));
    let current = Loaded::new(client::profile);
    let (error, set_error) = signal(None::<String>);
    let save = Sending::new(|p: &Profile| {
        let p = p.clone();
        async move { client::update_profile(&p).await }
    });
    view! {
        <section class="card" aria-labelledby="perfil-titulo">
            <h1 id="perfil-titulo" class="card__title">"Meus dados de contato"</h1>
            {move || match current.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| current.refetch())/> }.into_any(),
                Some(Ok(p)) => {
                    let email = RwSignal::new(p.email.clone().unwrap_or_default());
                    let mobile = RwSignal::new(p.mobile.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let whatsapp = RwSignal::new(p.whatsapp.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let phone = RwSignal::new(p.phone.as_deref().map(brazil::contact::format_phone).unwrap_or_default());
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let some = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
                        let profile = Profile { email: some(email), phone: some(phone), mobile: some(mobile), whatsapp: some(whatsapp) };
                        match Contacts::try_from(&profile) {
                            Ok(_) => {
                                set_error.set(None);
                                save.dispatch(profile);
                            }
                            Err(message) => set_error.set(Some(message)),
                        }
                    };
                    let field = move |id: &'static str, label: &'static str, kind: &'static str, auto: &'static str, value: RwSignal<String>| view! {
                        <div class="field">
                            <label class="field__label" for=id>{label}</label>
                            <input id=id class="field__input" type=kind autocomplete=auto prop:value=move || value.get()
                                on:input:target=move |ev| value.set(ev.target().value())/>
                        </div>
                    };
                    view! {
                        <form class="form" on:submit=submit novalidate=true>
                            {field("email", "E-mail", "email", "email", email)}
                            {field("celular", "Celular", "tel", "tel", mobile)}
                            {field("whatsapp", "WhatsApp", "tel", "tel", whatsapp)}
                            {field("telefone", "Telefone fixo", "tel", "tel", phone)}
                            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                            {move || match save.value() {
                                Some(Ok(_)) => Some(view! { <p class="copy-status" role="status">"Dados atualizados."</p> }.into_any()),
                                Some(Err(e)) => Some(view! { <p class="error-text" role="alert">{e.message()}</p> }.into_any()),
                                None => None,
                            }}
                            <OfflineWrites/>
                            <button class="button button--primary" type="submit" disabled=move || save.pending() || !online()>
                                {move || if save.pending() { "Salvando…" } else { "Salvar" }}
                            </button>
                        </form>
                    }
                    .into_any()
                }
            }}
        </section>
        <VerifiedContacts/>
        <Passkeys/>
        <Accesses/>
        <PortalDataCard/>
    }
}

/// "Meus acessos": where the account is open, with "Sair deste" for each other device and
/// "Sair de todos os outros".
#[component]
fn Accesses() -> impl IntoView {
    let list = Loaded::new(client::accesses);
    let (done, set_done) = signal(None::<Result<String, String>>);
    let end_one = Sending::new(|id: &String| {
        let id = id.clone();
        async move { client::end_access(&id).await }
    });
    let end_others = Sending::new(|(): &()| client::end_other_accesses());
    effect(move || {
        if let Some(result) = end_one.value() {
            set_done.set(Some(
                result
                    .map(|()| "Acesso encerrado.".into())
                    .map_err(|e| e.message()),
            ));
            list.refetch();
        }
    });
    effect(move || {
        if let Some(result) = end_others.value() {
            set_done.set(Some(
                result
                    .map(|n| match n {
                        0 => "Não havia outros acessos.".into(),
                        1 => "1 outro acesso encerrado.".into(),
                        n => format!("{n} outros acessos encerrados."),
                    })
                    .map_err(|e| e.message()),
            ));
            list.refetch();
        }
    });
    let busy = move || end_one.pending() || end_others.pending();
    let row = move |a: Access| {
        let id = a.id.clone();
        let seen = saved_at(a.last_seen_at as f64 * 1000.0);
        view! {
            <li class="access" data-testid="acesso" data-atual=a.current.to_string()>
                <div>
                    <strong>{a.device}</strong>
                    {a.current.then(|| view! { " " <span class="badge badge--upcoming">"este aparelho"</span> })}
                    <p class="muted">{format!("Rede {} · último uso em {seen}", a.place)}</p>
                </div>
                {(!a.current).then(|| view! {
                    <button class="button" type="button" disabled=busy on:click=move |_| { end_one.dispatch(id.clone()); }>
                        "Sair deste"
                    </button>
                })}
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="acessos-titulo">
            <h2 id="acessos-titulo" class="card__subtitle">"Meus acessos"</h2>
            <p class="card__lead">"Aparelhos onde sua conta está aberta. Se não reconhecer algum, encerre-o."</p>
            {move || match list.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| list.refetch())/> }.into_any(),
                Some(Ok(accesses)) => {
                    let others = accesses.iter().filter(|a| !a.current).count();
                    view! {
                        <ul class="accesses">{accesses.into_iter().map(row).collect_view()}</ul>
                        {(others > 0).then(|| view! {
                            <button class="button" type="button" disabled=busy on:click=move |_| { end_others.dispatch(()); }>
                                "Sair de todos os outros"
                            </button>
                        })}
                    }.into_any()
                }
            }}
            {move || done.get().map(|r| match r {
                Ok(m) => view! { <p class="copy-status" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error-text" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}

/// "Meus dados no portal" (LGPD): what the portal keeps, apart from the ISP's own records,
/// and its erasure after a confirmation. Erasing signs every device out, this one included.
#[component]
fn PortalDataCard() -> impl IntoView {
    let auth = crate::state::use_auth();
    let location = crate::router::use_location();
    let data = Loaded::new(client::portal_data);
    let confirming = RwSignal::new(false);
    let erase = Sending::new(|(): &()| client::erase_portal_data());
    effect(move || {
        if let Some(Ok(_)) = erase.value() {
            auth.signed_out(Some(
                "Seus dados no portal foram apagados e todos os acessos encerrados.".into(),
            ));
            location.navigate("/entrar");
        }
    });
    view! {
        <section class="card" aria-labelledby="portal-dados-titulo">
            <h2 id="portal-dados-titulo" class="card__subtitle">"Meus dados no portal"</h2>
            <p class="card__lead">"Seu cadastro, faturas e contratos ficam no sistema do provedor. O portal guarda só isto:"</p>
            {move || match data.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok(d)) => view! {
                    <ul class="portal-data" data-testid="dados-no-portal">
                        <li>
                            <strong>{format!("Acessos abertos: {}", d.accesses.len())}</strong>
                            <ul>{d.accesses.into_iter().map(|a| view! {
                                <li>{format!("{} · rede {} · desde {}", a.device, a.place, saved_at(a.signed_in_at as f64 * 1000.0))}</li>
                            }).collect_view()}</ul>
                        </li>
                        <li>
                            <strong>{format!("Contatos confirmados: {}", d.contacts.len())}</strong>
                            <ul>{d.contacts.into_iter().map(|c| view! {
                                <li>{format!("{} {} · confirmado em {}", c.channel.label(), c.masked, saved_at(c.verified_at as f64 * 1000.0))}</li>
                            }).collect_view()}</ul>
                        </li>
                        <li>
                            <strong>{format!("Chaves de acesso: {}", d.passkeys.len())}</strong>
                            <ul>{d.passkeys.into_iter().map(|p| view! {
                                <li>{format!("{} · cadastrada em {}", p.name, saved_at(p.created_at as f64 * 1000.0))}</li>
                            }).collect_view()}</ul>
                        </li>
                        <li>
                            <strong>{format!("Chamados abertos pelo portal: {}", d.tickets.len())}</strong>
                            <ul>{d.tickets.into_iter().map(|t| view! {
                                <li>{format!("Protocolo {} · {} · {}", t.protocol, t.subject, saved_at(t.opened_at as f64 * 1000.0))}</li>
                            }).collect_view()}</ul>
                        </li>
                    </ul>
                }.into_any(),
            }}
            {move || if confirming.get() {
                view! {
                    <div class="confirm" role="group" aria-labelledby="apagar-aviso">
                        <p id="apagar-aviso"><strong>"Apagar tudo isso?"</strong>
                            " Todos os seus acessos serão encerrados, inclusive este; os contatos confirmados e as chaves de acesso deixam de valer; e o registro dos chamados sai do portal (eles continuam no provedor)."</p>
                        <button class="button button--danger" type="button" disabled=move || erase.pending() || !online()
                            on:click=move |_| { erase.dispatch(()); }>
                            {move || if erase.pending() { "Apagando…" } else { "Sim, apagar" }}
                        </button>
                        " "
                        <button class="button" type="button" on:click=move |_| confirming.set(false)>"Cancelar"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button class="button" type="button" on:click=move |_| confirming.set(true)>"Apagar meus dados do portal"</button>
                }.into_any()
            }}
            {move || erase.value().and_then(Result::err).map(|e| view! { <p class="error-text" role="alert">{e.message()}</p> })}
        </section>
    }
}
