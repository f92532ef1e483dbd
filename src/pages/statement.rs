//! Payment history (extrato financeiro): entries by date, amounts as the ERP names them,
//! paid or open, filtered by year.

use api::StatementEntry;
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton, date, money};

fn year_of(e: &StatementEntry) -> Option<String> {
    e.due_on
        .as_deref()
        .or(e.posted_on.as_deref())
        .map(|d| d.chars().take(4).collect())
}

/// The statement page.
#[component]
pub fn StatementPage() -> impl IntoView {
    let entries = LocalResource::new(|| client::get::<Vec<StatementEntry>>("/extrato"));
    let year = RwSignal::new(String::new());
    view! {
        <section class="card">
            <h1 class="card__title">"Extrato de pagamentos"</h1>
            {move || match entries.get() {
                None => view! { <Skeleton lines=5/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| entries.refetch())/> }.into_any(),
                Some(Ok(list)) => {
                    let mut years: Vec<String> = list.iter().filter_map(year_of).collect();
                    years.sort_unstable_by(|a, b| b.cmp(a));
                    years.dedup();
                    if year.get_untracked().is_empty() && let Some(latest) = years.first() {
                        year.set(latest.clone());
                    }
                    let shown = move || {
                        let y = year.get();
                        let mut rows: Vec<StatementEntry> = list.iter().filter(|e| year_of(e).as_deref() == Some(y.as_str())).cloned().collect();
                        rows.sort_by(|a, b| b.due_on.cmp(&a.due_on));
                        rows
                    };
                    view! {
                        <div class="field field--inline">
                            <label class="field__label" for="ano">"Ano"</label>
                            <select id="ano" class="field__input" on:change:target=move |ev| year.set(ev.target().value())>
                                {years.into_iter().map(|y| { let v = y.clone(); let label = y.clone(); view! { <option value=y selected=move || year.get() == v>{label}</option> } }).collect_view()}
                            </select>
                        </div>
                        <table class="table">
                            <caption class="sr-only">"Lançamentos do ano escolhido"</caption>
                            <thead><tr><th scope="col">"Vencimento"</th><th scope="col">"Descrição"</th><th scope="col">"Valor"</th><th scope="col">"Saldo"</th><th scope="col">"Situação"</th></tr></thead>
                            <tbody>
                                {move || shown().into_iter().map(|e| view! {
                                    <tr data-testid="statement-row">
                                        <td>{date(e.due_on.as_deref())}</td>
                                        <td>{e.description.clone().unwrap_or_default()}</td>
                                        <td>{money(e.amount_cents)}</td>
                                        <td>{money(e.balance_cents)}</td>
                                        <td>{match &e.settled_on { Some(d) => format!("Pago em {}", date(Some(d))), None => "Em aberto".into() }}</td>
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
