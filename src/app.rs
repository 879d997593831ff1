use leptos::prelude::*;
use wirelab_model::Scenario;

use crate::editor::announce::LiveRegion;
use crate::editor::canvas::Canvas;
use crate::editor::palette::Palette;
use crate::editor::provide_editor;
use crate::editor::shortcuts::ShortcutSheet;
use crate::editor::toolbar::{HelpButton, UndoRedo, ZoomTools};
use crate::inspector::InspectorPanel;
use crate::kit::menu::Menu;
use crate::later::later;
use crate::persist::{provide_document, DocSummary, DocumentActions, DocumentDialogs};
use crate::run::controls::{PresenterToggle, RunMenu, RunNotice};
use crate::shell::{MetricsDock, Toolbar, ViewMenu};
use crate::view::provide_view;

/// The whole page: toolbar on top, palette | canvas | inspector, metrics dock below.
#[component]
pub fn App() -> impl IntoView {
    provide_editor(Scenario::new("Untitled design"));
    let run = crate::run::provide_run();
    let v = provide_view();
    let compare = crate::compare::provide_compare();
    let lessons = crate::lessons::provide_lessons();
    let review = crate::review::provide_review();
    provide_document();
    let qr = expect_context::<crate::persist::qr::QrCtx>();
    let page = crate::editor::use_editor();
    crate::audience::provide_console(page, run);
    if let Some(id) = crate::audience::audience_id() {
        crate::audience::be_audience(&id, page, run);
    }
    let embed = crate::embed::embedded();
    if let Some(e) = embed {
        crate::embed::be_embedded(e, page, run);
    }
    crate::keys::listen(crate::editor::use_editor(), run, lessons);
    crate::later::prefetch();
    let closed = |s: RwSignal<bool>| move || (!s.get()).then_some("closed");
    // While the lesson browser (a modal dialog) is open, the page behind it cannot be
    // focused, clicked or read out.
    view! {
        <div class="app" data-testid="app" inert=move || lessons.browser_open.get()
            data-compare=move || compare.active().then_some("on")
            data-palette=closed(v.palette) data-inspector=closed(v.inspector) data-dock=closed(v.dock)
            data-review=move || review.open.get().then_some("open")>
            <Toolbar>
                <crate::lessons::LessonsButton/>
                <UndoRedo/>
                <crate::run::RunControls/>
                <ZoomTools/>
                <PresenterToggle/>
                <crate::persist::qr::MomentQrButton/>
                <crate::audience::AudienceButton/>
                <Menu label="Run" testid="menu-run"><RunMenu/></Menu>
                <crate::compare::CompareMenu/>
                <crate::review::ReviewButton/>
                <Menu label="File" testid="menu-file"><DocumentActions/></Menu>
                <ViewMenu/>
                <HelpButton/>
            </Toolbar>
            <Palette/>
            <Canvas world=|| view! { <crate::run::RunOverlay/><crate::review::ReviewHeat/> }
                above=|| view! {
                    <crate::run::Dots/>
                    <div class="canvas-status"><DocSummary/><RunNotice/></div>
                    <crate::compare::SideTag side="A"/>
                }/>
            <Show when=move || compare.active()>
                {later("Compare mode", crate::later::compare_side)}
            </Show>
            <InspectorPanel/>
            <Show when=move || review.open.get()>
                {later("The design review", crate::later::review_panel)}
            </Show>
            <MetricsDock/>
            {embed.map(|_| view! { <crate::embed::OpenInWirelab/> })}
            <LiveRegion/>
            <ShortcutSheet/>
            <Show when=move || lessons.open.with(Option::is_some) || lessons.error.with(Option::is_some)>
                {later("The lesson", crate::later::lesson_panel)}
            </Show>
        </div>
        <DocumentDialogs/>
        <Show when=move || run.journey.with(Option::is_some)>{later("The journey", crate::later::journey_dialog)}</Show>
        <Show when=move || lessons.browser_open.get()>{later("The lessons", crate::later::lesson_browser)}</Show>
        <Show when=move || qr.open.get()>{later("The QR code", crate::later::moment_qr)}</Show>
    }
}
