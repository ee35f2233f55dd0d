//! The console: an API request with a stored OAuth 2.0 token set, its raw request and
//! response shown. Bearer in the header unless the user picks the body or the query (with
//! the warning why not); a DPoP-bound token with a proof by the page's IndexedDB key.

use oauth2::resource::Placement;
use yew::prelude::*;

use super::send::{self, Proved};
use super::shared::{asking_origin, use_shared};
use crate::components::fields::FormField;
use crate::effects::dpop_key;
use crate::effects::storage;
use crate::state::oauth2::console::{self, Choice, Form};
use crate::state::tokens::STORAGE_KEY;

/// What a send gave: every attempt (two when the server asked for a DPoP nonce), or why
/// nothing was sent.
#[derive(Clone, PartialEq)]
struct Outcome {
    attempts: Vec<Proved>,
    /// The DPoP key used, for the workings.
    key: Option<String>,
    error: Option<String>,
}

#[function_component]
pub fn Console() -> Html {
    let shared = use_shared();
    // Re-read on demand: step 4 saves into the store after this rendered.
    let reload = use_state(|| 0u32);
    let selected = use_state(|| None::<String>);
    let form = use_state(|| None::<Form>);
    let relay = use_state(|| None::<bool>);
    let outcome = use_state(|| None::<Outcome>);
    let busy = use_state(|| false);
    let Some(shared) = shared else {
        return Html::default();
    };
    let _ = *reload;
    let listed =
        storage::read(shared.tokens_area, STORAGE_KEY).and_then(|raw| console::choices(raw.as_deref()));
    let choices = match listed {
        Ok(c) => c,
        Err(e) => {
            return panel(
                html! { <div class="error" role="alert"><p>{ format!("The token store cannot be read: {e}") }</p></div> },
            );
        }
    };
    let onreload = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };
    let reload_button = html! {
        <button type="button" onclick={onreload}>{ "Reload the token list" }</button>
    };
    let Some(choice) = selected
        .as_ref()
        .and_then(|id| choices.iter().find(|c| &c.id == id))
        .or(choices.first())
        .cloned()
    else {
        return panel(html! {
            <>
            <p class="hint">{ "No OAuth 2.0 token set is stored yet: get one with the steps above." }</p>
            { reload_button }
            </>
        });
    };
    let f = (*form).clone().unwrap_or_else(|| Form::for_token(&choice.token));
    let dpop = console::is_dpop(&choice.token);
    let via_relay = relay.unwrap_or(shared.config.relay) && shared.relay.is_some();
    let template = shared
        .relay
        .as_deref()
        .filter(|_| via_relay)
        .map(|r| asking_origin(r, shared.config.forward_origin));
    let checked = console::check(&f, &choice.token);
    let set = |change: fn(&mut Form, String)| {
        let (form, f) = (form.clone(), f.clone());
        Callback::from(move |v: String| {
            let mut next = f.clone();
            change(&mut next, v);
            form.set(Some(next));
        })
    };
    let onpick = {
        let (selected, form, outcome) = (selected.clone(), form.clone(), outcome.clone());
        Callback::from(move |id: String| {
            selected.set(Some(id));
            form.set(None);
            outcome.set(None);
        })
    };
    let onrelay = {
        let relay = relay.clone();
        Callback::from(move |on: bool| relay.set(Some(on)))
    };
    let onsend = {
        let (f, choice, outcome, busy) = (f.clone(), choice.clone(), outcome.clone(), busy.clone());
        Callback::from(move |_| {
            let (f, choice, outcome, busy, template) = (
                f.clone(),
                choice.clone(),
                outcome.clone(),
                busy.clone(),
                template.clone(),
            );
            busy.set(true);
            outcome.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                outcome.set(Some(call(&f, &choice, template.as_deref()).await));
                busy.set(false);
            });
        })
    };
    let options = choices
        .iter()
        .map(|c| (AttrValue::from(c.id.clone()), AttrValue::from(c.label.clone())))
        .collect::<Vec<_>>();
    let placements = Placement::ALL
        .iter()
        .filter(|p| !dpop || **p == Placement::Header)
        .map(|p| (AttrValue::Static(p.as_str()), AttrValue::Static(p.label())))
        .collect::<Vec<_>>();
    panel(html! {
        <>
        <FormField id="console-token" label="Token set" value={AttrValue::from(choice.id.clone())} {options} onchange={onpick} />
        { reload_button }
        <p class="hint">{ if dpop {
            "This token is DPoP-bound (token_type DPoP): each request carries a proof signed by this browser's key, Authorization: DPoP (RFC 9449 §7.1)."
        } else {
            "A Bearer token (RFC 6750): whoever holds it can use it."
        } }</p>
        <div class="console-line">
            <FormField id="console-method" label="Method" value={AttrValue::from(f.method.clone())} oninput={set(|f, v| f.method = v)} />
            <FormField id="console-url" label="URL" value={AttrValue::from(f.url.clone())} oninput={set(|f, v| f.url = v)}
                placeholder="https://api.example.com/me" />
        </div>
        <FormField id="console-body" label="Body (optional)" area=true rows={2} value={AttrValue::from(f.body.clone())}
            oninput={set(|f, v| f.body = v)} placeholder="a=1&b=2 or JSON" />
        <FormField id="console-placement" label="Token placement" value={AttrValue::Static(f.placement.as_str())}
            options={placements} onchange={set(|f, v| f.placement = Placement::parse(&v).unwrap_or_default())} />
        if let Some(w) = f.placement.warning() {
            <p class="warn-text" role="alert" id="console-warning"><strong>{ "Warning: " }</strong>{ w }</p>
            if f.placement == Placement::Query {
                <p class="hint">{ console::NO_CACHE_CONTROL }</p>
            }
        }
        <FormField id="console-relay" label="Send through the relay" check=true checked={via_relay}
            disabled={shared.relay.is_none()} oncheck={onrelay} />
        if let Err(e) = &checked {
            <p class="field-error" role="alert">{ e }</p>
        }
        <button type="button" class="primary" onclick={onsend} disabled={*busy || checked.is_err()}>
            { if *busy { "Sending…" } else { "Send the request" } }</button>
        if let Some(o) = &*outcome {
            { view(o) }
        }
        </>
    })
}

/// Builds and sends the request: a proof first for a DPoP-bound token.
async fn call(f: &Form, choice: &Choice, template: Option<&str>) -> Outcome {
    let failed = |e: String| Outcome {
        attempts: vec![],
        key: None,
        error: Some(e),
    };
    if !console::is_dpop(&choice.token) {
        return match console::build(f, &choice.token, None) {
            Ok(built) => Outcome {
                attempts: vec![Proved {
                    proof: String::new(),
                    sent: send::send(&built, template).await,
                }],
                key: None,
                error: None,
            },
            Err(e) => failed(e),
        };
    }
    let key = match dpop_key::load().await {
        Ok(k) => k,
        Err(e) => return failed(format!("The DPoP key: {e}")),
    };
    let method = f.method();
    let target = match console::build(f, &choice.token, Some("")) {
        Ok(b) => b.request.url,
        Err(e) => return failed(e),
    };
    let token = &choice.token.access_token;
    let build = |proof: &str| console::build(f, &choice.token, Some(proof));
    let kept = if key.new {
        "made now by Web Crypto (extractable: false) and kept in IndexedDB"
    } else {
        "found in IndexedDB, made earlier by Web Crypto (extractable: false)"
    };
    let about = format!("DPoP key thumbprint (jkt): {}, {kept}", key.thumbprint);
    match send::with_dpop(&key, (&method, &target), Some(token), template, build).await {
        Ok(attempts) => Outcome {
            attempts,
            key: Some(about),
            error: None,
        },
        Err(e) => Outcome {
            key: Some(about),
            ..failed(e)
        },
    }
}

fn view(o: &Outcome) -> Html {
    let last = o.attempts.last().and_then(|a| a.sent.result.as_ref().ok());
    let status = match (&o.error, last, o.attempts.last()) {
        (Some(e), _, _) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
        (None, Some(r), _) => {
            let class = if (200..300).contains(&r.status) {
                "ok"
            } else {
                "error"
            };
            html! { <p class={class} id="console-status" role="status">{ r.status_line() }</p> }
        }
        (None, None, Some(a)) => html! {
            <div class="error" role="alert"><p>{ a.sent.result.clone().err().unwrap_or_default() }</p></div>
        },
        _ => Html::default(),
    };
    html! {
        <>
        { status }
        if let Some(k) = &o.key {
            <details class="workings" open=true>
                <summary>{ "Workings: the DPoP proof, decoded" }</summary>
                <p class="hint" id="console-dpop-key">{ k }</p>
                { for o.attempts.iter().enumerate().map(|(i, a)| html! {
                    <pre class="raw" aria-label={format!("DPoP proof {}", i + 1)}>{ &a.proof }</pre>
                }) }
            </details>
        }
        { for o.attempts.iter().map(|a| send::raw_exchange(&a.sent)) }
        </>
    }
}

fn panel(body: Html) -> Html {
    html! {
        <section class="panel step" aria-labelledby="console-h" id="console">
            <h3 id="console-h">{ "Console: call an API with a stored token" }</h3>
            { body }
        </section>
    }
}
