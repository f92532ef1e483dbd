//! The open invoices, filtered by contract through the `?contrato=` query, or grouped under
//! each contract when all are shown.

use api::Invoice;
use brazil::Date;
use leptos::prelude::*;

use crate::components::contracts::{ContractSwitcher, invoices_resource, selected_contract};
use crate::components::due::{DueChip, OverdueTotal};
use crate::components::feedback::{ErrorView, Skeleton};
use crate::format::{date, money};
use crate::model::account::by_contract;
use crate::state::use_auth;

/// One row of the list, with where it stands on `today` as a chip (colour and words).
#[component]
pub fn InvoiceRow(invoice: Invoice, today: Date) -> impl IntoView {
    let href = format!("/faturas/{}", invoice.id);
    let contracts = invoice.contract_ids.join(",");
    let title = invoice
        .description
        .clone()
        .unwrap_or_else(|| format!("Fatura {}", invoice.id));
    let due = date(invoice.due_on);
    let amount = money(invoice.amount_due_cents());
    let chip = invoice.clone();
    view! {
        <li class="invoice-row" data-testid="invoice-row" data-contract=contracts>
            <a href=href class="invoice-row__link">
                <span class="invoice-row__desc">{title}</span>
                <span class="invoice-row__due">"Vence em " {due}</span>
                <span class="invoice-row__amount">{amount}</span>
                <DueChip invoice=chip today=today/>
            </a>
        </li>
    }
}

/// The invoices page.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let auth = use_auth();
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
                Some(Ok(list)) => {
                    let today = crate::browser::today();
                    // All contracts at once: each under its name, so a customer with a home and
                    // a shop tells their bills apart.
                    let contracts = if contract.get().is_none() {
                        auth.session.get().map(|s| s.customer.contracts).unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    let groups = by_contract(list.clone(), &contracts);
                    view! {
                        <OverdueTotal invoices=list today=today/>
                        {groups.into_iter().map(|(name, items)| view! {
                            {name.map(|n| view! { <h2 class="invoice-group" data-testid="invoice-group">{n}</h2> })}
                            <ul class="invoice-list">
                                {items.into_iter().map(|i| view! { <InvoiceRow invoice=i today=today/> }).collect_view()}
                            </ul>
                        }).collect_view()}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
