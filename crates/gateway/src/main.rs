//! The gateway binary: reads its settings, then serves until Ctrl-C or SIGTERM.

use gateway::{Settings, router};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let settings = match Settings::from_args(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("gateway: {message}");
            std::process::exit(2);
        }
    };
    if !settings.dist.join("index.html").is_file() {
        eprintln!(
            "gateway: {} não tem index.html; construa o SPA antes (make build)",
            settings.dist.display()
        );
        std::process::exit(2);
    }
    let listener = match tokio::net::TcpListener::bind(&settings.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "gateway: não foi possível escutar em {}: {e}",
                settings.listen
            );
            std::process::exit(2);
        }
    };
    tracing::info!(listen = %settings.listen, dist = %settings.dist.display(), "gateway pronto");
    let app = router(&settings.dist);
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
    {
        eprintln!("gateway: {e}");
        std::process::exit(1);
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
