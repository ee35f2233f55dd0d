//! "Save link": a page's configuration as a link in the fragment (docs/config-link.md), for
//! either protocol: the page gives the encoder (`state::link` or `state::oauth2::link`).

use yew::prelude::*;

use super::fields::{FormField, copy_field};

#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    /// The fragment for the configuration, with its secrets when given `true`.
    pub encode: Callback<bool, String>,
    pub page_url: AttrValue,
    /// What "Include secrets" would put in the link, for its warning.
    pub secrets: AttrValue,
}

#[function_component]
pub fn ShareLink(p: &ShareLinkProps) -> Html {
    let include = use_state(|| false);
    let saved = use_state(|| None::<String>);
    let onsave = {
        let (encode, include, saved, page) = (
            p.encode.clone(),
            include.clone(),
            saved.clone(),
            p.page_url.clone(),
        );
        Callback::from(move |_| saved.set(Some(format!("{page}{}", encode.emit(*include)))))
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
                <p class="notice warn">{ format!("Warning: the link will contain {}. \
                    Anyone with the link can act as your app. Share it only with yourself, and never \
                    in a public place.", p.secrets) }</p>
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
