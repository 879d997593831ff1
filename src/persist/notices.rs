//! What the document actions tell the user: short notices (storage trouble, a restored
//! or kept design) and the problems panel of a refused file or link.

use leptos::prelude::*;

const INFO_SECONDS: u32 = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// One notice per topic: a newer one on the same topic replaces the older.
    pub topic: &'static str,
    pub text: String,
    pub warning: bool,
}

/// A refused file or link: a title and every problem, one per line.
#[derive(Clone, Debug, PartialEq)]
pub struct Problems {
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct Notices {
    pub list: RwSignal<Vec<Notice>>,
    pub problems: RwSignal<Option<Problems>>,
}

impl Notices {
    pub fn new() -> Self {
        Notices {
            list: RwSignal::new(Vec::new()),
            problems: RwSignal::new(None),
        }
    }

    /// Good news fades after a while; warnings stay until dismissed.
    pub fn info(&self, topic: &'static str, text: impl Into<String>) {
        let notice = Notice {
            topic,
            text: text.into(),
            warning: false,
        };
        self.put(notice.clone());
        let list = self.list;
        crate::timer::after(INFO_SECONDS * 1000, move || {
            list.update(|l| l.retain(|n| *n != notice))
        });
    }

    /// A problem the app handled; logged as a console warning, not an error, because
    /// nothing is broken: the user has been told.
    pub fn warn(&self, topic: &'static str, text: impl Into<String>) {
        let text = text.into();
        leptos::logging::warn!("{text}");
        self.put(Notice {
            topic,
            text,
            warning: true,
        });
    }

    pub fn clear(&self, topic: &'static str) {
        self.list.update(|l| l.retain(|n| n.topic != topic));
    }

    fn put(&self, notice: Notice) {
        self.list.update(|l| {
            l.retain(|n| n.topic != notice.topic);
            l.push(notice);
        });
    }

    pub fn refuse(&self, title: impl Into<String>, lines: Vec<String>) {
        let title = title.into();
        leptos::logging::warn!("{title}: {}", lines.join("; "));
        self.problems.set(Some(Problems { title, lines }));
    }
}

#[component]
pub fn NoticeList(notices: Notices) -> impl IntoView {
    view! {
        <div class="doc-notices" role="status" aria-live="polite">
            <For
                each=move || notices.list.get()
                key=|n| (n.topic, n.text.clone())
                children=move |n| {
                    let topic = n.topic;
                    view! {
                        <div class="doc-notice" class:warning=n.warning data-testid="persist-notice">
                            <span>{n.text}</span>
                            <button class="doc-dismiss" aria-label="Dismiss"
                                on:click=move |_| notices.clear(topic)>"×"</button>
                        </div>
                    }
                }
            />
        </div>
    }
}

#[component]
pub fn ProblemsPanel(notices: Notices) -> impl IntoView {
    super::dialogs::focus_when_shown(
        move || notices.problems.with(|p| p.is_some()),
        "[data-testid=import-errors-dismiss]",
    );
    move || {
        notices.problems.get().map(|p| {
            let count = p.lines.len();
            view! {
                <section class="doc-dialog doc-problems" data-testid="import-errors" role="alertdialog"
                    aria-labelledby="import-errors-title"
                    on:keydown=move |ev| if ev.key() == "Escape" { notices.problems.set(None) }>
                    <h2 id="import-errors-title">{p.title}</h2>
                    <p class="muted">
                        {if count == 1 { "1 problem".to_string() } else { format!("{count} problems") }}
                        "; your current design is unchanged."
                    </p>
                    <ul>{p.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <div class="doc-dialog-actions">
                        <button data-testid="import-errors-dismiss" on:click=move |_| notices.problems.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                </section>
            }
        })
    }
}
