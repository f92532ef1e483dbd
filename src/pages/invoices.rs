//! The open invoices, filtered by contract through the `?contrato=` query.

use api::Invoice;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::client::{self, ClientError};
use crate::components::feedback::{ErrorView, Skeleton, date, money};
use crate::offline;
use crate::state::use_auth;

/// The contract chosen in the URL, if any.
pub fn selected_contract() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.get().get("contrato").filter(|c| !c.is_empty()))
}

/// Loads the open invoices of the selected contract (all when none is selected).
pub fn invoices_resource(
    contract: Memo<Option<String>>,
) -> LocalResource<Result<Vec<Invoice>, ClientError>> {
    let auth = use_auth();
    LocalResource::new(move || {
        let contract = contract.get();
        let prefetched = contract.is_none().then(|| auth.take_invoices()).flatten();
        async move {
            if let Some(list) = prefetched {
                return Ok(list);
            }
            let all = contract.is_none();
            let wanted = contract.clone();
            let path = match contract {
                Some(c) => format!(
                    "/faturas?contrato={}",
                    c.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                ),
                None => "/faturas".to_string(),
            };
            match client::get::<Vec<Invoice>>(&path).await {
                Ok(list) => {
                    if all {
                        offline::save_invoices(&list);
                    }
                    auth.stale_since.set(None);
                    Ok(list)
                }
                Err(ClientError::Network) => match offline::load() {
                    Some(snapshot) => {
                        auth.stale_since.set(Some(snapshot.saved_at_ms));
                        Ok(snapshot
                            .invoices
                            .into_iter()
                            .filter(|i| wanted.as_ref().is_none_or(|c| i.contract_ids.contains(c)))
                            .collect())
                    }
                    None => Err(ClientError::Network),
                },
                Err(e) => Err(e),
            }
        }
    })
}

/// A select of the customer's contracts, shown only when there are several; the choice goes
/// into the URL of `base`.
#[component]
pub fn ContractSwitcher(#[prop(into)] base: String) -> impl IntoView {
    let auth = use_auth();
    let selected = selected_contract();
    let navigate = use_navigate();
    let contracts = move || {
        auth.session
            .get()
            .map(|s| s.customer.contracts)
            .unwrap_or_default()
    };
    move || {
        let list = contracts();
        (list.len() > 1).then(|| {
            let base = base.clone();
            let navigate = navigate.clone();
            view! {
                <div class="field field--inline">
                    <label class="field__label" for="contrato">"Contrato"</label>
                    <select
                        id="contrato"
                        class="field__input"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            let url = if value.is_empty() { base.clone() } else { format!("{base}?contrato={value}") };
                            navigate(&url, Default::default());
                        }
                    >
                        <option value="" selected=move || selected.get().is_none()>"Todos os contratos"</option>
                        {list
                            .into_iter()
                            .map(|c| {
                                let id = c.id.clone();
                                let is_selected = move || selected.get().as_deref() == Some(id.as_str());
                                view! { <option value=c.id.clone() selected=is_selected>{c.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
    }
}

/// One row of the list.
#[component]
pub fn InvoiceRow(invoice: Invoice) -> impl IntoView {
    let href = format!("/faturas/{}", invoice.id);
    view! {
        <li class="invoice-row" data-testid="invoice-row" data-contract=invoice.contract_ids.join(",")>
            <A href=href attr:class="invoice-row__link">
                <span class="invoice-row__desc">{invoice.description.clone().unwrap_or_else(|| format!("Fatura {}", invoice.id))}</span>
                <span class="invoice-row__due">"Vence em " {date(invoice.due_on.as_deref())}</span>
                <span class="invoice-row__amount">{money(invoice.current_cents.or(invoice.original_cents))}</span>
                {invoice.overdue.then(|| view! { <span class="badge badge--overdue">"Vencida"</span> })}
            </A>
        </li>
    }
}

/// The invoices page.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let contract = selected_contract();
    let invoices = invoices_resource(contract);
    view! {
        <section class="card">
            <h1 class="card__title">"Faturas em aberto"</h1>
            <ContractSwitcher base="/faturas"/>
            {move || match invoices.get() {
                None => view! { <Skeleton lines=4/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| invoices.refetch())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"Nenhuma fatura em aberto. Tudo em dia!"</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="invoice-list">
                        {list.into_iter().map(|i| view! { <InvoiceRow invoice=i/> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}
