//! The gateway's configuration: one TOML file, secrets from the environment, and checks that
//! stop start-up with a message naming the key that is wrong.

mod secret;
mod sections;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use api::{Features, SignupOptions};
use brazil::PersonKind;
use erp::{Endpoint, ErpConfig, Method, Route};
use serde::Deserialize;

pub use secret::Secret;
pub use sections::{
    CodeSection, EmbedSection, ErpSection, Inactive, IspSection, LimitsSection, LoginSection,
    MetricsSection, PasskeySection, SameSite, SenderConfig, SessionSection, SmtpTls, StoreSection,
    TicketsSection,
};

/// The whole configuration, as read from `central.toml` (see `central.example.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: String,
    pub dist: PathBuf,
    /// Set when a TLS proxy is in front: cookies become `Secure` and HSTS is sent.
    pub behind_tls: bool,
    /// Read the client address from `X-Forwarded-For` when the connection comes from one
    /// of `trusted_proxies`: the rightmost hop that is not one of them.
    pub trust_forwarded_for: bool,
    /// The proxies in front of the gateway, as addresses or CIDR blocks.
    pub trusted_proxies: Vec<String>,
    pub erp: ErpSection,
    pub login: LoginSection,
    pub session: SessionSection,
    pub store: StoreSection,
    pub limits: LimitsSection,
    pub isp: IspSection,
    pub features: Features,
    pub embed: EmbedSection,
    pub signup: SignupOptions,
    pub code: CodeSection,
    pub metrics: MetricsSection,
    pub tickets: TicketsSection,
    pub passkey: PasskeySection,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            dist: PathBuf::from("dist"),
            behind_tls: false,
            trust_forwarded_for: false,
            trusted_proxies: vec!["127.0.0.1".into(), "::1".into()],
            erp: ErpSection::default(),
            login: LoginSection::default(),
            session: SessionSection::default(),
            store: StoreSection::default(),
            limits: LimitsSection::default(),
            isp: IspSection::default(),
            features: Features::default(),
            embed: EmbedSection::default(),
            signup: SignupOptions::default(),
            code: CodeSection::default(),
            metrics: MetricsSection::default(),
            tickets: TicketsSection::default(),
            passkey: PasskeySection::default(),
        }
    }
}

/// Why the configuration cannot be used; the message names the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads and checks the file at `path`, with environment overrides from `env`.
    ///
    /// # Errors
    /// [`ConfigError`] naming the file and the key.
    pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        let mut config =
            Self::parse(&text, env).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        if config.session.secret.is_empty()
            && let Some(file) = &config.session.secret_file
        {
            let secret = Secret::load_or_create(file)
                .map_err(|e| ConfigError(format!("chave `session.secret_file`: {e}")))?;
            secret.check_strength().map_err(|why| {
                ConfigError(format!(
                    "chave `session.secret_file`: o segredo em {} {why}",
                    file.display()
                ))
            })?;
            config.session.secret = secret;
        }
        Ok(config)
    }

    /// Reads and checks configuration text.
    ///
    /// # Errors
    /// [`ConfigError`] naming the key.
    pub fn parse(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        if let Some(token) = env("CENTRAL_ERP_TOKEN") {
            config.erp.token = Secret::new(token);
        }
        if let Some(secret) = env("CENTRAL_SESSION_SECRET") {
            config.session.secret = Secret::new(secret);
        }
        if let Some(url) = env("CENTRAL_STORE_URL") {
            config.store.url = Secret::new(url);
        }
        if let Some(url) = env("CENTRAL_ERP_BASE_URL") {
            config.erp.base_url = url;
        }
        for sender in [
            &mut config.code.email,
            &mut config.code.whatsapp,
            &mut config.code.sms,
        ]
        .into_iter()
        .flatten()
        {
            match sender {
                SenderConfig::Smtp { password, .. } => {
                    if let Some(p) = env("CENTRAL_SMTP_PASSWORD") {
                        *password = Secret::new(p);
                    }
                }
                SenderConfig::Webhook { token, .. } => {
                    if let Some(t) = env("CENTRAL_WEBHOOK_TOKEN") {
                        *token = Secret::new(t);
                    }
                }
                SenderConfig::Outbox { .. } => {}
            }
        }
        let codes = api::Channel::ALL
            .iter()
            .any(|c| config.code.sender(*c).is_some());
        config.login.settle(codes, config.passkey.origin.is_some());
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("chave `{key}`: {why}")));
        if !(self.erp.base_url.starts_with("http://") || self.erp.base_url.starts_with("https://"))
        {
            return bad("erp.base_url", "deve começar com http:// ou https://");
        }
        if self.erp.token.is_empty() {
            return bad("erp.token", "vazio; defina-o ou use CENTRAL_ERP_TOKEN");
        }
        if self.session.secret.is_empty() {
            if self.session.secret_file.is_none() {
                return bad(
                    "session.secret",
                    "vazio; defina session.secret_file (gerado na primeira partida) ou CENTRAL_SESSION_SECRET",
                );
            }
        } else if let Err(why) = self.session.secret.check_strength() {
            return bad("session.secret", &why.to_string());
        }
        if self.session.idle_minutes == 0 || self.session.absolute_hours == 0 {
            return bad(
                "session.idle_minutes",
                "tempos de sessão devem ser maiores que zero",
            );
        }
        let store = self.store.url.expose();
        if !(store.starts_with("sqlite:")
            || store.starts_with("postgres://")
            || store.starts_with("postgresql://"))
        {
            return bad(
                "store.url",
                "deve começar com sqlite:// (um gateway) ou postgres:// (vários)",
            );
        }
        if self.store.purge_minutes == 0 {
            return bad("store.purge_minutes", "deve ser maior que zero");
        }
        if self.limits.request_timeout_s == 0 || self.limits.concurrent_requests == 0 {
            return bad(
                "limits.request_timeout_s",
                "tempo e número de requisições devem ser maiores que zero",
            );
        }
        if self.limits.attachments == 0 || self.limits.attachment_bytes == 0 {
            return bad(
                "limits.attachments",
                "limites de anexo devem ser maiores que zero",
            );
        }
        for origin in &self.embed.origins {
            let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
                .iter()
                .any(|l| origin == l || origin.starts_with(&format!("{l}:")));
            if !(origin.starts_with("https://") || loopback) || origin.ends_with('/') {
                return bad(
                    "embed.origins",
                    &format!(
                        "{origin:?} deve ser uma origem https como https://www.provedor.com.br (http só nesta máquina)"
                    ),
                );
            }
        }
        if let Some(listen) = &self.metrics.listen {
            if listen.parse::<std::net::SocketAddr>().is_err() {
                return bad("metrics.listen", "use um endereço como \"127.0.0.1:9090\"");
            }
            if *listen == self.listen {
                return bad(
                    "metrics.listen",
                    "precisa ser outro endereço que o do portal: as métricas não são públicas",
                );
            }
        }
        if let Some(cnpj) = &self.isp.cnpj
            && brazil::Cnpj::parse(cnpj).is_err()
        {
            return bad("isp.cnpj", "não é um CNPJ válido");
        }
        if let Some(bad_proxy) = self
            .trusted_proxies
            .iter()
            .find(|p| crate::net::Block::parse(p).is_none())
        {
            return bad(
                "trusted_proxies",
                &format!("{bad_proxy:?} não é um endereço IP nem um bloco como 10.0.0.0/8"),
            );
        }
        self.erp_routes()?;
        if let Some(key) = self
            .erp
            .get_json_body
            .iter()
            .find(|k| Endpoint::from_key(k).is_none())
        {
            return bad(
                &format!("erp.get_json_body.{key}"),
                "endpoint desconhecido; use as chaves de [erp.routes]",
            );
        }
        for (key, kind) in [
            ("cpf", PersonKind::Individual),
            ("cnpj", PersonKind::Company),
        ] {
            if !self.login.policy(kind).is_valid() {
                return bad(
                    &format!("login.{key}"),
                    "use \"passkey\" e/ou \"code\" primeiro, e depois no máximo um fator do ERP, como [\"passkey\", \"code\", \"birth_date\"]",
                );
            }
        }
        self.check_code()?;
        let passkey_asked = self.login.policy(PersonKind::Individual).has_passkey()
            || self.login.policy(PersonKind::Company).has_passkey();
        if passkey_asked && self.passkey.origin.is_none() {
            return bad(
                "passkey.origin",
                "o login com chave de acesso (\"passkey\") precisa do endereço público do portal",
            );
        }
        if let Err(why) = crate::passkeys::Passkeys::new(&self.passkey, &self.isp.name, &[0; 32]) {
            return Err(ConfigError(why));
        }
        Ok(())
    }

    fn check_code(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("chave `code.{key}`: {why}")));
        let uses_code = self.login.policy(PersonKind::Individual).has_code()
            || self.login.policy(PersonKind::Company).has_code();
        if uses_code
            && api::Channel::ALL
                .iter()
                .all(|c| self.code.sender(*c).is_none())
        {
            return bad(
                "email",
                "o login por código precisa de ao menos um envio: [code.email], [code.whatsapp] ou [code.sms]",
            );
        }
        if self.code.expires_s == 0 || self.code.max_tries == 0 || self.code.sends_per_hour == 0 {
            return bad(
                "expires_s",
                "validade, tentativas e envios devem ser maiores que zero",
            );
        }
        for channel in api::Channel::ALL {
            let key = channel.key();
            match self.code.sender(channel) {
                Some(SenderConfig::Smtp {
                    host, tls, from, ..
                }) => {
                    let local = matches!(host.as_str(), "127.0.0.1" | "::1" | "localhost");
                    if *tls == SmtpTls::None && !local {
                        return bad(
                            &format!("{key}.tls"),
                            "\"none\" só é aceito para um servidor SMTP nesta máquina",
                        );
                    }
                    if from.parse::<lettre::message::Mailbox>().is_err() {
                        return bad(
                            &format!("{key}.from"),
                            "use um remetente como \"Provedor <nao-responda@provedor.com.br>\"",
                        );
                    }
                }
                Some(SenderConfig::Webhook { url, .. }) => {
                    if !(url.starts_with("https://") || url.starts_with("http://127.0.0.1")) {
                        return bad(
                            &format!("{key}.url"),
                            "deve começar com https:// (http só para 127.0.0.1)",
                        );
                    }
                }
                Some(SenderConfig::Outbox { .. }) | None => {}
            }
        }
        Ok(())
    }

    fn erp_routes(&self) -> Result<HashMap<Endpoint, Route>, ConfigError> {
        let mut out = HashMap::new();
        for (key, value) in &self.erp.routes {
            let endpoint = Endpoint::from_key(key).ok_or_else(|| {
                ConfigError(format!("chave `erp.routes.{key}`: endpoint desconhecido"))
            })?;
            let (method, path) = value
                .split_once(' ')
                .and_then(|(m, p)| Some((Method::parse(m)?, p.trim())))
                .filter(|(_, p)| p.starts_with('/'))
                .ok_or_else(|| {
                    ConfigError(format!("chave `erp.routes.{key}`: use \"GET /caminho\""))
                })?;
            out.insert(
                endpoint,
                Route {
                    method,
                    path: path.to_string(),
                },
            );
        }
        Ok(out)
    }

    /// The ERP client's configuration.
    pub fn erp_config(&self) -> ErpConfig {
        let mut c = ErpConfig::new(&self.erp.base_url, self.erp.token.expose());
        c.token_header = self.erp.token_header.clone();
        c.token_scheme = self.erp.token_scheme.clone();
        c.connect_timeout = Duration::from_millis(self.erp.connect_timeout_ms);
        c.read_timeout = Duration::from_millis(self.erp.read_timeout_ms);
        c.retries = self.erp.retries;
        c.routes = self.erp_routes().unwrap_or_default();
        c.file_hosts = self.erp.file_hosts.clone();
        c.breaker = erp::link::BreakerConfig {
            failures: self.erp.breaker_failures.max(1),
            open_for: Duration::from_secs(self.erp.breaker_open_s.max(1)),
        };
        c.get_json_body = self
            .erp
            .get_json_body
            .iter()
            .filter_map(|k| Endpoint::from_key(k))
            .collect();
        c
    }

    /// The trusted proxies, parsed (the configuration check refuses unreadable ones).
    pub fn trusted_proxies(&self) -> Vec<crate::net::Block> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| crate::net::Block::parse(p))
            .collect()
    }

    /// Whether a service `situacao` means suspended.
    pub fn is_suspended(&self, status: &str) -> bool {
        self.erp
            .suspended_statuses
            .iter()
            .any(|s| s.eq_ignore_ascii_case(status.trim()))
    }
}

#[cfg(test)]
mod tests;
