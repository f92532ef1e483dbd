//! A secret from the configuration (ERP token, session secret, SMTP password): readable
//! only through [`Secret::expose`], never printed by `Debug`; and the session secret's own
//! rules — strong, unpublished, and generated into a private file when none is given.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// Session secrets that have appeared in this repository (the example configuration, test
/// fixtures): anyone can read them, so they protect nothing.
const PUBLISHED: &[&str] = &[
    "troque-este-segredo-por-32-ou-mais-caracteres",
    "0123456789abcdef0123456789abcdef",
    "segredo-dos-testes-de-navegador-com-32-caracteres",
    "segredo-de-sessao-com-mais-de-32-caracteres",
];

/// Why a session secret is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    Short,
    Published,
    Guessable,
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Short => "precisa de pelo menos 32 caracteres",
            Self::Published => "é um valor publicado (exemplo ou teste); gere um novo",
            Self::Guessable => {
                "é previsível demais (repetições ou sequências); use um valor aleatório"
            }
        })
    }
}

/// A configured secret.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value read from the environment.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Whether this value can key sessions: long enough, never published, and not a pattern.
    ///
    /// # Errors
    /// The [`Weakness`] found.
    pub fn check_strength(&self) -> Result<(), Weakness> {
        let value = self.0.trim();
        let chars: Vec<char> = value.chars().collect();
        if chars.len() < 32 {
            return Err(Weakness::Short);
        }
        if PUBLISHED.iter().any(|p| p.eq_ignore_ascii_case(value)) {
            return Err(Weakness::Published);
        }
        if estimated_bits(&chars) < 128.0 || repeats(&chars) || mostly_steps(&chars) {
            return Err(Weakness::Guessable);
        }
        Ok(())
    }

    /// A fresh random secret: 32 bytes from the operating system, as URL-safe text.
    ///
    /// # Errors
    /// When the operating system has no randomness to give.
    pub fn generate() -> Result<Self, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| format!("sem aleatoriedade: {e}"))?;
        Ok(Self(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The secret kept in `path`, generated and written there (readable by this user only)
    /// on first start. A file others can read is refused, since it would let them forge
    /// sessions.
    ///
    /// # Errors
    /// A message naming the file.
    pub fn load_or_create(path: &Path) -> Result<Self, String> {
        let name = path.display();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                private_file(path)?;
                Ok(Self(text.trim().to_string()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                let secret = Self::generate()?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(|e| format!("{name}: {e}"))?;
                writeln!(file, "{}", secret.0).map_err(|e| format!("{name}: {e}"))?;
                tracing::info!(file = %name, "session secret generated");
                Ok(secret)
            }
            Err(e) => Err(format!("{name}: {e}")),
        }
    }
}

#[cfg(unix)]
fn private_file(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "{}: outros usuários podem ler o segredo (modo {:o}); use chmod 600",
            path.display(),
            mode & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_file(_: &Path) -> Result<(), String> {
    Ok(())
}

/// Bits the characters' own frequencies give (Shannon entropy × length): low for text with
/// few distinct characters, such as a word repeated.
fn estimated_bits(chars: &[char]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in chars {
        *counts.entry(*c).or_insert(0u32) += 1;
    }
    let n = chars.len() as f64;
    let per_char: f64 = counts
        .values()
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum();
    per_char * n
}

/// Whether the text is a shorter piece repeated.
fn repeats(chars: &[char]) -> bool {
    (1..=chars.len() / 2).any(|period| (period..chars.len()).all(|i| chars[i] == chars[i - period]))
}

/// Whether most neighbours are one step apart (`abcd…`, `0123…`, `9876…`).
fn mostly_steps(chars: &[char]) -> bool {
    let steps = chars
        .windows(2)
        .filter(|w| (i64::from(u32::from(w[1])) - i64::from(u32::from(w[0]))).abs() <= 1)
        .count();
    steps * 2 > chars.len()
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(vazio)"
        } else {
            "Secret(***)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("token-do-erp-muito-secreto");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "token-do-erp-muito-secreto");
    }

    #[test]
    fn weak_secrets_are_refused_and_generated_ones_pass() {
        let weak = [
            ("curto-demais", Weakness::Short),
            (
                "troque-este-segredo-por-32-ou-mais-caracteres",
                Weakness::Published,
            ),
            ("0123456789ABCDEF0123456789ABCDEF", Weakness::Published),
            (&"a".repeat(64), Weakness::Guessable),
            (&"segredo!".repeat(5), Weakness::Guessable),
            ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", Weakness::Guessable),
            (
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
                Weakness::Guessable,
            ),
        ];
        for (value, why) in weak {
            assert_eq!(Secret::new(value).check_strength(), Err(why), "{value}");
        }
        for _ in 0..20 {
            let fresh = Secret::generate().unwrap();
            assert_eq!(fresh.check_strength(), Ok(()), "{}", fresh.expose());
        }
    }

    #[test]
    fn the_secret_file_is_created_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estado").join("segredo");
        let first = Secret::load_or_create(&path).unwrap();
        assert_eq!(first.check_strength(), Ok(()));
        assert_eq!(
            Secret::load_or_create(&path).unwrap(),
            first,
            "kept, not regenerated"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let refused = Secret::load_or_create(&path).unwrap_err();
            assert!(refused.contains("chmod 600"), "{refused}");
        }
    }
}
