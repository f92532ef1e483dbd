//! The app shell: configuration and session restored at start, branding, navigation, the
//! toast, and the route table (signed-in pages behind a guard that returns to sign-in).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ProtectedParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

use crate::browser;
use crate::client;
use crate::client::ClientError;
use crate::components::navigation::{TabBar, TopNav};
use crate::components::toast::{self, ToastRegion};

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
    view! {
        <Router>
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
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/entrar") view=LoginPage/>
                    <Route path=path!("/assine") view=SignupPage/>
                    <Route path=path!("/assine/acompanhar/:token") view=TrackingPage/>
                    // Signed-in pages: while the cookie is being checked the condition is
                    // unknown and the router waits; without a session it goes to sign-in.
                    <ProtectedParentRoute
                        path=path!("")
                        condition=move || auth.restored.get().then(|| auth.session.get().is_some())
                        redirect_path=|| "/entrar"
                        view=SignedInShell
                    >
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/faturas") view=InvoicesPage/>
                        <Route path=path!("/faturas/:id") view=InvoiceDetailPage/>
                        <Route path=path!("/contratos") view=ContractsPage/>
                        <Route path=path!("/servicos/:id/desbloqueio") view=UnlockPage/>
                        <Route path=path!("/extrato") view=StatementPage/>
                        <Route path=path!("/documentos") view=DocumentsPage/>
                        <Route path=path!("/chamados/novo") view=TicketPage/>
                        <Route path=path!("/perfil") view=ProfilePage/>
                    </ProtectedParentRoute>
                </Routes>
            </main>
            <ToastRegion toast/>
        </Router>
    }
}

/// The signed-in pages' frame. The invoices that came with the session serve the first
/// page only: once the subscriber moves on, any list is fetched fresh (and notices an ended
/// session).
#[component]
fn SignedInShell() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    Effect::new(move |first: Option<String>| {
        let path = location.pathname.get();
        if first.as_ref().is_some_and(|f| *f != path) {
            auth.invoices.set_value(None);
        }
        first.unwrap_or(path)
    });
    view! { <leptos_router::components::Outlet/> }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let isp = move || {
        auth.config
            .get()
            .map(|c| c.isp_name)
            .unwrap_or_else(|| "Central do assinante".into())
    };
    let sign_out = Callback::new(move |()| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = client::sign_out().await;
            auth.sign_out_here().await;
            navigate("/entrar", Default::default());
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
