#![allow(clippy::unwrap_used)]

use oauth2::introspection::parse_introspection;
use oauth2::{Response, Secret, parse_token_response};
use token_store::{ClientAuth as Saved, OAuth2Endpoints};

use super::*;

const ISS: &str = "https://as.example";

fn response(body: &str) -> TokenResponse {
    parse_token_response(Response::new(200, &[], body.as_bytes())).unwrap()
}

fn set(method: Saved, secret: Option<&str>) -> OAuth2Token {
    let client = engine::oauth2_token::SavedClient {
        client_id: "c".into(),
        secret: secret.map(Secret::new),
        method,
        private_key: None,
    };
    let issued = engine::oauth2_token::Issued {
        issuer: Some(ISS.into()),
        endpoints: OAuth2Endpoints {
            token: Some(format!("{ISS}/token")),
            ..OAuth2Endpoints::default()
        },
        now: 1_000,
        ..Default::default()
    };
    engine::oauth2_token::token_from(
        &response(
            r#"{"access_token":"a1","token_type":"Bearer","expires_in":3600,"refresh_token":"r1","scope":"openid"}"#,
        ),
        client,
        issued,
    )
}

fn config(issuer: &str) -> Config {
    Config {
        issuer: issuer.into(),
        token_endpoint: format!("{issuer}/token"),
        revocation_endpoint: format!("{issuer}/revoke"),
        introspection_endpoint: format!("{issuer}/introspect"),
        ..Config::default()
    }
}

#[test]
fn the_countdown_reads_as_time_left() {
    assert_eq!(countdown(Some(1_192), 1_000), "expires in 3 min 12 s");
    assert_eq!(countdown(Some(1_059), 1_000), "expires in 59 s");
    assert_eq!(
        countdown(Some(1_000 + 3_600 + 120), 1_000),
        "expires in 1 h 2 min"
    );
    assert_eq!(countdown(Some(1_000), 1_000), "expired");
    assert_eq!(countdown(Some(10), 1_000), "expired");
    assert_eq!(
        countdown(None, 1_000),
        "no expiry given (the response had no expires_in)"
    );
}

#[test]
fn a_refresh_is_due_shortly_before_expiry() {
    let t = set(Saved::None, None);
    // Expires at 4600.
    assert!(!refresh_due(&t, 4_600 - LEAD_SECS - 1));
    assert!(refresh_due(&t, 4_600 - LEAD_SECS));
    assert!(refresh_due(&t, 9_999));
    let mut no_refresh = t.clone();
    no_refresh.refresh_token = None;
    assert!(!refresh_due(&no_refresh, 9_999));
    let mut no_exp = t;
    no_exp.expires_at = None;
    assert!(!refresh_due(&no_exp, 9_999));
}

#[test]
fn endpoints_come_from_the_set_then_the_same_servers_configuration() {
    let mut t = set(Saved::None, None);
    let e = endpoints(&t, &config(ISS));
    assert_eq!(e.token.as_deref(), Some("https://as.example/token"));
    assert_eq!(e.introspection.as_deref(), Some("https://as.example/introspect"));
    assert_eq!(e.revocation.as_deref(), Some("https://as.example/revoke"));
    // Another server's configuration lends nothing: the token would go to it.
    let other = endpoints(&t, &config("https://evil.example"));
    assert_eq!(other.token.as_deref(), Some("https://as.example/token"));
    assert_eq!((other.revocation, other.introspection), (None, None));
    // Saved endpoints win; a non-http(s) one is dropped.
    t.endpoints.revocation = Some("https://as.example/r2".into());
    t.endpoints.introspection = Some("javascript:alert(1)".into());
    let e = endpoints(&t, &config(ISS));
    assert_eq!(e.revocation.as_deref(), Some("https://as.example/r2"));
    assert_eq!(e.introspection, None);
    let err = op_request(Op::Introspect, &t, Which::Access, &config(ISS)).unwrap_err();
    assert_eq!(
        err,
        "The token was saved without an introspection endpoint, and the configuration names none for its server."
    );
}

#[test]
fn requests_authenticate_as_the_set_was_saved() {
    let public = set(Saved::None, None);
    let b = refresh_request(&public, &config(ISS)).unwrap();
    assert_eq!(b.request.url, "https://as.example/token");
    assert_eq!(
        b.request.body,
        "grant_type=refresh_token&refresh_token=r1&client_id=c"
    );
    let basic = set(Saved::ClientSecretBasic, Some("s"));
    let b = op_request(Op::Revoke, &basic, Which::Refresh, &config(ISS)).unwrap();
    assert_eq!(b.request.url, "https://as.example/revoke");
    assert_eq!(b.request.body, "token=r1&token_type_hint=refresh_token");
    assert_eq!(b.request.header("Authorization"), Some("Basic Yzpz"));
    let b = op_request(Op::Introspect, &public, Which::Access, &config(ISS)).unwrap();
    assert_eq!(
        b.request.body,
        "token=a1&token_type_hint=access_token&client_id=c"
    );
    let lost = set(Saved::ClientSecretPost, None);
    assert!(
        refresh_request(&lost, &config(ISS))
            .unwrap_err()
            .contains("without its client secret")
    );
    let jwt = set(Saved::PrivateKeyJwt, Some("pem"));
    assert!(
        refresh_request(&jwt, &config(ISS))
            .unwrap_err()
            .contains("use the CLI")
    );
    let mut none = public.clone();
    none.refresh_token = None;
    assert_eq!(
        refresh_request(&none, &config(ISS)).unwrap_err(),
        "The token has no refresh token; log in again."
    );
}

fn stored(t: &OAuth2Token) -> (String, Entry) {
    let other = Entry::new(
        Credential::OAuth1(token_store::OAuth1Token::default()),
        "one",
        "p",
        "2026-01-01T00:00:00Z",
        1,
    );
    let e = Entry::new(
        Credential::OAuth2(t.clone()),
        "as",
        "as",
        "2026-01-01T00:00:00Z",
        2,
    );
    let mut doc = Document::default();
    doc.upsert(other);
    doc.upsert(e.clone());
    let e = doc.tokens[1].clone();
    (doc.to_json().unwrap(), e)
}

#[test]
fn a_refresh_saves_the_rotated_refresh_token_in_place() {
    let (raw, entry) = stored(&set(Saved::None, None));
    let r = response(r#"{"access_token":"a2","token_type":"Bearer","expires_in":60,"refresh_token":"r2"}"#);
    let saved = save_refreshed(Some(&raw), &entry, &r, 2_000).unwrap();
    assert!(saved.rotated);
    let listed = list(Some(&saved.text)).unwrap();
    assert_eq!(listed.len(), 1, "replaced, not added");
    assert_eq!(listed[0].id, entry.id);
    let t = listed[0].oauth2().unwrap();
    assert_eq!((t.access_token.expose(), t.expires_at), ("a2", Some(2_060)));
    assert_eq!(t.refresh_token.as_ref().map(Secret::expose), Some("r2"));
    assert_eq!(t.scope, "openid");
    assert_eq!(
        Document::parse(&saved.text).unwrap().tokens.len(),
        2,
        "the OAuth 1.0a entry stays"
    );
    // No refresh token in the response: the old one stays (RFC 6749 §6).
    let kept = save_refreshed(
        Some(&raw),
        &entry,
        &response(r#"{"access_token":"a3","token_type":"Bearer"}"#),
        2_000,
    )
    .unwrap();
    assert!(!kept.rotated);
    assert_eq!(kept.token.refresh_token.as_ref().map(Secret::expose), Some("r1"));
    // Deleted meanwhile: added again, not lost.
    let gone = delete(Some(&raw), &entry.id).unwrap();
    assert!(list(Some(&gone)).unwrap().is_empty());
    let back = save_refreshed(Some(&gone), &entry, &r, 2_000).unwrap();
    assert_eq!(
        list(Some(&back.text)).unwrap()[0]
            .oauth2()
            .unwrap()
            .access_token
            .expose(),
        "a2"
    );
    assert!(list(Some("not json")).is_err());
    assert!(list(None).unwrap().is_empty());
}

#[test]
fn introspection_shows_active_and_readable_times() {
    let body = br#"{"active":true,"scope":"openid","client_id":"c","exp":1795752497,"cnf":{"jkt":"x"}}"#;
    let i = parse_introspection(Response::new(200, &[], body)).unwrap();
    assert_eq!(active_text(i.active), "active: yes");
    let claims = introspection_claims(body);
    let names: Vec<&str> = claims.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["client_id", "cnf", "exp", "scope"]);
    assert_eq!(claims[1].value, r#"{"jkt":"x"}"#);
    assert_eq!(claims[2].time.as_deref(), Some("2026-11-27T04:08:17Z"));
    assert_eq!(active_text(false), "active: no");
    assert_eq!(introspection_claims(br#"{"active":false}"#), vec![]);
}
