//! The ISP's catalogues (contract §2.8–2.16): plans, resellers, employees, departments, due
//! days, commercial origins, cities, ticket types and prospect statuses.

use erp::Endpoint;
use rusqlite::Connection;

use crate::store;
use crate::wire::{Answer, list_answer};

/// Every record of the catalogue `endpoint` serves.
pub(crate) fn list(db: &Connection, endpoint: Endpoint) -> rusqlite::Result<Answer> {
    let kind = match endpoint {
        Endpoint::Products => "product",
        Endpoint::Resellers => "reseller",
        Endpoint::Employees => "employee",
        Endpoint::Departments => "department",
        Endpoint::DueDays => "due_day",
        Endpoint::Origins => "origin",
        Endpoint::Cities => "city",
        Endpoint::TicketTypes => "ticket_type",
        _ => "prospect_status",
    };
    Ok(list_answer(store::list(db, kind, None)?))
}
