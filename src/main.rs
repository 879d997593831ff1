//! Entry point: only mounts. Components live in the library so tests can import them.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wirelab::App);
}
