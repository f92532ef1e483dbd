//! What the gateway's integration tests share: a demo ERP on a loopback port, the gateway
//! in-process against it, requests, sign-in and log capture.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use demo_erp::DemoErp;
use gateway::session::COOKIE;
use gateway::{AppState, Config, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// This run's session secret: made up here, so that no secret the gateway accepts is written
/// anywhere in the repository.
pub fn secret() -> &'static str {
    static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SECRET.get_or_init(|| {
        gateway::config::Secret::generate()
            .unwrap()
            .expose()
            .to_string()
    })
}

pub const ERP_TOKEN: &str = "token-do-erp";
pub const FLOOR_MS: u64 = 250;

pub struct World {
    pub _dir: tempfile::TempDir,
    pub erp: Arc<DemoErp>,
    pub erp_base: String,
    pub state: gateway::Shared,
    pub app: Router,
    pub _task: tokio::task::JoinHandle<()>,
}

pub fn config_text(erp_base: &str, dist: &std::path::Path, extra: &str) -> String {
    config_with(erp_base, dist, extra, "", "")
}

/// The test configuration with `extra` top-level keys, `login` keys and `tail` tables.
pub fn config_with(
    erp_base: &str,
    dist: &std::path::Path,
    extra: &str,
    login: &str,
    tail: &str,
) -> String {
    format!(
        r#"
        {extra}
        dist = "{}"
        [erp]
        base_url = "{erp_base}"
        token = "{ERP_TOKEN}"
        read_timeout_ms = 1500
        retries = 0
        [session]
        secret = "{}"
        idle_minutes = 30
        [login]
        max_failures_per_document = 3
        failure_floor_ms = {FLOOR_MS}
        {login}
        [embed]
        origins = ["https://www.provedor.example"]
        {tail}
        "#,
        dist.display(),
        secret()
    )
}

pub async fn world_with(extra: &str) -> World {
    world_from(extra, "", "").await
}

/// A world whose configuration has `extra` top-level keys, `login` keys and `tail` tables.
pub async fn world_from(extra: &str, login: &str, tail: &str) -> World {
    world_in(extra, login, tail, crate::common::memory_store().await).await
}

/// The default world on a given store.
pub async fn world_on(store: store::Store) -> World {
    world_in("", "", "", store).await
}

pub async fn world_in(extra: &str, login: &str, tail: &str, store: store::Store) -> World {
    install_logs();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Central</title><script type=\"module\">import init from '/central.js';</script>",
    )
    .unwrap();
    std::fs::write(dist.join("central-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg/>").unwrap();
    let (erp, erp_base, task) =
        crate::common::demo_erp(dir.path().join("erp.sqlite"), ERP_TOKEN).await;
    let config =
        Config::parse(&config_with(&erp_base, &dist, extra, login, tail), |_| None).unwrap();
    let state = AppState::new(config, store).unwrap();
    let app = router(state.clone());
    World {
        _dir: dir,
        erp,
        erp_base,
        state,
        app,
        _task: task,
    }
}

/// A world whose CPFs sign in by code first, with a sender for each of `channels` writing to
/// an outbox in a folder of its own (kept alive by the returned `TempDir`); `code` adds keys
/// to `[code]`.
pub async fn outbox_world(
    channels: &[&str],
    code: &str,
) -> (World, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("caixa.jsonl");
    let mut tables = format!("[code]\n{code}\n");
    for channel in channels {
        tables += &format!(
            "[code.{channel}]\nsender = \"outbox\"\npath = \"{}\"\n",
            outbox.display()
        );
    }
    let w = world_from("", r#"cpf = ["code", "birth_date"]"#, &tables).await;
    crate::common::verify_seeded_contacts(&w.state.store).await;
    (w, dir, outbox)
}

pub async fn world() -> World {
    world_with("").await
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
    /// Fails the test with the body when the status is not 200.
    pub fn assert_ok(&self) {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
    }
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// Not a header: `(PEER, "203.0.113.7:5000")` in [`send`]'s headers makes the request
/// arrive from that address.
pub const PEER: &str = "peer";

pub async fn send(
    app: &Router,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "portal.test");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, format!("{COOKIE}={c}"));
    }
    // A browser sends its origin with every write; `("origin", "")` leaves it out.
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("origin"))
    {
        request = request.header(header::ORIGIN, "http://portal.test");
    }
    for (k, v) in headers {
        if k.eq_ignore_ascii_case("origin") && v.is_empty() {
            continue;
        }
        request = if *k == PEER {
            let addr: std::net::SocketAddr = v.parse().unwrap();
            request.extension(axum::extract::ConnectInfo(addr))
        } else {
            request.header(*k, *v)
        };
    }
    let request = match body {
        Some(b) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, path: &str, cookie: Option<&str>) -> Reply {
    send(app, Method::GET, path, cookie, &[], None).await
}

/// One sign-in attempt with a document and a factor, whatever the answer.
pub async fn try_sign_in(app: &Router, document: &str, factor: &str) -> Reply {
    send(
        app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": document, "factor": factor})),
    )
    .await
}

/// Signs in and returns (cookie value, CSRF token).
pub async fn sign_in(app: &Router, document: &str, factor: &str) -> (String, String) {
    signed(&try_sign_in(app, document, factor).await)
}

/// The (cookie value, CSRF token) a successful sign-in answer carries.
pub fn signed(reply: &Reply) -> (String, String) {
    reply.assert_ok();
    let cookie = reply.header(header::SET_COOKIE).unwrap();
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix(&format!("{COOKIE}="))
        .unwrap()
        .to_string();
    (
        value,
        reply.json()["csrf_token"].as_str().unwrap().to_string(),
    )
}

/// What this thread logs while a [`Capture`] lives.
///
/// One subscriber for the whole test binary, installed once, writes each event to a buffer
/// of the thread that emitted it, and keeps it only while that thread captures. Tests run on
/// current-thread runtimes, so a test's requests, its demo ERP and its gateway log on its
/// own thread; tests beside it neither see nor disturb its buffer, and no callsite's
/// interest depends on which test reached it first.
pub struct Capture(());

thread_local! {
    static CAPTURING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

struct ThreadBuffer;

impl std::io::Write for ThreadBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if CAPTURING.with(std::cell::Cell::get) {
            BUFFER.with(|b| b.borrow_mut().extend_from_slice(buf));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Everything this thread logged since the capture began.
    pub fn text(&self) -> String {
        BUFFER.with(|b| String::from_utf8_lossy(&b.borrow()).into_owned())
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        CAPTURING.with(|c| c.set(false));
        BUFFER.with(|b| b.borrow_mut().clear());
    }
}

/// Installs the binary's one subscriber. Every test calls this (through [`world_from`])
/// before it makes a span or event: a callsite first reached before a global subscriber
/// exists may keep a cached "never" that a later installation races with, and then a span
/// (the request's, with its id) would be missing from a capture now and then.
pub fn install_logs() {
    use tracing_subscriber::prelude::*;
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        // Every callsite is always enabled, so no interest depends on which thread asked
        // first; what is not captured is dropped by the writer.
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(|| ThreadBuffer)
            .with_ansi(false)
            // Microseconds in a timestamp could spell a six-digit code by chance.
            .without_time()
            .with_filter(tracing_subscriber::filter::LevelFilter::DEBUG);
        tracing_subscriber::registry()
            .with(layer)
            .try_init()
            .expect("the only global subscriber of this test binary");
        tracing::callsite::rebuild_interest_cache();
    });
}

/// Starts capturing this thread's logs until the returned value is dropped.
pub fn capture_logs() -> Capture {
    install_logs();
    BUFFER.with(|b| b.borrow_mut().clear());
    CAPTURING.with(|c| c.set(true));
    Capture(())
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A real photo-like PNG (it decodes, and ends at its `IEND`).
pub static PNG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 120]))
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
});

/// A real PNG of about `bytes` bytes: stored without compression, so its size is known.
pub fn png_of(bytes: usize) -> Vec<u8> {
    use image::ImageEncoder as _;
    let width = 1024u32;
    let height = (bytes / (width as usize * 3)).max(1) as u32;
    let pixels: Vec<u8> = (0..width * height * 3).map(|i| (i % 251) as u8).collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Uncompressed,
        image::codecs::png::FilterType::NoFilter,
    )
    .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
    .unwrap();
    out
}

/// A real JPEG, as a phone's camera writes.
pub static JPG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([200, x as u8 * 3, y as u8 * 4]))
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
});

/// A real one-page PDF.
pub static PDF: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    pdfdoc::Document {
        title: "Conta de luz",
        lines: vec!["Rua das Flores, 10 - Recife/PE".into()],
    }
    .render()
});

pub async fn write(
    app: &Router,
    method: Method,
    path: &str,
    session: &(String, String),
    body: Value,
) -> Reply {
    send(
        app,
        method,
        path,
        Some(&session.0),
        &[("x-csrf-token", &session.1)],
        Some(body),
    )
    .await
}

pub fn prospect(document: &str, documents: Value) -> Value {
    json!({
        "plan_id": "P2", "name": "Cliente Novo da Silva", "document": document, "birth_date": "1990-10-10",
        "email": "novo@example.com", "mobile": "(81) 98765-4321", "whatsapp": null,
        "installation": {"cep": "53020-140", "street": "Avenida Olinda", "number": "10", "district": "Varadouro", "city": "Olinda", "state": "PE"},
        "billing": null, "due_day_id": "V10", "origin_id": "O2", "reseller_id": null,
        "documents": documents,
        "idempotency_key": null
    })
}

/// The six digits of a message text.
pub fn code_in(text: &str) -> String {
    text.as_bytes()
        .windows(6)
        .find(|w| w.iter().all(u8::is_ascii_digit))
        .map(|w| String::from_utf8(w.to_vec()).unwrap())
        .unwrap_or_else(|| panic!("no code in {text:?}"))
}

/// The outbox's messages to `to`, oldest first.
pub fn outbox_to(outbox: &std::path::Path, to: &str) -> Vec<Value> {
    std::fs::read_to_string(outbox)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|m| m["para"] == to)
        .collect()
}

pub fn wrong(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}
