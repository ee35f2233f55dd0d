//! The one runner of the app's calls: the engine's `run_call` over fetch (through the
//! relay when one is chosen), Web Crypto for RSA and the browser's entropy. The flow's
//! steps and the console both send here; each call gets a fresh `CallId`, so the reducers'
//! `Call::apply` ignores a late result of a call that was replaced.

use engine::oauth1_flow::LegRequest;
use engine::{CallEvent, CallId, run_call};
use yew::UseReducerHandle;

use crate::effects::http::Fetch;
use crate::effects::location;
use crate::effects::signer::{BrowserEntropy, WebCrypto};
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
                .unwrap_or_else(|| engine::relay::SAME_ORIGIN_TEMPLATE.into()),
        ),
        RelayMode::Template => Some(config.relay_template.trim().to_owned()),
    }
}

/// Signs and sends `leg`; `on_event` gets each stage at once (`Started` before this
/// returns, the workings before the answer). The callback is boxed so the steps and the
/// console share one compiled copy of the engine's call (page size).
pub fn run(leg: LegRequest, relay: Option<String>, user_agent: String, on_event: Box<dyn FnMut(CallEvent)>) {
    let transport = Fetch { relay, user_agent };
    let call = run_call(
        transport,
        WebCrypto,
        BrowserEntropy,
        CallId::next(),
        leg,
        on_event,
    );
    wasm_bindgen_futures::spawn_local(call);
}

/// Runs a signed step of the flow.
pub fn send(
    step: Step,
    config: &Config,
    flow: &UseReducerHandle<Flow>,
    token: Option<&TokenPair>,
    hosting: &Hosting,
) {
    let leg = match steps::leg_request(step, config, token, &flow.pending.verifier, &location::page_url()) {
        Ok(leg) => leg,
        Err(message) => return flow.dispatch(FlowAction::Refused(step, message)),
    };
    let flow = flow.clone();
    run(
        leg,
        relay_template(config, hosting),
        config.user_agent.clone(),
        Box::new(move |event| flow.dispatch(FlowAction::Call(step, event))),
    );
}

/// Sends the user to the provider (§2.2). The pending flow is already in sessionStorage:
/// the effect wrote it when the request token arrived.
pub fn authorize(config: &Config, flow: &UseReducerHandle<Flow>) {
    let Some(token) = flow.request_token() else { return };
    let url = match steps::authorize_url(config, &token.token) {
        Ok(u) => u,
        Err(message) => return flow.dispatch(FlowAction::Refused(Step::Authorize, message)),
    };
    let new_tab = steps::authorize_in_new_tab(config);
    flow.dispatch(FlowAction::Authorizing {
        url: url.clone(),
        new_tab,
    });
    if let Err(message) = location::navigate(&url, new_tab) {
        flow.dispatch(FlowAction::Refused(Step::Authorize, message));
    }
}
