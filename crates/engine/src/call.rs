//! One signed call and what is known of it so far: the model shared by the flow's steps and
//! the console. [`crate::run::run_call`] reports [`CallEvent`]s; a reducer that embeds a
//! [`Call`] applies them with [`Call::apply`], which ignores the late events of an older call.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use oauth1::{Explanation, PreparedRequest, TokenResponse};

use crate::http::{HttpResponse, TransportError};
use crate::outcome::Outcome;
use crate::sign::SignError;

/// Which call an event belongs to. Ids come from one counter for the whole program, so a
/// newer call always has a larger id than every earlier one, whoever started it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CallId(u64);

impl CallId {
    /// The id of a call that was never started.
    pub const NONE: CallId = CallId(0);

    pub fn next() -> CallId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        CallId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Why a call produced no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The request could not be built from what the user gave (a missing URL, an unknown
    /// signature method, …); the text says what to fix.
    Input(String),
    Sign(SignError),
    Transport(TransportError),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Input(why) => f.write_str(why),
            CallError::Sign(e) => write!(f, "the request could not be signed: {e}"),
            CallError::Transport(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CallError {}

/// How far a call got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallStage {
    /// Signing began (Web Crypto may take a moment).
    Started,
    /// Signed and on its way: the workings can be shown before the answer.
    Signed {
        request: PreparedRequest,
        explanation: Box<Explanation>,
    },
    /// The answer, and what it means.
    Received {
        response: HttpResponse,
        outcome: Outcome,
        /// From sending to the whole body read; `None` when the clock failed.
        elapsed_ms: Option<u64>,
    },
    Failed(CallError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEvent {
    pub id: CallId,
    pub stage: CallStage,
}

/// One call's workings: what was signed, what came back, what it means.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Call {
    pub id: CallId,
    pub request: Option<PreparedRequest>,
    pub explanation: Option<Explanation>,
    pub response: Option<HttpResponse>,
    pub outcome: Option<Outcome>,
    pub elapsed_ms: Option<u64>,
    /// Why there is no response.
    pub error: Option<CallError>,
    pub in_flight: bool,
}

impl Call {
    /// Applies an event; returns whether it belonged to this call. `Started` with a newer id
    /// begins a new call; any other event counts only for the call in flight with its id, so
    /// the results of an older or abandoned call (e.g. after "Start over") change nothing.
    pub fn apply(&mut self, event: CallEvent) -> bool {
        let CallEvent { id, stage } = event;
        match stage {
            CallStage::Started if id > self.id => {
                *self = Call {
                    id,
                    in_flight: true,
                    ..Call::default()
                };
            }
            _ if id != self.id || !self.in_flight => return false,
            CallStage::Started => return false,
            CallStage::Signed { request, explanation } => {
                self.request = Some(request);
                self.explanation = Some(*explanation);
            }
            CallStage::Received {
                response,
                outcome,
                elapsed_ms,
            } => {
                self.response = Some(response);
                self.outcome = Some(outcome);
                self.elapsed_ms = elapsed_ms;
                self.in_flight = false;
            }
            CallStage::Failed(error) => {
                self.error = Some(error);
                self.in_flight = false;
            }
        }
        true
    }

    /// A call refused before it could start (its input is wrong). It takes a new id, so
    /// nothing of the call before it can still arrive.
    pub fn refused(error: CallError) -> Call {
        Call {
            id: CallId::next(),
            error: Some(error),
            ..Call::default()
        }
    }

    /// The token response, when that is what came back.
    pub fn tokens(&self) -> Option<&TokenResponse> {
        match &self.outcome {
            Some(Outcome::Tokens(t)) => Some(t),
            _ => None,
        }
    }

    /// The base string that was signed, or `""` before signing.
    pub fn base_string(&self) -> &str {
        self.explanation.as_ref().map_or("", |e| e.base_string.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: CallId, stage: CallStage) -> CallEvent {
        CallEvent { id, stage }
    }

    fn received(status: u16) -> CallStage {
        CallStage::Received {
            response: HttpResponse::new(status, ""),
            outcome: Outcome::Resource,
            elapsed_ms: Some(3),
        }
    }

    #[test]
    fn ids_only_grow() {
        let (a, b) = (CallId::next(), CallId::next());
        assert!(CallId::NONE < a && a < b);
    }

    #[test]
    fn a_late_result_of_an_older_call_is_ignored() {
        let (first, second) = (CallId::next(), CallId::next());
        let mut call = Call::default();
        assert!(call.apply(event(first, CallStage::Started)));
        assert!(call.in_flight);
        assert!(call.apply(event(second, CallStage::Started)));
        assert!(!call.apply(event(first, received(500))));
        assert_eq!(call.response, None);
        assert!(call.apply(event(second, received(200))));
        assert_eq!((call.in_flight, call.elapsed_ms), (false, Some(3)));
        // Done: a duplicate, or an older call starting late, changes nothing.
        assert!(!call.apply(event(second, CallStage::Failed(CallError::Input("x".into())))));
        assert!(!call.apply(event(first, CallStage::Started)));
        assert_eq!(call.response.as_ref().map(|r| r.status), Some(200));
    }

    #[test]
    fn an_abandoned_call_stays_abandoned() {
        let id = CallId::next();
        let mut call = Call::default();
        call.apply(event(id, CallStage::Started));
        // "Start over" replaces the call.
        call = Call::default();
        assert!(!call.apply(event(id, received(200))));
        assert_eq!(call, Call::default());
        let refused = Call::refused(CallError::Input("Fill in the URL.".into()));
        assert!(refused.id > id && !refused.in_flight);
        assert_eq!(refused.error.unwrap().to_string(), "Fill in the URL.");
    }
}
