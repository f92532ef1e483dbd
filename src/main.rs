//! Browser entry point: a readable panic in the console, then the app mounted on the page.

fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a placeholder (with a sign-in field that already takes typing) so the
    // first screen does not wait for this module; the app takes over from it.
    central::take_over_placeholder();
    leptos::mount::mount_to_body(central::App);
}
