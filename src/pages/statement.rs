//! Payment history (extrato financeiro): entries by date, amounts as the ERP names them,
//! paid or open, filtered by year (`model::statement`).

use api::Choice;
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton};
use crate::components::select::Select;
use crate::erased::Loaded;
use crate::format::{date, money};
use crate::model::statement::{of_year, years};

/// The statement page.
#[component]
pub fn StatementPage() -> impl IntoView {
    let entries = Loaded::new(client::statement);
    // None until the subscriber picks one: the newest year is shown.
    let picked = RwSignal::new(None::<i32>);
    view! {
        <section class="card">
            <h1 class="card__title">"Extrato de pagamentos"</h1>
            {move || match entries.get() {
                None => view! { <Skeleton lines=5/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| entries.refetch())/> }.into_any(),
                Some(Ok(list)) => {
                    let years = years(&list);
                    let newest = years.first().copied();
                    let year = move || picked.get().or(newest);
                    let items = years
                        .iter()
                        .map(|y| Choice { id: y.to_string(), name: y.to_string() })
                        .collect();
                    let shown = move || year().map(|y| of_year(&list, y)).unwrap_or_default();
                    view! {
                        <Select id="ano" label="Ano" items inline=true
                            value=Signal::derive(move || year().map(|y| y.to_string()).unwrap_or_default())
                            on_change=Callback::new(move |v: String| picked.set(v.parse().ok()))/>
                        <table class="table">
                            <caption class="sr-only">"Lançamentos do ano escolhido"</caption>
                            <thead><tr><th scope="col">"Vencimento"</th><th scope="col">"Descrição"</th><th scope="col">"Valor"</th><th scope="col">"Saldo"</th><th scope="col">"Situação"</th></tr></thead>
                            <tbody>
                                {move || shown().into_iter().map(|e| view! {
                                    <tr data-testid="statement-row">
                                        <td>{date(e.due_on)}</td>
                                        <td>{e.description.clone().unwrap_or_default()}</td>
                                        <td>{money(e.amount_cents)}</td>
                                        <td>{money(e.balance_cents)}</td>
                                        <td>{match e.settled_on { Some(d) => format!("Pago em {}", date(Some(d))), None => "Em aberto".into() }}</td>
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
