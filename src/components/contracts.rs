//! The customer's contracts as a filter: the one chosen in the URL (`?contrato=`), the open
//! invoices of that choice (the session's own first, the device's copy offline), and the
//! switcher shown when there are several.

use api::{Choice, Invoice};
use leptos::prelude::*;

use crate::client::{self, ClientError};
use crate::components::select::Select;
use crate::erased::Loaded;
use crate::offline;
use crate::router::use_location;
use crate::state::use_auth;

/// The contract chosen in the URL, if any.
pub fn selected_contract() -> Memo<Option<String>> {
    let location = use_location();
    Memo::new(move |_| location.query("contrato").filter(|c| !c.is_empty()))
}

/// Loads the open invoices of the selected contract (all when none is selected). Those that
/// came with the session are there at once, so the first screen is drawn once, not first
/// as a placeholder.
pub fn invoices_resource(
    contract: Memo<Option<String>>,
) -> Loaded<Result<Vec<Invoice>, ClientError>> {
    let auth = use_auth();
    Loaded::new(move || {
        let contract = contract.get();
        let prefetched = contract.is_none().then(|| auth.take_invoices()).flatten();
        async move {
            if let Some(list) = prefetched {
                return Ok(list);
            }
            let all = contract.is_none();
            let wanted = contract.clone();
            match client::invoices(wanted.as_deref()).await {
                Ok(list) => {
                    if all {
                        offline::save_invoices(&list);
                    }
                    auth.stale_since.set(None);
                    Ok(list)
                }
                Err(ClientError::Network) => match offline::load() {
                    Some(snapshot) => {
                        auth.stale_since.set(Some(snapshot.saved_at_ms as f64));
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
    let location = use_location();
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
            let items = list
                .into_iter()
                .map(|c| Choice {
                    id: c.id,
                    name: c.name,
                })
                .collect();
            let on_change = Callback::new(move |value: String| {
                let url = if value.is_empty() {
                    base.clone()
                } else {
                    format!("{base}?contrato={value}")
                };
                location.navigate(&url);
            });
            view! {
                <Select id="contrato" label="Contrato" items empty="Todos os contratos" inline=true
                    value=Signal::derive(move || selected.get().unwrap_or_default()) on_change/>
            }
        })
    }
}
