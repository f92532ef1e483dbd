//! Browser entry point: a readable panic in the console, then the app mounted on the page.

fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a placeholder so the first screen does not wait for this module.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("casca"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(central::App);
}
