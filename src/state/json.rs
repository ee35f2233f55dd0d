//! Reads the app's JSON documents (session, `#config=` link, console history) field by
//! field, with the token store's reader: one hand-written reader for the page, because
//! serde's derived deserializers cost about 38 KB of wasm (BENCHMARKS.md, "App budgets").
//! Writing stays with `#[derive(Serialize)]`; each document's round-trip test holds the
//! two sides together (`config.rs`, `flow_tests.rs`, `console_tests.rs`, `link.rs`).

pub use token_store::Fields;
