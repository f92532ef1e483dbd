//! Sessions held by the portal: the cookie carries only a random id, and the store keeps the
//! session under a keyed hash of it, so signing out (here, or on another gateway sharing the
//! store) ends a copied cookie too, and the cookie says nothing of the customer. Also the
//! signed tracking links of sign-up, which need no store.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use store::{SessionRow, Store, StoreError};

use crate::keys::Keys;

/// The cookie's name on plain HTTP (the demo, tests on this machine).
pub const COOKIE: &str = "central_sessao";
/// The cookie's name wherever it is `Secure`: the `__Host-` prefix makes the browser refuse
/// it with a `Domain` or from a sibling subdomain.
pub const SECURE_COOKIE: &str = "__Host-central_sessao";

/// A session in use is written back at most this often, not on every request.
pub const TOUCH_AFTER_S: u64 = 60;

/// What the portal keeps of a session, server-side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The customer's ERP id.
    pub customer_id: String,
    /// The document, bare.
    pub document: String,
    /// Unix seconds of sign-in.
    pub issued_at: u64,
    /// Unix seconds of the last recorded use.
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
    /// Unix seconds of the last proof only the customer could give (a code to a verified
    /// contact, a passkey); 0 for none. Contacts and passkeys change only shortly after one.
    #[serde(default)]
    pub proven_at: u64,
}

impl Session {
    /// Whether the session proved itself within [`api::PROOF_MINUTES`] of `now`.
    pub fn proven(&self, now: u64) -> bool {
        self.proven_at > 0 && now.saturating_sub(self.proven_at) <= api::PROOF_MINUTES * 60
    }
}

/// A session found from its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub session: Session,
    /// The store's key for it, to end it or keep it while ending the others.
    pub key: String,
    /// The id "Meus acessos" shows for it.
    pub public_id: String,
}

/// Where and on what a session was opened, as "Meus acessos" shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub device: String,
    pub place: String,
}

impl Origin {
    /// From the `User-Agent` and the client's address as limits count it (an IPv4 address,
    /// or an IPv6 /64): the browser and system in a few words, the address cut to its
    /// network.
    pub fn new(agent: &str, address: &str) -> Self {
        let browser = [
            ("SamsungBrowser", "Samsung Internet"),
            ("Edg/", "Edge"),
            ("OPR/", "Opera"),
            ("Firefox/", "Firefox"),
            ("FxiOS", "Firefox"),
            ("CriOS", "Chrome"),
            ("Chrome/", "Chrome"),
            ("Safari/", "Safari"),
        ]
        .iter()
        .find(|(mark, _)| agent.contains(mark))
        .map_or("Navegador", |(_, name)| name);
        let system = [
            ("Android", "Android"),
            ("iPhone", "iPhone"),
            ("iPad", "iPad"),
            ("Windows", "Windows"),
            ("Mac OS X", "Mac"),
            ("CrOS", "Chromebook"),
            ("Linux", "Linux"),
        ]
        .iter()
        .find(|(mark, _)| agent.contains(mark))
        .map(|(_, name)| *name);
        let device = match system {
            Some(system) => format!("{browser} no {system}"),
            None => browser.to_string(),
        };
        let place = match address.parse::<std::net::Ipv4Addr>() {
            Ok(v4) => {
                let [a, b, c, _] = v4.octets();
                format!("{a}.{b}.{c}.x")
            }
            Err(_) => address.to_string(),
        };
        Self { device, place }
    }
}

/// Why a cookie does not give a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// No such session: never opened, ended, or expired and purged.
    Missing,
    /// Not a cookie this portal could have set.
    Forged,
    /// Idle or past its absolute limit.
    Expired,
    /// The store did not answer.
    Store(StoreError),
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Milliseconds since the epoch, for what may last only seconds (codes).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A time in the gateway's unsigned clock as the store keeps it (signed; saturating).
pub fn store_time(t: u64) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
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

/// A session cookie's id: 32 random bytes, 43 characters.
const ID_LEN: usize = 43;

/// How long a sign-up tracking link stays valid.
pub const TRACKING_S: u64 = 60 * 24 * 3600;

/// Opens, keeps and ends sessions; signs tracking links.
#[derive(Clone)]
pub struct Sessions {
    ids: Hmac<Sha256>,
    tracking: Hmac<Sha256>,
    idle_s: u64,
    absolute_s: u64,
    store: Store,
}

impl Sessions {
    /// Sessions idle for `idle_s` or older than `absolute_s` end.
    ///
    /// # Errors
    /// Never in practice: HMAC takes keys of any length.
    pub fn new(
        keys: &Keys,
        idle_s: u64,
        absolute_s: u64,
        store: Store,
    ) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(Self {
            ids: <Hmac<Sha256> as Mac>::new_from_slice(&keys.session)?,
            tracking: <Hmac<Sha256> as Mac>::new_from_slice(&keys.tracking)?,
            idle_s,
            absolute_s,
            store,
        })
    }

    /// The store's key for a cookie id: keyed, so a copy of the table without the secret
    /// neither opens sessions nor tells which cookie is whose.
    fn key(&self, id: &str) -> String {
        let mut mac = self.ids.clone();
        mac.update(id.as_bytes());
        crate::keys::hex(&mac.finalize().into_bytes())
    }

    fn expires_at(&self, session: &Session, seen_at: u64) -> i64 {
        store_time((seen_at + self.idle_s).min(session.issued_at + self.absolute_s))
    }

    /// Keeps a new session; returns the cookie's id and the session as opened.
    ///
    /// # Errors
    /// [`SessionError::Store`], or no randomness to draw ids from.
    pub async fn start(
        &self,
        session: Session,
        origin: &Origin,
    ) -> Result<(String, Opened), SessionError> {
        let draw = || {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map(|()| URL_SAFE_NO_PAD.encode(bytes))
                .map_err(|e| SessionError::Store(StoreError::Unavailable(e.to_string())))
        };
        let id = draw()?;
        let public_id = draw()?.chars().take(16).collect::<String>();
        let key = self.key(&id);
        let data = serde_json::to_string(&session)
            .map_err(|e| SessionError::Store(StoreError::Unavailable(e.to_string())))?;
        self.store
            .insert_session(&SessionRow {
                id_hash: key.clone(),
                public_id: public_id.clone(),
                customer: session.document.clone(),
                data,
                device: origin.device.clone(),
                place: origin.place.clone(),
                created_at: store_time(session.issued_at),
                seen_at: store_time(session.seen_at),
                expires_at: self.expires_at(&session, session.seen_at),
            })
            .await
            .map_err(SessionError::Store)?;
        Ok((
            id,
            Opened {
                session,
                key,
                public_id,
            },
        ))
    }

    /// The session a cookie's id names, if current; a use is recorded (and the idle limit
    /// moved on) at most every [`TOUCH_AFTER_S`].
    ///
    /// # Errors
    /// [`SessionError`]: a malformed id is refused without asking the store.
    pub async fn open(&self, id: &str, now: u64) -> Result<Opened, SessionError> {
        if id.len() != ID_LEN
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(SessionError::Forged);
        }
        let key = self.key(id);
        let row = self
            .store
            .session(&key, store_time(now))
            .await
            .map_err(SessionError::Store)?
            .ok_or(SessionError::Missing)?;
        let mut session: Session =
            serde_json::from_str(&row.data).map_err(|_| SessionError::Forged)?;
        session.seen_at = u64::try_from(row.seen_at).unwrap_or(0);
        if now.saturating_sub(session.seen_at) > self.idle_s
            || now.saturating_sub(session.issued_at) > self.absolute_s
        {
            return Err(SessionError::Expired);
        }
        if now.saturating_sub(session.seen_at) >= TOUCH_AFTER_S {
            self.store
                .touch_session(&key, store_time(now), self.expires_at(&session, now))
                .await
                .map_err(SessionError::Store)?;
            session.seen_at = now;
        }
        Ok(Opened {
            session,
            key,
            public_id: row.public_id,
        })
    }

    /// Records a proof given at `now` in the session with this store key.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn prove(&self, key: &str, session: &Session, now: u64) -> Result<(), StoreError> {
        let mut session = session.clone();
        session.proven_at = now;
        let data =
            serde_json::to_string(&session).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.store.set_session_data(key, &data).await
    }

    /// Ends the session with this store key; whether there was one.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn end(&self, key: &str) -> Result<bool, StoreError> {
        self.store.end_session(key).await
    }

    /// Ends one of the customer's sessions by the id "Meus acessos" shows.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn end_one(&self, document: &str, public_id: &str) -> Result<bool, StoreError> {
        self.store.end_session_of(document, public_id).await
    }

    /// Ends every session of the customer but `keep` (a store key); how many.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn end_others(&self, document: &str, keep: &str) -> Result<u64, StoreError> {
        self.store.end_sessions_of(document, Some(keep)).await
    }

    /// The customer's current sessions, most recently used first.
    ///
    /// # Errors
    /// [`StoreError`].
    pub async fn list(&self, document: &str, now: u64) -> Result<Vec<SessionRow>, StoreError> {
        self.store.sessions_of(document, store_time(now)).await
    }

    fn tracking_mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = self.tracking.clone();
        mac.update(payload.as_bytes());
        mac
    }

    /// Signs `value` for a link that stays valid for [`TRACKING_S`].
    pub fn sign(&self, value: &str, now: u64) -> String {
        let expires = now + TRACKING_S;
        let payload = URL_SAFE_NO_PAD.encode(format!("{expires}:{value}").as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(self.tracking_mac(&payload).finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    /// The value of a link signed by [`Sessions::sign`], if genuine and not expired.
    pub fn unsign(&self, token: &str, now: u64) -> Option<String> {
        let (payload, tag) = token.split_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.tracking_mac(payload).verify_slice(&tag).ok()?;
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        let (expires, value) = text.split_once(':')?;
        (expires.parse::<u64>().ok()? > now).then(|| value.to_string())
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
            proven_at: 0,
        }
    }

    fn keys(secret: &str) -> Keys {
        Keys::derive(&crate::config::Secret::new(secret))
    }

    async fn sessions(secret: &str, store: &Store) -> Sessions {
        Sessions::new(&keys(secret), 300, 600, store.clone()).unwrap()
    }

    #[tokio::test]
    async fn a_session_opens_until_it_is_idle_too_long_or_too_old() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let s = sessions("k", &store).await;
        let (id, opened) = s.start(session(1_000), &Origin::default()).await.unwrap();
        assert_eq!(id.len(), ID_LEN);
        let again = s.open(&id, 1_030).await.unwrap();
        assert_eq!(again.session.customer_id, "1001");
        assert_eq!((again.key, again.public_id), (opened.key, opened.public_id));
        assert!(s.open(&id, 1_301).await.is_err(), "idle");
        // Used every 100 s it lives until the absolute limit.
        let (id, _) = s.start(session(1_000), &Origin::default()).await.unwrap();
        for t in (1_100..1_600).step_by(100) {
            assert!(s.open(&id, t).await.is_ok(), "at {t}");
        }
        assert!(s.open(&id, 1_601).await.is_err(), "absolute");
    }

    #[tokio::test]
    async fn the_cookie_holds_nothing_of_the_customer_and_ends_everywhere() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let s = sessions("k", &store).await;
        let (id, opened) = s.start(session(1_000), &Origin::default()).await.unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(&id).unwrap();
        assert_eq!(bytes.len(), 32);
        for secret in ["52998224725", "1001", "Maria"] {
            assert!(!id.contains(secret));
            assert!(!String::from_utf8_lossy(&bytes).contains(secret));
        }
        // Another gateway on the same store (same secret) sees it, and its sign-out ends it.
        let other = sessions("k", &store).await;
        assert!(other.open(&id, 1_001).await.is_ok());
        assert!(other.end(&opened.key).await.unwrap());
        assert_eq!(s.open(&id, 1_002).await, Err(SessionError::Missing));
        // A store shared with another secret opens nothing of this one's.
        let (id, _) = s.start(session(1_000), &Origin::default()).await.unwrap();
        let stranger = sessions("x", &store).await;
        assert_eq!(stranger.open(&id, 1_001).await, Err(SessionError::Missing));
    }

    #[test]
    fn origins_name_the_device_and_only_the_network() {
        let android = "Mozilla/5.0 (Linux; Android 13; SM-A135M) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36";
        assert_eq!(
            Origin::new(android, "189.6.12.34"),
            Origin {
                device: "Samsung Internet no Android".into(),
                place: "189.6.12.x".into()
            }
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
        assert_eq!(
            Origin::new(iphone, "2804:14c:5b:1::/64").device,
            "Safari no iPhone"
        );
        assert_eq!(
            Origin::new(iphone, "2804:14c:5b:1::/64").place,
            "2804:14c:5b:1::/64"
        );
        let windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(Origin::new(windows, "").device, "Edge no Windows");
        assert_eq!(Origin::new("curl/8.5", "desconhecido").device, "Navegador");
    }

    #[tokio::test]
    async fn malformed_ids_are_refused_without_the_store() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let s = sessions("k", &store).await;
        for bad in [
            "",
            "lixo",
            &"a".repeat(42),
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &"ã".repeat(21),
        ] {
            assert_eq!(s.open(bad, 1_000).await, Err(SessionError::Forged), "{bad}");
        }
        // Well formed but never issued.
        assert_eq!(
            s.open(&"a".repeat(43), 1_000).await,
            Err(SessionError::Missing)
        );
    }

    #[tokio::test]
    async fn signed_values_open_only_unchanged() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let s = sessions("k", &store).await;
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
        // A session id is not a tracking token, nor the reverse.
        let (id, _) = s.start(session(1), &Origin::default()).await.unwrap();
        assert_eq!(s.unsign(&id, 1), None);
        assert_eq!(s.open(&token, 1_000).await, Err(SessionError::Forged));
    }
}
