//! The `?` sheet: every gesture and shortcut, from the table kept beside the code that
//! handles them (`interaction::SHORTCUTS`). A native modal `<dialog>`: it traps focus,
//! closes on Escape and gives focus back by itself.

use leptos::html;
use leptos::prelude::*;
use wirelab_editor::interaction::SHORTCUTS;

#[component]
pub fn ShortcutSheet() -> impl IntoView {
    let ctx = super::use_editor();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let open = ctx.shortcuts_open.get();
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let rows = SHORTCUTS
        .iter()
        .map(|(keys, what)| view! { <tr><th scope="row">{*keys}</th><td>{*what}</td></tr> })
        .collect_view();
    view! {
        <dialog class="shortcuts" node_ref=dialog data-testid="shortcuts-dialog"
            aria-labelledby="shortcuts-title" on:close=move |_| ctx.shortcuts_open.set(false)>
            <div class="shortcuts-head">
                <h2 id="shortcuts-title">"Keyboard and mouse"</h2>
                <button class="tool" autofocus aria-label="Close" data-testid="shortcuts-close"
                    on:click=move |_| ctx.shortcuts_open.set(false)>"×"</button>
            </div>
            <table><tbody>{rows}</tbody></table>
        </dialog>
    }
}
