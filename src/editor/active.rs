//! Which design the user is editing when two are on the page (compare mode's A and B):
//! the one whose canvas they last pressed. Undo and redo, the inspector and the editing
//! keys follow it, so an edit in B is undone in B, and B's nodes can be edited.

use leptos::prelude::*;

use super::EditorCtx;

#[derive(Clone, Copy)]
pub struct ActiveEditor {
    page: EditorCtx,
    other: RwSignal<Option<EditorCtx>>,
}

impl ActiveEditor {
    /// The editor being edited now, tracked: the page's unless another canvas was
    /// pressed last and is still on the page.
    pub fn get(&self) -> EditorCtx {
        self.other
            .get()
            .filter(EditorCtx::alive)
            .unwrap_or(self.page)
    }

    pub fn get_untracked(&self) -> EditorCtx {
        self.other
            .get_untracked()
            .filter(EditorCtx::alive)
            .unwrap_or(self.page)
    }

    /// `ed`'s canvas was pressed: edits go to it from now on.
    pub fn choose(&self, ed: EditorCtx) {
        let next = (ed.id_prefix != self.page.id_prefix).then_some(ed);
        if self.other.with_untracked(|o| o.map(|o| o.id_prefix)) != next.map(|o| o.id_prefix) {
            self.other.set(next);
        }
    }

    /// Tracked: the user is editing a design other than the page's own (design B).
    pub fn is_other(&self) -> bool {
        self.get().id_prefix != self.page.id_prefix
    }
}

/// Provides the page's editor as the one being edited; call once, after `provide_editor`.
pub fn provide_active(page: EditorCtx) {
    provide_context(ActiveEditor {
        page,
        other: RwSignal::new(None),
    });
}

/// The editor being edited; the page's where none is provided (a lone canvas).
pub fn use_active_editor() -> ActiveEditor {
    use_context::<ActiveEditor>().unwrap_or_else(|| ActiveEditor {
        page: super::use_editor(),
        other: RwSignal::new(None),
    })
}
