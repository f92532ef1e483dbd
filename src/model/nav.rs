//! The portal's navigation: which pages it lists, which of them are tabs on a phone and
//! which wait under "Mais", and which entry stands for the page being shown.

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
}
