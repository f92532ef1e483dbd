//! Sign-in by one-time code: the masked destinations the ERP holds, sending a code to the
//! one picked, and signing in with it. An unknown document walks through the same screens
//! with destinations derived from the document, so answers and timing do not tell whether
//! somebody is a customer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use api::{Channel, CodeRequest, CodeSent, CodeSignIn, CodeStart, Destination, SignInStep};
use axum::{Json, extract::State, http::HeaderMap, response::Response};
use brazil::CpfOuCnpj;
use brazil::contact::{email, is_mobile, mask_email, mask_phone, phone};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::app::{
    Peer, Shared, admit, client_address, parse_document, policy_for, refuse_slowly, start_session,
};
use crate::codes::IssueError;
use crate::error::ApiError;
use crate::senders::{Outgoing, Sender};

/// The configured senders and how long each usually takes, so that a pretend send for an
/// unknown document lasts as long as a real one.
pub struct Delivery {
    senders: HashMap<Channel, Sender>,
    typical: Mutex<HashMap<Channel, Duration>>,
}

impl Delivery {
    /// Sets up every configured sender.
    ///
    /// # Errors
    /// A message for the operator naming the channel.
    pub fn new(config: &crate::config::CodeSection) -> Result<Self, String> {
        let mut senders = HashMap::new();
        for channel in Channel::ALL {
            if let Some(c) = config.sender(channel) {
                let sender = Sender::new(c).map_err(|e| format!("code.{channel:?}: {e}"))?;
                senders.insert(channel, sender);
            }
        }
        Ok(Self {
            senders,
            typical: Mutex::new(HashMap::new()),
        })
    }

    fn has(&self, channel: Channel) -> bool {
        self.senders.contains_key(&channel)
    }

    fn typical(&self, channel: Channel) -> Duration {
        self.typical
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&channel)
            .copied()
            .unwrap_or(Duration::from_millis(300))
    }

    fn observe(&self, channel: Channel, took: Duration) {
        let mut map = self
            .typical
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = map.get(&channel).copied().unwrap_or(took);
        map.insert(channel, (old * 3 + took) / 4);
    }
}

/// Where the ERP's record lets a code go: the channels with a sender, each with the full
/// address or number.
fn destinations(
    delivery: &Delivery,
    customer: &erp::types::Customer,
) -> Vec<(Channel, String, String)> {
    let mobile = |text: &str| phone(text).ok().filter(|d| is_mobile(d));
    let mut out = Vec::new();
    for channel in Channel::ALL {
        if !delivery.has(channel) {
            continue;
        }
        let found = match channel {
            Channel::Email => email(customer.email.text())
                .ok()
                .map(|e| (mask_email(&e), e)),
            Channel::Whatsapp => mobile(customer.whatsapp.text())
                .or_else(|| mobile(customer.mobile.text()))
                .map(|d| (mask_phone(&d), d)),
            Channel::Sms => mobile(customer.mobile.text()).map(|d| (mask_phone(&d), d)),
        };
        if let Some((masked, full)) = found {
            out.push((channel, masked, full));
        }
    }
    out
}

/// Whether a code can reach the customer at all.
pub(crate) fn reachable(delivery: &Delivery, customer: &erp::types::Customer) -> bool {
    !destinations(delivery, customer).is_empty()
}

/// Plausible masked destinations for a document the ERP does not know, the same on every
/// visit so that asking twice shows nothing new.
fn pretend_destinations(
    state: &crate::app::AppState,
    document: &str,
) -> Vec<(Channel, String, String)> {
    const DOMAINS: [&str; 4] = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br"];
    const DDDS: [&str; 6] = ["81", "11", "21", "31", "71", "85"];
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(
        format!("destinos:{}", state.config.session.secret).as_bytes(),
    ) {
        Ok(m) => m,
        Err(_) => return Vec::new(),
    };
    mac.update(document.as_bytes());
    let b = mac.finalize().into_bytes();
    let letter = char::from(b'a' + b[0] % 26);
    let email_masked = mask_email(&format!("{letter}@{}", DOMAINS[usize::from(b[1]) % 4]));
    let number = format!(
        "{}9{:04}{:04}",
        DDDS[usize::from(b[2]) % DDDS.len()],
        u16::from_le_bytes([b[3], b[4]]) % 10_000,
        u16::from_le_bytes([b[5], b[6]]) % 10_000
    );
    Channel::ALL
        .into_iter()
        .filter(|c| state.delivery.has(*c))
        .map(|c| match c {
            Channel::Email => (c, email_masked.clone(), String::new()),
            Channel::Whatsapp | Channel::Sms => (c, mask_phone(&number), String::new()),
        })
        .collect()
}

/// Where a code can go for `document`; `None` for a document the ERP does not know.
async fn lookup(
    state: &Shared,
    document: &CpfOuCnpj,
) -> Result<Option<Vec<(Channel, String, String)>>, ApiError> {
    let customer = state.erp.customer(document).await?;
    Ok(customer.map(|c| destinations(&state.delivery, &c)))
}

/// `POST /api/v1/sessao/codigo/destinos`: what the second screen asks for.
pub async fn start(
    State(state): State<Shared>,
    headers: HeaderMap,
    Peer(peer): Peer,
    Json(body): Json<CodeStart>,
) -> Result<Json<SignInStep>, ApiError> {
    let now = Instant::now();
    let document = parse_document(&body.document)?;
    let address = client_address(&state, &headers, peer);
    state
        .by_address
        .check(&address, now)
        .map_err(ApiError::TooManyAttempts)?;
    let policy = policy_for(&state, &document);
    let otherwise = || {
        Json(
            policy
                .fallback()
                .map_or(SignInStep::NoDestination, |factor| SignInStep::Factor {
                    factor,
                }),
        )
    };
    if !policy.starts_with_code() {
        return Ok(otherwise());
    }
    let found = match lookup(&state, &document).await? {
        Some(found) if found.is_empty() => return Ok(otherwise()),
        Some(found) => found,
        None => pretend_destinations(&state, document.as_str()),
    };
    Ok(Json(SignInStep::Code {
        destinations: found
            .into_iter()
            .map(|(channel, masked, _)| Destination { channel, masked })
            .collect(),
    }))
}

/// `POST /api/v1/sessao/codigo/envio`: sends a code to the destination picked.
pub async fn send(
    State(state): State<Shared>,
    headers: HeaderMap,
    Peer(peer): Peer,
    Json(body): Json<CodeRequest>,
) -> Result<Json<CodeSent>, ApiError> {
    let started = Instant::now();
    let document = parse_document(&body.document)?;
    let doc_key = document.as_str().to_string();
    let address = client_address(&state, &headers, peer);
    admit(&state, &document, &address, started)?;
    state
        .code_sends
        .check(&doc_key, started)
        .map_err(ApiError::TooManyAttempts)?;
    if !policy_for(&state, &document).starts_with_code() {
        return Err(ApiError::Invalid(
            "Este cadastro não entra por código.".into(),
        ));
    }
    let known = lookup(&state, &document).await?;
    let offered = match &known {
        Some(found) => found.clone(),
        None => pretend_destinations(&state, &doc_key),
    };
    let Some((channel, masked, full)) = offered.into_iter().find(|(c, ..)| *c == body.channel)
    else {
        return Err(ApiError::Invalid(
            "Escolha um dos meios de envio oferecidos.".into(),
        ));
    };
    let code = state.codes.issue(&doc_key, started).map_err(|e| match e {
        IssueError::TooSoon(wait) => ApiError::ResendTooSoon(wait),
        IssueError::NoRandomness => ApiError::Internal("sem aleatoriedade para o código".into()),
    })?;
    state.code_sends.fail(&doc_key, started);
    let expires_in_s = state.config.code.expires_s;
    let sent = CodeSent {
        masked: masked.clone(),
        expires_in_s,
        resend_in_s: state.config.code.resend_after_s,
    };
    if known.is_none() {
        let typical = state.delivery.typical(channel);
        tokio::time::sleep(typical.saturating_sub(started.elapsed())).await;
        tracing::info!(document = %document.masked(), ?channel, "sign-in code for an unknown document not sent");
        return Ok(Json(sent));
    }
    let Some(sender) = state.delivery.senders.get(&channel) else {
        return Err(ApiError::DeliveryFailed(channel));
    };
    let isp = &state.config.isp.name;
    let minutes = expires_in_s.div_ceil(60);
    let message = Outgoing {
        channel,
        to: &full,
        subject: format!("{isp}: seu código de acesso"),
        text: format!(
            "{code} é o seu código de acesso à central do assinante {isp}. Ele vale por {minutes} minuto(s). Se você não pediu este código, ignore esta mensagem."
        ),
        code: &code,
        expires_in_s,
    };
    let sending = Instant::now();
    match sender.send(&message).await {
        Ok(()) => {
            state.delivery.observe(channel, sending.elapsed());
            tracing::info!(document = %document.masked(), ?channel, destination = %masked, "sign-in code sent");
            Ok(Json(sent))
        }
        Err(detail) => {
            state.codes.revoke(&doc_key);
            tracing::warn!(document = %document.masked(), ?channel, destination = %masked, error = %detail, "sign-in code not delivered");
            Err(ApiError::DeliveryFailed(channel))
        }
    }
}

/// `POST /api/v1/sessao/codigo`: signs in with the code received.
pub async fn sign_in(
    State(state): State<Shared>,
    headers: HeaderMap,
    Peer(peer): Peer,
    Json(body): Json<CodeSignIn>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let document = parse_document(&body.document)?;
    let doc_key = document.as_str().to_string();
    let address = client_address(&state, &headers, peer);
    admit(&state, &document, &address, started)?;
    let right = api::typed_code(&body.code)
        .is_some_and(|code| state.codes.verify(&doc_key, &code, started));
    let customer = if right {
        state.erp.customer(&document).await?
    } else {
        None
    };
    let Some(customer) = customer else {
        return Err(
            refuse_slowly(&state, &document, &address, started, ApiError::CodeRefused).await,
        );
    };
    start_session(&state, customer, document, None).await
}
