//! Pure state: no web-sys here, so all of it is tested natively (`cargo test`).

pub mod choice;
pub mod config;
pub mod console;
pub mod console_history;
pub mod flow;
pub mod hosting;
pub mod json;
pub mod keeping;
pub mod link;
pub mod link_changes;
pub mod lti;
pub mod mediawiki;
pub mod oauth2;
pub mod outcome;
pub mod presets;
pub mod pretty;
pub mod safe_url;
pub mod session;
pub mod snippets;
pub mod steps;
pub mod tokens;
pub mod transfer;
