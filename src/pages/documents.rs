//! Notas fiscais and the yearly declaração de quitação, each downloadable as PDF.

use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton};
use crate::components::shown::shown;
use crate::erased::Loaded;
use crate::format::{date, money};
use crate::model::order;
use crate::state::use_auth;

/// The documents page.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    let notas = Loaded::new(client::notas);
    let auth = use_auth();
    let quitacao_on = move || auth.features().quitacao;
    let quitacoes = Loaded::new(move || {
        let on = quitacao_on();
        async move {
            if on {
                client::quitacoes().await
            } else {
                Ok(Vec::new())
            }
        }
    });
    view! {
        {shown(quitacao_on, move || view! {
            <section class="card" aria-labelledby="quitacao-titulo">
                <h1 id="quitacao-titulo" class="card__title">"Declaração de quitação"</h1>
                <p class="muted">
                    "Uma vez por ano o provedor declara que todas as faturas do ano anterior foram pagas (Lei 12.007/2009); a declaração substitui os comprovantes de cada mês."
                </p>
                {move || match quitacoes.get() {
                    None => view! { <Skeleton lines=2/> }.into_any(),
                    Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| quitacoes.refetch())/> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"Nenhuma declaração disponível ainda."</p> }.into_any(),
                    Some(Ok(mut list)) => {
                        order::by_key(&mut list, |q| q.year.map_or(i64::MAX, i64::saturating_neg));
                        view! {
                            <ul class="doc-list">
                                {list.into_iter().map(|q| {
                                    let year = q.year.map(|y| y.to_string()).unwrap_or_default();
                                    view! {
                                        <li class="doc">
                                            <span>{format!("Ano {year}")} " — " {money(q.amount_cents)}</span>
                                            {q.has_pdf.then(|| view! {
                                                <a class="button button--secondary" href=client::quitacao_pdf_url(&q.id) download="">
                                                    {format!("Baixar declaração {year}")}
                                                </a>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                }}
            </section>
        }.into_any())}
        <section class="card" aria-labelledby="notas-titulo">
            {move || if quitacao_on() {
                view! { <h2 id="notas-titulo" class="card__title">"Notas fiscais"</h2> }.into_any()
            } else {
                view! { <h1 id="notas-titulo" class="card__title">"Notas fiscais"</h1> }.into_any()
            }}
            {move || match notas.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| notas.refetch())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"Nenhuma nota fiscal emitida."</p> }.into_any(),
                Some(Ok(mut list)) => {
                    order::by_key(&mut list, |n| -order::day(n.posted_on));
                    view! {
                        <table class="table">
                            <caption class="sr-only">"Notas fiscais emitidas"</caption>
                            <thead><tr><th scope="col">"Número"</th><th scope="col">"Data"</th><th scope="col">"Valor"</th><th scope="col">"Tipo"</th><th scope="col"><span class="sr-only">"PDF"</span></th></tr></thead>
                            <tbody>
                                {list.into_iter().take(24).map(|n| view! {
                                    <tr data-testid="nota-row">
                                        <td>{n.number.clone().unwrap_or_default()}</td>
                                        <td>{date(n.posted_on)}</td>
                                        <td>{money(n.amount_cents)}</td>
                                        <td>{n.kind.clone().unwrap_or_default()}</td>
                                        <td>{n.has_pdf.then(|| view! {
                                            <a href=client::nota_pdf_url(&n.id) download="">
                                                {format!("PDF da nota {}", n.number.clone().unwrap_or_default())}
                                            </a>
                                        })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
