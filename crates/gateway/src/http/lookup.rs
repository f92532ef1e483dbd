//! What the ERP says of the signed-in customer, with the answers the contract leaves to the
//! portal: contracts when endpoint 3 is missing or failing (the lookup's `id_contrato`), and
//! services tied to the customer's only contract when the ERP does not link them.

use api::Contract;
use brazil::CpfOuCnpj;

use super::dto;
use crate::state::AppState;

/// The contract the lookup names, as the only one when endpoint 3 gives nothing.
pub fn lookup_contract(contract_id: &str) -> Vec<Contract> {
    if contract_id.is_empty() {
        return Vec::new();
    }
    vec![Contract {
        id: contract_id.to_string(),
        name: format!("Contrato {contract_id}"),
        status: None,
        plan: None,
        amount_cents: None,
        address: None,
    }]
}

/// The customer's contracts from endpoint 3, or the lookup's one when the ERP lacks it,
/// times out or answers something unreadable.
pub fn contracts_or_lookup(
    listed: Result<Vec<erp::types::Contract>, erp::ErpError>,
    contract_id: &str,
) -> Vec<Contract> {
    match listed {
        Ok(list) if !list.is_empty() => list.iter().map(dto::contract).collect(),
        Ok(_) => lookup_contract(contract_id),
        Err(e) => {
            tracing::info!(error = %e, "contracts from the customer lookup");
            lookup_contract(contract_id)
        }
    }
}

/// The customer's contracts, asking endpoint 3 first.
pub async fn contracts(state: &AppState, document: &CpfOuCnpj, contract_id: &str) -> Vec<Contract> {
    contracts_or_lookup(state.erp.contracts(document).await, contract_id)
}

/// A service's contract: the ERP's link when it sends one, else the only contract.
pub fn service_contract(service: &erp::types::Service, contracts: &[Contract]) -> Option<String> {
    dto::opt(&service.contract_id).or_else(|| match contracts {
        [only] => Some(only.id.clone()),
        _ => None,
    })
}
