//! What every panel of the OAuth 2.0 page reads: the configuration (a state handle, so a
//! panel may change it), the relay template, the page's address and where tokens are kept.
//! `Page` gives it once as a context (yew's examples/contexts) instead of props threaded
//! through each level.

use yew::prelude::*;

use crate::effects::storage::Area;
use crate::state::oauth2::config::Config;

#[derive(Clone, PartialEq)]
pub struct Shared {
    pub config: UseStateHandle<Config>,
    /// The relay's URL template (`{url}` for the target), from `playground.json` or the
    /// user; `None` on a static host with none configured.
    pub relay: Option<String>,
    /// This page's address without query: the redirect URI to register.
    pub page_url: AttrValue,
    pub tokens_area: Area,
}

impl Shared {
    /// The template to send through: the relay only when the configuration asks for it,
    /// asked to forward the page's `Origin` when the configuration says so (docs/relay.md).
    pub fn template(&self) -> Option<String> {
        let relay = self.relay.as_deref().filter(|_| self.config.relay)?;
        Some(asking_origin(relay, self.config.forward_origin))
    }
}

/// `relay`, asking it to forward the page's `Origin` when `forward` (docs/relay.md).
pub fn asking_origin(relay: &str, forward: bool) -> String {
    if forward {
        engine::relay::forwarding_origin(relay)
    } else {
        relay.to_owned()
    }
}

/// The page's shared state; `None` only outside `Page` (a panel then renders nothing).
#[hook]
pub fn use_shared() -> Option<Shared> {
    use_context::<Shared>()
}
