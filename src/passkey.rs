//! The browser's side of a passkey ceremony: the gateway's options (JSON, bytes as
//! base64url) turned into what `navigator.credentials` takes, and the authenticator's answer
//! turned back into JSON for the gateway.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::json::JsJson;

/// Why a ceremony did not finish, as the subscriber is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyError {
    /// Cancelled, timed out, or no passkey for this portal on the device.
    Cancelled,
    /// The device already holds a passkey of this customer.
    AlreadyRegistered,
    /// The browser has no passkeys, or the page may not ask for them (a frame without
    /// permission).
    Unsupported,
}

impl PasskeyError {
    pub fn message(&self) -> &'static str {
        match self {
            Self::Cancelled => {
                "A confirmação com a digital ou o rosto foi cancelada ou não terminou a tempo. Tente de novo."
            }
            Self::AlreadyRegistered => "Este aparelho já tem uma chave de acesso desta conta.",
            Self::Unsupported => {
                "Este navegador não permite entrar com a digital ou o rosto aqui. Use o código ou abra a central no navegador do celular."
            }
        }
    }
}

/// Whether this browser can use passkeys at all.
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        Reflect::get(&w, &"PublicKeyCredential".into()).is_ok_and(|v| v.is_function())
    })
}

fn bytes(text: &str) -> Option<JsValue> {
    let raw = URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()?;
    Some(Uint8Array::from(raw.as_slice()).into())
}

fn text(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(URL_SAFE_NO_PAD.encode(Uint8Array::new(value).to_vec()))
}

/// Replaces the base64url string at `path` (inside `object`) with its bytes.
fn decode_at(object: &JsValue, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = object.clone();
    for key in parents {
        match Reflect::get(&at, &(*key).into()) {
            Ok(next) if next.is_object() => at = next,
            _ => return,
        }
    }
    if let Some(b) = Reflect::get(&at, &(*last).into())
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| bytes(&s))
    {
        let _ = Reflect::set(&at, &(*last).into(), &b);
    }
}

/// Decodes the `id` of every credential listed under `key`.
fn decode_list(options: &JsValue, key: &str) {
    if let Ok(list) = Reflect::get(options, &key.into())
        && Array::is_array(&list)
    {
        for item in Array::from(&list).iter() {
            decode_at(&item, &["id"]);
        }
    }
}

fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `navigator.credentials[method]({publicKey})` and waits for the credential.
async fn ceremony(method: &str, public_key: JsValue) -> Result<JsValue, PasskeyError> {
    let window = web_sys::window().ok_or(PasskeyError::Unsupported)?;
    let credentials = field(&window.navigator(), "credentials");
    let call = field(&credentials, method)
        .dyn_into::<Function>()
        .map_err(|_| PasskeyError::Unsupported)?;
    let request = Object::new();
    let _ = Reflect::set(&request, &"publicKey".into(), &public_key);
    let promise = call
        .call1(&credentials, &request)
        .map_err(|_| PasskeyError::Unsupported)?
        .dyn_into::<Promise>()
        .map_err(|_| PasskeyError::Unsupported)?;
    JsFuture::from(promise)
        .await
        .map_err(|e| match field(&e, "name").as_string().as_deref() {
            Some("InvalidStateError") => PasskeyError::AlreadyRegistered,
            Some("NotSupportedError" | "SecurityError") => PasskeyError::Unsupported,
            _ => PasskeyError::Cancelled,
        })
}

/// The credential as the gateway reads it: its ids, and the `response` fields named, each
/// as base64url (absent ones null).
fn answer(credential: &JsValue, fields: &[&str]) -> JsJson {
    let set = |object: &Object, key: &str, value: JsValue| {
        let _ = Reflect::set(object, &key.into(), &value);
    };
    let string = |text: Option<String>| text.map_or(JsValue::NULL, JsValue::from);
    let source = field(credential, "response");
    let response = Object::new();
    for name in fields {
        set(&response, name, string(text(&field(&source, name))));
    }
    let out = Object::new();
    set(&out, "id", string(field(credential, "id").as_string()));
    set(&out, "rawId", string(text(&field(credential, "rawId"))));
    set(&out, "type", "public-key".into());
    set(&out, "extensions", Object::new().into());
    set(&out, "response", response.into());
    JsJson(out.into())
}

/// Asks the gateway for a sign-in challenge (for `document` when typed) and answers it with a
/// passkey of this device: the ceremony's id and the answer, or the message to show. A
/// sign-in and a proof within a session both start here.
///
/// # Errors
/// The gateway's message, or the [`PasskeyError`]'s.
pub async fn answer_challenge(document: Option<String>) -> Result<(String, JsJson), String> {
    let challenge = crate::client::passkey_sign_in_start(&api::PasskeyStart { document })
        .await
        .map_err(|e| e.message())?;
    let credential = get(&challenge.options)
        .await
        .map_err(|e| e.message().to_string())?;
    Ok((challenge.ceremony, credential))
}

/// Creates a passkey with the gateway's registration options; the answer for the gateway.
///
/// # Errors
/// [`PasskeyError`] when the subscriber cancels or the browser cannot.
pub async fn create(options: &JsJson) -> Result<JsJson, PasskeyError> {
    // The object was decoded from this ceremony's answer alone: its base64url strings become
    // bytes in place (a second pass finds bytes, not strings, and leaves them).
    let public_key = options.0.clone();
    decode_at(&public_key, &["challenge"]);
    decode_at(&public_key, &["user", "id"]);
    decode_list(&public_key, "excludeCredentials");
    let credential = ceremony("create", public_key).await?;
    Ok(answer(
        &credential,
        &["attestationObject", "clientDataJSON"],
    ))
}

/// Signs in with a passkey using the gateway's options; the answer for the gateway.
///
/// # Errors
/// [`PasskeyError`] when the subscriber cancels, has no passkey here, or the browser cannot.
pub async fn get(options: &JsJson) -> Result<JsJson, PasskeyError> {
    let public_key = options.0.clone();
    decode_at(&public_key, &["challenge"]);
    decode_list(&public_key, "allowCredentials");
    let credential = ceremony("get", public_key).await?;
    Ok(answer(
        &credential,
        &[
            "authenticatorData",
            "clientDataJSON",
            "signature",
            "userHandle",
        ],
    ))
}
