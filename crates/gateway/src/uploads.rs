//! Attachments from the browser: only JPEG, PNG, GIF, WebP and PDF, recognised by their
//! first bytes; per-file, total and count limits; names reduced to a safe base name.

use axum::http::StatusCode;
use base64::Engine as _;

use crate::config::LimitsSection;

use api::Attachment;

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    pub kind: &'static str,
    pub bytes: Vec<u8>,
}

/// Why a file was refused: the status to answer and a sentence that names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
}

impl From<Refused> for crate::error::ApiError {
    fn from(r: Refused) -> Self {
        Self::Attachment(r.status, r.message)
    }
}

/// The file type by its magic bytes (the rule the browser also applies).
pub use api::attachment_kind as sniff;

/// The base name of `name` (no folders), without control characters, at most 100
/// characters; `None` when nothing usable is left.
pub fn safe_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(100)
        .collect();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Checks every file against `limits`, in order, and stops at the first refusal.
///
/// # Errors
/// [`Refused`] with 413 (too many, too large), 415 (not an accepted type) or 422 (bad
/// base64, no usable name).
pub fn check(files: &[Attachment], limits: &LimitsSection) -> Result<Vec<Checked>, Refused> {
    let refuse = |status, message: String| Err(Refused { status, message });
    if files.len() > limits.attachments as usize {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Envie no máximo {} anexos; foram {}.",
                limits.attachments,
                files.len()
            ),
        );
    }
    let mut total = 0u64;
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let shown: String = file
            .name
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect();
        let Some(name) = safe_name(&file.name) else {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("O arquivo \"{shown}\" não tem um nome válido."),
            );
        };
        let content = file
            .content_base64
            .split_once("base64,")
            .map_or(file.content_base64.as_str(), |(_, b)| b);
        // Refuse before decoding when the encoded size alone is over the limit.
        if content.len() as u64 / 4 * 3 > limits.attachment_bytes + 3 {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                too_large(&name, limits.attachment_bytes),
            );
        }
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(content.trim()) else {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("O arquivo \"{name}\" chegou corrompido. Anexe-o de novo."),
            );
        };
        if bytes.len() as u64 > limits.attachment_bytes {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                too_large(&name, limits.attachment_bytes),
            );
        }
        total += bytes.len() as u64;
        if total > limits.attachments_total_bytes {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Os anexos passam de {} no total; \"{name}\" não coube.",
                    megabytes(limits.attachments_total_bytes)
                ),
            );
        }
        let Some(kind) = sniff(&bytes) else {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("O arquivo \"{name}\" não é uma foto (JPEG, PNG, GIF, WebP) nem um PDF."),
            );
        };
        out.push(Checked { name, kind, bytes });
    }
    Ok(out)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_048_576.0)
}

fn too_large(name: &str, limit: u64) -> String {
    format!("O arquivo \"{name}\" passa de {}.", megabytes(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> LimitsSection {
        LimitsSection {
            attachment_bytes: 1000,
            attachments_total_bytes: 1500,
            attachments: 2,
            pdf_bytes: 1,
            signups_per_hour: 1,
        }
    }

    fn file(name: &str, bytes: &[u8]) -> Attachment {
        Attachment {
            name: name.into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[test]
    fn recognises_types_by_their_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(sniff(b"GIF89a"), Some("gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("pdf"));
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b"<svg"), None);
    }

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(
            safe_name("../../etc/passwd.png").as_deref(),
            Some("passwd.png")
        );
        assert_eq!(
            safe_name("C:\\Users\\ana\\foto.jpg").as_deref(),
            Some("foto.jpg")
        );
        assert_eq!(safe_name("..\u{0}.pdf").as_deref(), Some("pdf"));
        assert_eq!(safe_name("../"), None);
        assert_eq!(
            safe_name("conta de luz.pdf").as_deref(),
            Some("conta de luz.pdf")
        );
    }

    #[test]
    fn each_rule_names_the_file() {
        let png = b"\x89PNG\r\n\x1a\n";
        let e = check(
            &[file("a.png", png), file("b.png", png), file("c.png", png)],
            &limits(),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(
            &[file("grande.png", &[png.as_slice(), &[0; 1200]].concat())],
            &limits(),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(e.message.contains("grande.png"));
        let e = check(
            &[
                file("a.png", &[png.as_slice(), &[0; 900]].concat()),
                file("b.png", &[png.as_slice(), &[0; 900]].concat()),
            ],
            &limits(),
        )
        .unwrap_err();
        assert!(e.message.contains("b.png") && e.status == StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(&[file("virus.pdf", b"MZ\x90\0")], &limits()).unwrap_err();
        assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e.message.contains("virus.pdf"));
        let e = check(
            &[Attachment {
                name: "x.png".into(),
                content_base64: "***".into(),
            }],
            &limits(),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.message.contains("x.png"));
        let ok = check(
            &[
                file("../../f.png", png),
                Attachment {
                    name: "d.pdf".into(),
                    content_base64: format!(
                        "data:application/pdf;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4")
                    ),
                },
            ],
            &limits(),
        )
        .unwrap();
        assert_eq!(ok[0].name, "f.png");
        assert_eq!(ok[1].kind, "pdf");
    }
}
