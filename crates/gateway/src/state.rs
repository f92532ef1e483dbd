//! What every request handler shares: the configuration, the ERP client, the session keys,
//! the limiters and the code store, built once at start-up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use erp::ErpClient;

use crate::codes::Codes;
use crate::config::{Config, SameSite};
use crate::delivery::Delivery;
use crate::keys::Keys;
use crate::limits::Limiter;
use crate::session::{COOKIE, SECURE_COOKIE, Sessions};

/// Whether `listen` is an address on this machine only.
fn listens_on_loopback(listen: &str) -> bool {
    listen
        .parse::<SocketAddr>()
        .map(|a| a.ip().is_loopback())
        .unwrap_or_else(|_| listen.starts_with("localhost:"))
}

/// Everything a request handler needs.
pub struct AppState {
    pub config: Config,
    pub erp: ErpClient,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub sessions: Sessions,
    /// The portal's own data (sessions, ticket records, limits, codes), shared by every
    /// gateway on the same database.
    pub store: store::Store,
    pub by_document: Limiter,
    pub by_address: Limiter,
    /// Sign-up writes per client address.
    pub signup_writes: Limiter,
    /// Sign-in codes sent per document.
    pub code_sends: Limiter,
    /// Codes sent per document to confirm a contact or a change: a budget apart, so that
    /// confirming contacts never uses up the customer's sign-in codes.
    pub contact_sends: Limiter,
    /// Sign-in codes sent per client address.
    pub code_sends_by_address: Limiter,
    /// Sign-in codes sent in all (one key).
    pub code_sends_total: Limiter,
    /// Code-destination lookups per client address.
    pub lookups: Limiter,
    pub codes: Codes,
    pub delivery: Delivery,
    /// The relying party for passkeys, when `[passkey]` is set.
    pub passkeys: Option<crate::passkeys::Passkeys>,
    /// The proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<crate::net::Block>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Builds the state from a checked configuration.
    ///
    /// # Errors
    /// A message for the operator when the ERP client or sessions cannot be set up.
    pub fn new(config: Config, store: store::Store) -> Result<Shared, String> {
        let metrics = Arc::new(crate::metrics::Metrics::new().map_err(|e| e.to_string())?);
        let erp = ErpClient::new(config.erp_config())
            .map_err(|e| e.to_string())?
            .with_observer(metrics.clone());
        let loopback = listens_on_loopback(&config.listen);
        for channel in api::Channel::ALL {
            if !loopback
                && matches!(
                    config.code.sender(channel),
                    Some(crate::config::SenderConfig::Outbox { .. })
                )
            {
                let key = channel.key();
                return Err(format!(
                    "code.{key}: \"outbox\" grava os códigos num arquivo, só para demonstração e testes; um gateway aberto à rede ({}) precisa de um envio de verdade",
                    config.listen
                ));
            }
        }
        config
            .session
            .secret
            .check_strength()
            .map_err(|why| format!("session.secret: {why}"))?;
        let keys = Keys::derive(&config.session.secret);
        let sessions = Sessions::new(
            &keys,
            config.session.idle_minutes * 60,
            config.session.absolute_hours * 3600,
            store.clone(),
        )
        .map_err(|e| format!("session.secret: {e}"))?;
        let window = Duration::from_secs(config.login.window_s);
        let codes = Codes::new(
            &keys.codes,
            Duration::from_secs(config.code.expires_s),
            config.code.max_tries,
            Duration::from_secs(config.code.resend_after_s),
            store.clone(),
        )
        .map_err(|e| format!("session.secret: {e}"))?;
        let limit = |name: &'static str, max: u32, window: Duration| {
            Limiter::new(name, max, window, &keys.limits, store.clone())
                .map_err(|e| format!("session.secret: {e}"))
        };
        let delivery = Delivery::new(&config.code, &keys.destinations)?;
        let passkeys =
            crate::passkeys::Passkeys::new(&config.passkey, &config.isp.name, &keys.passkeys)?;
        let hour = Duration::from_secs(3600);
        Ok(Arc::new(Self {
            code_sends: limit("codigo_documento", config.code.sends_per_hour, hour)?,
            contact_sends: limit("contato_documento", config.code.sends_per_hour, hour)?,
            code_sends_by_address: limit(
                "codigo_endereco",
                config.code.sends_per_hour_per_ip,
                hour,
            )?,
            code_sends_total: limit("codigo_total", config.code.sends_per_hour_total, hour)?,
            lookups: limit("destinos_endereco", config.login.max_lookups_per_ip, window)?,
            codes,
            delivery,
            passkeys,
            by_document: limit(
                "entrada_documento",
                config.login.max_failures_per_document,
                window,
            )?,
            by_address: limit("entrada_endereco", config.login.max_failures_per_ip, window)?,
            signup_writes: limit("cadastro_endereco", config.limits.signups_per_hour, hour)?,
            trusted_proxies: config.trusted_proxies(),
            config,
            erp,
            metrics,
            sessions,
            store,
        }))
    }

    /// The session cookie's name: `__Host-` wherever the cookie is `Secure`.
    pub fn cookie_name(&self) -> &'static str {
        if self.cookie_is_secure() {
            SECURE_COOKIE
        } else {
            COOKIE
        }
    }

    fn cookie_is_secure(&self) -> bool {
        self.config.session.same_site == SameSite::NonePartitioned
            || self.config.behind_tls
            || !self.listens_on_loopback()
    }

    /// A `Set-Cookie` value for the session cookie.
    pub fn cookie(&self, value: &str, max_age: u64) -> HeaderValue {
        let same_site = if self.config.session.same_site == SameSite::NonePartitioned {
            "SameSite=None; Secure; Partitioned"
        } else if self.cookie_is_secure() {
            "SameSite=Lax; Secure"
        } else {
            "SameSite=Lax"
        };
        let name = self.cookie_name();
        let text = format!("{name}={value}; Path=/; HttpOnly; {same_site}; Max-Age={max_age}");
        HeaderValue::from_str(&text)
            .unwrap_or_else(|_| HeaderValue::from_static("central_sessao=; Max-Age=0"))
    }

    /// Plain HTTP is only for a gateway on this machine (the demo, tests); anywhere else the
    /// cookie is `Secure`.
    pub fn listens_on_loopback(&self) -> bool {
        listens_on_loopback(&self.config.listen)
    }

    /// The cookie that carries a session's id.
    pub fn session_cookie(&self, id: &str) -> HeaderValue {
        self.cookie(id, self.config.session.absolute_hours * 3600)
    }
}
