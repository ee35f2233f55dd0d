//! "Save link": the configuration as a `#config=` link (docs/config-link.md).

use yew::prelude::*;

use super::fields::{FormField, copy_field};
use crate::state::config::Config;
use crate::state::link;

#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    pub config: Config,
    pub page_url: AttrValue,
}

#[function_component]
pub fn ShareLink(p: &ShareLinkProps) -> Html {
    let include = use_state(|| false);
    let saved = use_state(|| None::<String>);
    let onsave = {
        let (config, include, saved, page) = (
            p.config.clone(),
            include.clone(),
            saved.clone(),
            p.page_url.clone(),
        );
        Callback::from(move |_| saved.set(Some(format!("{page}{}", link::encode(&config, *include)))))
    };
    let ontoggle = {
        let (include, saved) = (include.clone(), saved.clone());
        Callback::from(move |on: bool| {
            include.set(on);
            saved.set(None);
        })
    };
    html! {
        <section class="panel" aria-labelledby="share-h">
            <h2 id="share-h">{ "Share this configuration" }</h2>
            <FormField check=true id="include-secrets" label="Include secrets in the link" checked={*include}
                oncheck={ontoggle} />
            if *include {
                <p class="notice warn">{ "Warning: the link will contain the consumer secret and RSA private key. \
                    Anyone with the link can sign requests as your app. Share it only with yourself, and never \
                    in a public place." }</p>
            }
            <div class="actions">
                <button type="button" onclick={onsave}>{ "Save link" }</button>
                <span class="hint">{ "The configuration goes in the #fragment, which browsers never send to a server." }</span>
            </div>
            if let Some(url) = &*saved {
                { copy_field("share-url", "Shareable link", url.clone().into()) }
            }
        </section>
    }
}
