//! Sign-up without a session: the ERP's plans and lists, a prospect with its documents, a
//! lead when the address is not served, and the prospect's status behind a signed tracking
//! token. Writes are limited per client address.

use std::time::Instant;

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
};
use brazil::PersonKind;
use erp::Parsed;
use erp::types::{FileUpload, NewLead, NewProspect, ProspectAttachment, ProspectService};

use crate::account::base64_of;
use crate::app::{Peer, Shared, client_address};
use crate::error::ApiError;
use crate::uploads;

fn feature(state: &Shared) -> Result<(), ApiError> {
    if state.config.features.signup {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

fn choice(id: &Parsed<String>, name: &Parsed<String>) -> Option<api::Choice> {
    let id = id.text();
    (!id.is_empty()).then(|| api::Choice {
        id: id.to_string(),
        name: name.text().to_string(),
    })
}

pub async fn plans(State(state): State<Shared>) -> Result<Json<Vec<api::Plan>>, ApiError> {
    feature(&state)?;
    let products = state.erp.products().await?;
    Ok(Json(
        products
            .iter()
            .filter(|p| !p.id.text().is_empty())
            .map(|p| api::Plan {
                id: p.id.text().to_string(),
                name: p.name.text().to_string(),
                description: p.description.ok().cloned(),
                price_cents: p.price.ok().map(|c| c.get()),
            })
            .collect(),
    ))
}

pub async fn cities(State(state): State<Shared>) -> Result<Json<Vec<api::Choice>>, ApiError> {
    feature(&state)?;
    Ok(Json(
        state
            .erp
            .cities()
            .await?
            .iter()
            .filter_map(|c| choice(&c.id, &c.name))
            .collect(),
    ))
}

pub async fn due_days(State(state): State<Shared>) -> Result<Json<Vec<api::Choice>>, ApiError> {
    feature(&state)?;
    Ok(Json(
        state
            .erp
            .due_days()
            .await?
            .iter()
            .filter_map(|d| choice(&d.id, &d.label))
            .collect(),
    ))
}

pub async fn origins(State(state): State<Shared>) -> Result<Json<Vec<api::Choice>>, ApiError> {
    feature(&state)?;
    Ok(Json(
        state
            .erp
            .origins()
            .await?
            .iter()
            .filter_map(|o| choice(&o.id, &o.name))
            .collect(),
    ))
}

pub async fn resellers(State(state): State<Shared>) -> Result<Json<Vec<api::Choice>>, ApiError> {
    feature(&state)?;
    Ok(Json(
        state
            .erp
            .resellers()
            .await?
            .iter()
            .filter_map(|r| choice(&r.id, &r.name))
            .collect(),
    ))
}

/// Counts a sign-up write of this client, refusing past the limit.
fn count_write(
    state: &Shared,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> Result<(), ApiError> {
    let address = client_address(state, headers, peer);
    let now = Instant::now();
    state
        .signup_writes
        .check(&address, now)
        .map_err(ApiError::TooManyAttempts)?;
    state.signup_writes.fail(&address, now);
    Ok(())
}

fn required(value: &str, what: &str) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ApiError::Invalid(format!("Informe {what}.")))
    } else {
        Ok(v.to_string())
    }
}

fn cep(value: &str) -> Result<String, ApiError> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        Ok(digits)
    } else {
        Err(ApiError::Invalid("CEP deve ter 8 dígitos.".into()))
    }
}

fn contact<T>(r: Result<T, brazil::ContactError>) -> Result<T, ApiError> {
    r.map_err(|e| ApiError::Invalid(format!("Confira os dados: {e}.")))
}

fn opt(v: &Option<String>) -> Parsed<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .into()
}

/// Creates the prospect once per idempotency key: a second submission of the same form
/// (a double tap, a retry after a lost answer) gets the first one's answer.
pub async fn create_prospect(
    State(state): State<Shared>,
    headers: HeaderMap,
    peer: Peer,
    Json(p): Json<api::NewProspect>,
) -> Result<Json<api::ProspectCreated>, ApiError> {
    feature(&state)?;
    let Some(key) = p
        .idempotency_key
        .clone()
        .filter(|k| !k.is_empty() && k.len() <= 100)
    else {
        return create_prospect_now(&state, &headers, peer.0, p)
            .await
            .map(Json);
    };
    let cell = {
        let mut map = state
            .prospects_by_key
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 10_000 {
            map.clear();
        }
        map.entry(key).or_default().clone()
    };
    cell.get_or_try_init(|| create_prospect_now(&state, &headers, peer.0, p))
        .await
        .cloned()
        .map(Json)
}

async fn create_prospect_now(
    state: &Shared,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    p: api::NewProspect,
) -> Result<api::ProspectCreated, ApiError> {
    let document = crate::app::parse_document(&p.document)?;
    let name = required(&p.name, "o nome")?;
    let email = contact(brazil::contact::email(&p.email))?;
    let mobile = contact(brazil::contact::phone(&p.mobile))?;
    let whatsapp = p
        .whatsapp
        .as_deref()
        .filter(|w| !w.trim().is_empty())
        .map(brazil::contact::phone)
        .transpose();
    let whatsapp = contact(whatsapp)?;
    let company = document.kind() == PersonKind::Company;
    if company && p.legal_name.as_deref().is_none_or(|l| l.trim().is_empty()) {
        return Err(ApiError::Invalid("Informe a razão social.".into()));
    }
    let birth = match p.birth_date.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(b) => Some(
            erp::lenient::parse_date(b)
                .ok_or_else(|| ApiError::Invalid("Data de nascimento inválida.".into()))?,
        ),
        None if !company => return Err(ApiError::Invalid("Informe a data de nascimento.".into())),
        None => None,
    };
    let install = &p.installation;
    let install_cep = cep(&install.cep)?;
    for (value, what) in [
        (&install.street, "a rua"),
        (&install.number, "o número"),
        (&install.district, "o bairro"),
        (&install.city, "a cidade"),
        (&install.state, "o estado"),
    ] {
        required(value, what)?;
    }
    let cities = state.erp.cities().await?;
    let city_choices: Vec<api::Choice> = cities
        .iter()
        .filter_map(|c| choice(&c.id, &c.name))
        .collect();
    if !state
        .config
        .signup_options()
        .serves(&install.city, &city_choices)
    {
        return Err(ApiError::Invalid(format!(
            "Ainda não atendemos {}. Peça para ser avisado.",
            install.city.trim()
        )));
    }
    let plans = state.erp.products().await?;
    if !plans.iter().any(|x| x.id.text() == p.plan_id) {
        return Err(ApiError::Invalid("Escolha um plano da lista.".into()));
    }
    let due_days = state.erp.due_days().await?;
    if !due_days.iter().any(|d| d.id.text() == p.due_day_id) {
        return Err(ApiError::Invalid(
            "Escolha o dia de vencimento da lista.".into(),
        ));
    }
    let checked = uploads::check(&p.documents, &state.config.limits)?;
    count_write(state, headers, peer)?;
    let billing = p.billing.as_ref().unwrap_or(install);
    let prospect = NewProspect {
        name: Parsed::Ok(name),
        legal_name: opt(&p.legal_name),
        person_type: Parsed::Ok(if company { "Jurídica" } else { "Física" }.into()),
        document: Parsed::Ok(document.as_str().to_string()),
        state_registration: opt(&p.state_registration),
        birth_date: birth.into(),
        reseller_id: opt(&p.reseller_id),
        origin_id: opt(&p.origin_id),
        due_day_id: Parsed::Ok(p.due_day_id.clone()),
        cep: Parsed::Ok(install_cep),
        install_street: Parsed::Ok(install.street.trim().into()),
        install_number: Parsed::Ok(install.number.trim().into()),
        install_district: Parsed::Ok(install.district.trim().into()),
        install_city: Parsed::Ok(install.city.trim().into()),
        install_complement: opt(&install.complement),
        install_reference: opt(&install.reference),
        install_state: Parsed::Ok(install.state.trim().into()),
        billing_street: Parsed::Ok(billing.street.trim().into()),
        billing_number: Parsed::Ok(billing.number.trim().into()),
        billing_district: Parsed::Ok(billing.district.trim().into()),
        billing_city: Parsed::Ok(billing.city.trim().into()),
        billing_complement: opt(&billing.complement),
        billing_reference: opt(&billing.reference),
        billing_state: Parsed::Ok(billing.state.trim().into()),
        latitude: opt(&p.latitude),
        longitude: opt(&p.longitude),
        phone: opt(&p.phone),
        mobile: Parsed::Ok(mobile),
        mobile_extra: whatsapp.into(),
        email: Parsed::Ok(email),
        notes: Parsed::Ok(format!("Pedido pelo portal: plano {}", p.plan_id)),
        services: Parsed::Ok(vec![ProspectService {
            id: Parsed::Ok(p.plan_id.clone()),
        }]),
        attachments: Parsed::Ok(
            checked
                .iter()
                .map(|f| ProspectAttachment {
                    name: Parsed::Ok(f.name.clone()),
                    format: Parsed::Ok(f.kind.into()),
                    base64: Parsed::Ok(base64_of(&f.bytes)),
                })
                .collect(),
        ),
    };
    let created = state.erp.create_prospect(&prospect).await?;
    let id = created.id.text().to_string();
    if id.is_empty() {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o ERP não devolveu o número do pedido".into(),
            excerpt: String::new(),
        }));
    }
    // The same files also go through "envio de arquivos", for ERPs that ignore `anexos`.
    for f in &checked {
        let upload = FileUpload {
            prospect_id: Parsed::Ok(id.clone()),
            file_name: Parsed::Ok(f.name.clone()),
            base64: Parsed::Ok(base64_of(&f.bytes)),
            notes: Parsed::Ok("Documento enviado no cadastro pelo portal".into()),
        };
        if let Err(e) = state.erp.upload_file(&upload).await {
            tracing::warn!(prospect = %id, error = %e, "file upload after prospect failed");
        }
    }
    tracing::info!(document = %document.masked(), prospect = %id, files = checked.len(), "prospect created");
    Ok(api::ProspectCreated {
        tracking: state.sessions.sign(&id),
        id,
    })
}

pub async fn create_lead(
    State(state): State<Shared>,
    headers: HeaderMap,
    peer: Peer,
    Json(l): Json<api::NewLead>,
) -> Result<Json<api::Choice>, ApiError> {
    feature(&state)?;
    let name = required(&l.name, "o nome")?;
    let email = l
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(brazil::contact::email)
        .transpose();
    let email = contact(email)?;
    let phone = l
        .phone
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(brazil::contact::phone)
        .transpose();
    let phone = contact(phone)?;
    if email.is_none() && phone.is_none() {
        return Err(ApiError::Invalid(
            "Informe um e-mail ou telefone para avisarmos você.".into(),
        ));
    }
    let document = match l.document.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => Some(crate::app::parse_document(d)?),
        None => None,
    };
    let a = &l.address;
    let cep = cep(&a.cep)?;
    count_write(&state, &headers, peer.0)?;
    let created = state
        .erp
        .create_lead(&NewLead {
            name: Parsed::Ok(name),
            document: document.map(|d| d.as_str().to_string()).into(),
            email: email.into(),
            phone: phone.into(),
            street: Parsed::Ok(a.street.trim().into()),
            number: Parsed::Ok(a.number.trim().into()),
            district: Parsed::Ok(a.district.trim().into()),
            city: Parsed::Ok(a.city.trim().into()),
            state: Parsed::Ok(a.state.trim().into()),
            cep: Parsed::Ok(cep),
            coverage: Parsed::Ok(serde_json::json!({"atendido": false})),
            reseller_id: opt(&l.reseller_id),
            ..NewLead::default()
        })
        .await?;
    Ok(Json(api::Choice {
        id: created.id.text().to_string(),
        name: created.notes.text().to_string(),
    }))
}

pub async fn prospect_status(
    State(state): State<Shared>,
    Path(token): Path<String>,
) -> Result<Json<api::ProspectStatus>, ApiError> {
    feature(&state)?;
    let id = state.sessions.unsign(&token).ok_or(ApiError::NotFound)?;
    let found = state
        .erp
        .prospect_status(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // The status list names the code when the ERP answers with one.
    let statuses = state.erp.prospect_statuses().await.unwrap_or_default();
    let status = found.status.ok().map(|s| {
        statuses
            .iter()
            .find(|k| k.id.text() == s)
            .map_or_else(|| s.clone(), |k| k.name.text().to_string())
    });
    Ok(Json(api::ProspectStatus {
        id,
        status,
        reason: found.reason.ok().cloned(),
    }))
}
