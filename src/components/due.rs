//! Where open invoices stand: the status chip of one (colour and words), and the overdue
//! total of a list, as the home page and the invoice list both show them.

use api::Invoice;
use api::invoice::overdue_total;
use brazil::Date;
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::CustomAttribute;

use crate::format::money;

/// The chip of `invoice` on `today`.
#[component]
pub fn DueChip(invoice: Invoice, today: Date) -> impl IntoView {
    let status = invoice.due_status(today);
    let class = format!("badge badge--{}", status.class());
    view! { <span class=class data-testid="due-status">{status.label()}</span> }
}

/// "Em atraso: R$ … (n faturas)" when some of `invoices` are overdue on `today`.
#[component]
pub fn OverdueTotal(invoices: Vec<Invoice>, today: Date) -> impl IntoView {
    let (late, owed) = overdue_total(&invoices, today);
    (late > 0).then(|| {
        let count = if late == 1 {
            " (1 fatura)".to_string()
        } else {
            format!(" ({late} faturas)")
        };
        view! {
            <p class="overdue-total" role="status" data-testid="overdue-total">
                "Em atraso: " <strong>{money(Some(owed))}</strong> {count}
            </p>
        }
        // The browser records when it paints this (Element Timing), for the sign-in's
        // time to the first invoice.
        .attr("elementtiming", "faturas")
    })
}
