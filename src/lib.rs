//! OAuth Playground: a Yew app that walks through OAuth 1.0a (RFC 5849) in the browser.
//! `state` is pure and tested natively; `effects` is the thin layer over the browser;
//! `components` are the views.

pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod effects;
#[cfg(target_arch = "wasm32")]
mod runner;

/// Mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
