//! The installed app's plumbing: registering the service worker, noticing a new version
//! and applying it when the subscriber accepts, and following the connection's state.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open portal asks whether a new version was deployed.
const UPDATE_CHECK_MS: i32 = 15 * 60 * 1000;

/// Registers `/sw.js` and sets `update_ready` when a new version waits to take over.
pub fn register(update_ready: RwSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // No service worker API (old browsers, some private modes): the portal works without.
    if container.is_undefined() {
        return;
    }
    let registering = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        // A refusal (storage disabled, say) only means no offline copy and no update prompt.
        let _ = wasm_bindgen_futures::JsFuture::from(registering).await;
    });
    leptos::task::spawn_local(async move {
        // `ready` gives the registration once a worker is active, whatever became of this
        // page's own `register` call.
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(value) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let Ok(registration) = value.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        watch(&registration, update_ready);
        let periodic = registration.clone();
        let check = Closure::<dyn Fn()>::new(move || {
            let _ = periodic.update();
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            UPDATE_CHECK_MS,
        );
        check.forget();
    });
}

/// A version is waiting only when another one already controls the page; the very first
/// install takes over silently. The check may run before or after the browser found the
/// update, so a worker already installing or waiting is looked at too.
fn watch(registration: &ServiceWorkerRegistration, update_ready: RwSignal<bool>) {
    if registration.waiting().is_some() && controlled() {
        update_ready.set(true);
    }
    if let Some(installing) = registration.installing() {
        track(&installing, update_ready);
    }
    let reg = registration.clone();
    let on_found = Closure::<dyn Fn()>::new(move || {
        if let Some(installing) = reg.installing() {
            track(&installing, update_ready);
        }
    });
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}

fn controlled() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some())
}

/// Sets `update_ready` once `worker` has installed beside a controlling version.
fn track(worker: &web_sys::ServiceWorker, update_ready: RwSignal<bool>) {
    let seen = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || {
        if seen.state() == ServiceWorkerState::Installed && controlled() {
            update_ready.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Lets the waiting version take over, then reloads into it.
pub fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let reload = Closure::<dyn Fn()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    leptos::task::spawn_local(async move {
        let Ok(value) = wasm_bindgen_futures::JsFuture::from(container.get_registration()).await
        else {
            return;
        };
        let waiting = value
            .dyn_into::<ServiceWorkerRegistration>()
            .ok()
            .and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str("atualizar"));
            }
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    });
}

/// Keeps `offline` in step with the browser's connection events.
pub fn follow_connection(offline: RwSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    offline.set(!crate::browser::online());
    for (event, value) in [("online", false), ("offline", true)] {
        let handler = Closure::<dyn Fn()>::new(move || offline.set(value));
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
