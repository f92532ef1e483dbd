//! Drafts kept in the browser's IndexedDB, which holds what localStorage cannot (a ticket's
//! photos, a sign-up's documents, many megabytes in base64). Each draft is two records —
//! its text, written on every keystroke, and its attachments, written when they change —
//! so typing never rewrites megabytes. Drafts outlive an ended session and a reload; an
//! explicit sign-out and a successful send erase them.

use api::Attachment;
use js_sys::{Function, Promise};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

use crate::erased::effect;

const DATABASE: &str = "central";
const STORE: &str = "rascunhos";

/// The part of a draft a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Text,
    Attachments,
}

/// The record's key: `{draft}.texto` or `{draft}.anexos`.
pub fn key(draft: &str, part: Part) -> String {
    match part {
        Part::Text => format!("{draft}.texto"),
        Part::Attachments => format!("{draft}.anexos"),
    }
}

/// Waits for an IndexedDB request, giving its result.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DATABASE, 1)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db
            && !db.object_store_names().contains(STORE)
        {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&request).await;
    request.set_onupgradeneeded(None);
    db?.dyn_into::<IdbDatabase>()
}

async fn store(mode: IdbTransactionMode) -> Result<web_sys::IdbObjectStore, JsValue> {
    let db = open().await?;
    db.transaction_with_str_and_mode(STORE, mode)?
        .object_store(STORE)
}

/// The text kept under `key`, if any, as a JavaScript string.
pub async fn load(key: &str) -> Option<JsValue> {
    let store = store(IdbTransactionMode::Readonly).await.ok()?;
    let value = done(&store.get(&JsValue::from_str(key)).ok()?).await.ok()?;
    value.is_string().then_some(value)
}

/// Keeps `text` (a JavaScript string) under `key`.
///
/// # Errors
/// When IndexedDB is unavailable or full.
pub async fn save(key: &str, text: &JsValue) -> Result<(), ()> {
    let store = store(IdbTransactionMode::Readwrite).await.map_err(|_| ())?;
    let request = store
        .put_with_key(text, &JsValue::from_str(key))
        .map_err(|_| ())?;
    done(&request).await.map(|_| ()).map_err(|_| ())
}

/// Forgets both records of a draft.
pub async fn forget(draft: &str) {
    if let Ok(store) = store(IdbTransactionMode::Readwrite).await {
        for part in [Part::Text, Part::Attachments] {
            if let Ok(request) = store.delete(&JsValue::from_str(&key(draft, part))) {
                let _ = done(&request).await;
            }
        }
    }
}

/// Forgets every draft (explicit sign-out).
pub async fn forget_all() {
    if let Ok(store) = store(IdbTransactionMode::Readwrite).await
        && let Ok(request) = store.clear()
    {
        let _ = done(&request).await;
    }
}

/// A form kept as a draft: its text, and the attachments kept apart.
pub trait Draftable:
    Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    fn attachments_mut(&mut self) -> &mut Vec<Attachment>;
}

/// What tells attachments apart without comparing megabytes: names and sizes.
fn fingerprint(files: &[Attachment]) -> Vec<(String, usize)> {
    files
        .iter()
        .map(|a| (a.name.clone(), a.content_base64.len()))
        .collect()
}

/// Loads the draft `name` into `value` (passed through `adopt`) unless something was typed
/// first, then keeps every change: the text on each change, the attachments when they
/// change. `on_full` hears when the device refuses to keep them. Returns whether the kept
/// draft has been looked for (and adopted, if there was one).
pub fn keep<T: Draftable>(
    name: String,
    value: RwSignal<T>,
    adopt: impl Fn(T) -> T + 'static,
    on_full: impl Fn() + Copy + 'static,
) -> ReadSignal<bool> {
    let initial = value.get_untracked();
    // Only what depends on the form's type is built per form; the keeping is `kept`'s.
    kept(
        name,
        Box::new(move |text, files| {
            if let Some(mut found) = crate::json::decode_js::<T>(&text) {
                *found.attachments_mut() = files
                    .and_then(|f| crate::json::decode_js(&f))
                    .unwrap_or_default();
                if value.with_untracked(|v| *v == initial) {
                    value.set(adopt(found));
                }
            }
        }),
        Box::new(move |ready| {
            value.track();
            // The text is written with the attachments taken out for a moment, not copied.
            ready.then(|| {
                value
                    .try_update_untracked(|v| {
                        let files = std::mem::take(v.attachments_mut());
                        let text = crate::json::encode_js(v);
                        let print = fingerprint(&files);
                        *v.attachments_mut() = files;
                        (text, print)
                    })
                    .unwrap_or((None, Vec::new()))
            })
        }),
        Box::new(move || {
            value
                .try_update_untracked(|v| crate::json::encode_js(v.attachments_mut()))
                .flatten()
        }),
        Box::new(on_full),
    )
}

/// Adopts a kept draft's text and attachments (as JavaScript strings).
type Adopt = Box<dyn Fn(JsValue, Option<JsValue>)>;
/// Tracks the form and, once the kept draft has been looked for (`true`), gives its text and
/// its attachments' fingerprint.
type Text = Box<dyn Fn(bool) -> Option<(Option<JsValue>, Vec<(String, usize)>)>>;
/// The form's attachments now.
type Files = Box<dyn Fn() -> Option<JsValue>>;

fn kept(
    name: String,
    adopt: Adopt,
    text_now: Text,
    files_now: Files,
    on_full: Box<dyn Fn()>,
) -> ReadSignal<bool> {
    let loaded = RwSignal::new(false);
    let load_name = name.clone();
    spawn_local(async move {
        let text = load(&key(&load_name, Part::Text)).await;
        let files = load(&key(&load_name, Part::Attachments)).await;
        if let Some(text) = text {
            adopt(text, files);
        }
        loaded.set(true);
    });
    let last_files = StoredValue::new(None::<Vec<(String, usize)>>);
    let on_full = std::rc::Rc::new(on_full);
    effect(move || {
        let Some((text, files)) = text_now(loaded.get()) else {
            return;
        };
        let files_changed = last_files.with_value(|last| last.as_ref() != Some(&files));
        let files_text = files_changed
            .then(|| {
                last_files.set_value(Some(files));
                files_now()
            })
            .flatten();
        let name = name.clone();
        let on_full = on_full.clone();
        spawn_local(async move {
            if let Some(text) = text {
                let _ = save(&key(&name, Part::Text), &text).await;
            }
            if let Some(files) = files_text
                && save(&key(&name, Part::Attachments), &files).await.is_err()
            {
                on_full();
            }
        });
    });
    loaded.read_only()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_two_records() {
        assert_eq!(
            key("central.rascunho.chamado.x", Part::Text),
            "central.rascunho.chamado.x.texto"
        );
        assert_eq!(
            key("central.cadastro", Part::Attachments),
            "central.cadastro.anexos"
        );
    }
}
