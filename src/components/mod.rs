//! Small views. Each takes `XxxProps` and reports through `on<verb>` callbacks or a
//! reducer handle, passed down or, for the token store, from context
//! (`token_store::StoreContext`, provided by `App`). None touches storage except the
//! console's `Workbench`, which keeps its own history.

pub mod config_form;
pub mod console;
pub mod console_response;
pub mod export;
pub mod fields;
pub mod identify_checks;
pub mod import;
pub mod link_review;
pub mod lti_launch;
pub mod notices;
pub mod options_form;
pub mod response;
pub mod share_link;
pub mod step_panel;
pub mod token_add;
pub mod token_store;
pub mod workings;
