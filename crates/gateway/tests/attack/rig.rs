//! The attack suite's rig: a demo ERP and a gateway on loopback ports, an HTTP client that
//! times each answer and keeps every token it is given, the report, and two hostile
//! servers — an ERP that lies and a host that should never be reached.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use demo_erp::DemoErp;
use gateway::config::Secret;
use gateway::keys::Keys;
use serde_json::{Value, json};

pub const ERP_TOKEN: &str = "token-do-erp-de-ataque";

/// Every cookie, CSRF token and tracking link any gateway handed out, for the log check.
static TOKENS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What differs between the gateways the suite starts.
pub struct Setup {
    pub top: &'static str,
    pub login: &'static str,
    pub code: &'static str,
    pub limits: &'static str,
    /// Another ERP base URL (a rogue one) instead of the demo ERP's.
    pub erp: Option<String>,
}

/// A gateway and the demo ERP behind it.
pub struct Rig {
    pub base: String,
    pub erp: Arc<DemoErp>,
    pub erp_base: String,
    pub secret: String,
    pub outbox: PathBuf,
    dist: PathBuf,
    http: reqwest::Client,
    /// The portal's store, shared with the gateway under attack.
    pub store: store::Store,
    _dir: tempfile::TempDir,
}

/// A signed-in customer.
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

/// One answer.
pub struct Hit {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub ms: f64,
}

impl Hit {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The header names, sorted.
    pub fn header_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.headers.keys().map(|k| k.to_string()).collect();
        names.sort();
        names.dedup();
        names
    }

    fn cookie(&self) -> Option<String> {
        let set = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let value = set.split(';').next()?.split_once('=')?.1;
        (!value.is_empty()).then(|| value.to_string())
    }
}

impl Rig {
    pub async fn start(setup: &Setup) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Central</title>",
        )
        .unwrap();
        let outside = dir.path().join("segredo.txt");
        std::fs::write(&outside, "fora do build").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, dist.join("segredo.txt")).unwrap();
        let (erp, erp_base, _) =
            crate::common::demo_erp(dir.path().join("erp.sqlite"), ERP_TOKEN).await;
        let store = crate::common::memory_store().await;
        crate::common::verify_seeded_contacts(&store).await;
        let mut rig = Self {
            base: String::new(),
            erp,
            erp_base,
            secret: Secret::generate().unwrap().expose().to_string(),
            outbox: dir.path().join("caixa.jsonl"),
            dist,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            store: store.clone(),
            _dir: dir,
        };
        let config = gateway::Config::parse(&rig.config_text(setup), |_| None).unwrap();
        let state = gateway::AppState::new(config, store).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        rig.base = format!("http://{}", listener.local_addr().unwrap());
        let app = gateway::router(state).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        rig
    }

    /// The gateway's configuration for `setup`.
    pub fn config_text(&self, setup: &Setup) -> String {
        let erp = setup.erp.clone().unwrap_or_else(|| self.erp_base.clone());
        format!(
            r#"
{top}
dist = "{dist}"
[erp]
base_url = "{erp}"
token = "{ERP_TOKEN}"
read_timeout_ms = 5000
retries = 0
[session]
secret = "{secret}"
[login]
cpf = ["code", "birth_date"]
failure_floor_ms = 100
{login}
[code]
{code}
[code.email]
sender = "outbox"
path = "{outbox}"
[code.whatsapp]
sender = "outbox"
path = "{outbox}"
[limits]
{limits}
"#,
            top = setup.top,
            dist = self.dist.display(),
            secret = self.secret,
            login = setup.login,
            code = setup.code,
            outbox = self.outbox.display(),
            limits = setup.limits,
        )
    }

    /// The keys the gateway derives from its secret, to forge what it must refuse.
    pub fn keys(&self) -> Keys {
        Keys::derive(&Secret::new(self.secret.as_str()))
    }

    /// A request as a browser on the portal sends it: with our `Origin` unless `headers`
    /// names one (`("origin", "")` sends none).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Hit {
        let bytes = body.map(|b| b.to_string().into_bytes());
        self.send(method, path, headers, bytes).await
    }

    /// Raw bytes as a JSON body.
    pub async fn raw(&self, method: &str, path: &str, body: Vec<u8>) -> Hit {
        self.send(method, path, &[], Some(body)).await
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Hit {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("origin"))
        {
            request = request.header("origin", &self.base);
        }
        for (k, v) in headers {
            if !v.is_empty() {
                request = request.header(*k, *v);
            }
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let started = Instant::now();
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap_or_default().to_vec();
        let hit = Hit {
            status,
            headers,
            body,
            ms: started.elapsed().as_secs_f64() * 1000.0,
        };
        keep_tokens(&hit);
        hit
    }

    pub async fn get_as(&self, path: &str, cookie: &str) -> Hit {
        self.call(
            "GET",
            path,
            &[("cookie", &format!("central_sessao={cookie}"))],
            None,
        )
        .await
    }

    pub async fn write_as(&self, who: &Signed, method: &str, path: &str, body: Value) -> Hit {
        let cookie = format!("central_sessao={}", who.cookie);
        self.call(
            method,
            path,
            &[("cookie", &cookie), ("x-csrf-token", &who.csrf)],
            Some(body),
        )
        .await
    }

    /// A wrong birth date for `document`, from the client a trusted proxy names.
    pub async fn wrong_factor(&self, document: &str, forwarded_for: &str) -> Hit {
        self.call(
            "POST",
            "/api/v1/sessao",
            &[("x-forwarded-for", forwarded_for)],
            Some(json!({"document": document, "factor": "01/01/1970"})),
        )
        .await
    }

    pub async fn sign_in_by_factor(&self, document: &str, factor: &str) -> Signed {
        let hit = self
            .call(
                "POST",
                "/api/v1/sessao",
                &[],
                Some(json!({"document": document, "factor": factor})),
            )
            .await;
        signed(&hit)
    }

    /// Asks for a code by e-mail, reads it from the outbox and signs in with it.
    pub async fn sign_in_by_code_from(&self, document: &str, forwarded_for: &str) -> Hit {
        let from = [("x-forwarded-for", forwarded_for)];
        let sent = self
            .call(
                "POST",
                "/api/v1/sessao/codigo/envio",
                &from,
                Some(json!({"document": document, "channel": "email"})),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", String::from_utf8_lossy(&sent.body));
        let code = codes_in(&self.outbox).pop().unwrap_or_default();
        self.call(
            "POST",
            "/api/v1/sessao/codigo",
            &from,
            Some(json!({"document": document, "code": code})),
        )
        .await
    }

    pub async fn sign_in_by_code(&self, document: &str) -> Signed {
        signed(&self.sign_in_by_code_from(document, "198.51.100.200").await)
    }
}

fn signed(hit: &Hit) -> Signed {
    assert_eq!(hit.status, 200, "{}", String::from_utf8_lossy(&hit.body));
    Signed {
        cookie: hit.cookie().unwrap_or_default(),
        csrf: hit.json()["csrf_token"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    }
}

fn keep_tokens(hit: &Hit) {
    let mut tokens = TOKENS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(cookie) = hit.cookie() {
        tokens.push(cookie);
    }
    let body = hit.json();
    for key in ["csrf_token", "tracking"] {
        if let Some(t) = body[key].as_str() {
            tokens.push(t.to_string());
        }
    }
}

/// Serves `app` on a loopback port, returning its base URL.
async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

/// Every code the outbox holds, oldest first.
pub fn codes_in(outbox: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(outbox)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|m| {
            let text = m["mensagem"].as_str()?.to_string();
            let code: String = text.chars().take_while(char::is_ascii_digit).collect();
            (code.len() == 6).then_some(code)
        })
        .collect()
}

/// The checks so far.
#[derive(Default)]
pub struct Report {
    pub failures: Vec<String>,
    pub checks: usize,
    /// ERP writes made by requests the gateway refused.
    pub refused_writes: u64,
}

impl Report {
    /// Prints one line for a check, numbered by the finding it covers (0: none in particular).
    pub fn check(&mut self, finding: u8, what: &str, ok: bool, detail: impl std::fmt::Display) {
        self.checks += 1;
        let line = format!(
            "{} [{finding}] {what} — {detail}",
            if ok { "ok  " } else { "LEAK" }
        );
        println!("{line}");
        if !ok {
            self.failures.push(line);
        }
    }

    /// Runs a request that must be refused, counting any ERP write it made.
    pub async fn refused<F, Fut>(&mut self, rig: &Rig, request: F) -> Hit
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Hit>,
    {
        let before = rig.erp.seen.writes.load(Ordering::Relaxed);
        let hit = request().await;
        let wrote = rig.erp.seen.writes.load(Ordering::Relaxed) - before;
        if wrote > 0 {
            println!(
                "LEAK a refused request ({}) wrote {wrote} times to the ERP",
                hit.status
            );
        }
        self.refused_writes += wrote;
        hit
    }

    pub fn finish(self) {
        println!("{} checks, {} leaks", self.checks, self.failures.len());
        assert!(
            self.failures.is_empty(),
            "leaks:\n{}",
            self.failures.join("\n")
        );
    }
}

/// Every token handed out so far.
pub fn tokens() -> Vec<String> {
    TOKENS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

/// The middle value, in milliseconds.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// A body with its letters and digits made generic, to compare shapes.
pub fn shape(body: &[u8]) -> Vec<u8> {
    body.iter()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' => b'a',
            b'0'..=b'9' => b'9',
            other => *other,
        })
        .collect()
}

/// Log lines from every gateway in this process.
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends every log line of this process (one test: the suite) to a buffer.
pub fn capture_logs() -> Logs {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_ansi(false)
        // Microseconds in a timestamp could spell a six-digit code by chance.
        .without_time()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || Sink(writer.clone()))
        .try_init()
        .unwrap();
    Logs(buffer)
}

/// A real PNG of noise, `side` pixels square, stored uncompressed: `side² × 3` bytes and more.
pub fn png(side: u32) -> Vec<u8> {
    use image::ImageEncoder as _;
    let pixels: Vec<u8> = (0..side * side * 3)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Uncompressed,
        image::codecs::png::FilterType::NoFilter,
    )
    .write_image(&pixels, side, side, image::ExtendedColorType::Rgb8)
    .unwrap();
    out
}

/// A valid CPF built from nine digits.
pub fn cpf(base: u32) -> String {
    let digits: Vec<u32> = format!("{base:09}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let check = |d: &[u32]| {
        let n = d.len() as u32 + 1;
        let sum: u32 = d.iter().enumerate().map(|(i, x)| x * (n - i as u32)).sum();
        let r = sum * 10 % 11;
        if r == 10 { 0 } else { r }
    };
    let mut all = digits.clone();
    all.push(check(&all));
    all.push(check(&all));
    all.iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

/// A sign-up form for `document`.
pub fn prospect(document: &str) -> Value {
    json!({
        "plan_id": "P2", "name": "Cliente Novo da Silva", "document": document, "birth_date": "1990-10-10",
        "email": "novo@example.com", "mobile": "(81) 98765-4321", "whatsapp": null,
        "installation": {"cep": "53020-140", "street": "Avenida Olinda", "number": "10", "district": "Varadouro", "city": "Olinda", "state": "PE"},
        "billing": {"cep": "53020-140", "street": "Avenida Olinda", "number": "10", "district": "Varadouro", "city": "Olinda", "state": "PE"},
        "due_day_id": "V10", "documents": []
    })
}

/// A ticket with `attachments`.
pub fn ticket(attachments: Value) -> Value {
    json!({"type_id": "T5", "department_id": "D1", "subject": "Teste", "message": "Anexos", "attachments": attachments})
}

/// A host nothing should ever reach: it counts what reaches it.
pub struct Trap {
    pub base: String,
    total: Arc<AtomicUsize>,
    with_token: Arc<AtomicUsize>,
}

pub struct Seen {
    pub total: usize,
    pub with_token: usize,
}

impl Trap {
    pub async fn start() -> Self {
        let total = Arc::new(AtomicUsize::new(0));
        let with_token = Arc::new(AtomicUsize::new(0));
        let counts = (total.clone(), with_token.clone());
        let app = axum::Router::new().fallback(move |headers: HeaderMap| {
            let (total, with_token) = counts.clone();
            async move {
                total.fetch_add(1, Ordering::Relaxed);
                if headers.contains_key(header::AUTHORIZATION) {
                    with_token.fetch_add(1, Ordering::Relaxed);
                }
                (
                    [(header::CONTENT_TYPE, "application/pdf")],
                    "%PDF-1.4 capturado",
                )
            }
        });
        Self {
            base: serve(app).await,
            total,
            with_token,
        }
    }

    pub fn seen(&self) -> Seen {
        Seen {
            total: self.total.load(Ordering::Relaxed),
            with_token: self.with_token.load(Ordering::Relaxed),
        }
    }
}

/// How the rogue ERP lies.
#[derive(Clone)]
pub enum Lie {
    /// Every answer is a redirect to this other host.
    RedirectTo(String),
    /// Answers as the demo ERP, with its file links moved to this other host.
    FilesAt(String),
}

/// An ERP in front of the demo ERP that lies as told.
pub struct Rogue;

impl Rogue {
    /// Starts it, returning its base URL.
    pub async fn start(upstream: &str, lie: Lie) -> String {
        let state = (upstream.to_string(), lie, reqwest::Client::new());
        let app = axum::Router::new()
            .fallback(rogue)
            .with_state(Arc::new(state));
        serve(app).await
    }
}

async fn rogue(
    State(state): State<Arc<(String, Lie, reqwest::Client)>>,
    request: Request,
) -> Response {
    let (upstream, lie, http) = &*state;
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    if let Lie::RedirectTo(elsewhere) = lie {
        return (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, format!("{elsewhere}{path}"))],
        )
            .into_response();
    }
    let method = request.method().clone();
    let headers = request.headers().clone();
    let body: Bytes = axum::body::to_bytes(request.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let mut forward = http
        .request(method, format!("{upstream}{path}"))
        .body(body.to_vec());
    for name in [header::AUTHORIZATION, header::CONTENT_TYPE] {
        if let Some(v) = headers.get(&name) {
            forward = forward.header(name, v);
        }
    }
    let Ok(answer) = forward.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let text = answer.text().await.unwrap_or_default();
    let Lie::FilesAt(elsewhere) = lie else {
        return (status, text).into_response();
    };
    let moved = text.replace("\"/documentos/", &format!("\"{elsewhere}/documentos/"));
    (status, [(header::CONTENT_TYPE, "application/json")], moved).into_response()
}
