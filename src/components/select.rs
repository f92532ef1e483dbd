//! The one select of the portal: a labelled list of the ERP's choices (or contracts), with
//! an empty first option.

use api::Choice;
use leptos::prelude::*;

/// A labelled select; `on_change` gets the chosen id (empty for the first option).
#[component]
pub fn Select(
    id: &'static str,
    label: &'static str,
    items: Vec<Choice>,
    /// The first option's text ("Escolha", "Todos os contratos"); none when a choice is
    /// always made.
    #[prop(optional, into)]
    empty: Option<&'static str>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    /// Label and select on one line.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    view! {
        <div class=if inline { "field field--inline" } else { "field" }>
            <label class="field__label" for=id>{label}</label>
            <select id=id class="field__input" on:change:target=move |ev| on_change.run(ev.target().value())>
                {empty.map(|text| view! { <option value="" selected=move || value.get().is_empty()>{text}</option> })}
                {items.into_iter().map(|c| {
                    let me = c.id.clone();
                    view! { <option value=c.id selected=move || value.get() == me>{c.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
