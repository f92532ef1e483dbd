//! The first screen after sign-in: what is overdue, the next invoice with one-tap copy and
//! its status, a banner when a service is suspended, and the contract switcher.

use api::Invoice;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client;
use crate::components::contracts::{ContractSwitcher, invoices_resource, selected_contract};
use crate::components::copy_button::CopyButton;
use crate::components::due::{DueChip, OverdueTotal};
use crate::components::feedback::{ErrorView, Skeleton};
use crate::format::{date, money};
use crate::model::account::{next_invoice, suspended};
use crate::state::use_auth;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let contract = selected_contract();
    let invoices = invoices_resource(contract);
    let services = LocalResource::new(client::services);
    let name = move || {
        auth.session
            .get()
            .map(|s| s.customer.name)
            .unwrap_or_default()
    };
    let first_name = move || {
        name()
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    view! {
        {move || {
            let cut_off = suspended(&services.get().and_then(Result::ok).unwrap_or_default());
            (!cut_off.is_empty()).then(|| view! {
                <div class="banner" role="alert">
                    <strong>"Serviço suspenso: "</strong>
                    {cut_off.iter().map(|s| s.name.clone().unwrap_or_default()).collect::<Vec<_>>().join(", ")}
                    {if auth.features().unlock {
                        view! { ". Pague a fatura em aberto para reativar, ou peça o " <A href="/contratos">"desbloqueio de confiança"</A> "." }.into_any()
                    } else {
                        view! { ". Pague a fatura em aberto para reativar." }.into_any()
                    }}
                </div>
            })
        }}
        {move || auth.session.get().is_some_and(|s| s.customer.inactive).then(|| view! {
            <div class="banner" role="status" data-testid="inactive-notice">
                <strong>"Cadastro inativo. "</strong>
                "O provedor marcou seu cadastro como inativo. Faturas e documentos continuam aqui; para reativar, fale com o atendimento"
                {move || auth.config.get().and_then(|c| c.support_contact().map(|s| format!(": {s}")))}
                "."
            </div>
        })}
        <section class="card">
            <h1 class="card__title">"Olá, " {first_name}</h1>
            <ContractSwitcher base="/"/>
            {move || match invoices.get() {
                None => view! { <Skeleton lines=3/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| invoices.refetch())/> }.into_any(),
                Some(Ok(list)) => match next_invoice(&list) {
                    None => view! { <p class="empty">"Nenhuma fatura em aberto. Tudo em dia!"</p> }.into_any(),
                    Some(i) => {
                        let today = crate::browser::today();
                        view! {
                            <OverdueTotal invoices=list.clone() today=today/>
                            <NextInvoice invoice=i count=list.len() today=today/>
                        }
                        .into_any()
                    }
                },
            }}
        </section>
    }
}

#[component]
fn NextInvoice(invoice: Invoice, count: usize, today: brazil::Date) -> impl IntoView {
    let href = format!("/faturas/{}", invoice.id);
    let linha: Option<String> = invoice
        .linha_digitavel
        .as_ref()
        .map(|l| l.chars().filter(char::is_ascii_digit).collect());
    view! {
        <div class="next-invoice" data-testid="next-invoice">
            <p class="muted">"Próxima fatura"</p>
            <p class="next-invoice__amount" data-testid="next-amount">{money(invoice.amount_due_cents())}</p>
            <p>"Vencimento: " <strong data-testid="next-due">{date(invoice.due_on)}</strong>
                " " <DueChip invoice=invoice.clone() today=today/></p>
            <div class="actions">
                {invoice.pix_code.clone().map(|p| view! { <CopyButton text=p label="código Pix"/> })}
                {linha.map(|l| view! { <CopyButton text=l label="linha digitável"/> })}
            </div>
            <A href=href attr:class="button button--secondary">"Ver fatura, QR Code e boleto"</A>
            {(count > 1).then(|| view! { <p><A href="/faturas">{format!("Ver as {count} faturas em aberto")}</A></p> })}
        </div>
    }
}
