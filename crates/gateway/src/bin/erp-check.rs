//! `erp-check --config central.toml --document CPF_OU_CNPJ`: points Central's ERP client,
//! configured exactly as the gateway would be (routes, token header, GET style, timeouts),
//! at an ISP's ERP and reports what answered, what parsed, and which optional extensions
//! the ERP offers — so which portal features will show. Without `--config`, the ERP is
//! named by flags. Exit status 0 when all is well, 1 when a required endpoint failed or a
//! field was malformed, 2 for bad arguments or configuration.

use std::time::Duration;

use brazil::CpfOuCnpj;
use erp::{ErpClient, ErpConfig, check};
use gateway::Config;

const USAGE: &str = "uso: erp-check (--config central.toml | --base-url URL --token TOKEN) --document CPF_OU_CNPJ [--prospecto ID] [--token-header Authorization] [--token-scheme Bearer] [--timeout-s 10]";

#[tokio::main]
async fn main() {
    let env = |k: &str| std::env::var(k).ok();
    let mut config_file = None;
    let mut base_url = env("CENTRAL_ERP_BASE_URL");
    let mut token = env("CENTRAL_ERP_TOKEN").or_else(|| env("ERP_TOKEN"));
    let mut document = None;
    let mut prospect = None;
    let mut header = None;
    let mut scheme = None;
    let mut timeout = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} precisa de um valor")))
        };
        match flag.as_str() {
            "--config" => config_file = Some(value()),
            "--base-url" => base_url = Some(value()),
            "--token" => token = Some(value()),
            "--document" | "--documento" => document = Some(value()),
            "--prospecto" => prospect = Some(value()),
            "--token-header" => header = Some(value()),
            "--token-scheme" => scheme = Some(value()),
            "--timeout-s" => {
                timeout = Some(
                    value()
                        .parse::<u64>()
                        .unwrap_or_else(|_| usage("--timeout-s precisa de um número")),
                )
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => usage(&format!("opção desconhecida: {other}")),
        }
    }
    let mut config = match config_file {
        Some(file) => Config::load(std::path::Path::new(&file), env)
            .unwrap_or_else(|e| usage(&e.to_string()))
            .erp_config(),
        None => ErpConfig::new(
            base_url
                .clone()
                .unwrap_or_else(|| usage("falta --config ou --base-url")),
            token
                .clone()
                .unwrap_or_else(|| usage("falta --token (ou CENTRAL_ERP_TOKEN)")),
        ),
    };
    if let Some(url) = base_url {
        config.base_url = url;
    }
    if let Some(t) = token {
        config.token = t;
    }
    if let Some(h) = header {
        config.token_header = h;
    }
    if let Some(s) = scheme {
        config.token_scheme = s;
    }
    if let Some(t) = timeout {
        config.read_timeout = Duration::from_secs(t);
    }
    let document = document.unwrap_or_else(|| usage("falta --document"));
    let document =
        CpfOuCnpj::parse(&document).unwrap_or_else(|e| usage(&format!("documento inválido: {e}")));
    let client = ErpClient::new(config).unwrap_or_else(|e| usage(&e.to_string()));
    let report = check::run(&client, &document, prospect.as_deref()).await;
    print!("{}", report.render());
    std::process::exit(report.exit_code());
}

fn usage(message: &str) -> ! {
    eprintln!("erp-check: {message}\n{USAGE}");
    std::process::exit(2);
}
