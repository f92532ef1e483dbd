//! The portal's navigation: which page a path names, which pages it lists, which of them
//! are tabs on a phone and which wait under "Mais", and which entry stands for the page
//! being shown.

use api::Features;

/// One place the navigation leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub href: &'static str,
    pub label: &'static str,
    /// A tab of its own on a phone; the others are listed under "Mais".
    pub tab: bool,
    /// The icon drawn beside a tab's label.
    pub icon: Icon,
}

/// The tab icons, drawn by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    Invoices,
    Help,
    None,
}

const ALL: [Entry; 7] = [
    entry("/", "Início", true, Icon::Home),
    entry("/faturas", "Faturas", true, Icon::Invoices),
    entry("/chamados/novo", "Atendimento", true, Icon::Help),
    entry("/contratos", "Contratos", false, Icon::None),
    entry("/extrato", "Extrato", false, Icon::None),
    entry("/documentos", "Documentos", false, Icon::None),
    entry("/perfil", "Meus dados", false, Icon::None),
];

const fn entry(href: &'static str, label: &'static str, tab: bool, icon: Icon) -> Entry {
    Entry {
        href,
        label,
        tab,
        icon,
    }
}

/// The entries the ISP left on, in the order the wide header shows them.
pub fn entries(features: Features) -> Vec<Entry> {
    ALL.into_iter()
        .filter(|e| e.href != "/chamados/novo" || features.tickets)
        .collect()
}

/// The tabs of a phone's bottom bar (before "Mais").
pub fn tabs(features: Features) -> Vec<Entry> {
    entries(features).into_iter().filter(|e| e.tab).collect()
}

/// What "Mais" lists (sign-out follows them).
pub fn more(features: Features) -> Vec<Entry> {
    entries(features).into_iter().filter(|e| !e.tab).collect()
}

/// The page a path names, with the id it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    SignIn,
    Signup,
    /// A prospect's tracking page, by its token.
    Tracking(String),
    Home,
    Invoices,
    Invoice(String),
    Contracts,
    /// A service's unlock, by the service's id.
    Unlock(String),
    Statement,
    Documents,
    NewTicket,
    Profile,
    NotFound,
}

impl Page {
    /// The page at `path` (the URL's path, without query or fragment). One trailing slash is
    /// forgiven; an empty id is no page.
    pub fn of(path: &str) -> Self {
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        let Some(rest) = path.strip_prefix('/') else {
            return Self::NotFound;
        };
        let id = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let segments: Vec<&str> = rest.split('/').collect();
        let page = match segments.as_slice() {
            [""] => Some(Self::Home),
            ["entrar"] => Some(Self::SignIn),
            ["assine"] => Some(Self::Signup),
            ["assine", "acompanhar", token] => id(token).map(Self::Tracking),
            ["faturas"] => Some(Self::Invoices),
            ["faturas", invoice] => id(invoice).map(Self::Invoice),
            ["contratos"] => Some(Self::Contracts),
            ["servicos", service, "desbloqueio"] => id(service).map(Self::Unlock),
            ["extrato"] => Some(Self::Statement),
            ["documentos"] => Some(Self::Documents),
            ["chamados", "novo"] => Some(Self::NewTicket),
            ["perfil"] => Some(Self::Profile),
            _ => None,
        };
        page.unwrap_or(Self::NotFound)
    }

    /// Whether the page shows a subscriber's own data, so it needs a session (without one
    /// the portal goes to sign-in).
    pub fn needs_session(&self) -> bool {
        !matches!(
            self,
            Self::SignIn | Self::Signup | Self::Tracking(_) | Self::NotFound
        )
    }
}

/// Where a link's click goes, when the page itself should follow it: `href` is the link's
/// resolved address, `here` the page's, both absolute with the same kind of origin. `None`
/// leaves the click to the browser: another site, or the same page's fragment (so the
/// browser moves the focus there, as for a skip link).
pub fn followed<'a>(href: &'a str, origin: &str, here: &str) -> Option<&'a str> {
    let to = href.strip_prefix(origin).filter(|t| t.starts_with('/'))?;
    let here = here.strip_prefix(origin).unwrap_or(here);
    if to.contains('#') && without_fragment(to) == without_fragment(here) {
        return None;
    }
    Some(to)
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// The entry that stands for `path`: its own, or the one of the section it belongs to
/// (an invoice belongs to "Faturas", an unlock to "Contratos").
pub fn current(path: &str, features: Features) -> Option<Entry> {
    let section = match path {
        p if p.starts_with("/servicos/") => "/contratos",
        p if p.starts_with("/chamados/") => "/chamados/novo",
        p => p,
    };
    entries(features).into_iter().find(|e| {
        e.href == section
            || (e.href != "/"
                && section.starts_with(e.href)
                && section[e.href.len()..].starts_with('/'))
    })
}

/// Whether the page at `path` is one of those under "Mais", so the "Mais" tab is marked.
pub fn in_more(path: &str, features: Features) -> bool {
    current(path, features).is_some_and(|e| !e.tab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[Entry]) -> Vec<&str> {
        list.iter().map(|e| e.label).collect()
    }

    #[test]
    fn a_phone_gets_three_tabs_and_the_rest_under_more() {
        let all = Features::default();
        assert_eq!(labels(&tabs(all)), ["Início", "Faturas", "Atendimento"]);
        assert_eq!(
            labels(&more(all)),
            ["Contratos", "Extrato", "Documentos", "Meus dados"]
        );
        assert_eq!(entries(all).len(), tabs(all).len() + more(all).len());
    }

    #[test]
    fn a_switched_off_feature_is_not_listed_anywhere() {
        let off = Features {
            tickets: false,
            ..Features::default()
        };
        assert!(!labels(&entries(off)).contains(&"Atendimento"));
        assert_eq!(labels(&tabs(off)), ["Início", "Faturas"]);
        assert_eq!(current("/chamados/novo", off), None);
    }

    #[test]
    fn every_page_is_marked_under_its_section() {
        let all = Features::default();
        let at = |path| current(path, all).map(|e| e.label);
        assert_eq!(at("/"), Some("Início"));
        assert_eq!(at("/faturas"), Some("Faturas"));
        assert_eq!(at("/faturas/12345"), Some("Faturas"));
        assert_eq!(at("/servicos/S1/desbloqueio"), Some("Contratos"));
        assert_eq!(at("/perfil"), Some("Meus dados"));
        assert_eq!(at("/faturasx"), None, "a prefix is not a section");
        assert_eq!(at("/nada"), None);
        assert!(in_more("/extrato", all));
        assert!(!in_more("/faturas/1", all));
    }

    #[test]
    fn each_path_names_its_page_and_its_id() {
        assert_eq!(Page::of("/"), Page::Home);
        assert_eq!(Page::of("/entrar"), Page::SignIn);
        assert_eq!(
            Page::of("/entrar/"),
            Page::SignIn,
            "one trailing slash is forgiven"
        );
        assert_eq!(Page::of("/assine"), Page::Signup);
        assert_eq!(
            Page::of("/assine/acompanhar/t0k3n"),
            Page::Tracking("t0k3n".into())
        );
        assert_eq!(Page::of("/faturas"), Page::Invoices);
        assert_eq!(Page::of("/faturas/12345"), Page::Invoice("12345".into()));
        assert_eq!(Page::of("/contratos"), Page::Contracts);
        assert_eq!(
            Page::of("/servicos/S1/desbloqueio"),
            Page::Unlock("S1".into())
        );
        assert_eq!(Page::of("/extrato"), Page::Statement);
        assert_eq!(Page::of("/documentos"), Page::Documents);
        assert_eq!(Page::of("/chamados/novo"), Page::NewTicket);
        assert_eq!(Page::of("/perfil"), Page::Profile);
    }

    #[test]
    fn a_path_that_names_no_page_is_not_found() {
        for path in [
            "",
            "entrar",
            "/nada",
            "/faturas//",
            "/faturas/1/2",
            "/faturasx",
            "/servicos//desbloqueio",
            "/servicos/S1",
            "/assine/acompanhar/",
            "/chamados",
        ] {
            assert_eq!(Page::of(path), Page::NotFound, "{path:?}");
        }
    }

    #[test]
    fn only_the_subscribers_own_pages_need_a_session() {
        let public = ["/entrar", "/assine", "/assine/acompanhar/x", "/nada"];
        for path in public {
            assert!(!Page::of(path).needs_session(), "{path}");
        }
        for e in entries(Features::default()) {
            assert!(Page::of(e.href).needs_session(), "{}", e.href);
        }
        assert!(Page::of("/faturas/1").needs_session());
        assert!(Page::of("/servicos/S1/desbloqueio").needs_session());
    }

    #[test]
    fn links_within_the_portal_are_followed_and_the_rest_left_to_the_browser() {
        let o = "https://isp.example";
        let here = "https://isp.example/faturas?contrato=1";
        assert_eq!(
            followed("https://isp.example/perfil", o, here),
            Some("/perfil")
        );
        assert_eq!(
            followed("https://isp.example/faturas?contrato=2", o, here),
            Some("/faturas?contrato=2")
        );
        assert_eq!(
            followed("https://isp.example/extrato#fim", o, here),
            Some("/extrato#fim"),
            "another page's fragment is that page"
        );
        assert_eq!(
            followed("https://isp.example/faturas?contrato=1#conteudo", o, here),
            None
        );
        assert_eq!(followed("https://other.example/perfil", o, here), None);
        assert_eq!(followed("https://isp.example.evil/perfil", o, here), None);
        assert_eq!(followed("mailto:suporte@isp.example", o, here), None);
    }
}
