//! The two tabs of one token request with no user present, one component (each component
//! type costs the page some kilobytes): client credentials (RFC 6749 §4.4), the client's own
//! secret and a scope; and, under "Advanced", token exchange (RFC 8693): a subject token from
//! the shared store or pasted, its type, an optional audience, resource and scope. Each shows
//! the raw exchange and what came back, saved when it is an access token.

use oauth2::Secret;
use yew::prelude::*;

use super::shared::Shared;
use super::steps::token_view;
use super::{keep_issued, send};
use crate::components::fields::FormField;
use crate::effects::storage;
use crate::state::oauth2::client_credentials;
use crate::state::oauth2::exchange::{ACCESS_TOKEN, Ask, TOKEN_TYPES, is_access_token, request, subjects};
use crate::state::oauth2::flows::{Flow, FlowClient, client_for};
use crate::state::tokens::STORAGE_KEY;

const PASTE: &str = "paste";

/// Each field of the form, by name.
#[derive(Clone, PartialEq, Default)]
struct Form {
    /// An index into the stored subjects, or [`PASTE`]; `None`: the first stored one.
    pick: Option<String>,
    pasted: String,
    /// `None`: the picked token's own type.
    token_type: Option<String>,
    audience: String,
    resource: String,
    /// `None`: the flow's default (client credentials: the client's API scope).
    scope: Option<String>,
}

/// Who the tab's requests authenticate as, and why when it is not the configuration's client.
pub(super) fn client_line(client: &FlowClient) -> Html {
    html! {
        <>
        <p>{ "Client: " }<code>{ client.auth.client_id() }</code>{ ", authenticated by " }{ client.auth.method().as_str() }</p>
        if let Some(n) = &client.note { <p class="hint">{ n }</p> }
        </>
    }
}

/// The client credentials and token exchange tabs' state, kept by `FlowPanel`.
pub struct TokenState {
    form: UseStateHandle<Form>,
    answer: UseStateHandle<Option<send::Answer<(String, String, String)>>>,
    busy: UseStateHandle<bool>,
}

#[hook]
pub fn use_token_state() -> TokenState {
    TokenState {
        form: use_state(Form::default),
        answer: use_state(|| None),
        busy: use_state(|| false),
    }
}

/// The tab of `flow`, [`Flow::ClientCredentials`] or [`Flow::Exchange`].
pub fn panel(flow: Flow, shared: Shared, st: &TokenState) -> Html {
    let (form, answer, busy) = (st.form.clone(), st.answer.clone(), st.busy.clone());
    // Read at each render: the store may have changed in another tab.
    let stored = storage::read(shared.tokens_area, STORAGE_KEY)
        .ok()
        .flatten()
        .map(|raw| subjects(Some(&raw)))
        .unwrap_or_default();
    let exchange = flow == Flow::Exchange;
    let client = client_for(&shared.config, flow);
    let scope = form.scope.clone().unwrap_or_else(|| {
        if exchange {
            String::new()
        } else {
            client.scope.clone()
        }
    });
    let pick = form.pick.clone().unwrap_or_else(|| {
        if stored.is_empty() {
            PASTE.into()
        } else {
            "0".into()
        }
    });
    let picked = pick.parse::<usize>().ok().and_then(|i| stored.get(i));
    let token_type = form
        .token_type
        .clone()
        .unwrap_or_else(|| picked.map_or(ACCESS_TOKEN, |s| s.token_type).to_owned());
    let ask = Ask {
        subject_token: picked.map_or_else(|| Secret::new(form.pasted.clone()), |s| s.token.clone()),
        subject_token_type: token_type.clone(),
        audience: form.audience.clone(),
        resource: form.resource.clone(),
        scope: scope.clone(),
    };
    let set = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut x = (*form).clone();
            f(&mut x, v);
            form.set(x);
        })
    };
    let onsend = {
        let (shared, answer, busy, auth) =
            (shared.clone(), answer.clone(), busy.clone(), client.auth.clone());
        Callback::from(move |_| {
            let token_endpoint = shared.config.token_endpoint.clone();
            let built = if exchange {
                request(&token_endpoint, &auth, &ask)
            } else {
                client_credentials::request(&token_endpoint, &auth, &ask.scope)
            };
            let (shared, auth, scope) = (shared.clone(), auth.clone(), ask.scope.clone());
            send::spawn_token(built, shared.template(), busy.clone(), answer.clone(), move |t| {
                let kind = t.issued_token_type.clone().unwrap_or_default();
                let note = if is_access_token(&t) {
                    keep_issued(&shared, &token_endpoint, Some(&scope), &auth, &t)
                } else {
                    "Not an access token: shown here only, not saved.".to_owned()
                };
                (t.access_token.expose().to_owned(), kind, note)
            });
        })
    };
    let client_line = client_line(&client);
    let answered = answer.as_ref().map(|x| {
        html! {
            <>
            { send::raw_exchange(&x.sent) }
            { send::workings(&x.workings) }
            if let (true, Ok((_, kind, _))) = (exchange, &x.result) {
                <p>{ "issued_token_type: " }<code>{ kind }</code></p>
            }
            { token_view("access-token", &x.result.clone().map(|(t, _, note)| (t, note))) }
            </>
        }
    });
    if !exchange {
        return html! {
            <section class="panel step" aria-labelledby="step-cc">
                <h3 id="step-cc">{ "1. The token request" }</h3>
                { client_line }
                <FormField id="cc-scope" label="Scope of this request" value={scope} oninput={set(|f, v| f.scope = Some(v))} />
                <button type="button" class="primary" onclick={onsend} disabled={*busy}>{ "Send the token request" }</button>
                { answered }
            </section>
        };
    }
    let mut picks: Vec<(AttrValue, AttrValue)> = stored
        .iter()
        .enumerate()
        .map(|(i, s)| (i.to_string().into(), s.label.clone().into()))
        .collect();
    picks.push((PASTE.into(), "Paste a token".into()));
    let types: Vec<(AttrValue, AttrValue)> = TOKEN_TYPES
        .iter()
        .map(|urn| ((*urn).into(), (*urn).into()))
        .collect();
    html! {
        <section class="panel step" aria-labelledby="step-exchange">
            <h3 id="step-exchange">{ "1. The token exchange request" }</h3>
            { client_line }
            <div class="grid">
                <FormField id="exchange-subject" label="Subject token" value={pick.clone()} options={picks}
                    onchange={set(|f, v| { f.pick = Some(v); f.token_type = None; })}
                    hint="The token to trade: one from the token store, or pasted (RFC 8693 §2.1 subject_token)." />
                <FormField id="exchange-type" label="subject_token_type" value={token_type.clone()} options={types}
                    onchange={set(|f, v| f.token_type = Some(v))} />
            </div>
            if picked.is_none() {
                <FormField id="exchange-pasted" label="Pasted subject token" kind="password" value={form.pasted.clone()}
                    oninput={set(|f, v| f.pasted = v)} />
            }
            <div class="grid">
                <FormField id="exchange-audience" label="audience (optional)" value={form.audience.clone()}
                    oninput={set(|f, v| f.audience = v)} hint="Who the new token is for; space-separated." />
                <FormField id="exchange-resource" label="resource (optional)" value={form.resource.clone()}
                    oninput={set(|f, v| f.resource = v)} />
                <FormField id="exchange-scope" label="scope (optional)" value={scope}
                    oninput={set(|f, v| f.scope = Some(v))} />
            </div>
            <button type="button" class="primary" onclick={onsend} disabled={*busy}>{ "Send the exchange request" }</button>
            { answered }
        </section>
    }
}
