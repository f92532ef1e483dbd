//! The JSON calls' HTTP exchange, straight on hyper: one pooled connection per call, the
//! token header, same-origin redirects, one deadline for the whole answer, and transport
//! failures as typed errors. It is the gateway's hot path, so nothing is parsed per call
//! that was known at start (addresses, headers), and a URL is only parsed when a redirect
//! needs one.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, HOST, HeaderName, HeaderValue, LOCATION, USER_AGENT};
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::client::{ErpError, RawAnswer};

/// Redirects followed for one call, as many as the file downloads follow.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// The user agent the ERP sees on every call.
pub(crate) const AGENT: &str = concat!("central-gateway/", env!("CARGO_PKG_VERSION"));

/// Whether `matcher` (the environment's `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`) sends
/// the ERP at `base` through a proxy.
pub(crate) fn proxied(matcher: &hyper_util::client::proxy::matcher::Matcher, base: &str) -> bool {
    base.parse::<Uri>()
        .ok()
        .and_then(|uri| matcher.intercept(&uri))
        .is_some()
}

/// A pooled client for one ERP.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// The ERP's own origin: a redirect elsewhere is not followed, since it would carry
    /// the token to another host.
    origin: url::Origin,
    /// The `Host` every call carries: the same for the ERP's whole origin, so it is written
    /// once here rather than by hyper on every call.
    host: HeaderValue,
    token: (HeaderName, HeaderValue),
    deadline: Duration,
}

/// One call to make: the target with its query already written, and a JSON body.
pub(crate) struct Call {
    pub method: Method,
    pub uri: String,
    pub json: Option<Bytes>,
}

impl Transport {
    /// A client for the ERP at `base` (already checked to parse).
    ///
    /// # Errors
    /// [`ErpError::Config`] when TLS cannot be set up.
    pub(crate) fn new(
        base: &url::Url,
        token: (HeaderName, HeaderValue),
        connect_timeout: Duration,
        deadline: Duration,
    ) -> Result<Self, ErpError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(connect_timeout));
        let https = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| ErpError::Config(format!("TLS: {e}")))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new()).build(https);
        let host = match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => return Err(ErpError::Config("base_url sem host".into())),
        };
        let host = HeaderValue::from_str(&host)
            .map_err(|_| ErpError::Config("base_url: host inválido".into()))?;
        Ok(Self {
            client,
            host,
            origin: base.origin(),
            token,
            deadline,
        })
    }

    /// Makes `call`, following same-origin redirects, within the deadline. The body is
    /// read whole; the status is returned as it is.
    ///
    /// # Errors
    /// [`ErpError::Timeout`] past the deadline (connecting included), and
    /// [`ErpError::Unreachable`] when no answer could be had.
    pub(crate) async fn send(&self, call: Call) -> Result<RawAnswer, ErpError> {
        match tokio::time::timeout(self.deadline, self.exchange(call)).await {
            Ok(answer) => answer,
            Err(_) => Err(ErpError::Timeout),
        }
    }

    async fn exchange(&self, call: Call) -> Result<RawAnswer, ErpError> {
        let Call {
            mut method,
            mut uri,
            mut json,
        } = call;
        let mut hops = 0;
        loop {
            let request = self.request(&method, &uri, json.clone())?;
            let response = self.client.request(request).await.map_err(unreachable)?;
            let status = response.status();
            let followed = matches!(
                status,
                StatusCode::MOVED_PERMANENTLY
                    | StatusCode::FOUND
                    | StatusCode::SEE_OTHER
                    | StatusCode::TEMPORARY_REDIRECT
                    | StatusCode::PERMANENT_REDIRECT
            );
            if followed
                && hops < MAX_REDIRECTS
                && let Some(next) = self.redirect_target(&uri, response.headers().get(LOCATION))
            {
                hops += 1;
                uri = next;
                // As browsers do: 303 always, and 301/302 after a POST, go on as a GET
                // without the body; 307 and 308 repeat the request as it was.
                let as_get = match status {
                    StatusCode::SEE_OTHER => true,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => method == Method::POST,
                    _ => false,
                };
                if as_get {
                    method = Method::GET;
                    json = None;
                }
                continue;
            }
            return read(response).await;
        }
    }

    fn request(
        &self,
        method: &Method,
        uri: &str,
        json: Option<Bytes>,
    ) -> Result<Request<Full<Bytes>>, ErpError> {
        let uri: Uri = uri
            .parse()
            .map_err(|_| ErpError::Config("endereço do ERP inválido".into()))?;
        let mut builder = Request::builder()
            .method(method.clone())
            .uri(uri)
            .header(HOST, self.host.clone())
            .header(self.token.0.clone(), self.token.1.clone())
            .header(USER_AGENT, HeaderValue::from_static(AGENT))
            .header(ACCEPT, HeaderValue::from_static("*/*"));
        let body = match json {
            Some(bytes) => {
                builder =
                    builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Full::new(bytes)
            }
            None => Full::new(Bytes::new()),
        };
        builder
            .body(body)
            .map_err(|_| ErpError::Config("pedido ao ERP inválido".into()))
    }

    /// Where a redirect points, when it stays within the ERP's origin.
    fn redirect_target(&self, current: &str, location: Option<&HeaderValue>) -> Option<String> {
        let location = location?.to_str().ok()?;
        let next = url::Url::parse(current).ok()?.join(location).ok()?;
        (next.origin() == self.origin).then(|| next.to_string())
    }
}

async fn read(response: http::Response<hyper::body::Incoming>) -> Result<RawAnswer, ErpError> {
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| ErpError::Unreachable(chain(&e)))?
        .to_bytes();
    Ok(RawAnswer {
        status,
        body: Vec::from(body),
    })
}

/// A failed exchange: a connection that timed out is a timeout, anything else unreachable.
/// hyper's errors never carry the address, so the customer's document in a query stays out.
fn unreachable(e: hyper_util::client::legacy::Error) -> ErpError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return ErpError::Timeout;
        }
        source = s.source();
    }
    ErpError::Unreachable(chain(&e))
}

/// An error with its causes, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::json;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::client::{ErpClient, ErpConfig};
    use crate::endpoint::Endpoint;

    /// What a test ERP answers to one request (its head and body): a whole HTTP answer, or
    /// `None` to hold the connection and never answer.
    type Answer = dyn Fn(&str, &str) -> Option<String> + Send + Sync;

    /// A test ERP on a free loopback port, keeping every request it gets (head, blank line,
    /// body). Connections stay open between requests, as a real server keeps them.
    async fn erp(answer: Box<Answer>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::from(answer);
        let kept = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (answer, seen) = (answer.clone(), kept.clone());
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    loop {
                        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                            let mut chunk = [0u8; 4096];
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (name, value) = l.split_once(':')?;
                                name.eq_ignore_ascii_case("content-length")
                                    .then(|| value.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        while buffer.len() < end + 4 + length {
                            let mut chunk = [0u8; 4096];
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let body =
                            String::from_utf8_lossy(&buffer[end + 4..end + 4 + length]).to_string();
                        buffer.drain(..end + 4 + length);
                        seen.lock().unwrap().push(format!("{head}\r\n\r\n{body}"));
                        match answer(&head, &body) {
                            Some(reply) => {
                                if socket.write_all(reply.as_bytes()).await.is_err() {
                                    return;
                                }
                            }
                            None => {
                                tokio::time::sleep(Duration::from_secs(60)).await;
                                return;
                            }
                        }
                    }
                });
            }
        });
        (base, seen)
    }

    fn reply(status: &str, headers: &[(&str, &str)], body: &str) -> String {
        let mut text = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        format!("{text}\r\n{body}")
    }

    fn path(head: &str) -> &str {
        head.split(' ').nth(1).unwrap_or("")
    }

    /// The client on its own path, and on reqwest's (the path taken behind a proxy).
    fn both(config: ErpConfig) -> [ErpClient; 2] {
        let direct = ErpClient::new(config).unwrap();
        [direct.clone(), direct.through_reqwest()]
    }

    const MARIA: &str = "52998224725";

    #[tokio::test]
    async fn a_read_sends_its_fields_as_query_and_the_token_and_agent_as_headers() {
        let (base, seen) = erp(Box::new(|_, _| Some(reply("200 OK", &[], "[]")))).await;
        for client in both(ErpConfig::new(&base, "segredo")) {
            let fields = json!({"document": MARIA, "contract_id": "C 1/á", "vazio": ""});
            let answer = client.call(Endpoint::OpenInvoices, &fields).await.unwrap();
            assert_eq!((answer.status, answer.body.as_slice()), (200, &b"[]"[..]));
        }
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        for request in seen.iter() {
            let lower = request.to_ascii_lowercase();
            assert!(
                request.starts_with(&format!(
                    "GET /faturas?document={MARIA}&contract_id=C+1%2F%C3%A1 HTTP/1.1\r\n"
                )) || request.starts_with(&format!(
                    "GET /faturas?contract_id=C+1%2F%C3%A1&document={MARIA} HTTP/1.1\r\n"
                )),
                "{request}"
            );
            assert!(
                lower.contains("\r\nauthorization: bearer segredo\r\n"),
                "{request}"
            );
            assert!(
                lower.contains(&format!("\r\nuser-agent: {AGENT}\r\n")),
                "{request}"
            );
            let host = base.trim_start_matches("http://");
            assert!(
                lower.contains(&format!("\r\nhost: {host}\r\n")),
                "{request}"
            );
            assert!(
                request.ends_with("\r\n\r\n"),
                "a read carries no body: {request}"
            );
        }
    }

    #[tokio::test]
    async fn a_write_sends_json_and_a_rejected_token_is_its_own_error() {
        let (base, seen) = erp(Box::new(|head, _| {
            Some(if head.to_ascii_lowercase().contains("bearer velho") {
                reply("401 Unauthorized", &[], "{}")
            } else {
                reply("200 OK", &[], r#"{"status":"ok"}"#)
            })
        }))
        .await;
        for client in both(ErpConfig::new(&base, "segredo")) {
            let fields = json!({"assunto": "Sem sinal", "id_cliente": 7});
            let answer = client.call(Endpoint::CreateTicket, &fields).await.unwrap();
            assert_eq!(answer.status, 200);
        }
        for client in both(ErpConfig::new(&base, "velho")) {
            let got = client.call(Endpoint::CreateTicket, &json!({})).await;
            assert_eq!(got.unwrap_err(), ErpError::TokenRejected(401));
        }
        let seen = seen.lock().unwrap();
        for request in &seen[..2] {
            assert!(
                request.starts_with("POST /atendimentos HTTP/1.1\r\n"),
                "{request}"
            );
            assert!(
                request
                    .to_ascii_lowercase()
                    .contains("\r\ncontent-type: application/json\r\n"),
                "{request}"
            );
            let body = request.split("\r\n\r\n").nth(1).unwrap();
            let sent: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(sent, json!({"assunto": "Sem sinal", "id_cliente": 7}));
        }
    }

    #[tokio::test]
    async fn redirects_within_the_erp_are_followed_as_browsers_do() {
        let (base, seen) = erp(Box::new(|head, _| {
            Some(match path(head) {
                "/atendimentos" => reply("303 See Other", &[("location", "/v2/ok")], ""),
                "/v2/ok" | "/v2/repetido" => reply("200 OK", &[], r#"{"status":"ok"}"#),
                "/faturas" => reply(
                    "307 Temporary Redirect",
                    &[("location", "/v2/repetido")],
                    "",
                ),
                p if p.starts_with("/produtos") => reply("302 Found", &[("location", "v2/ok")], ""),
                _ => reply("404 Not Found", &[], ""),
            })
        }))
        .await;
        let mut config = ErpConfig::new(&base, "segredo");
        // A read the ERP wants as a JSON body, so a 307 has a body to repeat.
        config.get_json_body.insert(Endpoint::OpenInvoices);
        let client = ErpClient::new(config).unwrap();
        let ticket = json!({"assunto": "Sem sinal"});
        let answer = client.call(Endpoint::CreateTicket, &ticket).await.unwrap();
        assert_eq!(answer.status, 200);
        let invoices = json!({"document": MARIA});
        let answer = client
            .call(Endpoint::OpenInvoices, &invoices)
            .await
            .unwrap();
        assert_eq!(answer.status, 200);
        let answer = client.call(Endpoint::Products, &json!({})).await.unwrap();
        assert_eq!(answer.status, 200);
        let seen = seen.lock().unwrap();
        let lines: Vec<&str> = seen.iter().map(|r| r.lines().next().unwrap()).collect();
        assert_eq!(
            lines,
            [
                "POST /atendimentos HTTP/1.1",
                "GET /v2/ok HTTP/1.1",
                "GET /faturas HTTP/1.1",
                "GET /v2/repetido HTTP/1.1",
                "GET /produtos HTTP/1.1",
                "GET /v2/ok HTTP/1.1",
            ]
        );
        assert!(
            seen[1].ends_with("\r\n\r\n"),
            "the 303 drops the body: {}",
            seen[1]
        );
        assert!(
            seen[3].ends_with(&format!(r#"{{"document":"{MARIA}"}}"#)),
            "{}",
            seen[3]
        );
        for request in seen.iter() {
            assert!(request.to_ascii_lowercase().contains("bearer segredo"));
        }
    }

    #[tokio::test]
    async fn a_redirect_to_another_host_is_not_followed_and_a_loop_ends() {
        let (elsewhere, trapped) = erp(Box::new(|_, _| Some(reply("200 OK", &[], "[]")))).await;
        let away = format!("{elsewhere}/faturas");
        let (base, seen) = erp(Box::new(move |head, _| {
            Some(if path(head).starts_with("/faturas") {
                reply("302 Found", &[("location", away.as_str())], "")
            } else {
                reply("301 Moved Permanently", &[("location", "/de-novo")], "")
            })
        }))
        .await;
        for client in both(ErpConfig::new(&base, "segredo")) {
            let fields = json!({"document": MARIA});
            let answer = client.call(Endpoint::OpenInvoices, &fields).await.unwrap();
            assert_eq!(answer.status, 302);
            let looping = client.call(Endpoint::Products, &json!({})).await.unwrap();
            assert_eq!(looping.status, 301);
        }
        assert!(
            trapped.lock().unwrap().is_empty(),
            "the other host got a request"
        );
        // Each path: one call, one redirect refused; one call and five redirects followed.
        assert_eq!(seen.lock().unwrap().len(), 2 * (1 + 1 + MAX_REDIRECTS));
    }

    #[tokio::test]
    async fn an_erp_that_never_answers_times_out_and_a_closed_port_is_unreachable() {
        let (base, _) = erp(Box::new(|_, _| None)).await;
        let mut config = ErpConfig::new(&base, "segredo");
        config.read_timeout = Duration::from_millis(200);
        config.retries = 0;
        for client in both(config) {
            let got = client
                .call(Endpoint::OpenInvoices, &json!({"document": MARIA}))
                .await;
            assert_eq!(got.unwrap_err(), ErpError::Timeout);
        }
        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let mut config = ErpConfig::new(format!("http://{closed}"), "segredo");
        config.retries = 0;
        for client in both(config) {
            let got = client
                .call(Endpoint::OpenInvoices, &json!({"document": MARIA}))
                .await;
            match got {
                Err(ErpError::Unreachable(why)) => {
                    assert!(!why.contains(MARIA) && !why.contains("segredo"), "{why}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn only_a_proxy_named_for_the_erps_scheme_and_host_takes_its_calls() {
        use hyper_util::client::proxy::matcher::Matcher;
        let none = Matcher::builder().build();
        assert!(!proxied(&none, "http://erp.local/api"));
        let http = Matcher::builder().http("http://proxy.local:3128").build();
        assert!(proxied(&http, "http://erp.local/api"));
        assert!(!proxied(&http, "https://erp.local/api"));
        let except = Matcher::builder()
            .all("http://proxy.local:3128")
            .no("erp.local")
            .build();
        assert!(!proxied(&except, "https://erp.local/api"));
        assert!(proxied(&except, "https://outro.local/api"));
    }
}
