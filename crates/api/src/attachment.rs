//! Attachments (ticket photos, sign-up documents): the accepted types by their first bytes,
//! the limits, and the sentence for each refusal. The browser checks a file when it is
//! picked and the gateway again when it arrives, with these same rules.

use core::fmt;

use serde::{Deserialize, Serialize};

/// A file attached in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub name: String,
    pub content_base64: String,
}

/// What the file picker offers.
pub const ACCEPT: &str = "image/jpeg,image/png,image/gif,image/webp,application/pdf";

/// How many files, and how large, one ticket or sign-up may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AttachmentLimits {
    pub max_bytes: u64,
    pub max_count: u32,
    pub max_total_bytes: u64,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self {
            max_bytes: 5 * 1_048_576,
            max_count: 5,
            max_total_bytes: 15 * 1_048_576,
        }
    }
}

/// An accepted file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpg,
    Png,
    Gif,
    Webp,
    Pdf,
}

impl Kind {
    /// The type by its magic bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else {
            None
        }
    }

    /// The extension the ERP is told (`jpg`, `png`, `gif`, `webp`, `pdf`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Pdf => "pdf",
        }
    }

    /// The MIME type of an image, for a preview; `None` for a PDF.
    pub fn image_mime(self) -> Option<&'static str> {
        match self {
            Self::Jpg => Some("image/jpeg"),
            Self::Png => Some("image/png"),
            Self::Gif => Some("image/gif"),
            Self::Webp => Some("image/webp"),
            Self::Pdf => None,
        }
    }
}

/// Why a file was refused; `Display` is the sentence the subscriber reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentError {
    TooMany {
        max: u32,
    },
    TooLarge {
        name: String,
        max_bytes: u64,
    },
    TotalTooLarge {
        name: String,
        max_total_bytes: u64,
    },
    WrongType {
        name: String,
    },
    Corrupt {
        name: String,
    },
    BadName {
        shown: String,
    },
    /// It starts as an accepted type but is not only that (a polyglot, trailing data,
    /// active PDF content, impossible dimensions).
    Unsafe {
        name: String,
    },
}

/// Whole megabytes, rounded to the nearest; in integers, so the browser's bundle carries no
/// float formatting for one message.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.saturating_add(524_288) / 1_048_576)
}

impl fmt::Display for AttachmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooMany { max } => write!(f, "Envie no máximo {max} anexos."),
            Self::TooLarge { name, max_bytes } => {
                write!(
                    f,
                    "O arquivo \"{name}\" passa de {}.",
                    megabytes(*max_bytes)
                )
            }
            Self::TotalTooLarge {
                name,
                max_total_bytes,
            } => write!(
                f,
                "Os anexos passam de {} no total; \"{name}\" não coube.",
                megabytes(*max_total_bytes)
            ),
            Self::WrongType { name } => write!(
                f,
                "O arquivo \"{name}\" não é uma foto (JPEG, PNG, GIF, WebP) nem um PDF."
            ),
            Self::Corrupt { name } => {
                write!(
                    f,
                    "O arquivo \"{name}\" chegou corrompido. Anexe-o de novo."
                )
            }
            Self::BadName { shown } => write!(f, "O arquivo \"{shown}\" não tem um nome válido."),
            Self::Unsafe { name } => write!(
                f,
                "O arquivo \"{name}\" não foi aceito: não parece uma foto ou um PDF comum. Tire a foto de novo ou salve o documento como PDF."
            ),
        }
    }
}

impl AttachmentLimits {
    /// Checks one more file, given how many files and bytes are already accepted.
    ///
    /// # Errors
    /// The first rule the file breaks, in the order count, size, total, type.
    pub fn admit(
        &self,
        name: &str,
        bytes: &[u8],
        already: usize,
        already_bytes: u64,
    ) -> Result<Kind, AttachmentError> {
        if already >= self.max_count as usize {
            return Err(AttachmentError::TooMany {
                max: self.max_count,
            });
        }
        let size = bytes.len() as u64;
        if size > self.max_bytes {
            return Err(AttachmentError::TooLarge {
                name: name.into(),
                max_bytes: self.max_bytes,
            });
        }
        if already_bytes + size > self.max_total_bytes {
            return Err(AttachmentError::TotalTooLarge {
                name: name.into(),
                max_total_bytes: self.max_total_bytes,
            });
        }
        Kind::sniff(bytes).ok_or_else(|| AttachmentError::WrongType { name: name.into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nimage";

    #[test]
    fn limits_read_in_whole_megabytes() {
        assert_eq!(megabytes(10 * 1_048_576), "10 MB");
        assert_eq!(megabytes(1_048_576 + 524_288), "2 MB");
        assert_eq!(megabytes(1_048_576 + 524_287), "1 MB");
        assert_eq!(megabytes(u64::MAX), format!("{} MB", u64::MAX / 1_048_576));
    }

    fn limits() -> AttachmentLimits {
        AttachmentLimits {
            max_bytes: 100,
            max_count: 2,
            max_total_bytes: 150,
        }
    }

    #[test]
    fn recognises_types_by_their_bytes() {
        assert_eq!(Kind::sniff(b"\xFF\xD8\xFF\xE0rest"), Some(Kind::Jpg));
        assert_eq!(Kind::sniff(PNG), Some(Kind::Png));
        assert_eq!(Kind::sniff(b"GIF89a"), Some(Kind::Gif));
        assert_eq!(Kind::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Kind::Webp));
        assert_eq!(Kind::sniff(b"%PDF-1.7"), Some(Kind::Pdf));
        assert_eq!(Kind::sniff(b"MZ\x90\0"), None);
        assert_eq!(Kind::sniff(b"<svg"), None);
    }

    #[test]
    fn each_rule_names_the_file() {
        let l = limits();
        assert_eq!(l.admit("a.png", PNG, 0, 0), Ok(Kind::Png));
        assert_eq!(
            l.admit("b.png", PNG, 2, 0).unwrap_err().to_string(),
            "Envie no máximo 2 anexos."
        );
        let big = [PNG, &[0; 200]].concat();
        assert!(
            l.admit("grande.png", &big, 0, 0)
                .unwrap_err()
                .to_string()
                .contains("grande.png")
        );
        let e = l
            .admit("c.png", &[PNG, &[0; 80]].concat(), 1, 90)
            .unwrap_err();
        assert!(matches!(e, AttachmentError::TotalTooLarge { .. }), "{e}");
        let e = l.admit("x.exe", b"MZ\x90", 0, 0).unwrap_err();
        assert!(e.to_string().contains("x.exe") && e.to_string().contains("PDF"));
    }
}
