//! The app's JSON documents (session, `#config=` link, console history) with the token
//! store's reader and writer (`token_store::json`, `Fields`): one hand-written JSON reader
//! and writer in the page, no serde_json (BENCHMARKS.md, "App budgets"). Each document's
//! round-trip test holds its `read` and its `write` together (`config.rs`,
//! `flow_tests.rs`, `console_tests.rs`, `link.rs`).

pub use token_store::Fields;
pub use token_store::json::{Map, Object, Value, array, pairs, parse, quote};

/// What `write` writes, as text.
pub fn text(write: impl FnOnce(&mut String)) -> String {
    let mut out = String::new();
    write(&mut out);
    out
}
