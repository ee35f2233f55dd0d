use super::*;
use oauth1::Problem;

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body)
}

#[test]
fn a_token_response_stays_typed() {
    let o = Outcome::of(
        &resp(
            200,
            "oauth_token=t&oauth_token_secret=s%2B1&oauth_callback_confirmed=true&user_id=42",
        ),
        Expect::Tokens,
        "",
    );
    let Outcome::Tokens(t) = o else { panic!("{o:?}") };
    assert_eq!(t.token, "t");
    assert_eq!(t.token_secret.expose(), "s+1");
    assert_eq!(t.callback_confirmed, Some(true));
    assert_eq!(t.extra, vec![("user_id".to_owned(), "42".to_owned())]);
}

#[test]
fn signature_invalid_with_debug_sbs_gives_the_diff_at_the_exact_offset() {
    let o = Outcome::of(
        &resp(
            401,
            "oauth_problem=signature_invalid&debug_sbs=POST%26https%253A%252F%252Fp%252Fx%26a%253D1%2526b%253D2",
        ),
        Expect::Tokens,
        "POST&https%3A%2F%2Fp%2Fx&a%3D1%26b%3D3",
    );
    let Outcome::Problem {
        problem,
        diff: Some(d),
    } = &o
    else {
        panic!("{o:?}")
    };
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(d.theirs, "POST&https%3A%2F%2Fp%2Fx&a%3D1%26b%3D2");
    assert_eq!(d.at, Some(37));
    assert_eq!(d.split(&d.ours), ("POST&https%3A%2F%2Fp%2Fx&a%3D1%26b%3D", "3"));
    assert_eq!(
        o.report(&resp(401, ""), str::to_owned),
        "The provider answered HTTP 401.\n\
         oauth_problem=signature_invalid\n  The provider computed a different signature. Check the consumer \
         secret and token secret, then compare the base strings.\n\
         The provider's base string (debug_sbs):\n  POST&https%3A%2F%2Fp%2Fx&a%3D1%26b%3D2\n\
         The base string signed here:\n  POST&https%3A%2F%2Fp%2Fx&a%3D1%26b%3D3\n\
         The base strings first differ at character 38. Ours from there: 3\n"
    );
}

#[test]
fn the_report_passes_what_the_provider_sent_through_shown() {
    let mut problem = Problem::new("nonce_used\r\n").with_advice("a\nb");
    problem.debug_sbs = Some("GET&\u{1b}x".into());
    let r = HttpResponse {
        version: Some("HTTP/1.1"),
        status_text: "Unauthorized\u{7}".into(),
        ..resp(401, &problem.to_body())
    };
    let o = Outcome::of(&r, Expect::Resource, "GET&x");
    let escaped = |s: &str| s.escape_debug().to_string();
    assert_eq!(
        o.report(&r, escaped),
        "The provider answered HTTP/1.1 401 Unauthorized\\u{7}.\n\
         oauth_problem=nonce_used\\r\\n\n  The provider reported a problem; its advice, if any, is shown with it.\n\
         Provider's advice: a\\nb\n\
         The provider's base string (debug_sbs):\n  GET&\\u{1b}x\n\
         The base string signed here:\n  GET&x\n\
         The base strings first differ at character 5. Ours from there: x\n"
    );
}

#[test]
fn the_problem_comes_from_the_body_else_from_www_authenticate() {
    let r = resp(401, "").with_header(
        "www-authenticate",
        "OAuth realm=\"x\", oauth_problem=\"timestamp_refused\", oauth_acceptable_timestamps=\"100-200\"",
    );
    let o = Outcome::of(&r, Expect::Resource, "");
    let Outcome::Problem { problem, diff: None } = &o else {
        panic!("{o:?}")
    };
    assert_eq!(problem.problem, "timestamp_refused");
    assert_eq!(
        problem_details(problem),
        vec![("Acceptable timestamps", "100-200".to_owned())]
    );
    // The body wins over the header.
    let both = resp(401, "oauth_problem=nonce_used")
        .with_header("WWW-Authenticate", "OAuth oauth_problem=\"token_rejected\"");
    assert_eq!(find_problem(&both).unwrap().problem, "nonce_used");
    // A success is a problem only when it says so.
    assert_eq!(
        find_problem(&resp(200, "oauth_token=a&oauth_token_secret=b")),
        None
    );
    assert_eq!(
        find_problem(&resp(200, "oauth_problem=permission_denied"))
            .unwrap()
            .problem,
        "permission_denied"
    );
}

#[test]
fn html_instead_of_a_token_response_is_explained() {
    let o = Outcome::of(&resp(200, "<html><body>Log in</body></html>"), Expect::Tokens, "");
    assert_eq!(
        o,
        Outcome::Failed(Failure::NotTokens {
            status: 200,
            error: oauth1::Error::InvalidTokenResponse(
                "the body is HTML, XML or JSON, not form-encoded oauth_token=…&oauth_token_secret=…".into()
            )
        })
    );
    let Outcome::Failed(failure) = &o else {
        panic!("{o:?}")
    };
    assert_eq!(
        failure.to_string(),
        "The provider answered 200 but the response is not a token response: the body is HTML, XML or \
         JSON, not form-encoded oauth_token=…&oauth_token_secret=…. Check that this URL is the token \
         endpoint and not a web page."
    );
    let ok = HttpResponse {
        version: Some("HTTP/1.1"),
        status_text: "OK".into(),
        ..resp(200, "")
    };
    assert_eq!(
        o.report(&ok, str::to_owned),
        "The provider answered HTTP/1.1 200 OK.\n\
         But the response is not a token response: the body is HTML, XML or JSON, not form-encoded \
         oauth_token=…&oauth_token_secret=…. Check that this URL is the token endpoint and not a web page.\n"
    );
    // The same body from a resource is a success.
    assert_eq!(
        Outcome::of(&resp(200, "<html></html>"), Expect::Resource, ""),
        Outcome::Resource
    );
}

#[test]
fn http_errors_without_a_problem_get_advice() {
    let mut r = resp(404, "nope");
    r.status_text = "Not Found".into();
    let o = Outcome::of(&r, Expect::Tokens, "");
    assert_eq!(
        o.report(&r, str::to_owned),
        "The provider answered HTTP 404 Not Found.\n\
         It did not say why (no oauth_problem in the body or the WWW-Authenticate header). Not found: the \
         URL is wrong for this provider, or the method (GET/POST) is.\n"
    );
    let Outcome::Failed(failure) = &o else {
        panic!("{o:?}")
    };
    assert_eq!(
        failure.to_string(),
        "HTTP 404 Not Found. Not found: the URL is wrong for this provider, or the method (GET/POST) is."
    );
    assert!(!o.succeeded());
    let relayed = HttpResponse {
        via_relay: true,
        ..resp(502, "bad gateway")
    };
    let Outcome::Failed(failure) = Outcome::of(&relayed, Expect::Resource, "") else {
        panic!("not a failure")
    };
    assert_eq!(
        failure.to_string(),
        "HTTP 502. Server error, from the relay or the provider behind it: the relay may not reach the \
         provider."
    );
}

#[test]
fn a_relay_refusal_is_not_the_providers_answer() {
    let r = HttpResponse {
        via_relay: true,
        ..resp(
            502,
            r#"{"error":"upstream_unreachable","message":"dns error: no such host"}"#,
        )
    };
    let o = Outcome::of(&r, Expect::Tokens, "");
    let Outcome::RelayRefused(refusal) = &o else {
        panic!("{o:?}")
    };
    assert_eq!(refusal.code, "upstream_unreachable");
    assert_eq!(refusal.message, "dns error: no such host");
}
