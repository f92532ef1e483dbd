//! Habilitação provisória (desbloqueio de confiança): the terms first, then the confirmation
//! and its result, or why the service is not eligible.

use api::UnlockResult;
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, FeatureOff, OfflineWrites, Skeleton, online};
use crate::erased::{Loaded, Sending};
use crate::format::date;
use crate::state::use_auth;

/// The unlock page of one service, or whom to call when the ISP switched unlocks off (read
/// as the configuration arrives).
#[component]
pub fn UnlockPage(id: String) -> impl IntoView {
    let auth = use_auth();
    let on = Memo::new(move |_| auth.features().unlock);
    move || {
        if on.get() {
            view! { <Unlock id=id.clone()/> }.into_any()
        } else {
            view! { <FeatureOff what="Desbloqueio de confiança"/> }.into_any()
        }
    }
}

#[component]
fn Unlock(id: String) -> impl IntoView {
    let id: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let info = Loaded::new(move || {
        let id = id.clone();
        async move { client::unlock_info(&id).await }
    });
    let confirm = Sending::new(move |service: &String| {
        let service = service.clone();
        async move { client::unlock(&service).await }
    });
    view! {
        <a href="/contratos" class="back">"← Contratos"</a>
        <section class="card" aria-labelledby="desbloqueio-titulo">
            <h1 id="desbloqueio-titulo" class="card__title">"Desbloqueio de confiança"</h1>
            {move || match (confirm.value(), info.get()) {
                (Some(Ok(result)), _) => view! { <Outcome result=result/> }.into_any(),
                (_, None) => view! { <Skeleton lines=3/> }.into_any(),
                (_, Some(Err(e))) => view! { <ErrorView error=e on_retry=Callback::new(move |()| info.refetch())/> }.into_any(),
                (failed, Some(Ok(i))) => {
                    let error = failed.and_then(Result::err);
                    if !i.eligible {
                        let reason = i.reason.clone().unwrap_or_else(|| if i.suspended {
                            "Este serviço não pode ser desbloqueado agora.".into()
                        } else {
                            "O serviço não está suspenso.".into()
                        });
                        return view! {
                            <p role="status">"Situação: " <strong>{i.status.clone().unwrap_or_default()}</strong></p>
                            <p class="error-text" data-testid="unlock-reason">{reason}</p>
                        }
                        .into_any();
                    }
                    let days = i.days.map_or_else(|| "alguns".to_string(), |d| d.to_string());
                    let service = i.service_id.clone();
                    view! {
                        <p>"Situação: " <strong>{i.status.clone().unwrap_or_default()}</strong></p>
                        <p data-testid="unlock-terms">
                            {format!("Seu serviço volta a funcionar por {days} dias, para você pagar a fatura em aberto. ")}
                            "O desbloqueio de confiança pode ser usado uma vez por mês; se a fatura não for paga no prazo, o serviço é suspenso de novo."
                        </p>
                        {error.map(|e| view! { <p class="error-text" role="alert">{e.message()}</p> })}
                        <OfflineWrites/>
                        <button class="button button--primary" disabled=move || confirm.pending() || !online() on:click=move |_| { confirm.dispatch(service.clone()); }>
                            {move || if confirm.pending() { "Solicitando…" } else { "Desbloquear agora" }}
                        </button>
                    }
                    .into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Outcome(result: UnlockResult) -> impl IntoView {
    if result.unlocked {
        view! {
            <div role="status" data-testid="unlock-result">
                <p><strong>"Serviço desbloqueado."</strong> " Situação: " {result.status.clone().unwrap_or_default()}</p>
                {result.until.map(|u| view! { <p>"O serviço será suspenso de novo em " <strong>{date(Some(u))}</strong> " se a fatura não for paga."</p> })}
                {result.message.map(|m| view! { <p class="muted">{m}</p> })}
                <a href="/faturas" class="button button--primary">"Pagar a fatura"</a>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div role="alert" data-testid="unlock-result">
                <p><strong>"O provedor não desbloqueou o serviço."</strong></p>
                {result.status.map(|s| view! { <p>"Situação informada pelo provedor: " {s}</p> })}
                <p>{result.message.unwrap_or_else(|| "Fale com o atendimento.".into())}</p>
            </div>
        }
        .into_any()
    }
}
