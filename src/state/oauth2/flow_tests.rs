//! The code + PKCE flow's steps, natively: the URL, the callback's checks and the token
//! request, byte for byte, and the finished token in the shared store beside an OAuth 1.0a one.

#![allow(clippy::unwrap_used)]

use oauth2::{ClientAuth, Response, Secret, parse_token_response};
use token_store::Document;

use super::config::Config;
use super::flow::{Pending, callback, is_callback, start, token_request};
use super::saved;

const PAGE: &str = "http://127.0.0.1:8080/oauth2/";
const ISSUER: &str = "http://127.0.0.1:8080/sandbox/oauth2";

pub(super) fn config() -> Config {
    Config {
        issuer: ISSUER.into(),
        authorization_endpoint: format!("{ISSUER}/authorize"),
        token_endpoint: format!("{ISSUER}/token"),
        jwks_uri: format!("{ISSUER}/jwks"),
        client_id: "playground-spa".into(),
        scope: "openid profile".into(),
        relay: false,
        iss_required: true,
        ..Config::default()
    }
}

/// Bytes 0, 1, 2, … so every random value is known.
fn counting() -> impl FnMut(&mut [u8]) {
    let mut n = 0u8;
    move |b: &mut [u8]| {
        for x in b {
            *x = n;
            n = n.wrapping_add(1);
        }
    }
}

fn pending() -> Pending {
    start(&config(), PAGE, &mut counting()).unwrap().pending
}

#[test]
fn the_authorization_url_parameter_by_parameter() {
    let started = start(&config(), PAGE, &mut counting()).unwrap();
    // base64url of bytes 0..32, 32..64, 64..96 (RFC 4648 §5, no padding).
    let verifier = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let state = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";
    let nonce = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8";
    assert_eq!(started.pending.verifier.expose(), verifier);
    assert_eq!(started.pending.state, state);
    assert_eq!(started.pending.nonce.as_deref(), Some(nonce));
    let challenge = oauth2::pkce::challenge_of(verifier, oauth2::ChallengeMethod::S256);
    assert_eq!(started.pkce.challenge, challenge);
    // RFC 7636 Appendix B's challenge: the SHA-256 digest Web Crypto would give for its verifier.
    let digest = oauth2::base64url_decode("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").unwrap();
    assert_eq!(
        super::flow::second_opinion(&digest, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
        ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(), true)
    );
    assert!(!super::flow::second_opinion(&digest, "other").1);
    assert_eq!(
        started.url.url,
        format!(
            "{ISSUER}/authorize?response_type=code&client_id=playground-spa\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Foauth2%2F&scope=openid+profile&state={state}\
             &code_challenge={challenge}&code_challenge_method=S256&nonce={nonce}"
        )
    );
    let names: Vec<&str> = started.url.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "nonce"
        ]
    );
    assert!(started.url.parameters.iter().all(|p| !p.why.is_empty()));
    // The verifier itself never appears in the URL.
    assert!(!started.url.url.contains(verifier));
    // No nonce without openid; a javascript: endpoint is refused.
    let mut c = config();
    c.scope = "api.read".into();
    assert_eq!(start(&c, PAGE, &mut counting()).unwrap().pending.nonce, None);
    c.authorization_endpoint = "javascript:alert(1)//".into();
    assert!(start(&c, PAGE, &mut counting()).is_err());
}

#[test]
fn extra_parameters_go_last_and_may_not_repeat_the_requests_own() {
    let mut c = config();
    c.authorize_params = "access_type=offline&prompt=consent".into();
    let started = start(&c, PAGE, &mut counting()).unwrap();
    assert!(
        started.url.url.ends_with("&access_type=offline&prompt=consent"),
        "{}",
        started.url.url
    );
    let last: Vec<(&str, &str, &str)> = started.url.parameters[8..]
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str(), p.why.as_str()))
        .collect();
    assert_eq!(
        last,
        [
            ("access_type", "offline", "an extra parameter you added"),
            ("prompt", "consent", "an extra parameter you added")
        ]
    );
    // They are part of the request step 1 keeps, so a pushed request (PAR) carries them too.
    assert_eq!(started.request.extra.len(), 2);
    c.authorize_params = "state=mine".into();
    assert_eq!(
        start(&c, PAGE, &mut counting()).err().as_deref(),
        Some("state is set by this request; remove it from the extra parameters")
    );
    c.authorize_params = "=x".into();
    assert_eq!(
        start(&c, PAGE, &mut counting()).err().as_deref(),
        Some("the extra parameter =x has no name")
    );
}

#[test]
fn the_pending_flow_survives_the_trip() {
    let p = pending();
    assert_eq!(Pending::from_form(&p.to_form()), Some(p));
    assert_eq!(Pending::from_form("state=x"), None);
}

#[test]
fn the_callback_checks_state_then_iss() {
    let p = pending();
    let ok = format!(
        "{PAGE}?code=the-code&state={}&iss={}",
        p.state, "http%3A%2F%2F127.0.0.1%3A8080%2Fsandbox%2Foauth2"
    );
    let r = callback(&p, &ok);
    assert_eq!(r.code, Ok(Secret::new("the-code")));
    assert_eq!(
        r.checks.iter().map(|c| (c.name, c.passed)).collect::<Vec<_>>(),
        [("state", Some(true)), ("iss", Some(true))]
    );
    assert!(
        r.checks[1]
            .detail
            .starts_with("http://127.0.0.1:8080/sandbox/oauth2 is the issuer")
    );

    let forged = format!("{PAGE}?code=the-code&state=forged&iss={ISSUER}");
    let r = callback(&p, &forged);
    assert_eq!(
        r.checks.iter().map(|c| (c.name, c.passed)).collect::<Vec<_>>(),
        [("state", Some(false)), ("iss", None)]
    );
    assert!(
        r.code
            .unwrap_err()
            .contains("the state \"forged\" is not the one this request sent")
    );

    let mixed_up = format!("{PAGE}?code=c&state={}&iss=http%3A%2F%2Fevil.example", p.state);
    let r = callback(&p, &mixed_up);
    assert_eq!(r.checks[1].passed, Some(false));
    assert!(r.checks[1].detail.contains("mix-up"));

    let no_iss = format!("{PAGE}?code=c&state={}", p.state);
    assert_eq!(callback(&p, &no_iss).checks[1].passed, Some(false));

    let denied = format!("{PAGE}?error=access_denied&state={}&iss={ISSUER}", p.state);
    assert!(callback(&p, &denied).code.unwrap_err().contains("access_denied"));
    assert!(is_callback("?code=x&state=y"));
    assert!(!is_callback("?x=1"));
}

#[test]
fn the_token_request_and_the_saved_token() {
    let p = pending();
    let auth = p.client_auth(&config()).unwrap();
    assert_eq!(
        auth,
        ClientAuth::None {
            client_id: "playground-spa".into()
        }
    );
    let built = token_request(&p, Secret::new("the-code"), auth.clone()).unwrap();
    assert_eq!(built.request.method, "POST");
    assert_eq!(built.request.url, format!("{ISSUER}/token"));
    assert_eq!(
        built.request.body,
        format!(
            "grant_type=authorization_code&code=the-code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Foauth2%2F\
             &code_verifier={}&client_id=playground-spa",
            p.verifier.expose()
        )
    );
    let body = br#"{"access_token":"at-1","token_type":"Bearer","expires_in":3600,"scope":"openid profile","refresh_token":"rt-1","x_extra":{"a":1}}"#;
    let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    let response = parse_token_response(Response::new(200, &headers, body)).unwrap();
    let entry = saved::entry(&p, &auth, &response, 1_000, "2026-12-02T19:00:00.000Z", 1_000_000);

    // Beside an OAuth 1.0a entry already stored: both kept.
    let oauth1 = r#"{"schema":"oauth-playground/tokens","version":2,"current":"1-AAA","tokens":[{"id":"1-AAA","name":"x","provider":"Local sandbox","created":"2026-12-01T00:00:00.000Z","protocol":"oauth1","consumer_key":"ck","token":"AAA","token_secret":"s","signature_method":"HMAC-SHA1"}]}"#;
    let text = saved::save(Some(oauth1), entry).unwrap();
    let doc = Document::parse(&text).unwrap();
    assert_eq!(doc.tokens.len(), 2);
    assert_eq!(doc.tokens[0].oauth1().unwrap().token, "AAA");
    let t = doc.tokens[1].oauth2().unwrap();
    assert_eq!(t.access_token.expose(), "at-1");
    assert_eq!(t.refresh_token.as_ref().unwrap().expose(), "rt-1");
    assert_eq!(t.expires_at, Some(4_600));
    assert_eq!(t.issuer.as_deref(), Some(ISSUER));
    assert_eq!(t.endpoints.token.as_deref(), Some(&*format!("{ISSUER}/token")));
    assert_eq!(doc.tokens[1].provider, "127.0.0.1");
    assert!(text.contains(r#""x_extra":{"a":1}"#));
    // An unreadable store is not overwritten.
    assert!(saved::save(Some("{not json"), doc.tokens[1].clone()).is_err());
}

const CALLBACK: &str = "http://127.0.0.1:8080/callback";

/// The sandbox's confidential client, registered for the loopback /callback only: the
/// learner pastes the URL the browser arrived at.
fn confidential(method: &str) -> Config {
    Config {
        client_id: "playground-web".into(),
        client_secret: Secret::new("playground-web-secret"),
        auth_method: method.into(),
        redirect_uri: CALLBACK.into(),
        ..config()
    }
}

#[test]
fn a_confidential_client_authenticates_with_the_secret_it_has_now() {
    let c = confidential("");
    let p = start(&c, PAGE, &mut counting()).unwrap().pending;
    assert_eq!(p.redirect_uri, CALLBACK);
    assert_eq!(p.auth_method, "client_secret_basic");
    // The secret is not kept with the pending request: it is read again at redeem time.
    assert!(!p.to_form().contains("secret="), "{}", p.to_form());
    assert_eq!(Pending::from_form(&p.to_form()), Some(p.clone()));

    let built = token_request(&p, Secret::new("the-code"), p.client_auth(&c).unwrap()).unwrap();
    let header = built
        .request
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap();
    assert_eq!(header.1, "Basic cGxheWdyb3VuZC13ZWI6cGxheWdyb3VuZC13ZWItc2VjcmV0");
    assert_eq!(
        built.request.body,
        format!(
            "grant_type=authorization_code&code=the-code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback\
             &code_verifier={}",
            p.verifier.expose()
        )
    );
    // The workings show the header masked, and how Basic was made.
    assert!(
        !built
            .workings
            .http
            .contains("cGxheWdyb3VuZC13ZWI6cGxheWdyb3VuZC13ZWItc2VjcmV0")
    );
    assert!(built.workings.basic.is_some());
    assert!(
        built
            .workings
            .to_string()
            .contains("Authorization: Basic, RFC 6749 §2.3.1")
    );

    // The saved entry keeps the method and the secret, for a later refresh.
    let body = br#"{"access_token":"at-1","token_type":"Bearer"}"#;
    let response = parse_token_response(Response::new(200, &[], body)).unwrap();
    let auth = p.client_auth(&c).unwrap();
    let entry = saved::entry(&p, &auth, &response, 1_000, "2026-12-02T19:00:00.000Z", 1_000_000);
    let t = entry.oauth2().unwrap();
    assert_eq!(t.client_id, "playground-web");
    assert_eq!(
        t.client_secret.as_ref().unwrap().expose(),
        "playground-web-secret"
    );
    assert_eq!(
        t.token_endpoint_auth_method,
        token_store::ClientAuth::ClientSecretBasic
    );

    let gone = Config {
        client_secret: Secret::new(""),
        ..c.clone()
    };
    let why = "This request was started by the confidential client playground-web \
               (client_secret_basic), but the configuration no longer holds its secret: enter it \
               again under Configuration.";
    assert_eq!(p.client_auth(&gone), Err(why.into()));
    let other = Config {
        client_id: "someone-else".into(),
        ..c
    };
    assert_eq!(p.client_auth(&other), Err(why.into()));
}

#[test]
fn client_secret_post_sends_the_secret_in_the_body() {
    let c = confidential("client_secret_post");
    let p = start(&c, PAGE, &mut counting()).unwrap().pending;
    assert_eq!(p.auth_method, "client_secret_post");
    let built = token_request(&p, Secret::new("the-code"), p.client_auth(&c).unwrap()).unwrap();
    assert!(built.request.headers.iter().all(|(n, _)| n != "Authorization"));
    assert!(
        built
            .request
            .body
            .ends_with("&client_id=playground-web&client_secret=playground-web-secret"),
        "{}",
        built.request.body
    );
}

#[test]
fn a_pasted_callback_must_come_to_the_registered_redirect_uri() {
    let p = start(&confidential(""), PAGE, &mut counting()).unwrap().pending;
    let pasted = format!("{CALLBACK}?code=the-code&state={}&iss={ISSUER}", p.state);
    let r = callback(&p, &pasted);
    assert_eq!(r.code, Ok(Secret::new("the-code")));
    // The same answer at the page's own address is not this request's callback.
    let elsewhere = format!("{PAGE}?code=the-code&state={}&iss={ISSUER}", p.state);
    let r = callback(&p, &elsewhere);
    assert_eq!(
        r.checks.iter().map(|c| (c.name, c.passed)).collect::<Vec<_>>(),
        [("callback", Some(false)), ("state", None), ("iss", None)]
    );
    assert_eq!(
        r.code,
        Err(
            "refused: the callback went to http://127.0.0.1:8080/oauth2/, not to the redirect URI \
             http://127.0.0.1:8080/callback; it is not the answer to this request"
                .into()
        )
    );
}

#[test]
fn a_token_request_with_a_dpop_proof() {
    let p = pending();
    let auth = p.client_auth(&config()).unwrap();
    let built = super::flow::token_request_with(&p, Secret::new("the-code"), auth, Some("eyJ.a.b")).unwrap();
    assert_eq!(built.request.header("DPoP"), Some("eyJ.a.b"));
    assert!(
        built.workings.http.contains("DPoP: eyJ.a.b… (a DPoP proof)"),
        "{}",
        built.workings.http
    );
}
