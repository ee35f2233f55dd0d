//! The app's JSON documents (session, `#config=` link, console history) with the token
//! store's reader and writer (`token_store::json`, `Fields`): one hand-written JSON reader
//! and writer in the page, no serde_json (BENCHMARKS.md, "App budgets"). Each document's
//! round-trip test holds its `read` and its `to_value` together (`config.rs`,
//! `flow_tests.rs`, `console_tests.rs`, `link.rs`).

pub use token_store::Fields;
pub use token_store::json::{Map, Value, parse, quote};

/// An object of these members, in this order.
pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in members {
        m.insert(k, v);
    }
    Value::Object(m)
}
