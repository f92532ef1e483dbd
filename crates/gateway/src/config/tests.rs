//! The configuration's checks, each naming the key it refuses.
use super::*;
use api::Factor;

const MINIMAL: &str = r#"
    [erp]
    base_url = "http://127.0.0.1:8090"
    token = "t"
    [session]
    secret = "0123456789abcdef0123456789abcdef"
"#;

#[test]
fn the_example_file_is_valid() {
    let example = include_str!("../../../../central.example.toml");
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
    assert_eq!(config.erp.token.expose(), "do-ambiente");
    assert!(
        !format!("{config:?}").contains("do-ambiente"),
        "Debug hides secrets"
    );
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
