//! What every layer may use: reading the files the app is served with, files in and out
//! of the browser, the drop-down menu, JavaScript errors in words. Nothing here names the
//! editor, the run or a feature, so any of them can use it without a cycle.

pub mod fetch;
pub mod files;
mod js_error;
pub mod measure;
pub mod menu;

pub use js_error::js_error;
