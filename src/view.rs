//! How the page is laid out for this person: which side panels are open and the colour
//! theme. Session state, never part of a design or its undo history; remembered in this
//! browser (every storage call may fail, and then the page simply starts with defaults).
//! Applied as attributes (`data-palette="closed"` on the app, `data-theme` on the root),
//! so `style/stage.css` does the layout.

use leptos::prelude::*;

const KEY: &str = "wirelab.view";

/// Light, dark, or whatever the system says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn code(self) -> char {
        match self {
            Theme::System => 's',
            Theme::Light => 'l',
            Theme::Dark => 'd',
        }
    }

    fn of(c: char) -> Theme {
        match c {
            'l' => Theme::Light,
            'd' => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The next in the toggle's cycle, and what the toggle says for each.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: as the system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

/// The page's layout choices, provided as context.
#[derive(Clone, Copy)]
pub struct ViewCtx {
    pub palette: RwSignal<bool>,
    pub inspector: RwSignal<bool>,
    pub dock: RwSignal<bool>,
    pub theme: RwSignal<Theme>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Below this width the page is one column (a phone): side panels start closed.
const NARROW_PX: f64 = 700.0;

pub fn narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < NARROW_PX)
}

/// Creates the context from what this browser remembers (`"pid:s"`: the open panels,
/// then the theme), and keeps remembering.
pub fn provide_view() -> ViewCtx {
    let saved = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    let (panels, theme) = match saved.as_deref().and_then(|s| s.split_once(':')) {
        Some((p, t)) => (
            Some(p.to_string()),
            t.chars().next().map_or(Theme::System, Theme::of),
        ),
        None => (None, Theme::System),
    };
    let open = |c: char| match &panels {
        Some(p) => p.contains(c),
        None => !narrow() || c == 'd',
    };
    let v = ViewCtx {
        palette: RwSignal::new(open('p')),
        inspector: RwSignal::new(open('i')),
        dock: RwSignal::new(open('d')),
        theme: RwSignal::new(theme),
    };
    provide_context(v);
    Effect::new(move |_| {
        let mut p = String::new();
        for (c, s) in [('p', v.palette), ('i', v.inspector), ('d', v.dock)] {
            if s.get() {
                p.push(c);
            }
        }
        let theme = v.theme.get();
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, &format!("{p}:{}", theme.code()));
        }
        if let Some(root) = document().document_element() {
            let _ = match theme {
                Theme::System => root.remove_attribute("data-theme"),
                Theme::Light => root.set_attribute("data-theme", "light"),
                Theme::Dark => root.set_attribute("data-theme", "dark"),
            };
        }
    });
    v
}

pub fn use_view() -> ViewCtx {
    expect_context::<ViewCtx>()
}
