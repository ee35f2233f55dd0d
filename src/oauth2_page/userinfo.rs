//! Step 6, OpenID Connect: the UserInfo request, raw, its claims, and the `sub` check
//! (`state::oauth2::userinfo`). A function of `CallbackStep`'s state, not a component (each
//! component type costs the page about a kilobyte).

use oauth2::{Response, Secret};
use yew::prelude::*;

use super::send;
use super::shared::Shared;
use super::steps::check_list;
use crate::state::oauth2::flow::Check;
use crate::state::oauth2::userinfo;

pub struct UserInfo {
    pub access_token: String,
    pub id_token: Option<String>,
    /// Sent through the relay, as the token request was.
    pub relay: Option<String>,
}

/// What the UserInfo endpoint answered.
#[derive(Clone, PartialEq)]
pub struct Answer {
    sent: send::Sent,
    checks: Vec<Check>,
    claims: Vec<(String, String)>,
}

pub fn userinfo_step(p: &UserInfo, answer: UseStateHandle<Option<Answer>>, shared: Option<Shared>) -> Html {
    let Some(shared) = shared else {
        return Html::default();
    };
    let endpoint = shared.config.userinfo_endpoint.clone();
    if endpoint.trim().is_empty() {
        return Html::default();
    }
    let onask = {
        let (answer, token, id_token, relay) = (
            answer.clone(),
            p.access_token.clone(),
            p.id_token.clone(),
            p.relay.clone(),
        );
        Callback::from(move |_| {
            let built = match userinfo::request(&endpoint, &Secret::new(token.clone())) {
                Ok(b) => b,
                Err(e) => {
                    return answer.set(Some(Answer {
                        sent: send::Sent::failed(e),
                        checks: vec![],
                        claims: vec![],
                    }));
                }
            };
            let (answer, relay, sub) = (
                answer.clone(),
                relay.clone(),
                userinfo::expected_sub(id_token.as_deref()),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let sent = send::send(&built, relay.as_deref()).await;
                let (checks, claims) = match &sent.result {
                    Ok(r) => userinfo::read(Response::new(r.status, &r.headers, &r.body), sub.as_deref()),
                    Err(_) => (vec![], vec![]),
                };
                answer.set(Some(Answer { sent, checks, claims }));
            });
        })
    };
    let body = match &*answer {
        None => Html::default(),
        Some(a) => html! {
            <>
            { send::raw_exchange(&a.sent) }
            if let Err(e) = &a.sent.result {
                <div class="error" role="alert"><p>{ e }</p></div>
            }
            { check_list(&a.checks) }
            if !a.claims.is_empty() {
                <table class="params">
                    <caption>{ "UserInfo claims" }</caption>
                    <thead><tr><th>{ "claim" }</th><th>{ "value" }</th></tr></thead>
                    <tbody>
                    { for a.claims.iter().map(|(n, v)| html! { <tr><td><code>{ n }</code></td><td><code>{ v }</code></td></tr> }) }
                    </tbody>
                </table>
            }
            </>
        },
    };
    html! {
        <section class="panel step" aria-labelledby="step-userinfo">
            <h3 id="step-userinfo">{ "6. UserInfo (OpenID Connect)" }</h3>
            <p class="hint">{ "The access token asks the provider who the user is (OIDC Core §5.3); the answer's sub must be the id_token's." }</p>
            <button type="button" onclick={onask} disabled={answer.is_some()}>{ "Ask the UserInfo endpoint" }</button>
            { body }
        </section>
    }
}
