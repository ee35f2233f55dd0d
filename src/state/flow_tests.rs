use super::*;

fn signed(step: Step) -> FlowAction {
    FlowAction::Signed {
        step,
        generation: 0,
        request: PreparedRequest {
            method: "POST".into(),
            url: "http://p/x".into(),
            headers: vec![],
            body: String::new(),
        },
        explanation: Box::new(sample_explanation()),
    }
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

fn received(step: Step, status: u16, body: &str) -> FlowAction {
    FlowAction::Received {
        step,
        generation: 0,
        response: HttpResponse {
            status,
            body: body.into(),
            ..HttpResponse::default()
        },
    }
}

fn run(actions: Vec<FlowAction>) -> Rc<Flow> {
    actions
        .into_iter()
        .fold(Rc::new(Flow::default()), |f, a| f.reduce(a))
}

#[test]
fn three_legs() {
    let f = run(vec![FlowAction::Signing(Step::RequestToken)]);
    assert!(
        f.busy() && !f.can_authorize(),
        "busy from the click, before the signature"
    );
    assert_eq!(f.status, "Get request token: signing…");
    let f = run(vec![
        FlowAction::Signing(Step::RequestToken),
        signed(Step::RequestToken),
        received(
            Step::RequestToken,
            200,
            "oauth_token=rt&oauth_token_secret=rs&oauth_callback_confirmed=true",
        ),
    ]);
    assert!(!f.busy());
    assert_eq!(f.request_token().map(|t| t.token.as_str()), Some("rt"));
    assert_eq!(f.pending.callback_confirmed, Some(true));
    assert!(f.can_authorize() && !f.can_get_access_token());
    let f = f.reduce(FlowAction::Returned {
        token: "rt".into(),
        verifier: "v".into(),
    });
    assert!(f.can_get_access_token());
    assert!(f.status.contains("Get access token"));
    let f = f.reduce(signed(Step::AccessToken)).reduce(received(
        Step::AccessToken,
        200,
        "oauth_token=at&oauth_token_secret=as&user_id=7",
    ));
    let at = f.pending.access_token.clone().unwrap();
    assert_eq!((at.token.as_str(), at.secret.as_str()), ("at", "as"));
    assert_eq!(f.pending.access_extra, vec![("user_id".into(), "7".into())]);
    assert!(f.request_token().is_none(), "a request token is single-use");
}

#[test]
fn refuses_a_foreign_token_on_return() {
    let f = run(vec![
        signed(Step::RequestToken),
        received(Step::RequestToken, 200, "oauth_token=rt&oauth_token_secret=rs"),
        FlowAction::Returned {
            token: "evil".into(),
            verifier: "v".into(),
        },
    ]);
    assert!(f.alert.as_deref().unwrap_or_default().contains("§4.13"));
    assert!(f.pending.verifier.is_empty());
    let f = run(vec![FlowAction::Returned {
        token: "x".into(),
        verifier: "v".into(),
    }]);
    assert!(f.alert.is_some());
}

#[test]
fn start_over_ignores_late_responses() {
    let f = run(vec![signed(Step::RequestToken), FlowAction::StartOver]);
    let f = f.reduce(received(
        Step::RequestToken,
        200,
        "oauth_token=rt&oauth_token_secret=rs",
    ));
    assert!(f.request_token().is_none());
    assert_eq!(f.generation, 1);
}

#[test]
fn failures_are_recorded_on_the_step() {
    let f = run(vec![
        signed(Step::RequestToken),
        received(Step::RequestToken, 401, "oauth_problem=nonce_used"),
    ]);
    assert!(matches!(
        f.step(Step::RequestToken).outcome,
        Some(Outcome::Problem { .. })
    ));
    assert!(f.request_token().is_none());
    let f = f
        .reduce(signed(Step::RequestToken))
        .reduce(FlowAction::TransportFailed {
            step: Step::RequestToken,
            generation: 0,
            error: TransportError::Network {
                direct: true,
                detail: "x".into(),
            },
        });
    assert!(
        f.step(Step::RequestToken)
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("CORS")
    );
    let f = f.reduce(FlowAction::SignFailed {
        step: Step::AccessToken,
        generation: 0,
        message: "m".into(),
    });
    assert_eq!(f.step(Step::AccessToken).error.as_deref(), Some("m"));
    // A signature that fails after Start over belongs to the abandoned flow.
    let f = f.reduce(FlowAction::StartOver).reduce(FlowAction::SignFailed {
        step: Step::RequestToken,
        generation: 0,
        message: "late".into(),
    });
    assert_eq!(f.step(Step::RequestToken).error, None);
}

#[test]
fn oob_pin_and_denial() {
    let f = run(vec![
        signed(Step::RequestToken),
        received(Step::RequestToken, 200, "oauth_token=rt&oauth_token_secret=rs"),
        FlowAction::SetVerifier("123456".into()),
    ]);
    assert!(f.can_get_access_token());
    // Any page may link here with ?denied=: only the pending token's denial counts.
    for other in ["", "someone-elses-token"] {
        let g = f.clone().reduce(FlowAction::Denied(other.into()));
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
    let f = f.reduce(FlowAction::Denied("rt".into()));
    assert!(!f.can_get_access_token());
    assert!(
        !f.can_authorize(),
        "a denied request token is gone at the provider"
    );
    assert_eq!(
        f.alert.as_deref(),
        Some("Authorization was denied (token rt). Start over to try again.")
    );
    let fresh = Rc::new(Flow::default()).reduce(FlowAction::Denied("rt".into()));
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
    let v = serde_json::to_value(&p).unwrap();
    let f = crate::state::json::Fields::of(&v, "pending").unwrap();
    assert_eq!(Pending::read(&f).unwrap(), p);
    let empty = serde_json::json!({});
    let f = crate::state::json::Fields::of(&empty, "pending").unwrap();
    assert_eq!(Pending::read(&f).unwrap(), Pending::default());
    let bad = serde_json::json!({"request_token": {"token": 5}});
    let f = crate::state::json::Fields::of(&bad, "pending").unwrap();
    assert_eq!(
        Pending::read(&f).unwrap_err(),
        "pending: \"request_token\": \"token\" is not text"
    );
}
