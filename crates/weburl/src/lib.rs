//! The `url` crate's names (`Url`, `Host`, `ParseError`, `Position`, `Origin`) for the crates
//! the app shares with the CLI, taken under the dependency name `url`.
//!
//! Natively, and in every wasm build without the `browser` feature, this is the url crate.
//! In the page's build (`browser` on wasm32) `Url` is parsed by the browser's `URL`, the same
//! WHATWG URL Standard the url crate implements, and only the part of the url crate's API
//! those crates call is given, with the url crate's behaviour: its error kinds and texts,
//! and non-ASCII host names refused as the ASCII-only IDNA back end (`idna_adapter` 1.0)
//! refuses them. tests/wasm/weburl.rs checks both agree on a table of awkward URLs.

#[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
pub use url::*;

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
mod browser;
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub use browser::*;
