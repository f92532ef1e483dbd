//! The portal's one confirmation line: copies and shares are said out loud (a live region
//! that is always in the page) and shown for a few seconds above the tab bar.

use std::time::Duration;

use leptos::prelude::*;

/// How long a confirmation stays on screen.
const SHOWN_FOR: Duration = Duration::from_millis(4000);

/// The message on show, numbered so an older timer never hides a newer message.
#[derive(Clone, Copy)]
pub struct Toast(RwSignal<(u32, String)>);

impl Toast {
    /// Shows `message` (and announces it to screen readers).
    pub fn say(&self, message: impl Into<String>) {
        let signal = self.0;
        let number = signal.with_untracked(|(n, _)| n.wrapping_add(1));
        signal.set((number, message.into()));
        set_timeout(
            move || {
                if signal.try_with_untracked(|(n, _)| *n == number) == Some(true) {
                    signal.set((number, String::new()));
                }
            },
            SHOWN_FOR,
        );
    }
}

/// Makes the toast available to every page; called once by the app.
pub fn provide() -> Toast {
    let toast = Toast(RwSignal::new((0, String::new())));
    provide_context(toast);
    toast
}

/// The toast of the app.
pub fn use_toast() -> Toast {
    expect_context::<Toast>()
}

/// Where the toast shows; rendered once by the app shell.
#[component]
pub fn ToastRegion(toast: Toast) -> impl IntoView {
    let text = move || toast.0.with(|(_, m)| m.clone());
    view! {
        <div class="toast" class:toast--shown=move || toast.0.with(|(_, m)| !m.is_empty())
            role="status" aria-live="polite" data-testid="toast">
            {text}
        </div>
    }
}
