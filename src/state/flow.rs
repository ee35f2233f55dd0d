//! The three legs (RFC 5849 §2) as a pure state machine: `Action` in, `Flow` out. Each
//! signed step is an engine [`Call`], driven by `engine::run_call`, whose events come back
//! as [`FlowAction::Call`]; the provider's return is checked by the engine's
//! [`engine::oauth1_flow::Pending`] rule (§2.2, §4.13).

use std::rc::Rc;

use engine::oauth1_flow::{self as flow, ProviderReturn, ReturnRefused};
use oauth1::{Secret, TokenResponse};
use yew::Reducible;

use super::json::{Fields, Object, Value, pairs};
use super::outcome::{Call, CallError, CallEvent, CallStage, Outcome};
use super::steps::{Step, TokenPair};

/// What must survive the authorize round trip (kept in sessionStorage).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pending {
    pub request_token: Option<TokenPair>,
    pub callback_confirmed: Option<bool>,
    pub verifier: String,
    pub access_token: Option<TokenPair>,
    pub access_extra: Vec<(String, String)>,
}

impl Pending {
    /// Every field, in this order.
    pub fn write(&self, out: &mut String) {
        let mut m = Object::new(out);
        let pair = |m: &mut Object, key: &str, t: &Option<TokenPair>| match t {
            Some(t) => t.write(m.key(key)),
            None => {
                m.value(key, &Value::Null);
            }
        };
        pair(&mut m, "request_token", &self.request_token);
        match self.callback_confirmed {
            Some(b) => m.bool("callback_confirmed", b),
            None => m.value("callback_confirmed", &Value::Null),
        };
        m.str("verifier", &self.verifier);
        pair(&mut m, "access_token", &self.access_token);
        pairs(m.key("access_extra"), &self.access_extra);
        m.end();
    }

    /// Reads what [`Pending::write`] wrote.
    pub fn read(f: &Fields) -> Result<Self, String> {
        let mut p = Pending::default();
        if let Some(t) = f.object("request_token")? {
            p.request_token = Some(TokenPair::read(&t)?);
        }
        f.opt_boolean("callback_confirmed", &mut p.callback_confirmed)?;
        f.string("verifier", &mut p.verifier)?;
        if let Some(t) = f.object("access_token")? {
            p.access_token = Some(TokenPair::read(&t)?);
        }
        f.pairs("access_extra", &mut p.access_extra)?;
        Ok(p)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    /// One call a step; the Authorize step's stays empty (it is a redirect, not a call).
    /// Shared, so an action clones four pointers, not four calls, and a step panel's props
    /// compare by pointer: a call that changes is a new `Rc` (`Rc::make_mut`).
    pub steps: [Rc<Call>; 4],
    pub pending: Pending,
    /// Announced in the role="status" live region.
    pub status: String,
    /// Shown in role="alert": a flow-level refusal (e.g. a token mismatch on return).
    pub alert: Option<String>,
}

#[derive(Debug, Clone)]
pub enum FlowAction {
    /// How far the step's call got (`engine::run_call`); a late event of a call that was
    /// replaced or abandoned (Start over) is ignored by [`Call::apply`].
    Call(Step, CallEvent),
    /// The step could not start: its input is wrong, or the browser refused to navigate.
    Refused(Step, String),
    /// The user is leaving for the provider's page (or opened it in a tab, for oob).
    Authorizing {
        url: String,
        new_tab: bool,
    },
    /// Back from the provider with `oauth_token` and `oauth_verifier` in our URL (§2.2), or
    /// with `denied=TOKEN` (a common extension, not in RFC 5849). Any page can link here,
    /// so a return counts only when it names the pending request token (§4.13).
    Returned(ProviderReturn),
    SetVerifier(String),
    StartOver,
    Restore(Pending),
}

impl Flow {
    pub fn step(&self, step: Step) -> &Call {
        &self.steps[step.index()]
    }

    /// The step's call as its panel takes it.
    pub fn shared_step(&self, step: Step) -> Rc<Call> {
        self.steps[step.index()].clone()
    }

    pub fn busy(&self) -> bool {
        self.steps.iter().any(|s| s.in_flight)
    }

    pub fn request_token(&self) -> Option<&TokenPair> {
        self.pending.request_token.as_ref()
    }

    pub fn can_authorize(&self) -> bool {
        self.pending.request_token.is_some() && !self.busy()
    }

    pub fn can_get_access_token(&self) -> bool {
        self.pending.request_token.is_some() && !self.pending.verifier.trim().is_empty() && !self.busy()
    }
}

impl Pending {
    /// The engine's view of the pending request token, for its return check.
    fn engine(&self) -> flow::Pending {
        flow::Pending {
            request_token: self.request_token.as_ref().map(|t| TokenResponse {
                token: t.token.clone(),
                token_secret: Secret::new(t.secret.as_str()),
                callback_confirmed: self.callback_confirmed,
                extra: Vec::new(),
            }),
            verifier: self.verifier.clone(),
            access_token: None,
        }
    }
}

fn pair(t: &TokenResponse) -> TokenPair {
    TokenPair {
        token: t.token.clone(),
        secret: t.token_secret.expose().to_owned(),
    }
}

impl Reducible for Flow {
    type Action = FlowAction;

    fn reduce(self: Rc<Self>, action: FlowAction) -> Rc<Self> {
        let mut f = (*self).clone();
        match action {
            FlowAction::Call(step, event) => {
                let signed = matches!(event.stage, CallStage::Signed { .. });
                let stage = match &event.stage {
                    CallStage::Started => Some(format!("{}: signing…", step.button())),
                    CallStage::Signed { .. } => Some(format!("{}: signed, sending…", step.button())),
                    CallStage::Failed(CallError::Transport(_)) => {
                        Some(format!("{}: no response.", step.button()))
                    }
                    CallStage::Failed(_) => Some(format!("{}: could not sign the request.", step.button())),
                    CallStage::Received { .. } => None,
                };
                if !Rc::make_mut(&mut f.steps[step.index()]).apply(event) {
                    return self;
                }
                let call = &f.steps[step.index()];
                f.status = match (stage, &call.outcome, &call.response) {
                    (Some(status), ..) => {
                        if signed {
                            f.alert = None;
                        }
                        status
                    }
                    (None, Some(outcome), Some(response)) => {
                        let status = response.status;
                        match (outcome, step) {
                            (Outcome::Tokens(t), Step::RequestToken) => {
                                f.pending = Pending {
                                    request_token: Some(pair(t)),
                                    callback_confirmed: t.callback_confirmed,
                                    ..Pending::default()
                                };
                                for s in [Step::Authorize, Step::AccessToken] {
                                    f.steps[s.index()] = Rc::default();
                                }
                                "Request token received. Next: Authorize.".into()
                            }
                            (Outcome::Tokens(t), Step::AccessToken) => {
                                f.pending.access_token = Some(pair(t));
                                f.pending.access_extra = t
                                    .callback_confirmed
                                    .map(|c| ("oauth_callback_confirmed".to_owned(), c.to_string()))
                                    .into_iter()
                                    .chain(t.extra.iter().cloned())
                                    .filter(|(n, _)| !n.starts_with("oauth_token"))
                                    .collect();
                                // A request token is good for one exchange (§2.3).
                                f.pending.request_token = None;
                                f.pending.verifier.clear();
                                "Access token received and saved. Next: Try it.".into()
                            }
                            (Outcome::Resource, _) => format!("Try it: HTTP {status}, the token works."),
                            _ => format!(
                                "{}: failed with HTTP {status}. See the explanation.",
                                step.button()
                            ),
                        }
                    }
                    _ => return self,
                };
            }
            FlowAction::Refused(step, message) => {
                f.steps[step.index()] = Rc::new(Call::refused(CallError::Input(message)));
                f.status = format!("{}: could not sign the request.", step.button());
            }
            FlowAction::Authorizing { url, new_tab } => {
                f.steps[Step::Authorize.index()] = Rc::default();
                f.status = if new_tab {
                    "The provider's page opened in a new tab. Approve there, then paste the PIN here.".into()
                } else {
                    format!("Leaving for the provider's page: {url}")
                };
            }
            FlowAction::Returned(back) => {
                let denied = match &back {
                    ProviderReturn::Denied { token } => Some(token.clone()),
                    ProviderReturn::Authorized { .. } => None,
                };
                let mut pending = f.pending.engine();
                match (pending.returned(back), denied) {
                    (Ok(_), None) => {
                        f.pending.verifier = pending.verifier;
                        f.alert = None;
                        f.status = "Authorized: the verifier arrived. Next: Get access token.".into();
                    }
                    (Ok(_), Some(token)) => {
                        // The provider discards a denied request token, so Authorize must not offer it again.
                        f.pending.request_token = None;
                        f.pending.verifier.clear();
                        f.alert = Some(format!(
                            "Authorization was denied (token {token}). Start over to try again."
                        ));
                    }
                    (Err(refused), Some(token)) => {
                        let kept = if matches!(refused, ReturnRefused::NoPendingToken) {
                            "this tab has no pending request token"
                        } else {
                            "the pending request token is kept"
                        };
                        f.alert = Some(format!(
                            "Ignored: the address said denied=\"{token}\", which is not the pending request \
                             token ({kept}). A denial counts only when it names the token being authorized."
                        ));
                    }
                    (Err(ReturnRefused::NoPendingToken), None) => {
                        f.alert = Some(
                            "The provider sent you back with a token, but this tab has no pending request token \
                             (it was started in another tab, or storage is unavailable). Start over."
                                .into(),
                        );
                    }
                    // §4.13: a callback carrying another token may be an attack; never use it.
                    (Err(refused), None) => f.alert = Some(refused.to_string()),
                }
            }
            FlowAction::SetVerifier(v) => f.pending.verifier = v,
            FlowAction::StartOver => {
                // The steps' calls are replaced, so late results of the old ones are ignored.
                f = Flow {
                    status: "Started over. Saved tokens are kept.".into(),
                    ..Flow::default()
                };
            }
            FlowAction::Restore(pending) => f.pending = pending,
        }
        Rc::new(f)
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
