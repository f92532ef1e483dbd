//! What the home and contracts pages pick out of the customer's lists: the overdue invoices
//! and the one to pay next, the suspended services, the services of one contract and those
//! of none.

use api::invoice::DueStatus;
use api::{Contract, Invoice, Service};
use brazil::Date;

/// The open invoices as the home page orders them: what is overdue (oldest first), then the
/// one to pay next among the others.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Urgency {
    pub overdue: Vec<Invoice>,
    pub next: Option<Invoice>,
}

/// Sorts `list` by urgency on `today`. An invoice without a due date is never overdue, and
/// is the next one only when nothing dated is left.
pub fn by_urgency(list: &[Invoice], today: Date) -> Urgency {
    let (mut overdue, rest): (Vec<Invoice>, Vec<Invoice>) = list
        .iter()
        .cloned()
        .partition(|i| i.due_status(today) == DueStatus::Overdue);
    super::order::by_key(&mut overdue, |i| super::order::day(i.due_on));
    Urgency {
        overdue,
        next: rest
            .into_iter()
            .min_by_key(|i| (i.due_on.is_none(), i.due_on)),
    }
}

/// The services that are suspended.
pub fn suspended(services: &[Service]) -> Vec<Service> {
    services.iter().filter(|s| s.suspended).cloned().collect()
}

/// The services tied to the contract `id`.
pub fn of_contract(services: &[Service], id: &str) -> Vec<Service> {
    services
        .iter()
        .filter(|s| s.contract_id.as_deref() == Some(id))
        .cloned()
        .collect()
}

/// The services tied to none of `contracts`, to be listed on their own.
pub fn unlinked(services: &[Service], contracts: &[api::Contract]) -> Vec<Service> {
    services
        .iter()
        .filter(|s| {
            s.contract_id
                .as_deref()
                .is_none_or(|id| contracts.iter().all(|c| c.id != id))
        })
        .cloned()
        .collect()
}

/// The invoices under their contract's name, in the contracts' order, when the customer has
/// several (one group without a name otherwise). Invoices of no known contract come last,
/// under "Outras faturas".
pub fn by_contract(
    invoices: Vec<Invoice>,
    contracts: &[Contract],
) -> Vec<(Option<String>, Vec<Invoice>)> {
    if contracts.len() < 2 {
        return vec![(None, invoices)];
    }
    let mut groups: Vec<(Option<String>, Vec<Invoice>)> = contracts
        .iter()
        .map(|c| (Some(c.name.clone()), Vec::new()))
        .collect();
    let mut others = Vec::new();
    for invoice in invoices {
        match contracts
            .iter()
            .position(|c| invoice.contract_ids.contains(&c.id))
        {
            Some(i) => groups[i].1.push(invoice),
            None => others.push(invoice),
        }
    }
    groups.retain(|(_, list)| !list.is_empty());
    if !others.is_empty() {
        groups.push((Some("Outras faturas".into()), others));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(id: &str, due: Option<&str>) -> Invoice {
        Invoice {
            id: id.into(),
            contract_ids: vec![],
            description: None,
            due_on: due.and_then(api::date::parse_iso),
            overdue: false,
            original_cents: None,
            current_cents: None,
            interest_cents: None,
            fine_cents: None,
            discount_cents: None,
            linha_digitavel: None,
            pix_code: None,
            has_pdf: false,
            unreadable: vec![],
        }
    }

    fn service(id: &str, contract: Option<&str>, suspended: bool) -> Service {
        Service {
            id: id.into(),
            name: None,
            status: None,
            suspended,
            amount_cents: None,
            address: None,
            contract_id: contract.map(str::to_string),
        }
    }

    fn ids(list: &[Invoice]) -> Vec<&str> {
        list.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn overdue_invoices_come_first_and_the_next_is_the_first_still_on_time() {
        let today = api::date::parse_iso("2026-12-01").unwrap();
        let list = [
            invoice("sem-data", None),
            invoice("dezembro", Some("2026-12-10")),
            invoice("outubro", Some("2026-10-10")),
            invoice("hoje", Some("2026-12-01")),
            invoice("setembro", Some("2026-09-10")),
        ];
        let urgency = by_urgency(&list, today);
        assert_eq!(ids(&urgency.overdue), ["setembro", "outubro"]);
        assert_eq!(
            urgency.next.unwrap().id,
            "hoje",
            "due today is not late yet"
        );
        let late_only = by_urgency(&list[2..3], today);
        assert_eq!(ids(&late_only.overdue), ["outubro"]);
        assert_eq!(late_only.next, None);
        let undated = by_urgency(&list[..1], today);
        assert_eq!(undated.next.unwrap().id, "sem-data");
        assert_eq!(by_urgency(&[], today), Urgency::default());
    }

    #[test]
    fn services_are_picked_by_state_and_contract() {
        let list = [
            service("1", Some("c1"), true),
            service("2", Some("c2"), false),
            service("3", None, false),
        ];
        assert_eq!(suspended(&list).len(), 1);
        assert_eq!(of_contract(&list, "c2")[0].id, "2");
        assert!(of_contract(&list, "c3").is_empty());
        let c1 = api::Contract {
            id: "c1".into(),
            name: "Casa".into(),
            status: None,
            plan: None,
            amount_cents: None,
            address: None,
        };
        let alone: Vec<String> = unlinked(&list, &[c1]).into_iter().map(|s| s.id).collect();
        assert_eq!(
            alone,
            ["2", "3"],
            "unknown and missing contracts are listed apart"
        );
    }

    #[test]
    fn invoices_group_under_their_contract_only_when_there_are_several() {
        let invoice = |id: &str, contract: &str| Invoice {
            contract_ids: vec![contract.into()],
            ..invoice(id, None)
        };
        let contract = |id: &str, name: &str| Contract {
            id: id.into(),
            name: name.into(),
            status: None,
            plan: None,
            amount_cents: None,
            address: None,
        };
        let list = vec![
            invoice("1", "B"),
            invoice("2", "A"),
            invoice("3", "Z"),
            invoice("4", "B"),
        ];
        let one = by_contract(list.clone(), &[contract("A", "Casa")]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, None);
        let groups = by_contract(
            list,
            &[
                contract("A", "Casa"),
                contract("B", "Loja"),
                contract("C", "Sítio"),
            ],
        );
        let shape: Vec<(Option<&str>, Vec<&str>)> = groups
            .iter()
            .map(|(n, l)| (n.as_deref(), l.iter().map(|i| i.id.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (Some("Casa"), vec!["2"]),
                (Some("Loja"), vec!["1", "4"]),
                (Some("Outras faturas"), vec!["3"]),
            ]
        );
    }
}
