//! The three legs (RFC 5849 §2) as a pure state machine: `Action` in, `Flow` out.
//! Signing and sending happen outside; their results come back as actions.

use std::rc::Rc;

use oauth1::{Explanation, PreparedRequest};
use serde::Serialize;
use yew::Reducible;

use super::json::Fields;
use super::outcome::{HttpResponse, Outcome, TransportError, resource_outcome, token_outcome};
use super::steps::{Step, TokenPair};

/// One step's workings: what was signed, what came back, what it means.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepView {
    pub request: Option<PreparedRequest>,
    pub explanation: Option<Explanation>,
    pub response: Option<HttpResponse>,
    pub outcome: Option<Outcome>,
    /// Why the step could not even be sent (missing input, bad RSA key, network).
    pub error: Option<String>,
    pub in_flight: bool,
}

/// What must survive the authorize round trip (kept in sessionStorage).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Pending {
    pub request_token: Option<TokenPair>,
    pub callback_confirmed: Option<bool>,
    pub verifier: String,
    pub access_token: Option<TokenPair>,
    pub access_extra: Vec<(String, String)>,
}

impl Pending {
    /// Reads what `Serialize` wrote.
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
    pub steps: [StepView; 4],
    pub pending: Pending,
    /// Announced in the role="status" live region.
    pub status: String,
    /// Shown in role="alert": a flow-level refusal (e.g. a token mismatch on return).
    pub alert: Option<String>,
    /// Bumped by StartOver so late responses of an abandoned flow are ignored.
    pub generation: u64,
}

#[derive(Debug, Clone)]
pub enum FlowAction {
    /// The step's button was pressed; signing may be asynchronous (Web Crypto for RSA).
    Signing(Step),
    Signed {
        step: Step,
        generation: u64,
        request: PreparedRequest,
        explanation: Box<Explanation>,
    },
    SignFailed {
        step: Step,
        /// The flow's generation when the step began; a failure after Start over is dropped.
        generation: u64,
        message: String,
    },
    Received {
        step: Step,
        generation: u64,
        response: HttpResponse,
    },
    TransportFailed {
        step: Step,
        generation: u64,
        error: TransportError,
    },
    /// The user is leaving for the provider's page (or opened it in a tab, for oob).
    Authorizing {
        url: String,
        new_tab: bool,
    },
    /// Back from the provider with `oauth_token` and `oauth_verifier` in our URL (§2.2).
    Returned {
        token: String,
        verifier: String,
    },
    /// Back with `denied=TOKEN` (a common extension, not in RFC 5849). Any page can link
    /// here with `?denied=`, so it counts only when TOKEN is the pending request token.
    Denied(String),
    SetVerifier(String),
    StartOver,
    Restore(Pending),
}

impl Flow {
    pub fn step(&self, step: Step) -> &StepView {
        &self.steps[step.index()]
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

impl FlowAction {
    /// The generation an asynchronous result belongs to; `None` for the user's own actions.
    fn generation(&self) -> Option<u64> {
        match self {
            FlowAction::Signed { generation, .. }
            | FlowAction::SignFailed { generation, .. }
            | FlowAction::Received { generation, .. }
            | FlowAction::TransportFailed { generation, .. } => Some(*generation),
            _ => None,
        }
    }
}

fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

impl Reducible for Flow {
    type Action = FlowAction;

    fn reduce(self: Rc<Self>, action: FlowAction) -> Rc<Self> {
        // A late result of an abandoned flow (Start over bumps the generation) is dropped.
        if action.generation().is_some_and(|g| g != self.generation) {
            return self;
        }
        let mut f = (*self).clone();
        match action {
            FlowAction::Signing(step) => {
                f.steps[step.index()] = StepView {
                    in_flight: true,
                    ..StepView::default()
                };
                f.status = format!("{}: signing…", step.button());
            }
            FlowAction::Signed {
                step,
                request,
                explanation,
                ..
            } => {
                f.steps[step.index()] = StepView {
                    request: Some(request),
                    explanation: Some(*explanation),
                    in_flight: true,
                    ..StepView::default()
                };
                f.alert = None;
                f.status = format!("{}: signed, sending…", step.button());
            }
            FlowAction::SignFailed { step, message, .. } => {
                f.steps[step.index()] = StepView {
                    error: Some(message),
                    ..StepView::default()
                };
                f.status = format!("{}: could not sign the request.", step.button());
            }
            FlowAction::Received { step, response, .. } => {
                let ours = f
                    .step(step)
                    .explanation
                    .as_ref()
                    .map(|e| e.base_string.clone())
                    .unwrap_or_default();
                let outcome = match step {
                    Step::Resource => resource_outcome(&response, &ours),
                    _ => token_outcome(&response, &ours),
                };
                f.status = match (&outcome, step) {
                    (Outcome::Tokens(fields), Step::RequestToken) => {
                        f.pending = Pending {
                            request_token: Some(TokenPair {
                                token: field(fields, "oauth_token").unwrap_or_default(),
                                secret: field(fields, "oauth_token_secret").unwrap_or_default(),
                            }),
                            callback_confirmed: field(fields, "oauth_callback_confirmed")
                                .map(|v| v == "true"),
                            ..Pending::default()
                        };
                        for s in [Step::Authorize, Step::AccessToken] {
                            f.steps[s.index()] = StepView::default();
                        }
                        "Request token received. Next: Authorize.".into()
                    }
                    (Outcome::Tokens(fields), Step::AccessToken) => {
                        f.pending.access_token = Some(TokenPair {
                            token: field(fields, "oauth_token").unwrap_or_default(),
                            secret: field(fields, "oauth_token_secret").unwrap_or_default(),
                        });
                        f.pending.access_extra = fields
                            .iter()
                            .filter(|(n, _)| !n.starts_with("oauth_token"))
                            .cloned()
                            .collect();
                        // A request token is good for one exchange (§2.3).
                        f.pending.request_token = None;
                        f.pending.verifier.clear();
                        "Access token received and saved. Next: Try it.".into()
                    }
                    (Outcome::Resource, _) => format!("Try it: HTTP {}, the token works.", response.status),
                    _ => format!(
                        "{}: failed with HTTP {}. See the explanation.",
                        step.button(),
                        response.status
                    ),
                };
                let view = &mut f.steps[step.index()];
                view.in_flight = false;
                view.response = Some(response);
                view.outcome = Some(outcome);
            }
            FlowAction::TransportFailed { step, error, .. } => {
                let view = &mut f.steps[step.index()];
                view.in_flight = false;
                view.error = Some(error.explain());
                f.status = format!("{}: no response.", step.button());
            }
            FlowAction::Authorizing { url, new_tab } => {
                f.steps[Step::Authorize.index()] = StepView::default();
                f.status = if new_tab {
                    "The provider's page opened in a new tab. Approve there, then paste the PIN here.".into()
                } else {
                    format!("Leaving for the provider's page: {url}")
                };
            }
            FlowAction::Returned { token, verifier } => match f.pending.request_token.as_ref() {
                None => {
                    f.alert = Some(
                        "The provider sent you back with a token, but this tab has no pending request token \
                         (it was started in another tab, or storage is unavailable). Start over."
                            .into(),
                    );
                }
                // §4.13: a callback carrying another token may be an attack; never use it.
                Some(p) if p.token != token => {
                    f.alert = Some(format!(
                        "Refused: the provider returned oauth_token {token:?}, which is not the pending request \
                         token {:?}. Continuing could let someone else's token be bound to you (RFC 5849 §4.13). \
                         Start over.",
                        p.token
                    ));
                }
                Some(_) if verifier.is_empty() => {
                    f.alert = Some(
                        "The provider sent you back without oauth_verifier; OAuth 1.0a needs it (§2.2)."
                            .into(),
                    );
                }
                Some(_) => {
                    f.pending.verifier = verifier;
                    f.alert = None;
                    f.status = "Authorized: the verifier arrived. Next: Get access token.".into();
                }
            },
            FlowAction::Denied(token) => match f.pending.request_token.as_ref() {
                Some(p) if p.token == token => {
                    // The provider discards a denied request token, so Authorize must not offer it again.
                    f.pending.request_token = None;
                    f.pending.verifier.clear();
                    f.alert = Some(format!(
                        "Authorization was denied (token {token}). Start over to try again."
                    ));
                }
                pending => {
                    let kept = if pending.is_some() {
                        "the pending request token is kept"
                    } else {
                        "this tab has no pending request token"
                    };
                    f.alert = Some(format!(
                        "Ignored: the address said denied=\"{token}\", which is not the pending request \
                         token ({kept}). A denial counts only when it names the token being authorized."
                    ));
                }
            },
            FlowAction::SetVerifier(v) => f.pending.verifier = v,
            FlowAction::StartOver => {
                f = Flow {
                    generation: f.generation + 1,
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
