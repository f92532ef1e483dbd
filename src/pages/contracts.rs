//! Contracts with their services: plan, value, address and status; services the ERP ties to
//! no contract are listed on their own. The unlock follows the ISP's switch.

use api::Service;
use leptos::prelude::*;

use crate::client;
use crate::components::feedback::{ErrorView, Skeleton};
use crate::erased::Loaded;
use crate::format::money;
use crate::model::account::{of_contract, unlinked};
use crate::state::use_auth;

/// The contracts page.
#[component]
pub fn ContractsPage() -> impl IntoView {
    let auth = use_auth();
    let services = Loaded::new(client::services);
    let contracts = move || {
        auth.session
            .get()
            .map(|s| s.customer.contracts)
            .unwrap_or_default()
    };
    view! {
        <h1 class="page-title">"Contratos e serviços"</h1>
        {move || match services.get() {
            None => view! { <section class="card"><Skeleton lines=4/></section> }.into_any(),
            Some(Err(e)) => view! { <section class="card"><ErrorView error=e on_retry=Callback::new(move |()| services.refetch())/></section> }.into_any(),
            Some(Ok(list)) => {
                let contracts = contracts();
                let others = unlinked(&list, &contracts);
                let cards = contracts
                    .into_iter()
                    .map(|c| {
                        let mine = of_contract(&list, &c.id);
                        view! {
                            <section class="card" data-testid="contract">
                                <h2 class="card__subtitle">{c.plan.clone().unwrap_or_else(|| format!("Contrato {}", c.id))}</h2>
                                <dl class="amounts">
                                    <dt>"Contrato"</dt><dd>{c.id.clone()}</dd>
                                    <dt>"Situação"</dt><dd>{c.status.clone().unwrap_or_else(|| "—".into())}</dd>
                                    <dt>"Valor mensal"</dt><dd>{money(c.amount_cents)}</dd>
                                    <dt>"Endereço"</dt><dd>{c.address.clone().unwrap_or(c.name.clone())}</dd>
                                </dl>
                                <Services list=mine/>
                            </section>
                        }
                    })
                    .collect_view();
                view! {
                    {cards}
                    {(!others.is_empty()).then(|| view! {
                        <section class="card" data-testid="other-services">
                            <h2 class="card__subtitle">"Serviços"</h2>
                            <Services list=others/>
                        </section>
                    })}
                }
                .into_any()
            }
        }}
    }
}

/// Services with their status, and the unlock of a suspended one when the ISP offers it.
#[component]
fn Services(list: Vec<Service>) -> impl IntoView {
    let auth = use_auth();
    view! {
        <ul class="service-list">
            {list.into_iter().map(|s| view! {
                <li class="service">
                    <span>{s.name.clone().unwrap_or_default()}</span>
                    <span class=if s.suspended { "badge badge--overdue" } else { "badge" }>{s.status.clone().unwrap_or_default()}</span>
                    {move || (s.suspended && auth.features().unlock).then(|| view! {
                        <a href=format!("/servicos/{}/desbloqueio", s.id) class="button button--primary">
                            "Desbloqueio de confiança"
                        </a>
                    }.into_any())}
                </li>
            }).collect_view()}
        </ul>
    }
}
