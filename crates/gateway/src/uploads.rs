//! Attachments from the browser, checked again with the rules the browser applied
//! (`api::attachment`): decoded from base64, names reduced to a safe base name.

use api::Attachment;
use api::attachment::{AttachmentError, AttachmentLimits, Kind};
use axum::http::StatusCode;
use base64::Engine as _;

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

impl From<AttachmentError> for crate::error::ApiError {
    fn from(e: AttachmentError) -> Self {
        let status = match e {
            AttachmentError::TooMany { .. }
            | AttachmentError::TooLarge { .. }
            | AttachmentError::TotalTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AttachmentError::WrongType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AttachmentError::Corrupt { .. } | AttachmentError::BadName { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        };
        Self::Attachment(status, e.to_string())
    }
}

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
/// The first [`AttachmentError`]: too many, too large, not an accepted type, bad base64 or
/// no usable name.
pub fn check(
    files: &[Attachment],
    limits: &AttachmentLimits,
) -> Result<Vec<Checked>, AttachmentError> {
    if files.len() > limits.max_count as usize {
        return Err(AttachmentError::TooMany {
            max: limits.max_count,
        });
    }
    let mut total = 0u64;
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let Some(name) = safe_name(&file.name) else {
            let shown = file
                .name
                .chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect();
            return Err(AttachmentError::BadName { shown });
        };
        let content = file
            .content_base64
            .split_once("base64,")
            .map_or(file.content_base64.as_str(), |(_, b)| b);
        // Refuse before decoding when the encoded size alone is over the limit.
        if content.len() as u64 / 4 * 3 > limits.max_bytes + 3 {
            return Err(AttachmentError::TooLarge {
                name,
                max_bytes: limits.max_bytes,
            });
        }
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(content.trim()) else {
            return Err(AttachmentError::Corrupt { name });
        };
        let kind = limits.admit(&name, &bytes, out.len(), total)?;
        total += bytes.len() as u64;
        out.push(Checked { name, kind, bytes });
    }
    Ok(out)
}

/// Base64 for the ERP, which takes files inline.
pub fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> AttachmentLimits {
        AttachmentLimits {
            max_bytes: 1000,
            max_total_bytes: 1500,
            max_count: 2,
        }
    }

    fn status(e: AttachmentError) -> (StatusCode, String) {
        match crate::error::ApiError::from(e) {
            crate::error::ApiError::Attachment(status, message) => (status, message),
            other => panic!("{other:?}"),
        }
    }

    fn file(name: &str, bytes: &[u8]) -> Attachment {
        Attachment {
            name: name.into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
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
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(
            &[file("grande.png", &[png.as_slice(), &[0; 1200]].concat())],
            &limits(),
        )
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(e.1.contains("grande.png"));
        let e = check(
            &[
                file("a.png", &[png.as_slice(), &[0; 900]].concat()),
                file("b.png", &[png.as_slice(), &[0; 900]].concat()),
            ],
            &limits(),
        )
        .map_err(status)
        .unwrap_err();
        assert!(e.1.contains("b.png") && e.0 == StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(&[file("virus.pdf", b"MZ\x90\0")], &limits())
            .map_err(status)
            .unwrap_err();
        assert_eq!(e.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e.1.contains("virus.pdf"));
        let e = check(
            &[Attachment {
                name: "x.png".into(),
                content_base64: "***".into(),
            }],
            &limits(),
        )
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.1.contains("x.png"));
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
        assert_eq!(ok[1].kind, Kind::Pdf);
    }
}
