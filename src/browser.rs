//! Thin wrappers over the browser: clipboard, share, today's date, the page's colours.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = navigator, js_name = share, catch)]
    fn navigator_share(data: &JsValue) -> Result<Promise, JsValue>;
}

/// Puts `text` on the clipboard.
///
/// # Errors
/// When the browser refuses (no permission, insecure context).
pub async fn copy(text: &str) -> Result<(), ()> {
    let promise = write_text(text).map_err(|_| ())?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())?;
    // A short buzz where the phone has one: the copy is felt, not only read.
    if let Some(w) = web_sys::window() {
        let navigator = w.navigator();
        if Reflect::has(&navigator, &JsValue::from_str("vibrate")).unwrap_or(false) {
            let _ = navigator.vibrate_with_duration(30);
        }
    }
    Ok(())
}

/// Whether the Web Share API exists here (phones, mostly).
pub fn can_share() -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .is_some_and(|n| Reflect::has(&n, &JsValue::from_str("share")).unwrap_or(false))
}

/// Opens the system share sheet with a title and text.
///
/// # Errors
/// When the subscriber cancels or the browser refuses.
pub async fn share(title: &str, text: &str) -> Result<(), ()> {
    let data = js_sys::Object::new();
    Reflect::set(&data, &"title".into(), &title.into()).map_err(|_| ())?;
    Reflect::set(&data, &"text".into(), &text.into()).map_err(|_| ())?;
    let promise = navigator_share(&data).map_err(|_| ())?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}

/// Today in the subscriber's time zone.
pub fn today() -> brazil::Date {
    let now = js_sys::Date::new_0();
    let month = brazil::date::Month::try_from(now.get_month() as u8 + 1)
        .unwrap_or(brazil::date::Month::January);
    brazil::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(brazil::Date::MIN)
}

/// Applies the ISP's primary colour, when it is a plain `#rrggbb`.
pub fn set_brand_color(color: &str) {
    let valid = color.len() == 7
        && color.starts_with('#')
        && color[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return;
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let _ = root.style().set_property("--brand", color);
    }
}

/// Up to this width the portal is laid out for a phone (the tab bar); the stylesheet follows
/// the `data-tela` attribute this sets on the page rather than a breakpoint of its own.
const NARROW: &str = "(max-width: 720px)";

/// Whether the window is phone-narrow now, kept in `narrow` as it changes (rotation, a
/// resized window or frame), and mirrored on `<html data-tela="estreita|larga">`.
pub fn follow_width(narrow: leptos::prelude::RwSignal<bool>) {
    use leptos::prelude::Set;
    let Some(query) = web_sys::window().and_then(|w| w.match_media(NARROW).ok().flatten()) else {
        return;
    };
    let apply = move |is_narrow: bool| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-tela", if is_narrow { "estreita" } else { "larga" });
        }
        narrow.set(is_narrow);
    };
    apply(query.matches());
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let matches = Reflect::get(&e, &"matches".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        apply(matches);
    });
    let _ = query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
    // The app lives as long as the page: the listener is never removed.
    listener.forget();
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Reads a value kept on the device.
pub fn load(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Keeps a value on the device.
///
/// # Errors
/// When storage is unavailable or full.
pub fn store(key: &str, value: &str) -> Result<(), ()> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok())
        .flatten()
        .ok_or(())?;
    storage.set_item(key, value).map_err(|_| ())
}

/// Forgets every value whose key starts with `prefix`.
pub fn forget_prefixed(prefix: &str) {
    let Some(storage) = web_sys::window()
        .and_then(|w| w.local_storage().ok())
        .flatten()
    else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The files chosen in a file input, as (name, bytes).
pub async fn read_files(input: &web_sys::HtmlInputElement) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Some(list) = input.files() else {
        return out;
    };
    for i in 0..list.length() {
        let Some(file) = list.item(i) else { continue };
        if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
            out.push((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()));
        }
    }
    out
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "geolocation"], js_name = getCurrentPosition, catch)]
    fn get_current_position(ok: &js_sys::Function, err: &js_sys::Function) -> Result<(), JsValue>;
}

/// Asks the browser for the device's position (it asks the subscriber first).
///
/// # Errors
/// When there is no geolocation or the subscriber refuses.
pub async fn position() -> Result<(f64, f64), ()> {
    let promise = Promise::new(&mut |resolve, reject| {
        if get_current_position(&resolve, &reject).is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let pos = JsFuture::from(promise).await.map_err(|_| ())?;
    let coords = Reflect::get(&pos, &"coords".into()).map_err(|_| ())?;
    let get = |k: &str| {
        Reflect::get(&coords, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .ok_or(())
    };
    Ok((get("latitude")?, get("longitude")?))
}

/// A random key for one form, so that sending it twice is recognised.
pub fn random_key() -> String {
    (0..4)
        .map(|_| {
            format!(
                "{:08x}",
                (js_sys::Math::random() * f64::from(u32::MAX)) as u32
            )
        })
        .collect()
}

fn performance() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    Reflect::get(&window, &"performance".into()).ok()
}

/// Milliseconds since the page started, as the page's performance timeline counts them.
pub fn timeline_ms() -> f64 {
    performance()
        .and_then(|p| {
            let now: js_sys::Function = Reflect::get(&p, &"now".into()).ok()?.dyn_into().ok()?;
            now.call0(&p).ok()?.as_f64()
        })
        .unwrap_or(0.0)
}

/// Records `name` on the page's performance timeline, from `start` (see [`timeline_ms`]) to now,
/// where the browser's tools and the bench see it.
pub fn measure_since(name: &str, start: f64) {
    let Some(p) = performance() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"start".into(), &start.into());
    if let Some(measure) = Reflect::get(&p, &"measure".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = measure.call2(&p, &name.into(), &options);
    }
}
