//! The Tokens panel: the OAuth 2.0 sets of the shared token store, each with its expiry
//! counting down, its tokens masked until revealed, and Refresh (RFC 6749 §6, optionally
//! shortly before expiry), Introspect (RFC 7662), Revoke (RFC 7009) and Delete. The rules
//! are `state::oauth2::tokens`; every request goes through `send` so it shows raw.

use engine::oauth2_ops::Which;
use oauth2::introspection::parse_introspection;
use oauth2::revocation::{Revocation, parse_revocation};
use oauth2::{BuiltRequest, Response};
use token_store::Entry;
use yew::prelude::*;

use super::id_token::claims_table;
use super::send::{self, Sent};
use super::shared::{Shared, use_shared};
use super::write_tokens;
use crate::components::fields::{FormField, SecretField};
use crate::effects::dom;
use crate::effects::storage::{self, Area};
use crate::effects::timer::{Interval, OnTokensChanged};
use crate::state::oauth2::id_token::Claim;
use crate::state::oauth2::tokens::{self, Op};
use crate::state::tokens::STORAGE_KEY;

fn load(area: Area) -> Result<Vec<Entry>, String> {
    tokens::list(storage::read(area, STORAGE_KEY)?.as_deref())
}

/// The panel: the sets, read again whenever the store is written (step 4, a refresh, a
/// delete, another tab), and a clock ticking each second for the countdowns.
#[function_component]
pub fn TokensPanel() -> Html {
    let shared = use_shared();
    let area = shared.as_ref().map_or(Area::Local, |s| s.tokens_area);
    let sets = use_state(|| load(area));
    let now = use_state(dom::now_secs);
    {
        let (sets, now) = (sets.clone(), now.clone());
        use_effect_with((), move |_| {
            let changed = OnTokensChanged::new(move || sets.set(load(area)));
            let tick = Interval::new(1000, move || now.set(dom::now_secs()));
            move || drop((changed, tick))
        });
    }
    let Some(shared) = shared else {
        return Html::default();
    };
    let body = match &*sets {
        Err(e) => html! {
            <div class="error" role="alert"><p>{ format!("The token store cannot be read ({e}); nothing here changes it.") }</p></div>
        },
        Ok(list) if list.is_empty() => html! {
            <p class="hint">{ "No OAuth 2.0 token sets yet: step 4 saves one here. The store's OAuth 1.0a tokens are on the OAuth 1.0a page." }</p>
        },
        Ok(list) => html! {
            <ul class="tokens">
            { for list.iter().map(|e| html! {
                <TokenSet key={e.id.clone()} entry={e.clone()} now={*now} shared={shared.clone()} />
            }) }
            </ul>
        },
    };
    html! {
        <section class="panel" aria-labelledby="o2-tokens-h">
            <h2 id="o2-tokens-h">{ "Tokens" }</h2>
            <p class="hint">{ "The OAuth 2.0 token sets of the token store the OAuth 1.0a page shares, in " }
                { if area == Area::Session { "this tab only (sessionStorage)" } else { "this browser (localStorage)" } }{ "." }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SetProps {
    entry: Entry,
    now: u64,
    shared: Shared,
}

/// What the last action of a set did.
#[derive(Clone, PartialEq)]
enum Done {
    Failed(String),
    Sent {
        sent: Sent,
        outcome: Result<String, String>,
        /// An active token's introspection response, what it says.
        claims: Vec<Claim>,
    },
}

/// An id for HTML: the entry's, letters and digits only.
fn html_id(id: &str, what: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("o2-{safe}-{what}")
}

#[function_component]
fn TokenSet(p: &SetProps) -> Html {
    let done = use_state(|| None::<Done>);
    let busy = use_state(|| false);
    let auto = use_state(|| false);
    let revoked = use_state(|| false);
    let confirm = use_state(|| false);
    let which = use_state(|| None::<Which>);
    let Some(t) = p.entry.oauth2() else {
        return Html::default();
    };
    let which_now = (*which).unwrap_or_else(|| Which::default_for(t));
    let area = p.shared.tokens_area;

    let refresh = {
        let (entry, shared, done, busy, auto) = (
            p.entry.clone(),
            p.shared.clone(),
            done.clone(),
            busy.clone(),
            auto.clone(),
        );
        Callback::from(move |_: ()| {
            let Some(t) = entry.oauth2() else { return };
            let built = match tokens::refresh_request(t, &shared.config) {
                Ok(b) => b,
                Err(e) => {
                    auto.set(false);
                    return done.set(Some(Done::Failed(e)));
                }
            };
            busy.set(true);
            let (entry, template, done, busy, auto) = (
                entry.clone(),
                shared.template(),
                done.clone(),
                busy.clone(),
                auto.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let (sent, parsed) = send::token(&built, template.as_deref()).await;
                let outcome = parsed.and_then(|r| {
                    let raw = storage::read(area, STORAGE_KEY)?;
                    let saved = tokens::save_refreshed(raw.as_deref(), &entry, &r, dom::now_secs())?;
                    write_tokens(area, &saved.text).map_err(|e| format!("Refreshed, but not saved: {e}"))?;
                    Ok(if saved.rotated {
                        "Refreshed: a new access token, and the server rotated the refresh token: the new one is saved (RFC 6749 §6)."
                    } else {
                        "Refreshed: a new access token; the response had no refresh token, so the old one is kept (RFC 6749 §6)."
                    }
                    .to_owned())
                });
                if outcome.is_err() {
                    // Not again by itself: the learner reads why first.
                    auto.set(false);
                }
                busy.set(false);
                done.set(Some(Done::Sent {
                    sent,
                    outcome,
                    claims: vec![],
                }));
            });
        })
    };
    // "Refresh before expiry": checked each tick.
    {
        let (refresh, due) = (
            refresh.clone(),
            *auto && !*busy && !*revoked && tokens::refresh_due(t, p.now),
        );
        use_effect_with(due, move |due| {
            if *due {
                refresh.emit(());
            }
        });
    }
    let op = |op: Op| {
        let (t, shared, done, busy, revoked) = (
            t.clone(),
            p.shared.clone(),
            done.clone(),
            busy.clone(),
            revoked.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let built: BuiltRequest = match tokens::op_request(op, &t, which_now, &shared.config) {
                Ok(b) => b,
                Err(e) => return done.set(Some(Done::Failed(e))),
            };
            busy.set(true);
            let (template, done, busy, revoked) =
                (shared.template(), done.clone(), busy.clone(), revoked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let sent = send::send(&built, template.as_deref()).await;
                let parsed = sent.result.clone().and_then(|r| {
                    let response = Response::new(r.status, &r.headers, &r.body);
                    match op {
                        Op::Introspect => parse_introspection(response).map(|i| {
                            let claims = if i.active {
                                tokens::introspection_claims(&r.body)
                            } else {
                                vec![]
                            };
                            (tokens::active_text(i.active).to_owned(), claims)
                        }),
                        Op::Revoke => parse_revocation(response).map(|r| (revoke_text(&r), vec![])),
                    }
                    .map_err(|e| e.to_string())
                });
                if op == Op::Revoke && parsed.is_ok() && sent.result.as_ref().is_ok_and(|r| r.status == 200) {
                    revoked.set(true);
                }
                busy.set(false);
                let (outcome, claims) = match parsed {
                    Ok((text, claims)) => (Ok(text), claims),
                    Err(e) => (Err(e), vec![]),
                };
                done.set(Some(Done::Sent {
                    sent,
                    outcome,
                    claims,
                }));
            });
        })
    };
    let ondelete = {
        let (id, done) = (p.entry.id.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let saved = storage::read(area, STORAGE_KEY)
                .and_then(|raw| tokens::delete(raw.as_deref(), &id))
                .and_then(|text| write_tokens(area, &text));
            if let Err(e) = saved {
                done.set(Some(Done::Failed(format!("Not deleted: {e}"))));
            }
        })
    };
    let toggle = |s: &UseStateHandle<bool>, to: bool| {
        let s = s.clone();
        Callback::from(move |_: MouseEvent| s.set(to))
    };
    let onauto = {
        let auto = auto.clone();
        Callback::from(move |on: bool| auto.set(on))
    };
    let onwhich = {
        let which = which.clone();
        Callback::from(move |v: String| {
            which.set(Some(if v == "access" {
                Which::Access
            } else {
                Which::Refresh
            }))
        })
    };
    let e = &p.entry;
    let heading = html_id(&e.id, "h");
    let expiry = if *revoked {
        "revoked".to_owned()
    } else {
        tokens::countdown(t.expires_at, p.now)
    };
    let mut which_options = vec![(AttrValue::from("access"), AttrValue::from("the access token"))];
    if t.refresh_token.is_some() {
        which_options.push(("refresh".into(), "the refresh token".into()));
    }
    let which_value = if which_now == Which::Access {
        "access"
    } else {
        "refresh"
    };
    let secret = |what: &str, label: &'static str, v: &oauth2::Secret| {
        html! { <SecretField id={html_id(&e.id, what)} {label} value={AttrValue::from(v.expose().to_owned())} /> }
    };
    html! {
        <li class="token">
        <article aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ format!("Token set {}", e.name) }</h3>
            <dl>
                <dt>{ "Provider" }</dt><dd>{ &e.provider }</dd>
                <dt>{ "Client ID" }</dt><dd><code>{ &t.client_id }</code></dd>
                <dt>{ "Scope" }</dt><dd>{ if t.scope.is_empty() { "(none given)" } else { &t.scope } }</dd>
                <dt>{ "Token type" }</dt><dd>{ &t.token_type }</dd>
                <dt>{ "Expiry" }</dt><dd role="timer" aria-label="Expiry">{ expiry }</dd>
                if *revoked {
                    <dt>{ "Status" }</dt>
                    <dd>{ "Revoked at the server; still in the store (marked here until the page reloads): Delete removes it." }</dd>
                }
            </dl>
            { secret("access", "Stored access token", &t.access_token) }
            if let Some(r) = &t.refresh_token { { secret("refresh", "Stored refresh token", r) } }
            if let Some(i) = &t.id_token { { secret("id", "Stored ID token", i) } }
            <FormField check=true id={html_id(&e.id, "auto")} label="Refresh before expiry" checked={*auto}
                oncheck={onauto} disabled={t.refresh_token.is_none() || *revoked}
                hint={format!("Refreshes by itself {} s before the access token expires, while this page is open.", tokens::LEAD_SECS)} />
            <FormField id={html_id(&e.id, "which")} label="Introspect or revoke" value={which_value}
                options={which_options} onchange={onwhich} />
            <div class="actions">
                <button type="button" onclick={refresh.reform(|_: MouseEvent| ())}
                    disabled={*busy || t.refresh_token.is_none()}>{ "Refresh" }</button>
                <button type="button" onclick={op(Op::Introspect)} disabled={*busy}>{ "Introspect" }</button>
                <button type="button" onclick={op(Op::Revoke)} disabled={*busy}>{ "Revoke" }</button>
                <button type="button" class="danger" onclick={toggle(&confirm, true)}>{ "Delete" }</button>
            </div>
            if *confirm {
                <div class="notice warn" role="alert">
                    <p>{ "Delete this set from the token store? The server is not told: revoke it first to end the grant." }</p>
                    <button type="button" class="danger" onclick={ondelete}>{ "Delete for good" }</button>
                    <button type="button" onclick={toggle(&confirm, false)}>{ "Keep it" }</button>
                </div>
            }
            { done_view(done.as_ref()) }
        </article>
        </li>
    }
}

fn revoke_text(r: &Revocation) -> String {
    match r {
        Revocation::Revoked => "Revoked (RFC 7009 §2.2): the server no longer accepts it; revoking a refresh \
            token ends its access tokens too where the server supports it. The set stays in the store, marked \
            revoked here; Delete removes it."
            .to_owned(),
        // §2.2.1: 503, the token is still valid.
        Revocation::RetryLater { retry_after } => format!(
            "The server could not revoke it now (HTTP 503): the token is still valid; try again{}.",
            retry_after.map(|s| format!(" after {s} s")).unwrap_or_default()
        ),
    }
}

/// The last action's raw exchange and what came of it.
fn done_view(done: Option<&Done>) -> Html {
    match done {
        None => Html::default(),
        Some(Done::Failed(e)) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
        Some(Done::Sent {
            sent,
            outcome,
            claims,
        }) => html! {
            <div class="result">
                { send::raw_exchange(sent) }
                { match outcome {
                    Ok(text) => html! { <p class="ok" role="status"><strong>{ text }</strong></p> },
                    Err(e) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
                } }
                if !claims.is_empty() { { claims_table("What the token stands for", claims) } }
            </div>
        },
    }
}
