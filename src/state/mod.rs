//! Pure state: no web-sys here, so all of it is tested natively (`cargo test`).

pub mod config;
pub mod flow;
pub mod hosting;
pub mod link;
pub mod outcome;
pub mod presets;
pub mod steps;
pub mod tokens;
