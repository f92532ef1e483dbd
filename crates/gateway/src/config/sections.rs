//! The configuration's tables, each with its defaults written once, in its `Default`.

use std::collections::HashMap;
use std::path::PathBuf;

use api::{AttachmentLimits, Policy};
use brazil::PersonKind;
use serde::Deserialize;

use super::Secret;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ErpSection {
    pub base_url: String,
    /// Better given as `CENTRAL_ERP_TOKEN`.
    pub token: Secret,
    pub token_header: String,
    pub token_scheme: String,
    pub connect_timeout_ms: u64,
    pub read_timeout_ms: u64,
    pub retries: u32,
    /// Endpoint key → `"METHOD /path"`, for the ones an ERP serves elsewhere.
    pub routes: HashMap<String, String>,
    /// GET endpoints (by key) whose fields this ERP reads from a JSON body instead of the
    /// query string, as the contract's examples show them.
    pub get_json_body: Vec<String>,
    /// Hosts besides the ERP's own that its PDF links may point to (a storage service).
    pub file_hosts: Vec<String>,
    /// `situacao` values (any case) that mean a service is suspended.
    pub suspended_statuses: Vec<String>,
    /// Failures in a row (no connection, timeout, 5xx) after which an endpoint is answered
    /// at once, without calling the ERP, for `breaker_open_s`.
    pub breaker_failures: u32,
    pub breaker_open_s: u64,
}

impl Default for ErpSection {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            token: Secret::default(),
            token_header: "Authorization".into(),
            token_scheme: "Bearer".into(),
            connect_timeout_ms: 3_000,
            read_timeout_ms: 10_000,
            retries: 2,
            routes: HashMap::new(),
            get_json_body: Vec::new(),
            file_hosts: Vec::new(),
            suspended_statuses: vec!["suspenso".into(), "bloqueado".into()],
            breaker_failures: 5,
            breaker_open_s: 10,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginSection {
    /// Factors for people, strong ones first: `["passkey", "code", "birth_date"]` (the
    /// default) offers a passkey or a code to whoever set one up and the birth date only to
    /// customers with neither. Unset, the default for the deployment: see [`Self::settle`].
    pub cpf: Option<Policy>,
    pub cnpj: Option<Policy>,
    /// Failed sign-ins allowed per document within the window.
    pub max_failures_per_document: u32,
    /// Failed sign-ins allowed per client address within the window.
    pub max_failures_per_ip: u32,
    /// Code-destination lookups (each one an ERP call) per client address within the window.
    pub max_lookups_per_ip: u32,
    pub window_s: u64,
    /// Every failed sign-in takes at least this long, known document or not.
    pub failure_floor_ms: u64,
    /// What a customer the ERP marks inactive (`ativo` false) gets on sign-in.
    pub inactive: Inactive,
    /// The policies in force, people then companies: set by [`Self::settle`].
    #[serde(skip)]
    policies: [Policy; 2],
}

/// How the portal treats a customer the ERP marks inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inactive {
    /// Signs in, with a notice on sign-in and at home.
    #[default]
    Notice,
    /// Refused after the right factor, with a message to call the ISP.
    Refuse,
}

impl Default for LoginSection {
    fn default() -> Self {
        Self {
            cpf: None,
            cnpj: None,
            policies: [
                Policy::default_for(PersonKind::Individual, false),
                Policy::default_for(PersonKind::Company, false),
            ],
            max_failures_per_document: 5,
            max_failures_per_ip: 30,
            max_lookups_per_ip: 60,
            window_s: 15 * 60,
            failure_floor_ms: 600,
            inactive: Inactive::Notice,
        }
    }
}

impl LoginSection {
    /// The sign-in policy for a person type.
    pub fn policy(&self, kind: PersonKind) -> &Policy {
        match kind {
            PersonKind::Individual => &self.policies[0],
            PersonKind::Company => &self.policies[1],
        }
    }

    /// Puts the written policies in force, and the defaults where none is written: with a
    /// code only when some channel can send one, with a passkey only when `[passkey]` is set.
    pub fn settle(&mut self, codes: bool, passkeys: bool) {
        let default = |kind| {
            let mut p = Policy::default_for(kind, codes);
            p.0.retain(|f| passkeys || *f != api::Factor::Passkey);
            p
        };
        self.policies = [
            self.cpf
                .clone()
                .unwrap_or_else(|| default(PersonKind::Individual)),
            self.cnpj
                .clone()
                .unwrap_or_else(|| default(PersonKind::Company)),
        ];
    }
}

/// One-time sign-in codes: how long they live and how they are delivered.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeSection {
    pub expires_s: u64,
    /// Wrong codes accepted before the code is void.
    pub max_tries: u32,
    pub resend_after_s: u64,
    /// Codes sent per document per hour, so nobody's phone can be flooded.
    pub sends_per_hour: u32,
    /// Codes sent per client address per hour, so one client cannot flood many phones.
    pub sends_per_hour_per_ip: u32,
    /// Codes sent per hour in all, a ceiling on what a botnet can cost in messages.
    pub sends_per_hour_total: u32,
    pub email: Option<SenderConfig>,
    pub whatsapp: Option<SenderConfig>,
    pub sms: Option<SenderConfig>,
}

impl Default for CodeSection {
    fn default() -> Self {
        Self {
            expires_s: 5 * 60,
            max_tries: 5,
            resend_after_s: 60,
            sends_per_hour: 5,
            sends_per_hour_per_ip: 10,
            sends_per_hour_total: 500,
            email: None,
            whatsapp: None,
            sms: None,
        }
    }
}

impl CodeSection {
    /// The sender configured for `channel`.
    pub fn sender(&self, channel: api::Channel) -> Option<&SenderConfig> {
        match channel {
            api::Channel::Email => self.email.as_ref(),
            api::Channel::Whatsapp => self.whatsapp.as_ref(),
            api::Channel::Sms => self.sms.as_ref(),
        }
    }
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    #[default]
    Starttls,
    Tls,
    /// Plain SMTP, only for a server on this machine.
    None,
}

/// How codes reach one channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "sender", rename_all = "lowercase", deny_unknown_fields)]
pub enum SenderConfig {
    /// An SMTP server (e-mail).
    Smtp {
        host: String,
        #[serde(default = "smtp_port")]
        port: u16,
        #[serde(default)]
        tls: SmtpTls,
        #[serde(default)]
        username: String,
        /// Better given as `CENTRAL_SMTP_PASSWORD`.
        #[serde(default)]
        password: Secret,
        /// `Provedor <nao-responda@provedor.com.br>`.
        from: String,
        #[serde(default = "sender_timeout_ms")]
        timeout_ms: u64,
    },
    /// An HTTP endpoint of a WhatsApp or SMS provider (or the ISP's own relay).
    Webhook {
        url: String,
        /// Sent as `Authorization: Bearer …`; better given as `CENTRAL_WEBHOOK_TOKEN`.
        #[serde(default)]
        token: Secret,
        #[serde(default = "sender_timeout_ms")]
        timeout_ms: u64,
    },
    /// Appends each message as a JSON line to a file: for the demo and tests only.
    Outbox { path: PathBuf },
}

// Serde's internally tagged enums take per-field defaults only as functions.
fn smtp_port() -> u16 {
    587
}
fn sender_timeout_ms() -> u64 {
    10_000
}

/// Which cookies an embedded portal needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SameSite {
    /// The portal on its own site.
    #[default]
    Lax,
    /// Embedded in another site: a cross-site cookie, partitioned by the embedding site.
    NonePartitioned,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSection {
    /// Keys session cookies, codes and tracking links; at least 32 random characters. Better
    /// given as `CENTRAL_SESSION_SECRET`, or left to `secret_file`.
    pub secret: Secret,
    /// Where the secret is kept when none is given: generated there (mode 0600) on first
    /// start. Relative paths are from the working directory.
    pub secret_file: Option<std::path::PathBuf>,
    pub idle_minutes: u64,
    pub absolute_hours: u64,
    pub same_site: SameSite,
}

impl Default for SessionSection {
    fn default() -> Self {
        Self {
            secret: Secret::default(),
            secret_file: None,
            idle_minutes: 30,
            absolute_hours: 12,
            same_site: SameSite::Lax,
        }
    }
}

/// Where the portal keeps its own data (sessions).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSection {
    /// `sqlite://PATH` (embedded, one gateway) or `postgres://USER:PASSWORD@HOST/DB` (shared
    /// by several gateways). Better given as `CENTRAL_STORE_URL` when it holds a password.
    pub url: Secret,
    /// How often expired rows are deleted.
    pub purge_minutes: u64,
}

impl Default for StoreSection {
    fn default() -> Self {
        Self {
            url: Secret::new("sqlite://.central/central.db"),
            purge_minutes: 10,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsSection {
    pub attachment_bytes: u64,
    pub attachments_total_bytes: u64,
    pub attachments: u32,
    pub pdf_bytes: u64,
    /// Sign-up writes (prospects, leads) per client address per hour.
    pub signups_per_hour: u32,
    /// An API request that takes longer is answered with a timeout (above the ERP's own
    /// timeouts and retries).
    pub request_timeout_s: u64,
    /// API requests served at once; more wait their turn.
    pub concurrent_requests: usize,
}

impl Default for LimitsSection {
    fn default() -> Self {
        let files = AttachmentLimits::default();
        Self {
            attachment_bytes: files.max_bytes,
            attachments_total_bytes: files.max_total_bytes,
            attachments: files.max_count,
            pdf_bytes: 10 * 1_048_576,
            signups_per_hour: 10,
            request_timeout_s: 45,
            concurrent_requests: 512,
        }
    }
}

impl LimitsSection {
    /// The attachment rules the browser and the gateway apply.
    pub fn attachments(&self) -> AttachmentLimits {
        AttachmentLimits {
            max_bytes: self.attachment_bytes,
            max_count: self.attachments,
            max_total_bytes: self.attachments_total_bytes,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IspSection {
    pub name: String,
    /// The ISP's CNPJ, printed as the beneficiary on the boletos the portal draws.
    pub cnpj: Option<String>,
    pub logo_url: Option<String>,
    pub primary_color: String,
    pub support_phone: Option<String>,
    pub support_whatsapp: Option<String>,
    pub support_email: Option<String>,
}

impl Default for IspSection {
    fn default() -> Self {
        Self {
            name: "Provedor Demo".into(),
            cnpj: None,
            logo_url: None,
            primary_color: "#0b5fff".into(),
            support_phone: None,
            support_whatsapp: None,
            support_email: None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbedSection {
    /// Origins (`https://www.provedor.com.br`) allowed to show the portal in a frame.
    pub origins: Vec<String>,
}

/// Passkeys (WebAuthn): bound to the portal's public address, off until it is set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasskeySection {
    /// The address subscribers open the portal at (`https://central.provedor.com.br`); the
    /// installed app and the ISP's frame use it too. `http://` only for `localhost`.
    pub origin: Option<String>,
    /// The relying party id: the origin's host unless set to a parent domain
    /// (`provedor.com.br`) so that passkeys also work on the ISP's other hosts.
    pub rp_id: Option<String>,
    /// More origins under `rp_id` that may use the same passkeys.
    pub extra_origins: Vec<String>,
}

/// Where Prometheus reads the metrics: a listen address apart from the portal's, off by
/// default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSection {
    pub listen: Option<String>,
}

/// How tickets reach the ERP.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TicketsSection {
    /// Ticket type id → department id. A type listed here goes to its department and the
    /// customer is not asked for one.
    pub department_by_type: std::collections::BTreeMap<String, String>,
}
