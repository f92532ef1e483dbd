//! The keys the gateway signs with, one per purpose, derived from the session secret with
//! HKDF, so that a value signed for one purpose (a tracking link) is never accepted for
//! another (a session cookie) and no purpose handles the operator's secret itself.

use hkdf::Hkdf;
use sha2::Sha256;

use crate::config::Secret;

/// A derived key.
pub type Key = [u8; 32];

/// One key per purpose.
#[derive(Clone)]
pub struct Keys {
    /// Session ids, as the store keeps them.
    pub session: Key,
    /// A prospect's tracking links.
    pub tracking: Key,
    /// The HMACs sign-in codes are kept as.
    pub codes: Key,
    /// Made-up code destinations.
    pub destinations: Key,
    /// What limits count by (documents, addresses), as the store keeps it.
    pub limits: Key,
    /// The passkey user handle of a document, so the authenticator never holds the CPF.
    pub passkeys: Key,
}

/// Bytes (a digest, a tag, random bytes) as lowercase hex: how the store, file names and
/// cache keys keep them.
pub fn hex(bytes: &[u8]) -> String {
    // Every signed-in request hashes its cookie into this: no formatting per byte.
    hex::encode(bytes)
}

impl Keys {
    /// The keys of `secret`; the same secret gives the same keys on every gateway.
    pub fn derive(secret: &Secret) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"central v1"), secret.expose().as_bytes());
        let key = |purpose: &str| {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA256's limit of 255 × 32, so expand cannot fail.
            let _ = hk.expand(purpose.as_bytes(), &mut out);
            out
        };
        Self {
            session: key("sessao"),
            tracking: key("acompanhamento"),
            codes: key("codigo"),
            destinations: key("destinos"),
            limits: key("limites"),
            passkeys: key("chaves-de-acesso"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_has_its_own_key_and_the_secret_matters() {
        let a = Keys::derive(&Secret::new("a".repeat(40)));
        let keys = [a.session, a.tracking, a.codes, a.destinations];
        for (i, k) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|other| other != k));
        }
        assert_eq!(
            Keys::derive(&Secret::new("a".repeat(40))).session,
            a.session
        );
        assert_ne!(
            Keys::derive(&Secret::new("b".repeat(40))).session,
            a.session
        );
    }

    #[test]
    fn hex_is_lowercase_two_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }
}
