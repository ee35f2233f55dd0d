//! The OAuth 2.0 tokens page (oauth2-tokens/index.html, its own wasm): the token sets the
//! flows saved, with refresh, introspection and revocation ([`super::tokens`]), the grants
//! with no user present (client credentials, token exchange: [`super::exchange`]), the console
//! that calls APIs with them, Bearer or DPoP ([`super::console`]), and their export
//! ([`super::export`]). Apart from the flows page so that each first visit stays under the
//! page budget (BENCHMARKS.md, "App budgets"); both read the same store and configuration.

use yew::prelude::*;

use super::shared::Shared;
use super::{console, exchange, export, tabs, tokens};
use crate::effects::{dom, location};
use crate::state::oauth2::flows::{Flow, TOKENS_FLOW_KEY};

/// Mounts the page on `<body>`.
pub fn run() {
    dom::mount::<TokensPage>(());
}

/// The served relay's template, from `../playground.json`; `None` on a static host.
async fn served_relay() -> Option<String> {
    super::playground().await?["relay"].as_str().map(str::to_owned)
}

#[derive(Properties, PartialEq)]
struct FlowProps {
    flow: Flow,
}

/// The client credentials or token exchange tab, holding its state.
#[function_component]
fn TokenFlowPanel(p: &FlowProps) -> Html {
    let shared = super::shared::use_shared();
    let token = exchange::use_token_state();
    match shared {
        Some(shared) => exchange::panel(p.flow, shared, &token),
        None => Html::default(),
    }
}

#[function_component]
fn TokensPage() -> Html {
    // The flows page's configuration: the endpoints of sets saved without them.
    let config = use_state(|| super::stored_config().unwrap_or_default());
    // Read once, not at each render.
    let (tokens_area, page_url) =
        (*use_state(|| (super::tokens_area(), AttrValue::from(location::page_url())))).clone();
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
    let chosen = use_state(|| tabs::remembered(TOKENS_FLOW_KEY, &Flow::WITHOUT_USER));
    let onchoose = tabs::chooser(&chosen, TOKENS_FLOW_KEY);
    let shared = Shared {
        config,
        relay: (*relay).clone(),
        page_url,
        tokens_area,
    };
    html! {
        <ContextProvider<Shared> context={shared}>
        <header class="top">
            <h1>{ "OAuth 2.0 tokens" }</h1>
            <p>{ "The token sets the OAuth 2.0 flows saved: refresh, introspect, revoke, call an API with them, export them; and tokens a client gets without a user." }</p>
        </header>
        <main>
            <tokens::TokensPanel />
            <h2 class="steps-h" id="flows-h">{ "Tokens without a user" }</h2>
            { tabs::flow_tabs(*chosen, &onchoose) }
            // Keyed: each tab its own state.
            { tabs::tab_panel(*chosen, html! { <TokenFlowPanel key={chosen.id()} flow={*chosen} /> }) }
            <console::Console />
            <export::Export />
        </main>
        </ContextProvider<Shared>>
    }
}
