//! The `?` sheet: every key, from the keymap the page's keyboard listener dispatches with
//! (`wirelab_editor::keymap`), grouped by where it works, then the pointer gestures. A
//! native modal `<dialog>`: it traps focus, closes on Escape and gives focus back.

use leptos::html;
use leptos::prelude::*;
use wirelab_editor::keymap::{Part, GESTURES, KEYMAP};

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
    let group = |part: Part| {
        let rows = KEYMAP
            .iter()
            .filter(|b| b.part == part)
            .map(|b| {
                view! {
                    <tr data-testid="shortcut-key" data-keys=b.keys>
                        <th scope="row"><kbd>{b.keys}</kbd></th><td>{b.what}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <h3>{part.heading()}</h3><table><tbody>{rows}</tbody></table> }
    };
    let gestures = GESTURES
        .iter()
        .map(|(how, what)| view! { <tr><th scope="row">{*how}</th><td>{*what}</td></tr> })
        .collect_view();
    view! {
        <dialog class="shortcuts" node_ref=dialog data-testid="shortcuts-dialog"
            aria-labelledby="shortcuts-title" on:close=move |_| ctx.shortcuts_open.set(false)>
            <div class="shortcuts-head">
                <h2 id="shortcuts-title">"Keyboard and mouse"</h2>
                <button class="tool" autofocus aria-label="Close" data-testid="shortcuts-close"
                    on:click=move |_| ctx.shortcuts_open.set(false)>"×"</button>
            </div>
            {group(Part::Editor)}
            {group(Part::Run)}
            {group(Part::Lesson)}
            {group(Part::View)}
            <h3>"Pointer and touch"</h3>
            <table><tbody>{gestures}</tbody></table>
        </dialog>
    }
}
