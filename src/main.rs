//! Entry point: only mounts. Components live in the library so tests can import them.
fn main() {
    wirelab::crash::install();
    leptos::mount::mount_to_body(wirelab::App);
}
