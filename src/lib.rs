//! OAuth Playground: a Yew app that walks through OAuth 1.0a (RFC 5849) in the browser, and
//! its OAuth 2.0 page ([`oauth2_page`], its own binary: src/oauth2_main.rs).
//! `state` is pure and tested natively; `effects` is the thin layer over the browser;
//! `components` are the views.

pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod effects;
#[cfg(target_arch = "wasm32")]
pub mod oauth2_page;
#[cfg(target_arch = "wasm32")]
mod runner;

/// Mounts the app on `<body>`, starting from what was read from the browser.
#[cfg(target_arch = "wasm32")]
pub fn run(boot: boot::Boot) {
    // An OAuth 2.0 link belongs to the OAuth 2.0 page.
    if let Some(url) = state::link::oauth2_page_for(&effects::location::hash(), &boot.page_url)
        && effects::location::navigate(&url, false).is_ok()
    {
        return;
    }
    let props = app::AppProps {
        boot: std::rc::Rc::new(boot),
    };
    effects::dom::mount::<app::App>(props);
}
