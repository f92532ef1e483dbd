//! "Chaves de acesso": passkeys to sign in with the phone's fingerprint or face, registered
//! on this device, named, listed and removed.

use api::{PasskeyAnswer, PasskeySummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton, online};
use crate::components::shown::shown;
use crate::erased::Loaded;
use crate::format::saved_at;
use crate::passkey;

/// The passkeys card on the profile page; absent where the ISP has not turned passkeys on.
#[component]
pub fn Passkeys() -> impl IntoView {
    let auth = crate::state::use_auth();
    let offered = move || {
        auth.config.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.login_cpf.has_passkey() || c.login_cnpj.has_passkey())
        })
    };
    shown(offered, || view! { <PasskeyList/> }.into_any())
}

#[component]
fn PasskeyList() -> impl IntoView {
    let changed = crate::state::ProofsChanged::find();
    let list = Loaded::new(client::passkeys);
    let name = RwSignal::new(String::from("Meu celular"));
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<Result<&'static str, String>>);
    let register = move |_| {
        message.set(None);
        busy.set(true);
        let name = api::passkey_name(&name.get_untracked());
        spawn_local(async move {
            let result = async {
                let challenge = client::passkey_start().await.map_err(|e| e.message())?;
                let credential = passkey::create(&challenge.options)
                    .await
                    .map_err(|e| e.message().to_string())?;
                client::passkey_register(&PasskeyAnswer {
                    ceremony: challenge.ceremony,
                    credential,
                    name,
                })
                .await
                .map_err(|e| e.message())
            }
            .await;
            message.set(Some(result.map(
                |_| "Chave de acesso cadastrada. Os outros acessos à sua conta foram encerrados.",
            )));
            list.refetch();
            busy.set(false);
        });
    };
    let remove = move |id: String| {
        message.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = client::passkey_remove(&id).await.map_err(|e| e.message());
            message.set(Some(result.map(|()| "Chave de acesso removida.")));
            list.refetch();
            changed.bump();
            busy.set(false);
        });
    };
    let row = move |p: PasskeySummary| {
        let id = p.id.clone();
        view! {
            <li class="access" data-testid="chave">
                <div>
                    <strong>{p.name}</strong>
                    <p class="muted">{format!("Cadastrada em {} · último uso em {}",
                        saved_at(p.created_at as f64 * 1000.0), saved_at(p.used_at as f64 * 1000.0))}</p>
                </div>
                <button class="button" type="button" disabled=move || busy.get() || !online()
                    on:click=move |_| remove(id.clone())>"Remover"</button>
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="chaves-titulo">
            <h2 id="chaves-titulo" class="card__subtitle">"Chaves de acesso"</h2>
            <p class="card__lead">"Entre com a digital ou o rosto do celular, sem senha nem código. A chave fica no aparelho; o portal guarda só a parte pública."</p>
            {move || match list.get() {
                None => view! { <Skeleton lines=1/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| list.refetch())/> }.into_any(),
                Some(Ok(keys)) if keys.is_empty() => view! { <p class="muted">"Nenhuma chave cadastrada."</p> }.into_any(),
                Some(Ok(keys)) => view! { <ul class="accesses">{keys.into_iter().map(row).collect_view()}</ul> }.into_any(),
            }}
            {passkey::supported().then(|| view! {
                <div class="field">
                    <label class="field__label" for="nome-chave">"Nome deste aparelho"</label>
                    <input id="nome-chave" class="field__input" type="text" maxlength=api::PASSKEY_NAME_MAX
                        prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
                <button class="button button--primary" type="button" disabled=move || busy.get() || !online()
                    on:click=register>"Entrar com a digital ou o rosto do celular"</button>
            })}
            {move || message.get().map(|r| match r {
                Ok(m) => view! { <p class="copy-status" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error-text" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}
