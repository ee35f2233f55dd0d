//! The console's reducer: the editor, the last call (the engine's [`Call`]: workings,
//! response, timing) and the history, with `Action`s from the view and the runner.

use std::rc::Rc;

use yew::Reducible;

use super::{BodyType, ConsoleRequest};
use crate::state::console_history::History;
use crate::state::outcome::{Call, CallError, CallEvent, CallStage};

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
    /// Sign with the configuration's consumer alone (§3.1), not the token in use.
    OneLegged,
    /// With [`ConsoleField::OneLegged`]: send and sign `oauth_token=""`.
    EmptyToken,
}

/// The console: the editor, the last call and the history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Console {
    pub request: ConsoleRequest,
    /// The last Send; a late result of an earlier one is ignored by [`Call::apply`].
    pub call: Call,
    pub history: History,
    /// Bumped when a whole request is loaded: the view re-creates its selects, whose
    /// selection a user's choice would otherwise pin.
    pub loads: u64,
    /// One-legged: the configuration's consumer signs alone ([`super::one_legged_input`]).
    pub one_legged: bool,
    pub empty_token: bool,
    /// Whether the last call was one-legged, for its workings.
    pub call_one_legged: bool,
}

#[derive(Debug, Clone)]
pub enum ConsoleAction {
    Set(ConsoleField, String),
    /// Replay a history entry, or a URL clicked in a response.
    Load(ConsoleRequest),
    SetUrl(String),
    /// How far the call got (`engine::run_call`); `at` is the ISO time, for the history.
    Call {
        event: CallEvent,
        at: String,
    },
    /// Send could not start: the request or the token cannot be signed.
    Refused(String),
    ClearHistory,
}

impl Reducible for Console {
    type Action = ConsoleAction;

    fn reduce(self: Rc<Self>, action: ConsoleAction) -> Rc<Self> {
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
                    ConsoleField::OneLegged => s.one_legged = v == "true",
                    ConsoleField::EmptyToken => s.empty_token = v == "true",
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
            ConsoleAction::Call { event, at } => {
                let (signed, received) = match &event.stage {
                    CallStage::Signed { .. } => (true, false),
                    CallStage::Received { .. } => (false, true),
                    _ => (false, false),
                };
                let started = matches!(event.stage, CallStage::Started);
                if !s.call.apply(event) {
                    return self;
                }
                if started {
                    s.call_one_legged = s.one_legged;
                }
                if signed {
                    s.history.push(&s.request, &at);
                }
                if let (true, Some(r)) = (received, &s.call.response) {
                    s.history.set_status(r.status);
                }
            }
            ConsoleAction::Refused(m) => s.call = Call::refused(CallError::Input(m)),
            ConsoleAction::ClearHistory => s.history = History::default(),
        }
        Rc::new(s)
    }
}
