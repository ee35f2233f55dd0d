//! Small views. Each takes `XxxProps` and reports through `on<verb>` callbacks or a
//! reducer handle from context; none touches storage.

pub mod config_form;
pub mod console;
pub mod console_response;
pub mod export;
pub mod fields;
pub mod import;
pub mod link_review;
pub mod notices;
pub mod options_form;
pub mod response;
pub mod share_link;
pub mod step_panel;
pub mod token_store;
pub mod workings;
