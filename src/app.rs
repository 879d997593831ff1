use leptos::prelude::*;
use wirelab_model::Scenario;

use crate::editor::announce::LiveRegion;
use crate::editor::canvas::Canvas;
use crate::editor::palette::Palette;
use crate::editor::provide_editor;
use crate::editor::shortcuts::ShortcutSheet;
use crate::editor::toolbar::EditorTools;
use crate::inspector::InspectorPanel;
use crate::persist::DocumentActions;
use crate::shell::{MetricsDock, Toolbar};

/// The whole page: toolbar on top, palette | canvas | inspector, metrics dock below.
#[component]
pub fn App() -> impl IntoView {
    provide_editor(Scenario::new("Untitled design"));
    crate::run::provide_run();
    let lessons = crate::lessons::provide_lessons();
    crate::keys::listen(crate::editor::use_editor(), crate::run::use_run(), lessons);
    // While the lesson browser (a modal dialog) is open, the page behind it cannot be
    // focused, clicked or read out.
    view! {
        <div class="app" data-testid="app" inert=move || lessons.browser_open.get()>
            <Toolbar>
                <crate::lessons::LessonsButton/>
                <EditorTools/>
                <DocumentActions/>
                <crate::run::RunControls/>
            </Toolbar>
            <Palette/>
            <Canvas world=|| view! { <crate::run::RunOverlay/> } above=|| view! { <crate::run::Dots/> }/>
            <InspectorPanel/>
            <MetricsDock/>
            <LiveRegion/>
            <ShortcutSheet/>
            <crate::lessons::LessonPanel/>
        </div>
        <crate::lessons::LessonBrowser/>
    }
}
