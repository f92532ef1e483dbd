//! The gateway's configuration: one TOML file, secrets from the environment, and checks that
//! stop start-up with a message naming the key that is wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use api::Factor;
use erp::{Endpoint, ErpConfig, Method, Route};
use serde::Deserialize;

/// The whole configuration, as read from `central.toml` (see `central.example.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_listen")]
    pub listen: String,
    #[serde(default = "default_dist")]
    pub dist: PathBuf,
    /// Set when a TLS proxy is in front: cookies become `Secure` and HSTS is sent.
    #[serde(default)]
    pub behind_tls: bool,
    /// Read the client address from `X-Forwarded-For` (only behind a trusted proxy).
    #[serde(default)]
    pub trust_forwarded_for: bool,
    pub erp: ErpSection,
    #[serde(default)]
    pub login: LoginSection,
    pub session: SessionSection,
    #[serde(default)]
    pub limits: LimitsSection,
    #[serde(default)]
    pub isp: IspSection,
    #[serde(default)]
    pub features: FeaturesSection,
    #[serde(default)]
    pub embed: EmbedSection,
    #[serde(default)]
    pub signup: SignupSection,
    #[serde(default)]
    pub code: CodeSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignupSection {
    /// Cities served, by name; empty means every city of the ERP's list.
    #[serde(default)]
    pub served_cities: Vec<String>,
    /// Let the prospect pick the commercial origin from the ERP's list.
    #[serde(default)]
    pub choose_origin: bool,
    /// Let the prospect pick the reseller from the ERP's list.
    #[serde(default)]
    pub choose_reseller: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErpSection {
    pub base_url: String,
    /// Better given as `CENTRAL_ERP_TOKEN`.
    #[serde(default)]
    pub token: String,
    #[serde(default = "default_token_header")]
    pub token_header: String,
    #[serde(default = "default_token_scheme")]
    pub token_scheme: String,
    #[serde(default = "default_connect_ms")]
    pub connect_timeout_ms: u64,
    #[serde(default = "default_read_ms")]
    pub read_timeout_ms: u64,
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Endpoint key → `"METHOD /path"`, for the ones an ERP serves elsewhere.
    #[serde(default)]
    pub routes: HashMap<String, String>,
    /// `situacao` values (any case) that mean a service is suspended.
    #[serde(default = "default_suspended")]
    pub suspended_statuses: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSection {
    /// Factors for people, in order of preference: `"birth_date"`, or a list such as
    /// `["code", "birth_date"]` (a code when the customer has a contact, otherwise the date).
    #[serde(default = "default_factor_cpf")]
    pub cpf: Policy,
    #[serde(default = "default_factor_cnpj")]
    pub cnpj: Policy,
    /// Failed sign-ins allowed per document within the window.
    #[serde(default = "default_per_document")]
    pub max_failures_per_document: u32,
    /// Failed sign-ins allowed per client address within the window.
    #[serde(default = "default_per_ip")]
    pub max_failures_per_ip: u32,
    #[serde(default = "default_window_s")]
    pub window_s: u64,
    /// Every failed sign-in takes at least this long, known document or not.
    #[serde(default = "default_failure_ms")]
    pub failure_floor_ms: u64,
}

impl Default for LoginSection {
    fn default() -> Self {
        Self {
            cpf: default_factor_cpf(),
            cnpj: default_factor_cnpj(),
            max_failures_per_document: default_per_document(),
            max_failures_per_ip: default_per_ip(),
            window_s: default_window_s(),
            failure_floor_ms: default_failure_ms(),
        }
    }
}

/// A sign-in policy: one factor, or several in order of preference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "OneOrMany")]
pub struct Policy(pub Vec<Factor>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Factor),
    Many(Vec<Factor>),
}

impl From<OneOrMany> for Policy {
    fn from(value: OneOrMany) -> Self {
        match value {
            OneOrMany::One(f) => Self(vec![f]),
            OneOrMany::Many(v) => Self(v),
        }
    }
}

impl Policy {
    /// Whether a code comes first (the only place it can be).
    pub fn starts_with_code(&self) -> bool {
        self.0.first() == Some(&Factor::Code)
    }

    /// The factor asked when no code can be sent.
    pub fn fallback(&self) -> Option<Factor> {
        self.0.iter().copied().find(|f| *f != Factor::Code)
    }

    fn check(&self, key: &str) -> Result<(), ConfigError> {
        let codes = self.0.iter().filter(|f| **f == Factor::Code).count();
        let others = self.0.len() - codes;
        if self.0.is_empty() || codes > 1 || others > 1 || (codes == 1 && !self.starts_with_code())
        {
            return Err(ConfigError(format!(
                "chave `login.{key}`: use um fator, ou \"code\" seguido de um fator, como [\"code\", \"birth_date\"]"
            )));
        }
        Ok(())
    }
}

/// One-time sign-in codes: how long they live and how they are delivered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSection {
    #[serde(default = "default_code_expires")]
    pub expires_s: u64,
    /// Wrong codes accepted before the code is void.
    #[serde(default = "default_code_tries")]
    pub max_tries: u32,
    #[serde(default = "default_code_resend")]
    pub resend_after_s: u64,
    /// Codes sent per document per hour, so nobody's phone can be flooded.
    #[serde(default = "default_code_sends")]
    pub sends_per_hour: u32,
    pub email: Option<SenderConfig>,
    pub whatsapp: Option<SenderConfig>,
    pub sms: Option<SenderConfig>,
}

impl Default for CodeSection {
    fn default() -> Self {
        Self {
            expires_s: default_code_expires(),
            max_tries: default_code_tries(),
            resend_after_s: default_code_resend(),
            sends_per_hour: default_code_sends(),
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

/// How codes reach one channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "sender", rename_all = "lowercase", deny_unknown_fields)]
pub enum SenderConfig {
    /// An SMTP server (e-mail).
    Smtp {
        host: String,
        #[serde(default = "default_smtp_port")]
        port: u16,
        /// `starttls` (default), `tls`, or `none` (only for a server on this machine).
        #[serde(default = "default_smtp_tls")]
        tls: String,
        #[serde(default)]
        username: String,
        /// Better given as `CENTRAL_SMTP_PASSWORD`.
        #[serde(default)]
        password: String,
        /// `Provedor <nao-responda@provedor.com.br>`.
        from: String,
        #[serde(default = "default_sender_timeout")]
        timeout_ms: u64,
    },
    /// An HTTP endpoint of a WhatsApp or SMS provider (or the ISP's own relay).
    Webhook {
        url: String,
        /// Sent as `Authorization: Bearer …`; better given as `CENTRAL_WEBHOOK_TOKEN`.
        #[serde(default)]
        token: String,
        #[serde(default = "default_sender_timeout")]
        timeout_ms: u64,
    },
    /// Appends each message as a JSON line to a file: for the demo and tests only.
    Outbox { path: PathBuf },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSection {
    /// Signs session cookies; at least 32 characters. Better given as `CENTRAL_SESSION_SECRET`.
    #[serde(default)]
    pub secret: String,
    #[serde(default = "default_idle_min")]
    pub idle_minutes: u64,
    #[serde(default = "default_absolute_h")]
    pub absolute_hours: u64,
    /// `lax` (default) or `none-partitioned` for a portal embedded in another site.
    #[serde(default = "default_same_site")]
    pub same_site: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    #[serde(default = "default_attachment")]
    pub attachment_bytes: u64,
    #[serde(default = "default_attachments_total")]
    pub attachments_total_bytes: u64,
    #[serde(default = "default_attachments")]
    pub attachments: u32,
    #[serde(default = "default_pdf")]
    pub pdf_bytes: u64,
    /// Sign-up writes (prospects, leads) per client address per hour.
    #[serde(default = "default_signups")]
    pub signups_per_hour: u32,
}

impl Default for LimitsSection {
    fn default() -> Self {
        Self {
            attachment_bytes: default_attachment(),
            attachments_total_bytes: default_attachments_total(),
            attachments: default_attachments(),
            pdf_bytes: default_pdf(),
            signups_per_hour: default_signups(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IspSection {
    #[serde(default = "default_isp_name")]
    pub name: String,
    pub logo_url: Option<String>,
    #[serde(default = "default_color")]
    pub primary_color: String,
    pub support_phone: Option<String>,
    pub support_whatsapp: Option<String>,
    pub support_email: Option<String>,
}

impl Default for IspSection {
    fn default() -> Self {
        Self {
            name: default_isp_name(),
            logo_url: None,
            primary_color: default_color(),
            support_phone: None,
            support_whatsapp: None,
            support_email: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturesSection {
    #[serde(default = "yes")]
    pub unlock: bool,
    #[serde(default = "yes")]
    pub tickets: bool,
    #[serde(default = "yes")]
    pub quitacao: bool,
    #[serde(default = "yes")]
    pub signup: bool,
}

impl Default for FeaturesSection {
    fn default() -> Self {
        Self {
            unlock: true,
            tickets: true,
            quitacao: true,
            signup: true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedSection {
    /// Origins (`https://www.provedor.com.br`) allowed to show the portal in a frame.
    #[serde(default)]
    pub origins: Vec<String>,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}
fn default_dist() -> PathBuf {
    PathBuf::from("dist")
}
fn default_token_header() -> String {
    "Authorization".into()
}
fn default_token_scheme() -> String {
    "Bearer".into()
}
fn default_connect_ms() -> u64 {
    3_000
}
fn default_read_ms() -> u64 {
    10_000
}
fn default_retries() -> u32 {
    2
}
fn default_suspended() -> Vec<String> {
    vec!["suspenso".into(), "bloqueado".into()]
}
fn default_factor_cpf() -> Policy {
    Policy(vec![Factor::BirthDate])
}
fn default_factor_cnpj() -> Policy {
    Policy(vec![Factor::Cep])
}
fn default_code_expires() -> u64 {
    5 * 60
}
fn default_code_tries() -> u32 {
    5
}
fn default_code_resend() -> u64 {
    60
}
fn default_code_sends() -> u32 {
    5
}
fn default_smtp_port() -> u16 {
    587
}
fn default_smtp_tls() -> String {
    "starttls".into()
}
fn default_sender_timeout() -> u64 {
    10_000
}
fn default_per_document() -> u32 {
    5
}
fn default_per_ip() -> u32 {
    30
}
fn default_window_s() -> u64 {
    15 * 60
}
fn default_failure_ms() -> u64 {
    600
}
fn default_idle_min() -> u64 {
    30
}
fn default_absolute_h() -> u64 {
    12
}
fn default_same_site() -> String {
    "lax".into()
}
fn default_attachment() -> u64 {
    5 * 1024 * 1024
}
fn default_attachments_total() -> u64 {
    15 * 1024 * 1024
}
fn default_attachments() -> u32 {
    5
}
fn default_pdf() -> u64 {
    10 * 1024 * 1024
}
fn default_signups() -> u32 {
    10
}
fn default_isp_name() -> String {
    "Provedor Demo".into()
}
fn default_color() -> String {
    "#0b5fff".into()
}
fn yes() -> bool {
    true
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
        Self::parse(&text, env).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
    }

    /// Reads and checks configuration text.
    ///
    /// # Errors
    /// [`ConfigError`] naming the key.
    pub fn parse(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        if let Some(token) = env("CENTRAL_ERP_TOKEN") {
            config.erp.token = token;
        }
        if let Some(secret) = env("CENTRAL_SESSION_SECRET") {
            config.session.secret = secret;
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
                        *password = p;
                    }
                }
                SenderConfig::Webhook { token, .. } => {
                    if let Some(t) = env("CENTRAL_WEBHOOK_TOKEN") {
                        *token = t;
                    }
                }
                SenderConfig::Outbox { .. } => {}
            }
        }
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("chave `{key}`: {why}")));
        if !(self.erp.base_url.starts_with("http://") || self.erp.base_url.starts_with("https://"))
        {
            return bad("erp.base_url", "deve começar com http:// ou https://");
        }
        if self.erp.token.trim().is_empty() {
            return bad("erp.token", "vazio; defina-o ou use CENTRAL_ERP_TOKEN");
        }
        if self.session.secret.len() < 32 {
            return bad(
                "session.secret",
                "precisa de pelo menos 32 caracteres; use CENTRAL_SESSION_SECRET",
            );
        }
        if !matches!(self.session.same_site.as_str(), "lax" | "none-partitioned") {
            return bad("session.same_site", "use \"lax\" ou \"none-partitioned\"");
        }
        if self.session.idle_minutes == 0 || self.session.absolute_hours == 0 {
            return bad(
                "session.idle_minutes",
                "tempos de sessão devem ser maiores que zero",
            );
        }
        if self.limits.attachments == 0 || self.limits.attachment_bytes == 0 {
            return bad(
                "limits.attachments",
                "limites de anexo devem ser maiores que zero",
            );
        }
        for origin in &self.embed.origins {
            if !(origin.starts_with("https://") || origin.starts_with("http://"))
                || origin.ends_with('/')
            {
                return bad(
                    "embed.origins",
                    &format!("{origin:?} deve ser uma origem como https://www.provedor.com.br"),
                );
            }
        }
        self.erp_routes()?;
        self.login.cpf.check("cpf")?;
        self.login.cnpj.check("cnpj")?;
        self.check_code()?;
        Ok(())
    }

    fn check_code(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("chave `code.{key}`: {why}")));
        let uses_code = self.login.cpf.starts_with_code() || self.login.cnpj.starts_with_code();
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
            let key = format!("{channel:?}").to_lowercase();
            match self.code.sender(channel) {
                Some(SenderConfig::Smtp {
                    host, tls, from, ..
                }) => {
                    if !matches!(tls.as_str(), "starttls" | "tls" | "none") {
                        return bad(
                            &format!("{key}.tls"),
                            "use \"starttls\", \"tls\" ou \"none\"",
                        );
                    }
                    let local = matches!(host.as_str(), "127.0.0.1" | "::1" | "localhost");
                    if tls == "none" && !local {
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
        let mut c = ErpConfig::new(&self.erp.base_url, &self.erp.token);
        c.token_header = self.erp.token_header.clone();
        c.token_scheme = self.erp.token_scheme.clone();
        c.connect_timeout = Duration::from_millis(self.erp.connect_timeout_ms);
        c.read_timeout = Duration::from_millis(self.erp.read_timeout_ms);
        c.retries = self.erp.retries;
        c.routes = self.erp_routes().unwrap_or_default();
        c
    }

    /// The sign-up options the SPA and the gateway apply.
    pub fn signup_options(&self) -> api::SignupOptions {
        api::SignupOptions {
            served_cities: self.signup.served_cities.clone(),
            choose_origin: self.signup.choose_origin,
            choose_reseller: self.signup.choose_reseller,
        }
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
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [erp]
        base_url = "http://127.0.0.1:8090"
        token = "t"
        [session]
        secret = "0123456789abcdef0123456789abcdef"
    "#;

    #[test]
    fn the_example_file_is_valid() {
        let example = include_str!("../../../central.example.toml");
        let config = Config::parse(example, |_| None).unwrap();
        assert_eq!(config.login.cpf.0, vec![Factor::Code, Factor::BirthDate]);
        assert!(config.code.email.is_some());
        assert!(config.erp_config().routes.is_empty() || !config.erp.routes.is_empty());
    }

    #[test]
    fn secrets_come_from_the_environment() {
        let text = MINIMAL
            .replace("token = \"t\"", "")
            .replace("secret = \"0123456789abcdef0123456789abcdef\"", "");
        let env = |k: &str| match k {
            "CENTRAL_ERP_TOKEN" => Some("do-ambiente".to_string()),
            "CENTRAL_SESSION_SECRET" => Some("s".repeat(40)),
            _ => None,
        };
        let config = Config::parse(&text, env).unwrap();
        assert_eq!(config.erp.token, "do-ambiente");
    }

    #[test]
    fn policies_and_senders() {
        let text = format!(
            "{MINIMAL}\n[login]\ncpf = [\"code\", \"birth_date\"]\ncnpj = \"code\"\n[code.whatsapp]\nsender = \"webhook\"\nurl = \"https://api.x.com/enviar\""
        );
        let env = |k: &str| (k == "CENTRAL_WEBHOOK_TOKEN").then(|| "do-ambiente".to_string());
        let config = Config::parse(&text, env).unwrap();
        assert!(config.login.cpf.starts_with_code());
        assert_eq!(config.login.cpf.fallback(), Some(Factor::BirthDate));
        assert_eq!(config.login.cnpj.fallback(), None);
        match config.code.sender(api::Channel::Whatsapp) {
            Some(SenderConfig::Webhook { token, .. }) => assert_eq!(token, "do-ambiente"),
            other => panic!("{other:?}"),
        }
        assert!(config.code.sender(api::Channel::Email).is_none());
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            (
                MINIMAL.replace("http://127.0.0.1:8090", "ftp://x"),
                "erp.base_url",
            ),
            (
                MINIMAL.replace("0123456789abcdef0123456789abcdef", "curto"),
                "session.secret",
            ),
            (
                format!("{MINIMAL}\n[embed]\norigins = [\"www.x.com\"]"),
                "embed.origins",
            ),
            (
                format!("{MINIMAL}\n[erp.routes]\nfaturas = \"PATCH /x\""),
                "erp.routes.faturas",
            ),
            (
                format!("{MINIMAL}\n[erp.routes]\nboletos = \"GET /x\""),
                "erp.routes.boletos",
            ),
            (format!("{MINIMAL}\n[login]\ncpf = \"senha\""), "cpf"),
            (format!("{MINIMAL}\nporta = 1"), "porta"),
            (
                format!("{MINIMAL}\n[login]\ncpf = [\"birth_date\", \"code\"]"),
                "login.cpf",
            ),
            (
                format!("{MINIMAL}\n[login]\ncnpj = [\"code\"]"),
                "code.email",
            ),
            (
                format!(
                    "{MINIMAL}\n[code.email]\nsender = \"smtp\"\nhost = \"smtp.x.com\"\ntls = \"none\"\nfrom = \"a@x.com\""
                ),
                "code.email.tls",
            ),
            (
                format!(
                    "{MINIMAL}\n[code.email]\nsender = \"smtp\"\nhost = \"smtp.x.com\"\nfrom = \"sem arroba\""
                ),
                "code.email.from",
            ),
            (
                format!(
                    "{MINIMAL}\n[code.whatsapp]\nsender = \"webhook\"\nurl = \"http://api.x.com\""
                ),
                "code.whatsapp.url",
            ),
            (
                format!("{MINIMAL}\n[code.sms]\nsender = \"pombo\""),
                "pombo",
            ),
        ];
        for (text, key) in cases {
            let err = Config::parse(&text, |_| None).unwrap_err();
            assert!(err.0.contains(key), "{key}: {err}");
        }
    }
}
