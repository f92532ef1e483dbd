//! The gateway binary: reads its configuration, then serves until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

// glibc's allocator serialises the gateway's many small per-request allocations on its
// arena locks under load; mimalloc keeps them thread-local.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use gateway::{AppState, Args, Config, router};
use tracing_subscriber::EnvFilter;

fn fail(message: &str) -> ! {
    eprintln!("gateway: {message}");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // One JSON object per line for log collectors; readable text otherwise.
    if std::env::var("CENTRAL_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let env = |k: &str| std::env::var(k).ok();
    let args = Args::parse(std::env::args().skip(1), env).unwrap_or_else(|m| fail(&m));
    let mut config = Config::load(&args.config, env).unwrap_or_else(|e| fail(&e.to_string()));
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(dist) = args.dist {
        config.dist = dist;
    }
    if !config.dist.join("index.html").is_file() {
        fail(&format!(
            "{} não tem index.html; construa o SPA antes (make build)",
            config.dist.display()
        ));
    }
    for problem in api::portal::brand_colour_problems(&config.isp.primary_color) {
        tracing::warn!(key = "isp.primary_color", "{problem}");
    }
    let listen = config.listen.clone();
    let store = store::Store::open(config.store.url.expose())
        .await
        .unwrap_or_else(|e| fail(&e.to_string()));
    tracing::info!(backend = ?store.backend(), "banco do portal aberto");
    store.purge_every(std::time::Duration::from_secs(
        config.store.purge_minutes * 60,
    ));
    let state = AppState::new(config, store).unwrap_or_else(|m| fail(&m));
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .unwrap_or_else(|e| fail(&format!("não foi possível escutar em {listen}: {e}")));
    if let Some(metrics_listen) = state.config.metrics.listen.clone() {
        let metrics = tokio::net::TcpListener::bind(&metrics_listen)
            .await
            .unwrap_or_else(|e| fail(&format!("metrics.listen {metrics_listen}: {e}")));
        let app = gateway::http::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics, app).await {
                tracing::error!(error = %e, "metrics server stopped");
            }
        });
        tracing::info!(listen = %metrics_listen, "métricas em /metrics");
    }
    tokio::spawn(gateway::probe_erp(state.clone()));
    tracing::info!(%listen, "gateway pronto");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
    {
        fail(&e.to_string());
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
