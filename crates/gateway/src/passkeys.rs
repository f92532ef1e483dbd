//! Passkeys (WebAuthn) for the portal's relying party: the options a browser is given, and
//! the checks of what its authenticator answers. What is kept between the two (the
//! ceremony) and the registered keys live in the store; this module holds no state.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::config::PasskeySection;

/// The relying party, built from `[passkey]`.
pub struct Passkeys {
    webauthn: Webauthn,
    handles: Hmac<Sha256>,
}

/// A passkey just registered: its id as the store keys it, and the key to keep.
pub struct Registered {
    pub credential_id: String,
    pub passkey: String,
}

/// Why an answer was refused: for the log only; the customer gets one message.
#[derive(Debug)]
pub struct Refused(pub String);

fn refused(e: impl std::fmt::Display) -> Refused {
    Refused(e.to_string())
}

/// A credential id as the store and the profile name it.
pub fn credential_key(id: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

impl Passkeys {
    /// The relying party of `section`, or none when no origin is set.
    ///
    /// # Errors
    /// A message for the operator naming the key.
    pub fn new(
        section: &PasskeySection,
        isp: &str,
        key: &crate::keys::Key,
    ) -> Result<Option<Self>, String> {
        let Some(origin) = &section.origin else {
            return Ok(None);
        };
        let parse = |key: &str, text: &str| -> Result<Url, String> {
            let url = Url::parse(text)
                .map_err(|e| format!("chave `passkey.{key}`: endereço inválido ({e})"))?;
            let local = url.host_str() == Some("localhost");
            match url.scheme() {
                "https" => Ok(url),
                "http" if local => Ok(url),
                _ => Err(format!(
                    "chave `passkey.{key}`: use https:// (http:// só para localhost)"
                )),
            }
        };
        let origin = parse("origin", origin)?;
        let host = origin
            .host_str()
            .ok_or("chave `passkey.origin`: falta o nome do servidor")?
            .to_string();
        let rp_id = section.rp_id.clone().unwrap_or(host);
        let mut builder = WebauthnBuilder::new(&rp_id, &origin)
            .map_err(|_| {
                "chave `passkey.rp_id`: deve ser o nome do servidor de `passkey.origin` ou um domínio acima dele".to_string()
            })?
            .rp_name(isp)
            // Tests and `make run` open the portal on any free port of localhost.
            .allow_any_port(origin.host_str() == Some("localhost"));
        let extra = section
            .extra_origins
            .iter()
            .map(|o| parse("extra_origins", o))
            .collect::<Result<Vec<_>, _>>()?;
        for o in &extra {
            builder = builder.append_allowed_origin(o);
        }
        let webauthn = builder
            .build()
            .map_err(|e| format!("chave `passkey`: {e}"))?;
        let handles = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|e| e.to_string())?;
        Ok(Some(Self { webauthn, handles }))
    }

    /// The user handle the authenticator keeps for `document`: derived with a key, so it is
    /// the same on every gateway and never reveals the document.
    pub fn user_id(&self, document: &str) -> Uuid {
        let mut mac = self.handles.clone();
        mac.update(document.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Uuid::from_bytes(bytes)
    }

    /// Options to create a passkey for `document`, shown in the authenticator as `label`,
    /// and the state to keep until the answer. The customer's own passkeys are excluded so
    /// one authenticator does not register twice.
    ///
    /// # Errors
    /// [`Refused`] when a kept passkey cannot be read or the options cannot be built.
    pub fn start_registration(
        &self,
        document: &str,
        label: &str,
        display: &str,
        existing: &[String],
    ) -> Result<(Value, String), Refused> {
        let exclude = existing
            .iter()
            .map(|p| {
                serde_json::from_str::<Passkey>(p)
                    .map(|p| p.cred_id().clone())
                    .map_err(refused)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (options, state) = self
            .webauthn
            .start_passkey_registration(self.user_id(document), label, display, Some(exclude))
            .map_err(refused)?;
        let mut options = serde_json::to_value(options).map_err(refused)?;
        // Kept on the phone, a passkey signs in without the document typed first.
        if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
            selection["residentKey"] = Value::from("preferred");
            selection["requireResidentKey"] = Value::from(false);
        }
        let state = serde_json::to_string(&state).map_err(refused)?;
        Ok((options["publicKey"].take(), state))
    }

    /// Checks the authenticator's answer to a registration.
    ///
    /// # Errors
    /// [`Refused`] for an answer that does not match the challenge, origin or key.
    pub fn finish_registration(
        &self,
        credential: &Value,
        state: &str,
    ) -> Result<Registered, Refused> {
        let state: PasskeyRegistration = serde_json::from_str(state).map_err(refused)?;
        let credential: RegisterPublicKeyCredential =
            serde_json::from_value(credential.clone()).map_err(refused)?;
        let passkey = self
            .webauthn
            .finish_passkey_registration(&credential, &state)
            .map_err(refused)?;
        Ok(Registered {
            credential_id: credential_key(passkey.cred_id().as_ref()),
            passkey: serde_json::to_string(&passkey).map_err(refused)?,
        })
    }

    /// Options to sign in with any passkey of this portal, and the state to keep.
    ///
    /// # Errors
    /// [`Refused`] when the options cannot be built.
    pub fn start_sign_in(&self) -> Result<(Value, String), Refused> {
        let (options, state) = self
            .webauthn
            .start_discoverable_authentication()
            .map_err(refused)?;
        let mut options = serde_json::to_value(options).map_err(refused)?;
        let state = serde_json::to_string(&state).map_err(refused)?;
        Ok((options["publicKey"].take(), state))
    }

    /// The credential id and user handle an answer names, before it is checked.
    ///
    /// # Errors
    /// [`Refused`] for an answer that is not a WebAuthn assertion.
    pub fn identify(&self, credential: &Value) -> Result<(String, Uuid), Refused> {
        let credential: PublicKeyCredential =
            serde_json::from_value(credential.clone()).map_err(refused)?;
        let (user, id) = self
            .webauthn
            .identify_discoverable_authentication(&credential)
            .map_err(refused)?;
        Ok((credential_key(id), user))
    }

    /// Checks an assertion against the stored passkey; the passkey as it is to be kept
    /// (its counter moved on).
    ///
    /// # Errors
    /// [`Refused`] for a wrong signature, challenge, origin or counter.
    pub fn finish_sign_in(
        &self,
        credential: &Value,
        state: &str,
        stored: &str,
    ) -> Result<String, Refused> {
        let state: DiscoverableAuthentication = serde_json::from_str(state).map_err(refused)?;
        let credential: PublicKeyCredential =
            serde_json::from_value(credential.clone()).map_err(refused)?;
        let mut passkey: Passkey = serde_json::from_str(stored).map_err(refused)?;
        let result = self
            .webauthn
            .finish_discoverable_authentication_v2(&credential, state, &passkey)
            .map_err(refused)?;
        passkey.update_credential(&result);
        serde_json::to_string(&passkey).map_err(refused)
    }
}

/// What a ceremony is for: an answer to one never finishes the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Register,
    SignIn,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Ceremony {
    purpose: Purpose,
    /// The customer registering; empty for a sign-in.
    customer: String,
    state: String,
}

/// Keeps a ceremony's state in the store for [`store::CEREMONY_KEPT_S`]; its id.
///
/// # Errors
/// [`store::StoreError`], or no randomness for the id.
pub async fn keep(
    store: &store::Store,
    purpose: Purpose,
    customer: &str,
    state: String,
) -> Result<String, store::StoreError> {
    let unavailable = |e: String| store::StoreError::Unavailable(e);
    let id = crate::session::random_token().map_err(|e| unavailable(e.to_string()))?;
    let text = serde_json::to_string(&Ceremony {
        purpose,
        customer: customer.to_string(),
        state,
    })
    .map_err(|e| unavailable(e.to_string()))?;
    store
        .put_ceremony(&id, &text, store::now() + store::CEREMONY_KEPT_S)
        .await?;
    Ok(id)
}

/// Takes a ceremony out of the store, once: its customer and state, if it is current and
/// for `purpose`.
///
/// # Errors
/// [`store::StoreError`].
pub async fn take(
    store: &store::Store,
    id: &str,
    purpose: Purpose,
) -> Result<Option<(String, String)>, store::StoreError> {
    let Some(text) = store.take_ceremony(id, store::now()).await? else {
        return Ok(None);
    };
    Ok(serde_json::from_str::<Ceremony>(&text)
        .ok()
        .filter(|c| c.purpose == purpose)
        .map(|c| (c.customer, c.state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(origin: &str) -> PasskeySection {
        PasskeySection {
            origin: Some(origin.into()),
            ..PasskeySection::default()
        }
    }

    #[test]
    fn off_without_an_origin_and_strict_about_it() {
        assert!(
            Passkeys::new(&PasskeySection::default(), "P", &[1; 32])
                .unwrap()
                .is_none()
        );
        assert!(
            Passkeys::new(&section("https://central.provedor.com.br"), "P", &[1; 32])
                .unwrap()
                .is_some()
        );
        assert!(Passkeys::new(&section("http://localhost:8080"), "P", &[1; 32]).is_ok());
        let plain = Passkeys::new(&section("http://central.provedor.com.br"), "P", &[1; 32]);
        assert!(plain.is_err_and(|e| e.contains("https")));
        let mut other = section("https://central.provedor.com.br");
        other.rp_id = Some("outro.com.br".into());
        assert!(Passkeys::new(&other, "P", &[1; 32]).is_err_and(|e| e.contains("rp_id")));
        other.rp_id = Some("provedor.com.br".into());
        assert!(Passkeys::new(&other, "P", &[1; 32]).is_ok());
    }

    #[test]
    fn user_handles_are_stable_keyed_and_hide_the_document() {
        let a = Passkeys::new(&section("https://c.p.com.br"), "P", &[1; 32])
            .unwrap()
            .unwrap();
        let b = Passkeys::new(&section("https://c.p.com.br"), "P", &[2; 32])
            .unwrap()
            .unwrap();
        assert_eq!(a.user_id("52998224725"), a.user_id("52998224725"));
        assert_ne!(a.user_id("52998224725"), a.user_id("11144477735"));
        assert_ne!(a.user_id("52998224725"), b.user_id("52998224725"));
        assert!(!a.user_id("52998224725").to_string().contains("529982"));
    }

    #[test]
    fn registration_options_ask_for_a_kept_passkey_and_exclude_known_ones() {
        let p = Passkeys::new(&section("https://c.p.com.br"), "Provedor", &[1; 32])
            .unwrap()
            .unwrap();
        let (options, state) = p
            .start_registration("52998224725", "Provedor: ***.982.247-**", "Ana", &[])
            .unwrap();
        assert_eq!(options["rp"]["id"], "c.p.com.br");
        assert_eq!(
            options["authenticatorSelection"]["residentKey"],
            "preferred"
        );
        assert_eq!(
            options["authenticatorSelection"]["userVerification"],
            "required"
        );
        assert!(options["challenge"].as_str().is_some_and(|c| c.len() >= 40));
        assert!(!options.to_string().contains("52998224725"));
        // Garbage in place of an authenticator's answer is refused, not a panic.
        let junk = serde_json::json!({"id": "x", "rawId": "eA", "type": "public-key",
            "response": {"attestationObject": "AAAA", "clientDataJSON": "e30"}});
        assert!(p.finish_registration(&junk, &state).is_err());
        assert!(p.finish_registration(&junk, "not json").is_err());
        let (sign_in, _) = p.start_sign_in().unwrap();
        assert_eq!(sign_in["rpId"], "c.p.com.br");
        assert!(
            sign_in
                .get("allowCredentials")
                .is_none_or(|a| a == &serde_json::json!([]))
        );
    }
}
