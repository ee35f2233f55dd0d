//! One signed call from the terminal: the engine's runner ([`engine::run_call`]) on the
//! CLI's transport, the core's signer and the system's entropy; and the engine's report of
//! the answer with the provider's text escaped for the terminal.

use anyhow::{Result, anyhow};
use engine::oauth1_flow::LegRequest;
use engine::{Call, CallId, CallStage, CoreSigner, HttpResponse, Outcome, run_call};
use oauth1::Explanation;

use crate::http::{HttpClient, block_on};
use crate::sign::SystemEntropy;
use crate::terminal::printable_line;

/// Signs and sends `leg`, after the engine's warnings about it (stderr). `on_signed` sees
/// the workings as soon as they are known, before the request is sent (`--explain`). No
/// response is an error that says why.
pub fn send(
    client: &HttpClient,
    leg: LegRequest,
    mut on_signed: impl FnMut(&Explanation),
) -> Result<(HttpResponse, Outcome)> {
    for warning in engine::warnings::for_leg(&leg) {
        eprintln!("warning: {warning}");
    }
    let mut call = Call::default();
    block_on(run_call(
        client,
        CoreSigner,
        SystemEntropy,
        CallId::next(),
        leg,
        |event| {
            if let CallStage::Signed { explanation, .. } = &event.stage {
                on_signed(explanation);
            }
            call.apply(event);
        },
    ))?;
    match call {
        Call {
            response: Some(response),
            outcome: Some(outcome),
            ..
        } => Ok((response, outcome)),
        Call { error: Some(e), .. } => Err(e.into()),
        _ => Err(anyhow!("the call ended without an answer")),
    }
}

/// What the answer means, for stderr: every text the provider sent is escaped so it
/// cannot drive the terminal (crate::terminal).
pub fn report(response: &HttpResponse, outcome: &Outcome) -> String {
    outcome.report(response, |text| printable_line(text).into_owned())
}
