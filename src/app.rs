//! The app shell: configuration and session restored at start, branding, navigation, the
//! toast, and the route table (signed-in pages behind a guard that returns to sign-in).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::client;
use crate::client::ClientError;
use crate::components::navigation::{TabBar, TopNav};
use crate::components::toast::{self, ToastRegion};
use crate::erased::effect;
use crate::model::nav::Page;
use crate::router::{Location, use_location};

use crate::pages::{
    contracts::ContractsPage,
    documents::DocumentsPage,
    home::HomePage,
    invoice_detail::InvoiceDetailPage,
    invoices::InvoicesPage,
    login::LoginPage,
    not_found::NotFoundPage,
    profile::ProfilePage,
    signup::{SignupPage, TrackingPage},
    statement::StatementPage,
    ticket::TicketPage,
    unlock::UnlockPage,
};
use crate::state::{Auth, use_auth};
use crate::{offline, pwa};

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::new(RwSignal::new(None));
    provide_context(auth);
    let location = Location::start();
    let toast = toast::provide();
    // Any call that finds the session ended sends the subscriber back to sign-in, once, from
    // here; pages only show their own errors.
    client::on_signed_out(move |message| auth.signed_out(Some(message)));
    let embedding = crate::embed::start();
    pwa::follow_connection(auth.offline);
    // Inside another site's frame the portal is not installed, so it needs no worker.
    if embedding.is_none() {
        pwa::register(auth.update_ready);
    }
    spawn_local(async move {
        let config = match client::config().await {
            Ok(config) => {
                offline::save_config(&config);
                Some(config)
            }
            Err(_) => offline::load_config(),
        };
        if let Some(config) = config {
            browser::set_brand_color(&config.primary_color);
            browser::set_title(&format!("{} — Central do assinante", config.isp_name));
            auth.config.set(Some(config));
        }
        if let Some(color) = embedding.as_ref().and_then(|e| e.color.as_deref()) {
            browser::set_brand_color(color);
        }
    });
    spawn_local(async move {
        match client::session().await {
            Ok(Some(session)) => auth.signed_in(session),
            Ok(None) => {}
            // No connection: the subscriber who was signed in here sees what was kept.
            Err(ClientError::Network) => {
                if let Some(snapshot) = offline::load() {
                    auth.invoices.set_value(Some(snapshot.invoices));
                    auth.stale_since.set(Some(snapshot.saved_at_ms as f64));
                    auth.session.set(Some(snapshot.session));
                }
            }
            Err(_) => {}
        }
        auth.restored.set(true);
    });
    // Whether the subscriber may see their pages: unknown (`None`) while the cookie is being
    // checked, when nothing is drawn yet.
    let allowed = Memo::new(move |_| auth.restored.get().then(|| auth.session.get().is_some()));
    let needs_session = Memo::new(move |_| location.page.with(Page::needs_session));
    // Without a session a subscriber's page goes to sign-in, in its place in the history.
    effect(move || {
        if needs_session.get() && allowed.get() == Some(false) {
            location.replace("/entrar");
        }
    });
    view! {
        <Header/>
        {move || auth.update_ready.get().then(|| view! {
            <div class="update-bar" role="status">
                "Nova versão disponível — "
                <button class="link-button" type="button" on:click=|_| pwa::apply_update()>"atualizar"</button>
            </div>
        }.into_any())}
        {move || (auth.offline.get() || auth.stale_since.get().is_some()).then(|| view! {
            <p class="offline-bar" role="status">
                {move || if auth.offline.get() { "Sem conexão. " } else { "" }}
                {move || auth.stale_since.get().map(|ms| format!("Faturas atualizadas em {}. ", crate::format::saved_at(ms)))}
                {move || auth.offline.get().then_some("Envios e alterações voltam quando a internet voltar.")}
            </p>
        }.into_any())}
        <main id="conteudo" class="shell__main">
            {move || {
                if !needs_session.get() {
                    (move || page(location.page.get(), false)).into_any()
                } else if allowed.get() == Some(true) {
                    view! { <SignedInShell/> }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </main>
        <ToastRegion toast/>
    }
}

/// The view of `page`, when it is among the signed-in pages exactly if `signed_in` (the
/// area that holds it is about to go otherwise, and must not draw the other area's page).
fn page(page: Page, signed_in: bool) -> AnyView {
    if page.needs_session() != signed_in {
        return ().into_any();
    }
    match page {
        Page::SignIn => view! { <LoginPage/> }.into_any(),
        Page::Signup => view! { <SignupPage/> }.into_any(),
        Page::Tracking(token) => view! { <TrackingPage token/> }.into_any(),
        Page::Home => view! { <HomePage/> }.into_any(),
        Page::Invoices => view! { <InvoicesPage/> }.into_any(),
        Page::Invoice(id) => view! { <InvoiceDetailPage id/> }.into_any(),
        Page::Contracts => view! { <ContractsPage/> }.into_any(),
        Page::Unlock(id) => view! { <UnlockPage id/> }.into_any(),
        Page::Statement => view! { <StatementPage/> }.into_any(),
        Page::Documents => view! { <DocumentsPage/> }.into_any(),
        Page::NewTicket => view! { <TicketPage/> }.into_any(),
        Page::Profile => view! { <ProfilePage/> }.into_any(),
        Page::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

/// The signed-in pages' frame. The invoices that came with the session serve the first
/// page only: once the subscriber moves on, any list is fetched fresh (and notices an ended
/// session).
#[component]
fn SignedInShell() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let moved_on = std::cell::Cell::new(false);
    // Dropped before the next page is drawn, which would otherwise take them as it loads.
    move || {
        let page = location.page.get();
        if moved_on.replace(true) {
            auth.invoices.set_value(None);
        }
        self::page(page, true)
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let isp = move || {
        auth.config
            .get()
            .map(|c| c.isp_name)
            .unwrap_or_else(|| "Central do assinante".into())
    };
    let sign_out = Callback::new(move |()| {
        spawn_local(async move {
            let _ = client::sign_out().await;
            auth.sign_out_here().await;
            location.navigate("/entrar");
        });
    });
    let signed_in = move || auth.session.get().is_some();
    let narrow = RwSignal::new(false);
    browser::follow_width(narrow);
    view! {
        <a class="skip" href="#conteudo">"Pular para o conteúdo"</a>
        <header class="shell__header">
            <span class="shell__brand">
                {move || auth.config.get().and_then(|c| c.logo_url).map(|src| view! { <img class="shell__logo" src=src alt=""/> })}
                {isp}
            </span>
            {move || (signed_in() && !narrow.get()).then(|| view! { <TopNav sign_out/> }.into_any())}
        </header>
        {move || (signed_in() && narrow.get()).then(|| view! { <TabBar sign_out/> }.into_any())}
    }
}
