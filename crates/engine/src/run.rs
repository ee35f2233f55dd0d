//! The one driver behind every signed call: sign, report the workings, send, report the
//! answer and what it means. The app's flow steps and console and the CLI's `authorize` and
//! `request` all run their calls through [`run_call`].

use std::future::Future;

use crate::call::{CallError, CallEvent, CallId, CallStage};
use crate::http::Transport;
use crate::oauth1_flow::LegRequest;
use crate::outcome::Outcome;
use crate::sign::{Entropy, SignatureProvider, sign};

/// Runs one call, reporting each stage to `on_event` under `id` (take it from
/// [`CallId::next`]). `Started` is reported at once, before the returned future is first
/// polled, so a view shows the call in flight from the moment it is asked for; then `Signed`
/// (the workings, before the answer), then `Received` or `Failed`.
pub fn run_call<T, S, E>(
    transport: T,
    signer: S,
    mut entropy: E,
    id: CallId,
    leg: LegRequest,
    mut on_event: impl FnMut(CallEvent),
) -> impl Future<Output = ()>
where
    T: Transport,
    S: SignatureProvider,
    E: Entropy,
{
    on_event(CallEvent {
        id,
        stage: CallStage::Started,
    });
    async move {
        let mut report = |stage| on_event(CallEvent { id, stage });
        let signed = match sign(&signer, &mut entropy, &leg).await {
            Ok(s) => s,
            Err(e) => return report(CallStage::Failed(CallError::Sign(e))),
        };
        let base_string = signed.explanation.base_string.clone();
        let request = signed.request.clone();
        report(CallStage::Signed {
            request: signed.request,
            explanation: Box::new(signed.explanation),
        });
        let started = entropy.now_millis().ok();
        match transport.send(&request).await {
            Ok(response) => {
                let elapsed_ms = started
                    .zip(entropy.now_millis().ok())
                    .map(|(a, b)| b.saturating_sub(a));
                let outcome = Outcome::of(&response, leg.expects, &base_string);
                report(CallStage::Received {
                    response,
                    outcome,
                    elapsed_ms,
                });
            }
            Err(e) => report(CallStage::Failed(CallError::Transport(e))),
        }
    }
}
