//! How answers leave: private (never cached) responses, with a session cookie when one is
//! set, and PDFs streamed from the ERP after checking they are PDFs.

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use erp::Parsed;

use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in customer's answer: never stored by caches, with `cookie` set when given.
pub fn private(response: impl IntoResponse, cookie: Option<HeaderValue>) -> Response {
    let mut response = response.into_response();
    let headers = response.headers_mut();
    if let Some(cookie) = cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A part of the portal the ISP switched off answers as if it were not there.
///
/// # Errors
/// [`ApiError::NotFound`] when `on` is false.
pub fn feature(on: bool) -> Result<(), ApiError> {
    if on { Ok(()) } else { Err(ApiError::NotFound) }
}

/// Letters and digits of an id, for a download's file name.
pub fn safe_name(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(40)
        .collect()
}

/// Streams a PDF the ERP links to, after checking it is one and within the size cap.
///
/// # Errors
/// Not found without a link; the ERP's error, or malformed when it is not a PDF.
pub async fn pdf(state: &AppState, url: &Parsed<String>, name: &str) -> Result<Response, ApiError> {
    let url = url.ok().ok_or(ApiError::NotFound)?;
    let max = usize::try_from(state.config.limits.pdf_bytes).unwrap_or(usize::MAX);
    let (content_type, bytes) = state.erp.fetch_file(url, max).await?;
    let declared_ok = content_type.as_deref().is_none_or(|t| {
        t.contains("pdf") || t.starts_with("application/octet-stream") || t.starts_with("binary/")
    });
    if !declared_ok || !bytes.starts_with(b"%PDF-") {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o arquivo não é um PDF".into(),
            bytes: 0,
        }));
    }
    Ok(private(pdf_download(bytes, name), None))
}

/// PDF bytes as a download named `name`.
pub fn pdf_download(bytes: Vec<u8>, name: &str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
}
