use oauth2::resource::Placement;
use token_store::{Credential, Entry, OAuth2Token, Secret};

use super::console::*;
use super::saved;

fn token(kind: &str) -> OAuth2Token {
    OAuth2Token {
        client_id: "playground-spa".into(),
        access_token: Secret::new("AbCdEfGhIjKlMnOp"),
        token_type: kind.into(),
        scope: "openid profile".into(),
        issuer: Some("http://127.0.0.1:8080/sandbox/oauth2".into()),
        ..OAuth2Token::default()
    }
}

#[test]
fn choices_are_the_oauth2_entries_newest_first() {
    let first = Entry::new(
        Credential::OAuth2(token("Bearer")),
        "one",
        "p",
        "2026-01-01T00:00:00.000Z",
        1,
    );
    let dpop = OAuth2Token {
        access_token: Secret::new("ZyXwVuTsRqPoNmLk"),
        ..token("DPoP")
    };
    let second = Entry::new(
        Credential::OAuth2(dpop),
        "two",
        "p",
        "2026-01-01T00:00:01.000Z",
        2,
    );
    let raw = saved::save(None, first).unwrap();
    let raw = saved::save(Some(&raw), second).unwrap();
    let c = choices(Some(&raw)).unwrap();
    assert_eq!(c.len(), 2);
    let masked = Secret::new("ZyXwVuTsRqPoNmLk").masked();
    assert_eq!(c[0].label, format!("two — DPoP {masked}, scope openid profile"));
    assert!(
        !c[0].label.contains("ZyXwVu"),
        "the token is masked in the picker"
    );
    assert_eq!(c[1].token.token_type, "Bearer");
    assert!(choices(None).unwrap().is_empty());
    assert!(choices(Some("not json")).is_err());
}

#[test]
fn the_header_by_default_and_the_query_with_its_warning() {
    let t = token("Bearer");
    let form = Form::for_token(&t);
    assert_eq!(form.url, "http://127.0.0.1:8080/sandbox/oauth2/userinfo");
    assert_eq!(form.placement, Placement::Header);
    let b = build(&form, &t, None).unwrap();
    assert_eq!(b.request.header("Authorization"), Some("Bearer AbCdEfGhIjKlMnOp"));
    assert!(b.workings.notes.is_empty());
    let q = Form {
        placement: Placement::Query,
        ..form.clone()
    };
    let b = build(&q, &t, None).unwrap();
    assert_eq!(
        b.request.url,
        "http://127.0.0.1:8080/sandbox/oauth2/userinfo?access_token=AbCdEfGhIjKlMnOp"
    );
    assert!(b.workings.notes[0].starts_with("RFC 6750 §2.3: a token in the URL leaks"));
    // CORS preflights refuse Cache-Control: the page leaves it out, and says so.
    assert_eq!(b.request.header("Cache-Control"), None);
    assert!(!b.workings.http.contains("Cache-Control"), "{}", b.workings.http);
    assert_eq!(b.workings.notes[1], NO_CACHE_CONTROL);
    assert!(Placement::Header.warning().is_none());
    assert!(Placement::FormBody.warning().unwrap().contains("never GET"));
    let body = Form {
        method: "post".into(),
        body: "a=1".into(),
        placement: Placement::FormBody,
        ..form.clone()
    };
    assert_eq!(
        build(&body, &t, None).unwrap().request.body,
        "a=1&access_token=AbCdEfGhIjKlMnOp"
    );
    let json = Form {
        body: r#"{"a":1}"#.into(),
        ..body
    };
    assert!(
        build(&json, &t, None)
            .unwrap_err()
            .contains("application/x-www-form-urlencoded")
    );
    let bad = Form {
        url: "file:///etc/passwd".into(),
        ..form
    };
    assert!(check(&bad, &t).is_err(), "http(s) only");
}

#[test]
fn dpop_tokens_need_a_proof_and_the_header() {
    let t = token("DPoP");
    assert!(is_dpop(&t));
    let form = Form::for_token(&t);
    assert!(check(&form, &t).is_ok());
    assert!(build(&form, &t, None).is_err());
    let b = build(&form, &t, Some("eyJ.proof")).unwrap();
    assert_eq!(b.request.header("Authorization"), Some("DPoP AbCdEfGhIjKlMnOp"));
    assert_eq!(b.request.header("DPoP"), Some("eyJ.proof"));
    let q = Form {
        placement: Placement::Query,
        ..form
    };
    assert!(check(&q, &t).unwrap_err().contains("RFC 9449 §7.1"));
}

#[test]
fn the_proof_claims_and_the_nonce_retry() {
    let jwk = serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "BB"});
    let at = oauth2::Secret::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");
    let p = proof(
        "get",
        "https://rs.example/me?x=1#f",
        Some(&at),
        Some("n1".into()),
        1_700_000_000,
        jwk.clone(),
        |b| b.fill(3),
    )
    .unwrap();
    assert_eq!(p.header["typ"], "dpop+jwt");
    assert_eq!(p.header["alg"], "ES256");
    assert_eq!(p.header["jwk"], jwk);
    assert_eq!(p.claims["htm"], "GET");
    assert_eq!(p.claims["htu"], "https://rs.example/me");
    assert_eq!(p.claims["iat"], 1_700_000_000);
    // RFC 9449 §7.1's example token and its ath.
    assert_eq!(p.claims["ath"], "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    assert_eq!(p.claims["nonce"], "n1");
    assert_eq!(p.claims["jti"].as_str().unwrap().len(), 43);
    let shown = decoded(&p);
    assert!(
        shown.contains("\"typ\": \"dpop+jwt\"") && shown.contains("\"htu\": \"https://rs.example/me\""),
        "{shown}"
    );
    let token_proof = proof("POST", "https://as.example/token", None, None, 1, jwk, |b| {
        b.fill(3)
    })
    .unwrap();
    assert!(
        token_proof.claims.get("ath").is_none(),
        "no ath at the token endpoint"
    );
    let h = [
        ("DPoP-Nonce".to_owned(), "abc".to_owned()),
        (
            "WWW-Authenticate".to_owned(),
            r#"DPoP error="use_dpop_nonce""#.to_owned(),
        ),
    ];
    assert_eq!(retry_nonce(None, 401, &h, b"").as_deref(), Some("abc"));
    assert_eq!(retry_nonce(Some("abc"), 401, &h, b""), None, "retried once only");
    assert_eq!(retry_nonce(None, 200, &h, b""), None);
}

#[test]
fn body_types() {
    assert_eq!(content_type(""), None);
    assert_eq!(content_type("a=1&b=2"), Some("application/x-www-form-urlencoded"));
    assert_eq!(content_type(" {\"a\":1}"), Some("application/json"));
    assert_eq!(content_type("hello world"), Some("text/plain; charset=utf-8"));
}
