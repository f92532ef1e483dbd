//! The demo ERP binary: `demo-erp --port 8090 --token demo-token --database demo-erp.sqlite`.

use std::path::PathBuf;

use demo_erp::{DemoErp, Options, app};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "uso: demo-erp [--listen 127.0.0.1:8090] [--token TOKEN] [--database ARQUIVO] [--seed N] [--hoje AAAA-MM-DD] [--latencia-ms N] [--taxa-falha PCT] [--malformado] [--perfil v21|v18|estendido]";

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let mut listen = "127.0.0.1:8090".to_string();
    let mut options = Options {
        database: PathBuf::from("demo-erp.sqlite"),
        token: std::env::var("DEMO_ERP_TOKEN").unwrap_or_else(|_| "demo-token".into()),
        seed: 1,
        today: time::OffsetDateTime::now_utc().date(),
    };
    let (mut latency, mut failure, mut malformed) = (0u64, 0u32, false);
    let mut profile = demo_erp::profile::Profile::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{flag} precisa de um valor")))
        };
        match flag.as_str() {
            "--listen" => listen = value(),
            "--port" => listen = format!("127.0.0.1:{}", value()),
            "--token" => options.token = value(),
            "--database" => options.database = PathBuf::from(value()),
            "--seed" => {
                options.seed = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--seed precisa de um número"))
            }
            "--hoje" => {
                options.today = erp::lenient::parse_date(&value())
                    .unwrap_or_else(|| fail("--hoje precisa de AAAA-MM-DD"))
            }
            "--latencia-ms" => {
                latency = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--latencia-ms precisa de um número"))
            }
            "--taxa-falha" => {
                failure = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--taxa-falha precisa de 0 a 100"))
            }
            "--malformado" => malformed = true,
            "--perfil" => {
                profile = demo_erp::profile::Profile::parse(&value())
                    .unwrap_or_else(|| fail("--perfil precisa de v21, v18 ou estendido"))
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("opção desconhecida: {other}")),
        }
    }
    let erp = DemoErp::open(&options)
        .unwrap_or_else(|e| fail(&format!("banco {}: {e}", options.database.display())));
    erp.switches
        .latency_ms
        .store(latency, std::sync::atomic::Ordering::Relaxed);
    erp.switches
        .failure_percent
        .store(failure.min(100), std::sync::atomic::Ordering::Relaxed);
    erp.switches
        .malformed
        .store(malformed, std::sync::atomic::Ordering::Relaxed);
    erp.switches.profile.set(profile);
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| fail(&e.to_string()));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .unwrap_or_else(|e| fail(&format!("não foi possível escutar em {listen}: {e}")));
        tracing::info!(%listen, database = %options.database.display(), "demo-erp pronto");
        if let Err(e) = axum::serve(listener, app(erp))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
        {
            fail(&e.to_string());
        }
    });
}

fn fail(message: &str) -> ! {
    eprintln!("demo-erp: {message}\n{USAGE}");
    std::process::exit(2);
}
