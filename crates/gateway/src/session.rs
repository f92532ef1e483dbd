//! Sessions in a signed cookie (HMAC-SHA256), so any gateway behind a balancer that shares
//! the secret can serve any request without a shared store. The cookie holds the customer's
//! ERP id and document, the times that bound it, and the CSRF token.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::keys::Keys;

/// The cookie's name. `__Host-` would forbid `Domain` and demand `Secure`, which loopback
/// demos cannot give, so the plain name is used and the attributes are set explicitly.
pub const COOKIE: &str = "central_sessao";

/// What the cookie carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The customer's ERP id.
    pub customer_id: String,
    /// The document, bare.
    pub document: String,
    /// Unix seconds of sign-in.
    pub issued_at: u64,
    /// Unix seconds of the last request.
    pub seen_at: u64,
    /// Sent back by the SPA in `X-CSRF-Token` on writes.
    pub csrf: String,
    /// The customer's name, so the portal can greet them while the ERP is unreachable.
    #[serde(default)]
    pub name: String,
    /// The contract the customer lookup names, the only one known without endpoint 3.
    #[serde(default)]
    pub contract_id: String,
    /// The ERP marks the customer inactive (`ativo` false).
    #[serde(default)]
    pub inactive: bool,
}

/// Why a cookie does not give a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionError {
    Missing,
    Forged,
    Expired,
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// 24 random bytes as URL-safe text.
///
/// # Errors
/// When the operating system has no randomness to give.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// How long a prospect's tracking link works: long enough for an installation to be
/// scheduled and done, short enough that an old link in a browser history goes dead.
pub const TRACKING_S: u64 = 60 * 24 * 3600;

/// Signs and checks session cookies and tracking links, each with its own key.
#[derive(Clone)]
pub struct Sessions {
    mac: Hmac<Sha256>,
    tracking: Hmac<Sha256>,
    idle_s: u64,
    absolute_s: u64,
}

impl Sessions {
    /// Sessions signed with `keys`, ending after `idle_s` without use or `absolute_s` after
    /// sign-in.
    ///
    /// # Errors
    /// Never for the 32-byte keys [`Keys`] gives; HMAC takes any key length.
    pub fn new(
        keys: &Keys,
        idle_s: u64,
        absolute_s: u64,
    ) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(Self {
            mac: <Hmac<Sha256> as Mac>::new_from_slice(&keys.session)?,
            tracking: <Hmac<Sha256> as Mac>::new_from_slice(&keys.tracking)?,
            idle_s,
            absolute_s,
        })
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(payload.as_bytes());
        mac
    }

    /// The cookie value for `session`.
    pub fn seal(&self, session: &Session) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(session).unwrap_or_default());
        let tag = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    fn tracking_mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = self.tracking.clone();
        mac.update(payload.as_bytes());
        mac
    }

    /// `value` with a signature valid for [`TRACKING_S`] from `now`, for links the browser
    /// keeps (a prospect's tracking page).
    pub fn sign(&self, value: &str, now: u64) -> String {
        let expires = now + TRACKING_S;
        let payload = URL_SAFE_NO_PAD.encode(format!("{expires}:{value}").as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(self.tracking_mac(&payload).finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    /// The value of a token made by [`Sessions::sign`], if genuine and not expired at `now`.
    pub fn unsign(&self, token: &str, now: u64) -> Option<String> {
        let (payload, tag) = token.split_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.tracking_mac(payload).verify_slice(&tag).ok()?;
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        let (expires, value) = text.split_once(':')?;
        (expires.parse::<u64>().ok()? > now).then(|| value.to_string())
    }

    /// The session in a cookie value, if it is genuine and not expired at `now`.
    ///
    /// # Errors
    /// [`SessionError`] for a forged, malformed or expired cookie.
    pub fn open(&self, value: &str, now: u64) -> Result<Session, SessionError> {
        let (payload, tag) = value.split_once('.').ok_or(SessionError::Forged)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| SessionError::Forged)?;
        self.mac(payload)
            .verify_slice(&tag)
            .map_err(|_| SessionError::Forged)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| SessionError::Forged)?;
        let session: Session = serde_json::from_slice(&bytes).map_err(|_| SessionError::Forged)?;
        if now.saturating_sub(session.seen_at) > self.idle_s
            || now.saturating_sub(session.issued_at) > self.absolute_s
        {
            return Err(SessionError::Expired);
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(at: u64) -> Session {
        Session {
            customer_id: "1001".into(),
            document: "52998224725".into(),
            issued_at: at,
            seen_at: at,
            csrf: random_token().unwrap(),
            name: "Maria".into(),
            contract_id: String::new(),
            inactive: false,
        }
    }

    fn keys(secret: &str) -> Keys {
        Keys::derive(&crate::config::Secret::new(secret))
    }

    #[test]
    fn a_sealed_session_opens_until_it_expires() {
        let s = Sessions::new(&keys("k"), 60, 600).unwrap();
        let sealed = s.seal(&session(1_000));
        assert_eq!(s.open(&sealed, 1_030).unwrap().customer_id, "1001");
        assert_eq!(s.open(&sealed, 1_061), Err(SessionError::Expired), "idle");
        let mut kept_alive = session(1_000);
        kept_alive.seen_at = 1_590;
        assert!(s.open(&s.seal(&kept_alive), 1_600).is_ok());
        assert_eq!(
            s.open(&s.seal(&kept_alive), 1_601),
            Err(SessionError::Expired),
            "absolute"
        );
    }

    #[test]
    fn signed_values_open_only_unchanged() {
        let s = Sessions::new(&keys("k"), 60, 600).unwrap();
        let token = s.sign("7001", 1_000);
        assert_eq!(s.unsign(&token, 1_000).as_deref(), Some("7001"));
        assert_eq!(
            s.unsign(&token, 1_000 + TRACKING_S),
            None,
            "a tracking link expires"
        );
        let other = s.sign("7002", 1_000);
        let forged = format!(
            "{}.{}",
            other.split_once('.').unwrap().0,
            token.split_once('.').unwrap().1
        );
        assert_eq!(s.unsign(&forged, 1_000), None);
        // A session cookie is not a tracking token, nor the reverse.
        assert_eq!(s.unsign(&s.seal(&session(1)), 1), None);
        assert_eq!(s.open(&token, 1_000), Err(SessionError::Forged));
    }

    #[test]
    fn tampering_or_another_key_is_forgery() {
        let s = Sessions::new(&keys("k"), 60, 600).unwrap();
        let sealed = s.seal(&session(1_000));
        let other = Sessions::new(&keys("x"), 60, 600).unwrap();
        assert_eq!(other.open(&sealed, 1_000), Err(SessionError::Forged));
        let (payload, tag) = sealed.split_once('.').unwrap();
        let mut forged: Session =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        forged.customer_id = "1002".into();
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(
            s.open(&format!("{forged_payload}.{tag}"), 1_000),
            Err(SessionError::Forged)
        );
        assert_eq!(s.open("lixo", 1_000), Err(SessionError::Forged));
    }
}
