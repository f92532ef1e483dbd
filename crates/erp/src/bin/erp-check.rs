//! `erp-check --base-url URL --token TOKEN --document CPF_OU_CNPJ`: points Central's ERP
//! client at an ISP's ERP and reports what answered and what parsed. Exit status 0 when all
//! is well, 1 when an endpoint failed or a field was malformed, 2 for bad arguments.

use std::time::Duration;

use brazil::CpfOuCnpj;
use erp::{ErpClient, ErpConfig, check};

const USAGE: &str = "uso: erp-check --base-url URL --token TOKEN --document CPF_OU_CNPJ [--token-header Authorization] [--token-scheme Bearer] [--timeout-s 10]";

#[tokio::main]
async fn main() {
    let mut base_url = None;
    let mut token = std::env::var("ERP_TOKEN").ok();
    let mut document = None;
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
            "--base-url" => base_url = Some(value()),
            "--token" => token = Some(value()),
            "--document" => document = Some(value()),
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
    let base_url = base_url.unwrap_or_else(|| usage("falta --base-url"));
    let token = token.unwrap_or_else(|| usage("falta --token (ou ERP_TOKEN)"));
    let document = document.unwrap_or_else(|| usage("falta --document"));
    let document =
        CpfOuCnpj::parse(&document).unwrap_or_else(|e| usage(&format!("documento inválido: {e}")));
    let mut config = ErpConfig::new(base_url, token);
    if let Some(h) = header {
        config.token_header = h;
    }
    if let Some(s) = scheme {
        config.token_scheme = s;
    }
    if let Some(t) = timeout {
        config.read_timeout = Duration::from_secs(t);
    }
    let client = ErpClient::new(config).unwrap_or_else(|e| usage(&e.to_string()));
    let report = check::run(&client, &document).await;
    print!("{}", report.render());
    std::process::exit(report.exit_code());
}

fn usage(message: &str) -> ! {
    eprintln!("erp-check: {message}\n{USAGE}");
    std::process::exit(2);
}
