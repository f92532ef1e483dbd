//! The open invoices, filtered by contract through the `?contrato=` query.

use api::Invoice;
use brazil::Date;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::contracts::{ContractSwitcher, invoices_resource, selected_contract};
use crate::components::due::{DueChip, OverdueTotal};
use crate::components::feedback::{ErrorView, Skeleton};
use crate::format::{date, money};

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
            <A href=href attr:class="invoice-row__link">
                <span class="invoice-row__desc">{title}</span>
                <span class="invoice-row__due">"Vence em " {due}</span>
                <span class="invoice-row__amount">{amount}</span>
                <DueChip invoice=chip today=today/>
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
                Some(Ok(list)) => {
                    let today = crate::browser::today();
                    view! {
                        <OverdueTotal invoices=list.clone() today=today/>
                        <ul class="invoice-list">
                            {list.into_iter().map(|i| view! { <InvoiceRow invoice=i today=today/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
