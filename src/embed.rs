//! The portal inside the ISP's site (see `public/embed.js`): the host's theme and colour
//! from the frame's address, and the content's height sent to the host page so the frame
//! never scrolls on its own.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::storage::EMBED as KEY;

/// How the host asked the portal to look, read once at start-up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embedding {
    /// The host page's origin, the only one told the height.
    pub host: String,
    pub theme: Option<String>,
    pub color: Option<String>,
}

/// Reads the embedding from `?embutido=…&tema=…&cor=…`, or from the tab's session storage
/// after the app has navigated away from that address.
fn read() -> Option<Embedding> {
    let window = web_sys::window()?;
    let framed = window.parent().ok().flatten().is_some_and(|p| p != window);
    if !framed {
        return None;
    }
    let storage = window.session_storage().ok().flatten();
    let search = window.location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let text = match params.get("embutido") {
        Some(host) => {
            let value = format!(
                "{host}\n{}\n{}",
                params.get("tema").unwrap_or_default(),
                params.get("cor").unwrap_or_default()
            );
            if let Some(s) = &storage {
                let _ = s.set_item(KEY, &value);
            }
            value
        }
        None => storage?.get_item(KEY).ok()??,
    };
    let mut parts = text.split('\n').map(str::to_string);
    let host = parts
        .next()
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"))?;
    let theme = parts.next().filter(|t| t == "claro" || t == "escuro");
    let color = parts.next().filter(|c| !c.is_empty());
    Some(Embedding { host, theme, color })
}

/// Applies the host's wishes and starts reporting the height; `None` when not embedded.
pub fn start() -> Option<Embedding> {
    let embedding = read()?;
    let window = web_sys::window()?;
    let document = window.document()?;
    let root = document.document_element()?;
    let _ = root.set_attribute("data-embutido", "");
    if let Some(theme) = &embedding.theme {
        let _ = root.set_attribute("data-tema", theme);
    }
    let body = document.body()?;
    let host = embedding.host.clone();
    let parent = window.parent().ok().flatten()?;
    let measured = body.clone();
    let report = Closure::<dyn Fn()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"tipo".into(), &"central:altura".into());
        let _ = js_sys::Reflect::set(&message, &"altura".into(), &JsValue::from_f64(height));
        // Only the host named in the address hears it; any other parent gets nothing.
        let _ = parent.post_message(&message, &host);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    report.forget();
    Some(embedding)
}
