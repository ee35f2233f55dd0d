//! Runs a step: sign with a fresh nonce and the clock (§3.3), show the workings at once,
//! send through the chosen transport, and report back to the flow reducer.

use yew::UseReducerHandle;

use crate::effects::{http, location, signer};
use crate::state::config::{Config, RelayMode};
use crate::state::flow::{Flow, FlowAction};
use crate::state::hosting::Hosting;
use crate::state::steps::{self, Step, TokenPair};

/// The relay template for the current settings (`None`: direct).
pub fn relay_template(config: &Config, hosting: &Hosting) -> Option<String> {
    match config.relay {
        RelayMode::Direct => None,
        RelayMode::SameOrigin => Some(
            hosting
                .relay_template
                .clone()
                .unwrap_or_else(|| "/relay?url={url}".into()),
        ),
        RelayMode::Template => Some(config.relay_template.trim().to_owned()),
    }
}

pub fn send(
    step: Step,
    config: &Config,
    flow: &UseReducerHandle<Flow>,
    token: Option<&TokenPair>,
    hosting: &Hosting,
) {
    let generation = flow.generation;
    let input = match steps::sign_input(step, config, token, &flow.pending.verifier, &location::page_url()) {
        Ok(i) => i,
        Err(message) => {
            return flow.dispatch(FlowAction::SignFailed {
                step,
                generation,
                message,
            });
        }
    };
    flow.dispatch(FlowAction::Signing(step));
    let relay = relay_template(config, hosting);
    let (flow, ua) = (flow.clone(), config.user_agent.clone());
    wasm_bindgen_futures::spawn_local(async move {
        // Web Crypto (RSA-SHA*) answers asynchronously; the others are ready at once.
        let signed = match signer::sign_now(&input.spec, &input.credentials, &input.options).await {
            Ok(s) => s,
            Err(message) => {
                return flow.dispatch(FlowAction::SignFailed {
                    step,
                    generation,
                    message,
                });
            }
        };
        let request = signed.request.clone();
        flow.dispatch(FlowAction::Signed {
            step,
            generation,
            request: signed.request,
            explanation: Box::new(signed.explanation),
        });
        let action = match http::send(&request, relay.as_deref(), &ua).await {
            Ok(response) => FlowAction::Received {
                step,
                generation,
                response,
            },
            Err(error) => FlowAction::TransportFailed {
                step,
                generation,
                error,
            },
        };
        flow.dispatch(action);
    });
}

/// Sends the user to the provider (§2.2). The pending flow is already in sessionStorage:
/// the effect wrote it when the request token arrived.
pub fn authorize(config: &Config, flow: &UseReducerHandle<Flow>) {
    let Some(token) = flow.request_token() else { return };
    let url = match steps::authorize_url(config, &token.token) {
        Ok(u) => u,
        Err(message) => {
            return flow.dispatch(FlowAction::SignFailed {
                step: Step::Authorize,
                generation: flow.generation,
                message,
            });
        }
    };
    let new_tab = steps::authorize_in_new_tab(config);
    flow.dispatch(FlowAction::Authorizing {
        url: url.clone(),
        new_tab,
    });
    if let Err(message) = location::navigate(&url, new_tab) {
        flow.dispatch(FlowAction::SignFailed {
            step: Step::Authorize,
            generation: flow.generation,
            message,
        });
    }
}
