//! The OAuth 2.0 tokens page (oauth2-tokens/index.html, its own wasm): the token sets the
//! flows saved, with refresh, introspection and revocation ([`super::tokens`]), the console
//! that calls APIs with them, Bearer or DPoP ([`super::console`]), and their export
//! ([`super::export`]). Apart from the flows page so that each first visit stays under the
//! page budget (BENCHMARKS.md, "App budgets"); both read the same store and configuration.

use yew::prelude::*;

use super::shared::Shared;
use super::{console, export, tokens};
use crate::boot::area_of;
use crate::effects::storage::{self, Area};
use crate::effects::{dom, http, location};
use crate::state::keeping::{CHOICE_KEY, Keeping};
use crate::state::oauth2::config::{CONFIG_KEY, Config};

/// Mounts the page on `<body>`.
pub fn run() {
    dom::mount::<TokensPage>(());
}

/// The served relay's template, from `../playground.json`; `None` on a static host.
async fn served_relay() -> Option<String> {
    let (status, body) = http::get_text("../playground.json").await?;
    let v: serde_json::Value = (status == 200).then(|| serde_json::from_str(&body).ok())??;
    v["relay"].as_str().map(str::to_owned)
}

#[function_component]
fn TokensPage() -> Html {
    // The flows page's configuration: the endpoints of sets saved without them.
    let config = use_state(|| {
        storage::read(Area::Local, CONFIG_KEY)
            .ok()
            .flatten()
            .and_then(|s| Config::from_form(&s))
            .unwrap_or_default()
    });
    let relay = use_state(|| None::<String>);
    {
        let relay = relay.clone();
        use_effect_with((), move |_| {
            dom::mark_rendered();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(t) = served_relay().await {
                    relay.set(Some(t));
                }
            });
        });
    }
    let keeping = Keeping::read(storage::read(Area::Local, CHOICE_KEY).ok().flatten().as_deref());
    let shared = Shared {
        config,
        relay: (*relay).clone(),
        page_url: location::page_url().into(),
        tokens_area: area_of(keeping),
    };
    html! {
        <ContextProvider<Shared> context={shared}>
        <header class="top">
            <h1>{ "OAuth 2.0 tokens" }</h1>
            <p>{ "The token sets the OAuth 2.0 flows saved: refresh, introspect, revoke, call an API with them, export them." }</p>
        </header>
        <main>
            <tokens::TokensPanel />
            <console::Console />
            <export::Export />
        </main>
        </ContextProvider<Shared>>
    }
}
