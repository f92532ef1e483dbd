//! The address bar as the app's state: the path and query shown, links within the portal
//! followed without reloading the page, back and forward, and the one way to move to
//! another page. Which page a path names is `model::nav`'s.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent, UrlSearchParams};

use crate::model::nav::{self, Page};

/// The address shown, kept in step with the browser's.
#[derive(Clone, Copy)]
pub struct Location {
    /// The URL's path, as `/faturas/12`.
    pub pathname: RwSignal<String>,
    /// The URL's query, with its `?`, or empty.
    search: RwSignal<String>,
    /// The page the path names.
    pub page: Memo<Page>,
}

/// The address, provided by the app; any page or component reads it.
pub fn use_location() -> Location {
    expect_context()
}

impl Location {
    /// Follows the browser's address from now on: made once, by the app, which provides it.
    pub fn start() -> Self {
        let (path, search) = shown();
        let pathname = RwSignal::new(path);
        let location = Self {
            pathname,
            search: RwSignal::new(search),
            page: Memo::new(move |_| pathname.with(|p| Page::of(p))),
        };
        provide_context(location);
        let back_or_forward = window_event_listener(ev::popstate, move |_| location.sync());
        let click = window_event_listener(ev::click, move |e| location.follow(&e));
        on_cleanup(move || {
            back_or_forward.remove();
            click.remove();
        });
        location
    }

    /// One value of the query, decoded; tracked.
    pub fn query(&self, key: &str) -> Option<String> {
        self.search.with(|s| value(s, key))
    }

    /// One value of the query, decoded, as it is now.
    pub fn query_untracked(&self, key: &str) -> Option<String> {
        self.search.with_untracked(|s| value(s, key))
    }

    /// Shows `to` (a path, with query or fragment) as a new entry of the history, at its
    /// top or at the element its fragment names.
    pub fn navigate(&self, to: &str) {
        self.go(to, false);
    }

    /// Shows `to` in place of the current entry, so "back" does not return to it.
    pub fn replace(&self, to: &str) {
        self.go(to, true);
    }

    fn go(&self, to: &str, replace: bool) {
        let window = window();
        if let Ok(history) = window.history() {
            let location = window.location();
            let here = [location.pathname(), location.search(), location.hash()]
                .into_iter()
                .map(Result::unwrap_or_default)
                .collect::<String>();
            let moved = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(to))
            } else if here != to {
                history.push_state_with_url(&JsValue::NULL, "", Some(to))
            } else {
                Ok(())
            };
            if moved.is_err() {
                // The browser refused the address (another origin): load it as a page.
                let _ = window.location().set_href(to);
                return;
            }
        }
        self.sync();
        let target = window
            .location()
            .hash()
            .ok()
            .filter(|h| h.len() > 1)
            .and_then(|h| document().get_element_by_id(&h[1..]));
        match target {
            Some(element) => element.scroll_into_view(),
            None => window.scroll_to_with_x_and_y(0.0, 0.0),
        }
    }

    /// Takes the browser's address into the signals (each only when it changed).
    fn sync(&self) {
        let (path, search) = shown();
        if self.pathname.with_untracked(|p| *p != path) {
            self.pathname.set(path);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
    }

    /// A plain left click on a link within the portal moves without loading a page. Links
    /// that open elsewhere, download, or leave the portal are the browser's.
    fn follow(&self, e: &MouseEvent) {
        if e.default_prevented()
            || e.button() != 0
            || e.meta_key()
            || e.alt_key()
            || e.ctrl_key()
            || e.shift_key()
        {
            return;
        }
        let Some(link) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let external = link
            .get_attribute("rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|p| p == "external"));
        if !link.target().is_empty() || link.has_attribute("download") || external {
            return;
        }
        let location = window().location();
        let (Ok(origin), Ok(here)) = (location.origin(), location.href()) else {
            return;
        };
        let href = link.href();
        if let Some(to) = nav::followed(&href, &origin, &here) {
            e.prevent_default();
            self.navigate(to);
        }
    }
}

fn value(search: &str, key: &str) -> Option<String> {
    UrlSearchParams::new_with_str(search).ok()?.get(key)
}

/// The browser's current path and query.
fn shown() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_else(|_| "/".into()),
        location.search().unwrap_or_default(),
    )
}
