//! Attachments from the browser, checked again with the rules the browser applied
//! (`api::attachment`), then for their structure (`structure`): decoded from base64, shown
//! by a cleaned base name, and forwarded under a random name with the detected extension,
//! so that nothing the client wrote in a name reaches the ERP's file system.

mod structure;

use api::Attachment;
use api::attachment::{AttachmentError, AttachmentLimits, Kind};
use axum::http::StatusCode;
use base64::Engine as _;

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The client's name, cleaned, for messages and logs.
    pub name: String,
    /// `<random>.<detected extension>`, the name the ERP gets.
    pub stored_name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

/// Characters that change how text around them displays without being seen: bidi
/// overrides and isolates (U+202E turns `gpj.exe` into `exe.jpg` on screen), directional
/// marks and zero-width characters.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
        | '\u{061C}' | '\u{FEFF}')
}

/// A random name with `kind`'s extension.
fn stored_name(kind: Kind) -> Result<String, AttachmentError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| AttachmentError::Corrupt {
        name: "anexo".into(),
    })?;
    Ok(format!("{}.{}", crate::keys::hex(&bytes), kind.extension()))
}

impl From<AttachmentError> for crate::error::ApiError {
    fn from(e: AttachmentError) -> Self {
        let status = match e {
            AttachmentError::TooMany { .. }
            | AttachmentError::TooLarge { .. }
            | AttachmentError::TotalTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AttachmentError::WrongType { .. } | AttachmentError::Unsafe { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
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
        .filter(|c| !c.is_control() && !invisible(*c))
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
                .filter(|c| !c.is_control() && !invisible(*c))
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
        if let Err(flaw) = structure::inspect(kind, &bytes) {
            tracing::warn!(?kind, ?flaw, "attachment refused for its structure");
            return Err(AttachmentError::Unsafe { name });
        }
        total += bytes.len() as u64;
        out.push(Checked {
            stored_name: stored_name(kind)?,
            name,
            kind,
            bytes,
        });
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

    /// A real PNG of noise, `side` pixels square: about `side² × 3` bytes, as noise does
    /// not compress.
    fn png(side: u32) -> Vec<u8> {
        let mut seed = 0x2545_f491_u32;
        let mut out = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_fn(side, side, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let [r, g, b, _] = seed.to_le_bytes();
            image::Rgb([r, g, b])
        })
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
        out.into_inner()
    }

    fn pdf() -> Vec<u8> {
        pdfdoc::Document {
            title: "Conta de luz",
            lines: vec![],
        }
        .render()
    }

    #[test]
    fn names_lose_bidi_and_invisible_characters() {
        assert_eq!(
            safe_name("foto\u{202E}gpj.exe").as_deref(),
            Some("fotogpj.exe")
        );
        assert_eq!(
            safe_name("\u{200B}\u{2066}conta\u{2069}.pdf").as_deref(),
            Some("conta.pdf")
        );
    }

    #[test]
    fn each_rule_names_the_file() {
        let limits = AttachmentLimits {
            max_bytes: 2_000,
            max_total_bytes: 3_000,
            max_count: 2,
        };
        let small = png(4);
        let e = check(
            &[
                file("a.png", &small),
                file("b.png", &small),
                file("c.png", &small),
            ],
            &limits,
        )
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(&[file("grande.png", &png(30))], &limits)
            .map_err(status)
            .unwrap_err();
        assert_eq!(e.0, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(e.1.contains("grande.png"));
        let e = check(&[file("a.png", &png(22)), file("b.png", &png(22))], &limits)
            .map_err(status)
            .unwrap_err();
        assert!(e.1.contains("b.png") && e.0 == StatusCode::PAYLOAD_TOO_LARGE);
        let e = check(&[file("virus.pdf", b"MZ\x90\0")], &limits)
            .map_err(status)
            .unwrap_err();
        assert_eq!(e.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e.1.contains("virus.pdf"));
        let e = check(
            &[file(
                "pagina.png",
                &[small.as_slice(), b"<script>x</script>"].concat(),
            )],
            &limits,
        )
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e.1.contains("não parece uma foto"), "{}", e.1);
        let e = check(
            &[Attachment {
                name: "x.png".into(),
                content_base64: "***".into(),
            }],
            &limits,
        )
        .map_err(status)
        .unwrap_err();
        assert_eq!(e.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.1.contains("x.png"));
        let ok = check(
            &[
                file("../../pagina.html", &small),
                Attachment {
                    name: "d.pdf".into(),
                    content_base64: format!(
                        "data:application/pdf;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(pdf())
                    ),
                },
            ],
            &limits,
        )
        .unwrap();
        assert_eq!(ok[0].name, "pagina.html", "shown as the client named it");
        assert!(
            ok[0].stored_name.ends_with(".png") && ok[0].stored_name.len() == 36,
            "forwarded under a random name with the detected type: {}",
            ok[0].stored_name
        );
        assert_ne!(ok[1].stored_name, ok[0].stored_name.replace(".png", ".pdf"));
        assert_eq!(ok[1].kind, Kind::Pdf);
    }
}
