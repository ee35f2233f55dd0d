//! The console's reducer: the editor, the last call (workings, response, timing) and the
//! history, with `Action`s from the view and the sender.

use std::rc::Rc;

use oauth1::{Explanation, PreparedRequest};
use yew::Reducible;

use super::{BodyType, ConsoleRequest};
use crate::state::console_history::History;
use crate::state::outcome::{HttpResponse, TransportError};

/// One editor field; selects and checkboxes arrive as their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleField {
    Method,
    Url,
    Query,
    Headers,
    BodyType,
    Body,
    BodyHash,
}

/// The console: the editor, the last call and the history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Console {
    pub request: ConsoleRequest,
    pub sent: Option<PreparedRequest>,
    pub explanation: Option<Explanation>,
    pub response: Option<HttpResponse>,
    pub elapsed_ms: Option<u64>,
    pub error: Option<String>,
    pub in_flight: bool,
    pub history: History,
    /// Bumped by each send so a late response of an earlier call is ignored.
    pub generation: u64,
    /// Bumped when a whole request is loaded: the view re-creates its selects, whose
    /// selection a user's choice would otherwise pin.
    pub loads: u64,
}

#[derive(Debug, Clone)]
pub enum ConsoleAction {
    Set(ConsoleField, String),
    /// Replay a history entry, or a URL clicked in a response.
    Load(ConsoleRequest),
    SetUrl(String),
    /// Send was pressed: a new generation, in flight until its answer (signing may be async).
    Signing,
    /// Signed and on its way; `at` is the ISO time for the history.
    Signed {
        generation: u64,
        request: PreparedRequest,
        explanation: Box<Explanation>,
        at: String,
    },
    SignFailed(String),
    Received {
        generation: u64,
        response: HttpResponse,
        elapsed_ms: u64,
    },
    TransportFailed {
        generation: u64,
        error: TransportError,
    },
    ClearHistory,
}

impl ConsoleAction {
    /// The Send an asynchronous result belongs to; `None` for the user's own actions.
    fn generation(&self) -> Option<u64> {
        match self {
            ConsoleAction::Signed { generation, .. }
            | ConsoleAction::Received { generation, .. }
            | ConsoleAction::TransportFailed { generation, .. } => Some(*generation),
            _ => None,
        }
    }
}

impl Reducible for Console {
    type Action = ConsoleAction;

    fn reduce(self: Rc<Self>, action: ConsoleAction) -> Rc<Self> {
        // A result that finishes after another Send belongs to the old one.
        if action.generation().is_some_and(|g| g != self.generation) {
            return self;
        }
        let mut s = (*self).clone();
        match action {
            ConsoleAction::Set(field, v) => {
                let r = &mut s.request;
                match field {
                    ConsoleField::Method => r.method = v,
                    ConsoleField::Url => r.url = v,
                    ConsoleField::Query => r.query = v,
                    ConsoleField::Headers => r.headers = v,
                    ConsoleField::BodyType => r.body_type = BodyType::parse(&v),
                    ConsoleField::Body => r.body = v,
                    ConsoleField::BodyHash => r.body_hash = v == "true",
                }
            }
            ConsoleAction::Load(r) => {
                s.request = r;
                s.loads += 1;
            }
            ConsoleAction::SetUrl(url) => {
                s.loads += 1;
                s.request = ConsoleRequest {
                    method: "GET".into(),
                    url,
                    ..ConsoleRequest::default()
                };
            }
            ConsoleAction::Signing => {
                s.generation += 1;
                (s.sent, s.explanation) = (None, None);
                (s.response, s.elapsed_ms, s.error, s.in_flight) = (None, None, None, true);
            }
            ConsoleAction::Signed {
                request,
                explanation,
                at,
                ..
            } => {
                s.history.push(&s.request, &at);
                (s.sent, s.explanation) = (Some(request), Some(*explanation));
                (s.response, s.elapsed_ms, s.error, s.in_flight) = (None, None, None, true);
            }
            ConsoleAction::SignFailed(m) => {
                (s.sent, s.explanation, s.response, s.elapsed_ms) = (None, None, None, None);
                (s.error, s.in_flight) = (Some(m), false);
            }
            ConsoleAction::Received {
                response, elapsed_ms, ..
            } => {
                s.history.set_status(response.status);
                (s.response, s.elapsed_ms, s.in_flight) = (Some(response), Some(elapsed_ms), false);
            }
            ConsoleAction::TransportFailed { error, .. } => {
                (s.error, s.in_flight) = (Some(error.explain()), false);
            }
            ConsoleAction::ClearHistory => s.history = History::default(),
        }
        Rc::new(s)
    }
}
