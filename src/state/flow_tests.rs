use engine::CallId;
use engine::oauth1_flow::Expect;
use oauth1::{Explanation, PreparedRequest};

use super::*;
use crate::state::outcome::{HttpResponse, TransportError};

fn event(step: Step, id: CallId, stage: CallStage) -> FlowAction {
    FlowAction::Call(step, CallEvent { id, stage })
}

fn started(step: Step, id: CallId) -> FlowAction {
    event(step, id, CallStage::Started)
}

fn signed(step: Step, id: CallId) -> FlowAction {
    let request = PreparedRequest {
        method: "POST".into(),
        url: "http://p/x".into(),
        headers: vec![],
        body: String::new(),
    };
    let explanation = Box::new(sample_explanation());
    event(step, id, CallStage::Signed { request, explanation })
}

fn sample_explanation() -> Explanation {
    let spec = oauth1::RequestSpec::new("POST", "http://p/x");
    let creds = oauth1::Credentials {
        consumer_key: "k".into(),
        ..Default::default()
    };
    oauth1::sign_request(&spec, &creds, &oauth1::SignOptions::default(), "n", 1)
        .map(|s| s.explanation)
        .unwrap()
}

fn received(step: Step, id: CallId, status: u16, body: &str) -> FlowAction {
    let response = HttpResponse::new(status, body);
    let expects = if step == Step::Resource {
        Expect::Resource
    } else {
        Expect::Tokens
    };
    let outcome = Outcome::of(&response, expects, "");
    event(
        step,
        id,
        CallStage::Received {
            response,
            outcome,
            elapsed_ms: Some(1),
        },
    )
}

/// A whole call of `step`: started, signed and answered.
fn answered(step: Step, status: u16, body: &str) -> Vec<FlowAction> {
    let id = CallId::next();
    vec![
        started(step, id),
        signed(step, id),
        received(step, id, status, body),
    ]
}

fn run(actions: Vec<FlowAction>) -> Rc<Flow> {
    actions
        .into_iter()
        .fold(Rc::new(Flow::default()), |f, a| f.reduce(a))
}

fn returned(token: &str, verifier: &str) -> FlowAction {
    FlowAction::Returned(ProviderReturn::Authorized {
        token: token.into(),
        verifier: Some(verifier.to_owned()).filter(|v| !v.is_empty()),
    })
}

fn denied(token: &str) -> FlowAction {
    FlowAction::Returned(ProviderReturn::Denied { token: token.into() })
}

#[test]
fn three_legs() {
    let id = CallId::next();
    let f = run(vec![started(Step::RequestToken, id)]);
    assert!(
        f.busy() && !f.can_authorize(),
        "busy from the click, before the signature"
    );
    assert_eq!(f.status, "Get request token: signing…");
    let f = f.reduce(signed(Step::RequestToken, id));
    assert_eq!(f.status, "Get request token: signed, sending…");
    let f = f.reduce(received(
        Step::RequestToken,
        id,
        200,
        "oauth_token=rt&oauth_token_secret=rs&oauth_callback_confirmed=true",
    ));
    assert!(!f.busy());
    assert_eq!(f.status, "Request token received. Next: Authorize.");
    assert_eq!(f.request_token().map(|t| t.token.as_str()), Some("rt"));
    assert_eq!(f.pending.callback_confirmed, Some(true));
    assert!(f.can_authorize() && !f.can_get_access_token());
    let f = f.reduce(returned("rt", "v"));
    assert!(f.can_get_access_token());
    assert!(f.status.contains("Get access token"));
    let f = answered(
        Step::AccessToken,
        200,
        "oauth_token=at&oauth_token_secret=as&user_id=7",
    )
    .into_iter()
    .fold(f, |f, a| f.reduce(a));
    let at = f.pending.access_token.clone().unwrap();
    assert_eq!((at.token.as_str(), at.secret.as_str()), ("at", "as"));
    assert_eq!(f.pending.access_extra, vec![("user_id".into(), "7".into())]);
    assert!(f.request_token().is_none(), "a request token is single-use");
    let f = answered(Step::Resource, 200, "{}")
        .into_iter()
        .fold(f, |f, a| f.reduce(a));
    assert_eq!(f.status, "Try it: HTTP 200, the token works.");
}

#[test]
fn refuses_a_foreign_token_on_return() {
    let mut actions = answered(Step::RequestToken, 200, "oauth_token=rt&oauth_token_secret=rs");
    actions.push(returned("evil", "v"));
    let f = run(actions);
    assert_eq!(
        f.alert.as_deref(),
        Some(
            "Refused: the provider returned oauth_token \"evil\", which is not the pending request token \
             \"rt\". Continuing could let someone else's token be bound to you (RFC 5849 §4.13). Start over."
        )
    );
    assert!(f.pending.verifier.is_empty());
    let f = f.reduce(returned("rt", ""));
    assert_eq!(
        f.alert.as_deref(),
        Some("The provider sent you back without oauth_verifier; OAuth 1.0a needs it (§2.2).")
    );
    let f = run(vec![returned("x", "v")]);
    assert!(
        f.alert.as_deref().unwrap_or_default().starts_with(
            "The provider sent you back with a token, but this tab has no pending request token"
        )
    );
}

#[test]
fn start_over_ignores_late_responses() {
    let id = CallId::next();
    let f = run(vec![
        started(Step::RequestToken, id),
        signed(Step::RequestToken, id),
        FlowAction::StartOver,
    ]);
    let f = f.reduce(received(
        Step::RequestToken,
        id,
        200,
        "oauth_token=rt&oauth_token_secret=rs",
    ));
    assert!(f.request_token().is_none());
    assert_eq!(f.step(Step::RequestToken), &Call::default());
    assert_eq!(f.status, "Started over. Saved tokens are kept.");
}

#[test]
fn a_newer_call_of_a_step_wins() {
    let (old, new) = (CallId::next(), CallId::next());
    let f = run(vec![
        started(Step::RequestToken, old),
        started(Step::RequestToken, new),
        received(
            Step::RequestToken,
            old,
            200,
            "oauth_token=old&oauth_token_secret=s",
        ),
    ]);
    assert!(f.request_token().is_none() && f.busy());
    let f = f.reduce(received(
        Step::RequestToken,
        new,
        200,
        "oauth_token=new&oauth_token_secret=s",
    ));
    assert_eq!(f.request_token().map(|t| t.token.as_str()), Some("new"));
}

#[test]
fn failures_are_recorded_on_the_step() {
    let f = run(answered(Step::RequestToken, 401, "oauth_problem=nonce_used"));
    assert!(matches!(
        f.step(Step::RequestToken).outcome,
        Some(Outcome::Problem { .. })
    ));
    assert_eq!(
        f.status,
        "Get request token: failed with HTTP 401. See the explanation."
    );
    assert!(f.request_token().is_none());
    let id = CallId::next();
    let f = f.reduce(started(Step::RequestToken, id)).reduce(event(
        Step::RequestToken,
        id,
        CallStage::Failed(CallError::Transport(TransportError::Fetch {
            relayed: false,
            detail: "x".into(),
        })),
    ));
    let error = f.step(Step::RequestToken).error.as_ref().unwrap();
    assert!(crate::state::outcome::error_text(error).contains("CORS"));
    assert_eq!(f.status, "Get request token: no response.");
    let f = f.reduce(FlowAction::Refused(Step::AccessToken, "m".into()));
    assert_eq!(
        f.step(Step::AccessToken).error,
        Some(CallError::Input("m".into()))
    );
    assert_eq!(f.status, "Get access token: could not sign the request.");
    // A signature that fails after Start over belongs to the abandoned flow.
    let id = CallId::next();
    let f = f
        .reduce(started(Step::RequestToken, id))
        .reduce(FlowAction::StartOver)
        .reduce(event(
            Step::RequestToken,
            id,
            CallStage::Failed(CallError::Input("late".into())),
        ));
    assert_eq!(f.step(Step::RequestToken).error, None);
}

#[test]
fn oob_pin_and_denial() {
    let mut actions = answered(Step::RequestToken, 200, "oauth_token=rt&oauth_token_secret=rs");
    actions.push(FlowAction::SetVerifier("123456".into()));
    let f = run(actions);
    assert!(f.can_get_access_token());
    // Any page may link here with ?denied=: only the pending token's denial counts.
    for other in ["", "someone-elses-token"] {
        let g = f.clone().reduce(denied(other));
        assert!(g.can_authorize() && g.can_get_access_token(), "denied={other:?}");
        assert_eq!(g.pending, f.pending);
        assert_eq!(
            g.alert,
            Some(format!(
                "Ignored: the address said denied=\"{other}\", which is not the pending request token \
                 (the pending request token is kept). A denial counts only when it names the token being \
                 authorized."
            ))
        );
    }
    let f = f.reduce(denied("rt"));
    assert!(!f.can_get_access_token());
    assert!(
        !f.can_authorize(),
        "a denied request token is gone at the provider"
    );
    assert_eq!(
        f.alert.as_deref(),
        Some("Authorization was denied (token rt). Start over to try again.")
    );
    let fresh = Rc::new(Flow::default()).reduce(denied("rt"));
    assert!(
        fresh
            .alert
            .clone()
            .unwrap_or_default()
            .contains("this tab has no pending request token")
    );
}

#[test]
fn pending_reads_back_what_it_writes() {
    let p = Pending {
        request_token: Some(TokenPair {
            token: "rt".into(),
            secret: "rs".into(),
        }),
        callback_confirmed: Some(false),
        verifier: "v".into(),
        access_token: Some(TokenPair {
            token: "at".into(),
            secret: "as".into(),
        }),
        access_extra: vec![("user_id".into(), "7".into())],
    };
    let v = crate::state::json::parse(&crate::state::json::text(|out| p.write(out))).unwrap();
    let f = crate::state::json::Fields::of(&v, "pending").unwrap();
    assert_eq!(Pending::read(&f).unwrap(), p);
    let empty = crate::state::json::parse("{}").unwrap();
    let f = crate::state::json::Fields::of(&empty, "pending").unwrap();
    assert_eq!(Pending::read(&f).unwrap(), Pending::default());
    let bad = crate::state::json::parse(r#"{"request_token": {"token": 5}}"#).unwrap();
    let f = crate::state::json::Fields::of(&bad, "pending").unwrap();
    assert_eq!(
        Pending::read(&f).unwrap_err(),
        "pending: \"request_token\": \"token\" is not text"
    );
}
