//! Helpers every layer may use and that know no feature, nor the editor or the run.

pub mod fetch;
pub mod files;
mod js_error;

pub use js_error::js_error;
