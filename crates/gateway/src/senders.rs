//! Delivery of sign-in codes: SMTP for e-mail, an HTTP webhook for WhatsApp or SMS
//! providers, and an outbox file for the demo and tests. Errors carry what the operator
//! needs, never the code.

use std::path::PathBuf;
use std::time::Duration;

use api::Channel;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::json;

use crate::config::{SenderConfig, SmtpTls};

/// One message with a code.
pub struct Outgoing<'a> {
    pub channel: Channel,
    /// The full address or number (digits with DDD).
    pub to: &'a str,
    pub subject: String,
    pub text: String,
    pub code: &'a str,
    pub expires_in_s: u64,
}

/// A configured way to deliver codes.
pub enum Sender {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
        timeout: Duration,
    },
    Webhook {
        client: reqwest::Client,
        url: String,
        token: String,
    },
    Outbox {
        path: PathBuf,
    },
}

impl Sender {
    /// Sets a sender up from its checked configuration.
    ///
    /// # Errors
    /// A message for the operator.
    pub fn new(config: &SenderConfig) -> Result<Self, String> {
        match config {
            SenderConfig::Smtp {
                host,
                port,
                tls,
                username,
                password,
                from,
                timeout_ms,
            } => {
                let timeout = Duration::from_millis(*timeout_ms);
                let builder = match tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                        .map_err(|e| format!("SMTP {host}: {e}"))?,
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                        .map_err(|e| format!("SMTP {host}: {e}"))?,
                };
                let mut builder = builder.port(*port).timeout(Some(timeout));
                if !username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        username.clone(),
                        password.expose().to_string(),
                    ));
                }
                let from = from
                    .parse::<Mailbox>()
                    .map_err(|e| format!("remetente {from:?}: {e}"))?;
                Ok(Self::Smtp {
                    transport: builder.build(),
                    from,
                    timeout,
                })
            }
            SenderConfig::Webhook {
                url,
                token,
                timeout_ms,
            } => {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_millis(*timeout_ms))
                    .build()
                    .map_err(|e| format!("webhook: {e}"))?;
                Ok(Self::Webhook {
                    client,
                    url: url.clone(),
                    token: token.expose().to_string(),
                })
            }
            SenderConfig::Outbox { path } => Ok(Self::Outbox { path: path.clone() }),
        }
    }

    /// Delivers `message`.
    ///
    /// # Errors
    /// What failed, for the log (without the code or the full destination).
    pub async fn send(&self, message: &Outgoing<'_>) -> Result<(), String> {
        match self {
            Self::Smtp {
                transport,
                from,
                timeout,
            } => {
                let to = message
                    .to
                    .parse::<Mailbox>()
                    .map_err(|e| format!("destinatário: {e}"))?;
                let email = lettre::Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(message.subject.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.text.clone())
                    .map_err(|e| format!("mensagem: {e}"))?;
                // The transport's timeout covers each command; this covers the whole exchange.
                match tokio::time::timeout(*timeout, transport.send(email)).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(format!("SMTP: {e}")),
                    Err(_) => Err("SMTP: tempo esgotado".into()),
                }
            }
            Self::Webhook { client, url, token } => {
                let body = json!({
                    "canal": message.channel,
                    "para": match message.channel {
                        Channel::Email => message.to.to_string(),
                        Channel::Whatsapp | Channel::Sms => format!("55{}", message.to),
                    },
                    "codigo": message.code,
                    "mensagem": message.text,
                    "validade_s": message.expires_in_s,
                });
                let mut request = client.post(url).json(&body);
                if !token.is_empty() {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.map_err(|e| {
                    if e.is_timeout() {
                        "webhook: tempo esgotado".to_string()
                    } else {
                        format!("webhook: {}", e.without_url())
                    }
                })?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("webhook: HTTP {}", response.status().as_u16()))
                }
            }
            Self::Outbox { path } => {
                let line = json!({
                    "em": time::OffsetDateTime::now_utc().unix_timestamp(),
                    "canal": message.channel,
                    "para": message.to,
                    "assunto": message.subject,
                    "mensagem": message.text,
                })
                .to_string();
                let path = path.clone();
                tokio::task::spawn_blocking(move || append_line(&path, &line))
                    .await
                    .map_err(|e| format!("caixa de saída: {e}"))?
                    .map_err(|e| format!("caixa de saída: {e}"))
            }
        }
    }
}

fn append_line(path: &std::path::Path, line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // Live codes: readable by the gateway's user only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // One write per line keeps lines whole when several gateways share the file.
    file.write_all(format!("{line}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_outbox_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("caixa.jsonl");
        append_line(&path, "{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
