//! The configuration's checks, each naming the key it refuses.
use super::*;
use api::Factor;
use brazil::PersonKind;

const MINIMAL: &str = r#"
    [erp]
    base_url = "http://127.0.0.1:8090"
    token = "t"
    [session]
    secret_file = "nao-lido-por-parse"
"#;

/// `MINIMAL` with `secret` as the session secret.
fn with_secret(secret: &str) -> String {
    MINIMAL.replace(
        "secret_file = \"nao-lido-por-parse\"",
        &format!("secret = \"{secret}\""),
    )
}

#[test]
fn the_example_file_is_valid() {
    let example = include_str!("../../../../central.example.toml");
    let config = Config::parse(example, |_| None).unwrap();
    assert_eq!(
        config.login.policy(PersonKind::Individual).0,
        vec![Factor::Passkey, Factor::Code, Factor::BirthDate]
    );
    assert!(config.code.email.is_some());
    assert!(config.erp_config().routes.is_empty() || !config.erp.routes.is_empty());
}

#[test]
fn secrets_come_from_the_environment() {
    let text = MINIMAL
        .replace("token = \"t\"", "")
        .replace("secret_file = \"nao-lido-por-parse\"", "");
    let env = |k: &str| match k {
        "CENTRAL_ERP_TOKEN" => Some("do-ambiente".to_string()),
        "CENTRAL_SESSION_SECRET" => Some(Secret::generate().unwrap().expose().to_string()),
        _ => None,
    };
    let config = Config::parse(&text, env).unwrap();
    assert_eq!(config.erp.token.expose(), "do-ambiente");
    assert!(
        !format!("{config:?}").contains("do-ambiente"),
        "Debug hides secrets"
    );
}

#[test]
fn the_default_policy_offers_a_code_only_where_one_can_be_sent() {
    let without = Config::parse(MINIMAL, |_| None).unwrap();
    assert_eq!(
        without.login.policy(PersonKind::Individual).0,
        vec![Factor::BirthDate],
        "neither senders nor [passkey]"
    );
    let passkey = "\n[passkey]\norigin = \"https://central.provedor.com.br\"";
    let only_passkeys = Config::parse(&format!("{MINIMAL}{passkey}"), |_| None).unwrap();
    assert_eq!(
        only_passkeys.login.policy(PersonKind::Individual).0,
        vec![Factor::Passkey, Factor::BirthDate]
    );
    let with = Config::parse(
        &format!("{MINIMAL}{passkey}\n[code.email]\nsender = \"outbox\"\npath = \"caixa.jsonl\""),
        |_| None,
    )
    .unwrap();
    assert_eq!(
        with.login.policy(PersonKind::Company).0,
        vec![Factor::Passkey, Factor::Code, Factor::Cep]
    );
    let wrong = format!("{MINIMAL}{passkey}\n[login]\ncpf = [\"birth_date\", \"passkey\"]");
    let e = Config::parse(&wrong, |_| None).unwrap_err();
    assert!(e.0.contains("login.cpf"), "{e}");
    let no_origin = format!("{MINIMAL}\n[login]\ncpf = [\"passkey\", \"birth_date\"]");
    let e = Config::parse(&no_origin, |_| None).unwrap_err();
    assert!(e.0.contains("passkey.origin"), "{e}");
    let bad_origin = format!("{MINIMAL}\n[passkey]\norigin = \"http://central.provedor.com.br\"");
    let e = Config::parse(&bad_origin, |_| None).unwrap_err();
    assert!(e.0.contains("passkey.origin"), "{e}");
}

#[test]
fn policies_and_senders() {
    let text = format!(
        "{MINIMAL}\n[login]\ncpf = [\"code\", \"birth_date\"]\ncnpj = \"code\"\n[code.whatsapp]\nsender = \"webhook\"\nurl = \"https://api.x.com/enviar\""
    );
    let env = |k: &str| (k == "CENTRAL_WEBHOOK_TOKEN").then(|| "do-ambiente".to_string());
    let config = Config::parse(&text, env).unwrap();
    let cpf = config.login.policy(PersonKind::Individual);
    assert!(cpf.has_code() && !cpf.has_passkey());
    assert_eq!(cpf.fallback(), Some(Factor::BirthDate));
    assert_eq!(config.login.policy(PersonKind::Company).fallback(), None);
    match config.code.sender(api::Channel::Whatsapp) {
        Some(SenderConfig::Webhook { token, .. }) => assert_eq!(token.expose(), "do-ambiente"),
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
        (with_secret("curto"), "session.secret"),
        (
            with_secret("troque-este-segredo-por-32-ou-mais-caracteres"),
            "session.secret",
        ),
        (with_secret(&"ab".repeat(20)), "session.secret"),
        (
            MINIMAL.replace("secret_file = \"nao-lido-por-parse\"", ""),
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
            format!("{MINIMAL}\n[isp]\ncnpj = \"11.222.333/0001-00\""),
            "isp.cnpj",
        ),
        (
            format!("trusted_proxies = [\"10.0.0.0/40\"]\n{MINIMAL}"),
            "trusted_proxies",
        ),
        (
            format!("{MINIMAL}\n[embed]\norigins = [\"http://www.provedor.com.br\"]"),
            "embed.origins",
        ),
        (
            MINIMAL.replace(
                "token = \"t\"",
                "token = \"t\"\nget_json_body = [\"boletos\"]",
            ),
            "erp.get_json_body.boletos",
        ),
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
            format!("{MINIMAL}\n[code.whatsapp]\nsender = \"webhook\"\nurl = \"http://api.x.com\""),
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

#[test]
fn load_generates_the_secret_file_once_and_refuses_the_example_secret() {
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join(".central").join("segredo");
    let config_file = dir.path().join("central.toml");
    let text = MINIMAL.replace("nao-lido-por-parse", &secret_file.display().to_string());
    std::fs::write(&config_file, &text).unwrap();
    let first = Config::load(&config_file, |_| None).unwrap();
    assert_eq!(first.session.secret.check_strength(), Ok(()));
    let again = Config::load(&config_file, |_| None).unwrap();
    assert_eq!(again.session.secret, first.session.secret);

    let example = include_str!("../../../../central.example.toml");
    let env = |k: &str| {
        (k == "CENTRAL_SESSION_SECRET")
            .then(|| "troque-este-segredo-por-32-ou-mais-caracteres".to_string())
    };
    let refused = Config::parse(example, env).unwrap_err();
    assert!(refused.0.contains("session.secret"), "{refused}");
}

/// Every session secret written anywhere in the repository (examples, docs, scripts, tests)
/// is refused: a published secret lets anyone forge sessions.
#[test]
fn no_secret_written_in_the_repository_is_accepted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || ["target", "dist", "node_modules"].contains(&name.as_str())
            {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for line in text.lines() {
                for marker in ["secret = \"", "CENTRAL_SESSION_SECRET=", "secret: \""] {
                    if let Some(rest) = line.split(marker).nth(1) {
                        let value: String = rest
                            .chars()
                            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '`'))
                            .collect();
                        if value.len() >= 8 && !value.contains('{') && !value.contains('$') {
                            found.push((path.display().to_string(), value));
                        }
                    }
                }
            }
        }
    }
    // The scan must see the next line, the secret the example configuration once shipped:
    // secret = "troque-este-segredo-por-32-ou-mais-caracteres"
    assert!(
        found
            .iter()
            .any(|(_, v)| v == "troque-este-segredo-por-32-ou-mais-caracteres"),
        "the scan sees this file's own line: {found:?}"
    );
    for (file, value) in &found {
        assert!(
            Secret::new(value.as_str()).check_strength().is_err(),
            "{file} publishes an accepted session secret: {value}"
        );
    }
}

#[test]
fn the_packaged_configuration_is_valid_and_holds_no_secret() {
    let text = include_str!("../../../../deploy/central.toml");
    let env = |k: &str| (k == "CENTRAL_ERP_TOKEN").then(|| "do-ambiente".to_string());
    let config = Config::parse(text, env).unwrap();
    assert_eq!(config.dist, PathBuf::from("/usr/share/central/dist"));
    assert!(config.session.secret.is_empty());
    assert_eq!(
        config.session.secret_file.as_deref(),
        Some(Path::new("/var/lib/central/segredo-da-sessao"))
    );
    assert!(config.behind_tls && config.trust_forwarded_for);
    assert_ne!(
        config.metrics.listen.as_deref(),
        Some(config.listen.as_str())
    );
    assert!(
        Config::parse(text, |_| None).is_err(),
        "without the token from central.env it does not start"
    );
}
