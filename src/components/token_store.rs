//! The saved tokens: select, rename, delete, forget everything, add one by hand.

use yew::prelude::*;

use super::fields::{CopyButton, FormField};
use super::token_add::AddToken;
use crate::effects::dom;
use crate::state::keeping::Keeping;
use token_store::{Credential, Entry};

use crate::state::tokens::{StorageIssue, TokenAction, TokenStore};

/// The token store's context: `App` provides its reducer handle to the panels below it.
pub type StoreContext = UseReducerHandle<TokenStore>;

pub struct TokenStoreProps {
    pub store: UseReducerHandle<TokenStore>,
    pub onforget: Callback<()>,
    pub keeping: Keeping,
    /// "Keep secrets in this tab only" was switched (true: on).
    pub onkeep: Callback<bool>,
}

/// The panel. A function, not a component: it has no state, and each component type costs
/// the page about a kilobyte (BENCHMARKS.md).
pub fn token_store_view(p: &TokenStoreProps) -> Html {
    let s = &*p.store;
    let forget = {
        let cb = p.onforget.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="panel" aria-labelledby="tokens-h">
            <h2 id="tokens-h">{ "Saved tokens" }</h2>
            if let Some(n) = &s.note { <p class="hint" role="status">{ n }</p> }
            if s.tokens().is_empty() {
                <p class="hint">{ "No tokens yet. Access tokens are saved here." }</p>
            } else {
                <ul class="tokens">
                    { for s.tokens().iter().map(|t| html! {
                        <TokenRow key={t.id.clone()} token={t.clone()}
                            current={s.doc.current.as_deref() == Some(t.id.as_str())} store={p.store.clone()} />
                    }) }
                </ul>
            }
            <AddToken store={p.store.clone()} />
            <h3 class="sub">{ "What is kept where" }</h3>
            <ul class="kept">
                <li>{ "Saved tokens, with their token secrets and the consumer secrets or RSA keys they sign \
                    with: " }{ p.keeping.tokens_where() }{ "." }</li>
                <li>{ "Provider settings and the pending flow, consumer secret included: in this tab only \
                    (sessionStorage), gone when the tab closes." }</li>
                <li>{ "The API console's history, which holds no credentials: in this browser (localStorage)." }</li>
            </ul>
            <FormField check=true id="keep-in-tab" label="Keep secrets in this tab only" checked={p.keeping == Keeping::Tab}
                oncheck={p.onkeep.clone()} disabled={!s.writable}
                hint={if s.writable {
                    "Moves the saved tokens to sessionStorage: nothing secret stays in this browser once the tab \
                     closes. Export them first to keep them longer."
                } else { "Settle the storage notice above first." }} />
            <div class="actions">
                <button type="button" class="danger" onclick={forget}>{ "Forget everything" }</button>
                <span class="hint">{ "Deletes every saved token and the pending flow from this browser." }</span>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TokenRowProps {
    pub token: Entry,
    pub current: bool,
    pub store: UseReducerHandle<TokenStore>,
}

#[function_component]
pub fn TokenRow(p: &TokenRowProps) -> Html {
    let name = use_state(|| p.token.name.clone());
    let id = p.token.id.clone();
    let input_id = format!("token-name-{id}");
    let oninput = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(dom::value(&e)))
    };
    let act = |make: fn(String, String) -> TokenAction| {
        let (store, id, name) = (p.store.clone(), id.clone(), name.clone());
        Callback::from(move |_: MouseEvent| store.dispatch(make(id.clone(), (*name).clone())))
    };
    let t = &p.token;
    let (who, issued_to) = match &t.credential {
        Credential::OAuth1(c) => ("Consumer key", &c.consumer_key),
        Credential::OAuth2(c) => ("Client ID", &c.client_id),
    };
    html! {
        <li class={classes!("token", p.current.then_some("current"))} aria-current={p.current.then_some("true")}>
            <div class="field">
                <label for={input_id.clone()}>{ "Token name" }</label>
                <input id={input_id} value={(*name).clone()} {oninput} />
            </div>
            <dl>
                <dt>{ "Provider" }</dt><dd>{ &t.provider }</dd>
                <dt>{ who }</dt><dd><code>{ issued_to }</code></dd>
                <dt>{ "Created" }</dt><dd><time datetime={t.created.clone()}>{ &t.created }</time></dd>
                if p.current { <dt>{ "Status" }</dt><dd>{ "In use" }</dd> }
            </dl>
            <div class="actions">
                <button type="button" onclick={act(|id, _| TokenAction::Select(id))}>{ "Use" }</button>
                <button type="button" onclick={act(TokenAction::Rename)}>{ "Rename" }</button>
                <button type="button" class="danger" onclick={act(|id, _| TokenAction::Delete(id))}>{ "Delete" }</button>
            </div>
        </li>
    }
}

pub struct StorageNoticeProps {
    pub store: UseReducerHandle<TokenStore>,
}

/// Says what happened to storage and offers the raw data before anything is overwritten.
/// A function, not a component, like [`token_store_view`].
pub fn storage_notice(p: &StorageNoticeProps) -> Html {
    let Some(issue) = p.store.issue.clone() else {
        return html! {};
    };
    let overwrite = {
        let store = p.store.clone();
        Callback::from(move |_| store.dispatch(TokenAction::AllowOverwrite))
    };
    let dismiss = {
        let store = p.store.clone();
        Callback::from(move |_| store.dispatch(TokenAction::DismissIssue))
    };
    let (raw, label) = match &issue {
        StorageIssue::Unreadable { raw, .. } => (raw.clone(), "Raw saved data"),
        _ => (
            p.store.to_json().unwrap_or_else(|e| e),
            "Tokens in this tab (JSON)",
        ),
    };
    html! {
        <div class="notice warn" role="alert">
            <p>{ issue.message() }</p>
            if !raw.is_empty() {
                <FormField area=true id="storage-raw" label={label} value={raw.clone()} readonly=true rows={4} />
                <CopyButton text={raw} what={label} />
            }
            if matches!(issue, StorageIssue::Unreadable { .. }) {
                <button type="button" class="danger" onclick={overwrite}>{ "Overwrite saved data" }</button>
            } else {
                <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
