//! The router: every endpoint at its default route behind the token, the documents, the
//! demo's own pages and switches; and the dispatch of each endpoint to its group.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    response::IntoResponse,
};

use axum::{
    Router,
    body::Bytes,
    middleware,
    routing::{get, post},
};
use erp::Endpoint;

use crate::endpoints::{account, catalogue, customer, prospects};
use crate::wire::{Answer, fields, internal, not_found};
use crate::{DemoErp, Shared, demo, documents, faults};

/// The router: every endpoint at its default route, the documents, and the switches.
pub fn app(erp: Shared) -> Router {
    let mut router = Router::new();
    for endpoint in Endpoint::ALL {
        let route = endpoint.default_route();
        let handler = move |State(erp): State<Shared>,
                            Query(query): Query<HashMap<String, String>>,
                            body: Bytes| async move {
            handle(&erp, endpoint, query, &body).into_response()
        };
        router = match route.method {
            erp::Method::Get => router.route(&route.path, get(handler)),
            erp::Method::Post => router.route(&route.path, post(handler)),
            erp::Method::Put => router.route(&route.path, axum::routing::put(handler)),
        };
    }
    // Two endpoints share a path with different methods: routes above were added one method
    // at a time, and axum merges methods on the same path.
    router
        .route("/documentos/{kind}/{file}", get(documents::document_pdf))
        .route("/_demo/chaves", post(faults::set_switches))
        .route("/_demo/arquivos/{kind}/{id}", get(demo::list_files))
        .route("/_demo/registros/{kind}", get(demo::list_records))
        .route_layer(middleware::from_fn_with_state(
            erp.clone(),
            faults::require_token,
        ))
        .route("/healthz", get(|| async { "ok" }))
        // A public page, like the ISP's own site: no token.
        .route("/_demo/site", get(demo::host_site))
        // Prospects and tickets carry their files in base64: room for a few of the largest.
        .layer(axum::extract::DefaultBodyLimit::max(
            8 * crate::MAX_FILE_BYTES,
        ))
        .with_state(erp)
}

pub(crate) fn handle(
    erp: &DemoErp,
    endpoint: Endpoint,
    query: HashMap<String, String>,
    body: &[u8],
) -> Answer {
    let profile = erp.switches.profile.get();
    if !profile.serves(endpoint) {
        return not_found("endpoint inexistente nesta versão do ERP");
    }
    let f = fields(query, body);
    let result = erp.with_db(|db| {
        Ok(match endpoint {
            // §2.1–2.7: the customer and what belongs to them.
            Endpoint::Customer => customer::lookup(db, &f)?,
            Endpoint::OpenInvoices => customer::open_invoices(db, &f)?,
            Endpoint::Contracts => customer::contracts(db, &f)?,
            Endpoint::NotasFiscais => customer::owned_list(db, &f, "nota")?,
            Endpoint::Statement => customer::owned_list(db, &f, "statement")?,
            Endpoint::Quitacao => customer::owned_list(db, &f, "quitacao")?,
            Endpoint::Services => customer::owned_list(db, &f, "service")?,
            // §2.8–2.16: the ISP's catalogues.
            Endpoint::Products
            | Endpoint::Resellers
            | Endpoint::Employees
            | Endpoint::Departments
            | Endpoint::DueDays
            | Endpoint::Origins
            | Endpoint::Cities
            | Endpoint::TicketTypes
            | Endpoint::ProspectStatuses => catalogue::list(db, endpoint)?,
            // §2.17, 2.18, 2.21, 2.23, 2.25: sign-up.
            Endpoint::CreateProspect => prospects::create_prospect(db, &f)?,
            Endpoint::CreateLead => prospects::create_lead(db, &f)?,
            Endpoint::UpdateProspect => prospects::update_prospect(db, &f)?,
            Endpoint::UploadFile => prospects::upload_file(db, &f)?,
            Endpoint::ProspectStatus => prospects::prospect_status(db, &f)?,
            // §2.19, 2.20, 2.22, 2.24: the customer's requests.
            Endpoint::CreateTicket => account::create_ticket(db, &f)?,
            Endpoint::ProvisionalUnlock => account::unlock(db, &f, erp.today)?,
            Endpoint::UpdateCustomer => account::update_customer(db, &f)?,
            Endpoint::PaymentNotice => account::payment_notice(db, &f, erp.today)?,
        })
    });
    let (status, axum::Json(body)) = result.unwrap_or_else(internal);
    (status, axum::Json(profile.shape(endpoint, body)))
}
