//! The CPF/CNPJ field: masks as the subscriber types and checks the digits before anything
//! is sent.

use brazil::{CpfOuCnpj, document};
use leptos::prelude::*;

use crate::erased::effect;

/// What the field says under itself about the document typed so far.
fn verdict(typed: &str) -> Option<Result<&'static str, String>> {
    let length = document::normalize(typed).chars().count();
    // Don't nag while a CPF is still being typed; speak once it could be complete.
    if length < 11 || (length > 11 && length < 14) {
        return None;
    }
    Some(match CpfOuCnpj::parse(typed) {
        Ok(CpfOuCnpj::Cpf(_)) => Ok("CPF válido."),
        Ok(CpfOuCnpj::Cnpj(_)) => Ok("CNPJ válido."),
        Err(e) => Err(format!("Confira o número: {e}.")),
    })
}

/// A labelled CPF-or-CNPJ input with its live verdict; `value` holds what is typed, masked.
/// `focus` puts the caret at its end once shown (the subscriber was typing in the page's
/// placeholder when the app took over).
#[component]
pub fn DocumentInput(value: RwSignal<String>, #[prop(optional)] focus: bool) -> impl IntoView {
    let typed = value;
    let input = NodeRef::<leptos::html::Input>::new();
    if focus {
        effect(move || {
            if let Some(element) = input.get() {
                let end = u32::try_from(element.value().len()).unwrap_or(0);
                let _ = element.focus();
                let _ = element.set_selection_range(end, end);
            }
        });
    }
    let masked = move || document::mask_as_typed(&typed.get());
    let status = move || verdict(&typed.get());
    let invalid = move || matches!(status(), Some(Err(_)));
    view! {
        <div class="field">
            <label class="field__label" for="documento">"CPF ou CNPJ"</label>
            <input
                node_ref=input
                id="documento"
                class="field__input"
                name="documento"
                type="text"
                inputmode="text"
                autocomplete="username"
                autocapitalize="characters"
                spellcheck="false"
                maxlength="18"
                aria-describedby="documento-status"
                aria-invalid=move || invalid().to_string()
                prop:value=masked
                required=true
                on:input:target=move |ev| typed.set(document::mask_as_typed(&ev.target().value()))
            />
            <p
                id="documento-status"
                class="field__status"
                class:field__status--error=invalid
                aria-live="polite"
            >
                {move || match status() {
                    Some(Ok(text)) => text.to_string(),
                    Some(Err(text)) => text,
                    None => String::new(),
                }}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::verdict;

    #[test]
    fn speaks_only_once_a_document_could_be_complete() {
        assert_eq!(verdict("529.982.24"), None);
        assert_eq!(verdict("529.982.247-25"), Some(Ok("CPF válido.")));
        assert_eq!(verdict("11.222.333/0001"), None);
        assert_eq!(verdict("12.ABC.345/01DE-35"), Some(Ok("CNPJ válido.")));
        assert!(matches!(verdict("529.982.247-24"), Some(Err(_))));
    }
}
