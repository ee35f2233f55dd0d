//! The saved tokens: select, rename, delete, forget everything.

use yew::prelude::*;

use super::fields::{CopyButton, TextArea};
use crate::effects::dom;
use crate::state::tokens::{SavedToken, StorageIssue, TokenAction, TokenStore};

#[derive(Properties, PartialEq)]
pub struct TokenStoreProps {
    pub store: UseReducerHandle<TokenStore>,
    pub onforget: Callback<()>,
}

#[function_component]
pub fn TokenStoreView(p: &TokenStoreProps) -> Html {
    let s = &*p.store;
    let forget = {
        let cb = p.onforget.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="panel" aria-labelledby="tokens-h">
            <h2 id="tokens-h">{ "Saved tokens" }</h2>
            if s.tokens.is_empty() {
                <p class="hint">{ "No tokens yet. Access tokens are saved here (in this browser's localStorage)." }</p>
            } else {
                <ul class="tokens">
                    { for s.tokens.iter().map(|t| html! {
                        <TokenRow key={t.id.clone()} token={t.clone()}
                            current={s.current.as_deref() == Some(t.id.as_str())} store={p.store.clone()} />
                    }) }
                </ul>
            }
            <div class="actions">
                <button type="button" class="danger" onclick={forget}>{ "Forget everything" }</button>
                <span class="hint">{ "Deletes every saved token and the pending flow from this browser." }</span>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TokenRowProps {
    pub token: SavedToken,
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
    html! {
        <li class={classes!("token", p.current.then_some("current"))} aria-current={p.current.then_some("true")}>
            <div class="field">
                <label for={input_id.clone()}>{ "Token name" }</label>
                <input id={input_id} value={(*name).clone()} {oninput} />
            </div>
            <dl>
                <dt>{ "Provider" }</dt><dd>{ &t.provider }</dd>
                <dt>{ "Consumer key" }</dt><dd><code>{ &t.consumer_key }</code></dd>
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

#[derive(Properties, PartialEq)]
pub struct StorageNoticeProps {
    pub store: UseReducerHandle<TokenStore>,
}

/// Says what happened to storage and offers the raw data before anything is overwritten.
#[function_component]
pub fn StorageNotice(p: &StorageNoticeProps) -> Html {
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
        _ => (p.store.to_json(), "Tokens in this tab (JSON)"),
    };
    html! {
        <div class="notice warn" role="alert">
            <p>{ issue.message() }</p>
            if !raw.is_empty() {
                <TextArea id="storage-raw" label={label} value={raw.clone()} readonly=true rows={4} />
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
