//! The page's frame: the one-row toolbar (brand, then the tools the app passes in), the
//! View menu (side panels and theme), and the metrics dock, which run mode fills from the
//! engine (and compare mode, while it is on).
use leptos::prelude::*;

use crate::kit::menu::Menu;
use crate::view::use_view;

#[component]
pub fn Toolbar(children: Children) -> impl IntoView {
    view! {
        <header class="toolbar" data-testid="toolbar" role="toolbar" aria-label="Wirelab toolbar">
            <div class="brand">
                <img src="favicon.svg" alt="" width="22" height="22"/>
                <span class="brand-name">"Wirelab"</span>
                <span class="brand-tag">"call and wait, or announce a fact?"</span>
            </div>
            {children()}
        </header>
    }
}

/// The View menu: which side panels are open, the colour theme, and Arrange (an
/// undoable edit that lays the design out left to right by dependency).
#[component]
pub fn ViewMenu() -> impl IntoView {
    let v = use_view();
    let ed = crate::editor::use_editor();
    let arrange = move |_| {
        let moves = ed.with_untracked(|e| wirelab_editor::place::arrange(e.doc()));
        if ed
            .apply(wirelab_editor::Command::SetPositions(moves))
            .is_ok()
        {
            ed.handle(wirelab_editor::Input::FitView);
        }
    };
    let toggle = move |label: &'static str,
                       key: &'static str,
                       testid: &'static str,
                       s: RwSignal<bool>| {
        view! {
            <button role="menuitemcheckbox" data-testid=testid aria-checked=move || s.get().to_string()
                aria-keyshortcuts=key on:click=move |_| s.update(|o| *o = !*o)>
                <span class="menu-check" aria-hidden="true">{move || if s.get() { "✓" } else { "" }}</span>
                {label}<kbd>{key}</kbd>
            </button>
        }
    };
    view! {
        <Menu label="View" testid="menu-view">
            {toggle("Palette", "P", "view-palette", v.palette)}
            {toggle("Inspector", "I", "view-inspector", v.inspector)}
            {toggle("Metrics dock", "M", "view-dock", v.dock)}
            <button data-testid="view-theme" on:click=move |_| v.theme.update(|t| *t = t.next())>
                <span class="menu-check" aria-hidden="true">"◐"</span>
                {move || v.theme.get().label()}
            </button>
            <button data-testid="view-arrange" title="Lay the design out left to right by who calls or feeds whom (undoable)"
                on:click=arrange>
                <span class="menu-check" aria-hidden="true">"⇶"</span>"Arrange left to right"
            </button>
        </Menu>
    }
}

#[component]
pub fn MetricsDock() -> impl IntoView {
    view! {
        <section class="metrics-dock panel" data-testid="metrics-dock" aria-label="Metrics">
            <h2 class="sr-only">"Metrics"</h2>
            <crate::run::RunDock paired=|| view! {
                <crate::compare::CompareStrip/>
                <crate::compare::CompareTable/>
                <crate::compare::PairedCharts/>
            }/>
        </section>
    }
}
