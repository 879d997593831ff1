//! Wirelab's browser app: Leptos components and the thin browser edge. The simulation,
//! the scenario model and the editor logic live in the pure crates under `crates/`.
mod app;
mod audience;
mod compare;
pub mod crash;
pub mod editor;
mod embed;
mod glossary;
pub mod inspector;
mod keys;
mod kit;
mod later;
pub mod lessons;
pub mod persist;
mod review;
pub mod run;
mod shell;
pub mod timer;
pub mod view;

pub use app::App;
