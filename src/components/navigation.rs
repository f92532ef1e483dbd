//! The signed-in navigation: the full row in a wide header, and on a phone a bottom tab bar
//! whose "Mais" opens the remaining pages and sign-out. Both come from `model::nav`.

use leptos::ev;
use leptos::prelude::*;

use crate::erased::effect;
use crate::model::nav::{self, Entry, Icon};
use crate::router::use_location;
use crate::state::use_auth;

/// The header's row of every page, for wide screens.
#[component]
pub fn TopNav(sign_out: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let current = Memo::new(move |_| nav::current(&location.pathname.get(), auth.features()));
    view! {
        <nav class="nav nav--top" aria-label="Principal">
            {move || nav::entries(auth.features()).into_iter().map(|e| view! {
                <a href=e.href aria-current=move || marked(current.get(), e)>{e.label}</a>
            }).collect_view()}
            <button class="nav__exit" type="button" on:click=move |_| sign_out.run(())>"Sair"</button>
        </nav>
    }
}

/// The phone's bottom bar.
#[component]
pub fn TabBar(sign_out: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let path = Memo::new(move |_| location.pathname.get());
    let current = Memo::new(move |_| nav::current(&path.get(), auth.features()));
    let (open, set_open) = signal(false);
    // Any move to another page closes the sheet.
    effect(move || {
        path.track();
        set_open.set(false);
    });
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" {
            set_open.set(false);
        }
    });
    on_cleanup(move || escape.remove());
    let more_marked = move || nav::in_more(&path.get(), auth.features());
    view! {
        <nav class="tabbar" aria-label="Principal">
            {move || open.get().then(|| view! {
                <div class="tabbar__backdrop" on:click=move |_| set_open.set(false)></div>
            }.into_any())}
            <div id="menu-mais" class="tabbar__sheet" hidden=move || !open.get()>
                <ul class="tabbar__more">
                    {move || nav::more(auth.features()).into_iter().map(|e| view! {
                        <li><a href=e.href aria-current=move || marked(current.get(), e)>{e.label}</a></li>
                    }).collect_view()}
                    <li><button class="tabbar__exit" type="button" on:click=move |_| sign_out.run(())>"Sair"</button></li>
                </ul>
            </div>
            <ul class="tabbar__tabs">
                {move || nav::tabs(auth.features()).into_iter().map(|e| view! {
                    <li><a class="tabbar__tab" href=e.href aria-current=move || marked(current.get(), e)>
                        <TabIcon icon=e.icon/><span>{e.label}</span>
                    </a></li>
                }).collect_view()}
                <li><button class="tabbar__tab" type="button" aria-controls="menu-mais"
                    aria-expanded=move || open.get().to_string()
                    class:tabbar__tab--marked=more_marked
                    on:click=move |_| set_open.update(|o| *o = !*o)>
                    <TabIcon icon=Icon::None/><span>"Mais"</span>
                </button></li>
            </ul>
        </nav>
    }
}

fn marked(current: Option<Entry>, entry: Entry) -> Option<&'static str> {
    (current == Some(entry)).then_some("page")
}

/// A tab's 24-pixel line drawing; "Mais" (no icon of its own) gets three dots.
#[component]
fn TabIcon(icon: Icon) -> impl IntoView {
    let path = match icon {
        Icon::Home => "M3 11 12 3l9 8v10h-6v-6H9v6H3z",
        Icon::Invoices => "M6 2h12v20l-3-2-3 2-3-2-3 2zM9 7h6M9 11h6M9 15h4",
        Icon::Help => "M4 4h16v12H9l-5 4z",
        Icon::None => {
            "M4 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M10.5 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M17 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0"
        }
    };
    view! {
        <svg class="tabbar__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path/>
        </svg>
    }
}
