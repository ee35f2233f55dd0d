//! The identify JWT of MediaWiki's Extension:OAuth, checked against a fixture made by PyJWT
//! (tests/fixtures/make_mediawiki_identify.py), which shares no code with the engine.
#![allow(clippy::unwrap_used)]

use base64::Engine;
use engine::mediawiki_identify::{Expected, IdentifyError, verify};
use oauth1::Secret;

const JWT: &str = include_str!("fixtures/mediawiki-identify.jwt");
const KEY: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0e1f2a3b4";
const ISSUED: u64 = 1_795_752_500;

fn expected(now: u64) -> Expected<'static> {
    Expected {
        wiki: "https://meta.wikimedia.org/w/index.php?title=Special:OAuth/identify",
        consumer_key: KEY,
        nonce: "kllo9940pd9333jh",
        now,
        leeway: 30,
    }
}

/// (name, passed) of every check.
fn results(jwt: &str, secret: &str, e: &Expected<'_>) -> Vec<(&'static str, bool)> {
    verify(jwt, &Secret::new(secret), e)
        .unwrap()
        .checks
        .iter()
        .map(|c| (c.name, c.passed))
        .collect()
}

fn failed(jwt: &str, secret: &str, e: &Expected<'_>) -> Vec<String> {
    let id = verify(jwt, &Secret::new(secret), e).unwrap();
    id.checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect()
}

#[test]
fn the_fixture_verifies_and_decodes() {
    let id = verify(JWT, &Secret::new(SECRET), &expected(ISSUED + 10)).unwrap();
    assert!(id.verified(), "{:#?}", id.checks);
    assert_eq!(id.username(), Some("Example Learner"));
    assert_eq!(id.claims["sub"], serde_json::json!(48217));
    assert_eq!(id.claims["grants"], serde_json::json!(["mwoauth-authonly"]));
    assert_eq!(id.header["typ"], "JWT");
    let details: Vec<String> = id
        .checks
        .iter()
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect();
    assert_eq!(
        details,
        [
            "signature: HS256 over the header and claims with the consumer secret matches",
            "iss: iss https://meta.wikimedia.org is the wiki's origin",
            "aud: aud is the consumer key",
            "nonce: nonce is the identify request's oauth_nonce",
            "iat: iat 1795752500 is not in the future (clock 1795752510, leeway 30 s)",
            "exp: exp 1795752600 has not passed (clock 1795752510, leeway 30 s)",
        ]
    );
}

#[test]
fn each_check_fails_on_its_own() {
    let now = ISSUED + 10;
    assert_eq!(
        failed(JWT, "another secret", &expected(now)),
        [
            "signature: HS256 with the consumer secret gives another signature: the secret is wrong, or the token was \
          altered"
        ]
    );
    let other_wiki = Expected {
        wiki: "https://en.wikipedia.org/",
        ..expected(now)
    };
    assert_eq!(
        failed(JWT, SECRET, &other_wiki),
        ["iss: iss \"https://meta.wikimedia.org\" is not the wiki's origin https://en.wikipedia.org"]
    );
    let other_key = Expected {
        consumer_key: "someone-else",
        ..expected(now)
    };
    assert_eq!(
        failed(JWT, SECRET, &other_key),
        ["aud: aud \"0a1b2c3d4e5f60718293a4b5c6d7e8f9\" is not the consumer key, \"someone-else\""]
    );
    let other_nonce = Expected {
        nonce: "replayed",
        ..expected(now)
    };
    assert_eq!(
        failed(JWT, SECRET, &other_nonce),
        ["nonce: nonce \"kllo9940pd9333jh\" is not the identify request's oauth_nonce, \"replayed\""]
    );
    // The clock: within the leeway on both sides, then outside it.
    assert!(results(JWT, SECRET, &expected(ISSUED - 30)).iter().all(|r| r.1));
    assert_eq!(
        failed(JWT, SECRET, &expected(ISSUED - 31)),
        ["iat: iat 1795752500 is 31 s ahead of this clock (1795752469); allowed: 30 s"]
    );
    assert!(results(JWT, SECRET, &expected(1_795_752_630)).iter().all(|r| r.1));
    assert_eq!(
        failed(JWT, SECRET, &expected(1_795_752_631)),
        ["exp: exp 1795752600 passed 31 s before this clock (1795752631); allowed: 30 s"]
    );
}

#[test]
fn altered_claims_break_the_signature() {
    let parts: Vec<&str> = JWT.trim().split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = String::from_utf8(b64.decode(parts[1]).unwrap()).unwrap();
    let forged = b64.encode(claims.replace("Example Learner", "Admin"));
    let jwt = format!("{}.{forged}.{}", parts[0], parts[2]);
    let id = verify(&jwt, &Secret::new(SECRET), &expected(ISSUED)).unwrap();
    assert_eq!(id.username(), Some("Admin"));
    assert!(!id.verified());
    assert_eq!(
        id.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.name)
            .collect::<Vec<_>>(),
        ["signature"]
    );
}

#[test]
fn what_is_not_an_hs256_jwt_is_refused() {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = JWT.trim().split('.').collect();
    let none = format!("{}.{}.", b64.encode(r#"{"alg":"none"}"#), parts[1]);
    let e = expected(ISSUED);
    let err = |jwt: &str| verify(jwt, &Secret::new(SECRET), &e).unwrap_err();
    assert_eq!(err(&none), IdentifyError::Algorithm("none".into()));
    assert_eq!(
        err(&none).to_string(),
        "the JWT is signed with \"none\"; MediaWiki signs identify with HS256, and nothing else is accepted"
    );
    assert_eq!(err("a.b"), IdentifyError::NotCompact);
    assert_eq!(err("a.b.c.d"), IdentifyError::NotCompact);
    assert_eq!(err("!!.e30.e30"), IdentifyError::Base64("header"));
    assert_eq!(
        err(&format!("{}.WzFd.e30", parts[0])),
        IdentifyError::Json("claims")
    );
}
