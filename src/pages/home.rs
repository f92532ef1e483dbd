//! The first screen after sign-in, by urgency: a suspended service and its unlock, what is
//! overdue with its total and one-tap Pix, the next invoice (Pix first, the linha second),
//! and a summary of the contracts.

use api::{Contract, Invoice, Service};
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::CustomAttribute;

use crate::client;
use crate::components::contracts::{ContractSwitcher, invoices_resource, selected_contract};
use crate::components::copy_button::CopyButton;
use crate::components::due::{DueChip, OverdueTotal};
use crate::components::feedback::{ErrorView, Skeleton};
use crate::erased::Loaded;
use crate::format::{date, money};
use crate::model::account::{Urgency, by_urgency, suspended};
use crate::state::use_auth;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let contract = selected_contract();
    let invoices = invoices_resource(contract);
    let services = Loaded::new(client::services);
    let first_name = move || {
        auth.session
            .get()
            .and_then(|s| {
                s.customer
                    .name
                    .split_whitespace()
                    .next()
                    .map(str::to_string)
            })
            .unwrap_or_default()
    };
    let contracts = move || {
        auth.session
            .get()
            .map(|s| s.customer.contracts)
            .unwrap_or_default()
    };
    view! {
        <section class="card">
            <h1 class="card__title">"Olá, " {first_name}</h1>
            <ContractSwitcher base="/"/>
        </section>
        {move || auth.session.get().is_some_and(|s| s.customer.inactive).then(|| view! {
            <div class="banner" role="status" data-testid="inactive-notice">
                <strong>"Cadastro inativo. "</strong>
                "O provedor marcou seu cadastro como inativo. Faturas e documentos continuam aqui; para reativar, fale com o atendimento"
                {move || auth.config.get().and_then(|c| c.support_contact().map(|s| format!(": {s}")))}
                "."
            </div>
        }.into_any())}
        {move || {
            let cut_off = suspended(&services.get().and_then(Result::ok).unwrap_or_default());
            (!cut_off.is_empty()).then(|| view! { <Suspended services=cut_off unlock=auth.features().unlock/> })
        }}
        {move || match invoices.get() {
            None => view! { <section class="card"><Skeleton lines=3/></section> }.into_any(),
            Some(Err(e)) => view! {
                <section class="card"><ErrorView error=e on_retry=Callback::new(move |()| invoices.refetch())/></section>
            }.into_any(),
            Some(Ok(list)) => {
                let today = crate::browser::today();
                let Urgency { overdue, next } = by_urgency(&list, today);
                if overdue.is_empty() && next.is_none() {
                    view! {
                        <section class="card" data-testid="all-paid">
                            <h2 class="card__subtitle">"Faturas"</h2>
                            <p class="empty">"Nenhuma fatura em aberto. Tudo em dia!"</p>
                        </section>
                    }.into_any()
                } else {
                    let more = list.len().saturating_sub(overdue.len() + usize::from(next.is_some()));
                    view! {
                        {(!overdue.is_empty()).then(|| view! { <Overdue invoices=overdue today/> })}
                        {next.map(|i| view! { <NextInvoice invoice=i today/> })}
                        {(more > 0).then(|| view! {
                            <p><a href="/faturas">{format!("Ver todas as {} faturas em aberto", list.len())}</a></p>
                        })}
                    }.into_any()
                }
            }
        }}
        {move || {
            let list = contracts();
            (!list.is_empty()).then(|| view! { <ContractSummary contracts=list/> })
        }}
    }
}

/// The suspended services, each with the way back: pay, or ask for the unlock on trust.
#[component]
fn Suspended(services: Vec<Service>, unlock: bool) -> impl IntoView {
    let title = if services.len() == 1 {
        "Serviço suspenso"
    } else {
        "Serviços suspensos"
    };
    view! {
        <section class="card card--alert" aria-labelledby="suspenso-titulo" data-testid="suspended">
            <h2 id="suspenso-titulo" class="card__subtitle">{title}</h2>
            <ul class="service-list">
                {services.into_iter().map(|s| {
                    let href = format!("/servicos/{}/desbloqueio", s.id);
                    view! {
                        <li class="suspended">
                            <p><strong>{s.name.unwrap_or_else(|| format!("Serviço {}", s.id))}</strong>
                                {s.address.map(|a| view! { <br/><span class="muted">{a}</span> })}</p>
                            {unlock.then(|| view! {
                                <a href=href class="button button--primary">"Pedir desbloqueio de confiança"</a>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="hint">"Pague a fatura em aberto para reativar"
                {unlock.then_some(", ou peça o desbloqueio enquanto o pagamento é confirmado")}"."</p>
        </section>
    }
}

/// The overdue invoices, oldest first, with their total and the Pix of each.
#[component]
fn Overdue(invoices: Vec<Invoice>, today: brazil::Date) -> impl IntoView {
    view! {
        <section class="card card--alert" aria-labelledby="vencidas-titulo" data-testid="overdue">
            <h2 id="vencidas-titulo" class="card__subtitle">"Faturas vencidas"</h2>
            <OverdueTotal invoices=invoices.clone() today/>
            <ul class="invoice-list">
                {invoices.into_iter().map(|i| {
                    let href = format!("/faturas/{}", i.id);
                    view! {
                        <li class="overdue-invoice" data-testid="overdue-invoice">
                            <p>
                                <strong>{money(i.amount_due_cents())}</strong>
                                " — venceu em " {date(i.due_on)} " "
                                <DueChip invoice=i.clone() today/>
                            </p>
                            <div class="actions">
                                {i.pix_code.clone().map(|p| view! { <CopyButton text=p label="código Pix" primary=true/> })}
                                <a href=href class="button button--secondary">"Ver fatura"</a>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The next invoice still on time: Pix copy as the main action, the linha beside it.
#[component]
fn NextInvoice(invoice: Invoice, today: brazil::Date) -> impl IntoView {
    let href = format!("/faturas/{}", invoice.id);
    let linha: Option<String> = invoice
        .linha_digitavel
        .as_ref()
        .map(|l| l.chars().filter(char::is_ascii_digit).collect());
    view! {
        <section class="card next-invoice" aria-labelledby="proxima-titulo" data-testid="next-invoice">
            <h2 id="proxima-titulo" class="card__subtitle">"Próxima fatura"</h2>
            {view! { <p class="next-invoice__amount" data-testid="next-amount">{money(invoice.amount_due_cents())}</p> }.attr("elementtiming", "faturas")}
            <p>"Vencimento: " <strong data-testid="next-due">{date(invoice.due_on)}</strong>
                " " <DueChip invoice=invoice.clone() today/></p>
            <div class="actions">
                {invoice.pix_code.clone().map(|p| view! { <CopyButton text=p label="código Pix" primary=true share=true/> })}
                {linha.map(|l| view! { <CopyButton text=l label="linha digitável"/> })}
            </div>
            <a href=href class="button button--secondary">"Ver fatura, QR Code e boleto"</a>
        </section>
    }
}

/// Each contract's plan, monthly value and status, with the way to its services.
#[component]
fn ContractSummary(contracts: Vec<Contract>) -> impl IntoView {
    let title = if contracts.len() == 1 {
        "Seu contrato"
    } else {
        "Seus contratos"
    };
    view! {
        <section class="card" aria-labelledby="contratos-titulo" data-testid="contract-summary">
            <h2 id="contratos-titulo" class="card__subtitle">{title}</h2>
            <ul class="service-list">
                {contracts.into_iter().map(|c| view! {
                    <li class="service" data-testid="contract-summary-item">
                        <span>
                            <strong>{c.plan.clone().unwrap_or_else(|| c.name.clone())}</strong><br/>
                            <span class="muted">{c.name.clone()}</span>
                        </span>
                        <span class="service__side">
                            {c.amount_cents.map(|v| view! { <span>{money(Some(v))} "/mês"</span><br/> })}
                            {c.status.clone().map(|s| view! { <span class="badge">{s}</span> })}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
            <a href="/contratos">"Ver contratos e serviços"</a>
        </section>
    }
}
