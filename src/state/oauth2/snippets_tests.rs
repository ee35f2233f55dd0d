//! The OAuth 2.0 snippets, exact text.

use super::*;

const URL: &str = "https://api.example/me?x=1";

/// A confidential client's set whose values need quoting in every language.
fn set() -> TokenSet {
    TokenSet {
        name: "Sandbox 'a'".into(),
        client_id: "cid".into(),
        client_secret: Some("s$e\"c\\r'et\n2".into()),
        auth: ClientAuth::ClientSecretBasic,
        access_token: "at$1'\"\\".into(),
        token_type: "bearer".into(),
        expires_at: Some(1_700_000_000),
        refresh_token: Some("rt-1".into()),
        scope: "openid email".into(),
        token_url: Some("https://as.example/token".into()),
        issuer: Some("https://as.example".into()),
    }
}

/// A public client's DPoP-bound set on a local http server, with no refresh token.
fn public_dpop() -> TokenSet {
    TokenSet {
        client_secret: None,
        auth: ClientAuth::None,
        refresh_token: None,
        expires_at: None,
        issuer: None,
        token_type: "DPoP".into(),
        token_url: Some("http://127.0.0.1:9/token".into()),
        ..set()
    }
}

fn post() -> TokenSet {
    TokenSet {
        issuer: None,
        auth: ClientAuth::ClientSecretPost,
        ..set()
    }
}

/// The expected text: tests/fixtures/oauth2_snippets/CASE.KIND.txt.
macro_rules! expected {
    ($case:literal, $kind:literal) => {
        include_str!(concat!(
            "../../../tests/fixtures/oauth2_snippets/",
            $case,
            ".",
            $kind,
            ".txt"
        ))
    };
}

fn text(kind: Kind, s: &TokenSet, url: &str) -> String {
    generate(kind, s, url).unwrap()
}

#[test]
fn every_kind_for_a_confidential_client_quotes_every_value() {
    let s = set();
    assert_eq!(text(Kind::Curl, &s, URL), expected!("set", "curl"));
    assert_eq!(text(Kind::Requests, &s, URL), expected!("set", "requests"));
    assert_eq!(text(Kind::GoogleAuth, &s, URL), expected!("set", "google-auth"));
    assert_eq!(
        text(Kind::OpenidClient, &s, URL),
        expected!("set", "openid-client")
    );
    assert_eq!(text(Kind::Rust, &s, URL), expected!("set", "rust"));
    assert_eq!(text(Kind::Cli, &s, URL), expected!("set", "cli"));
    assert_eq!(text(Kind::Env, &s, URL), expected!("set", "env"));
}

#[test]
fn a_dpop_token_of_a_public_client_without_refresh() {
    let (s, url) = (public_dpop(), "http://127.0.0.1:9/me");
    assert_eq!(text(Kind::Curl, &s, url), expected!("public_dpop", "curl"));
    assert_eq!(
        text(Kind::Requests, &s, url),
        expected!("public_dpop", "requests")
    );
    assert_eq!(
        text(Kind::OpenidClient, &s, url),
        expected!("public_dpop", "openid-client")
    );
    assert_eq!(text(Kind::Rust, &s, url), expected!("public_dpop", "rust"));
    assert_eq!(text(Kind::Cli, &s, url), expected!("public_dpop", "cli"));
    assert_eq!(text(Kind::Env, &s, url), expected!("public_dpop", "env"));
}

#[test]
fn client_secret_post_without_an_issuer() {
    assert_eq!(
        text(Kind::OpenidClient, &post(), URL),
        expected!("post", "openid-client")
    );
    assert_eq!(text(Kind::Rust, &post(), URL), expected!("post", "rust"));
}

#[test]
fn curl_for_a_bearer_token() {
    assert_eq!(
        text(Kind::Curl, &set(), URL),
        "# The access token as a bearer credential (RFC 6750 §2.1): send it over TLS only.\n\
         curl -sS 'https://api.example/me?x=1' \\\n  -H 'Authorization: Bearer at$1'\\''\"\\'\n"
    );
}

#[test]
fn kinds_labels_and_google_only_for_google() {
    let labels: Vec<_> = KINDS.iter().map(|k| k.0.label()).collect();
    assert_eq!(
        labels,
        [
            "curl",
            "Python (requests-oauthlib, auto-refresh)",
            "Python (google-auth)",
            "Node (openid-client)",
            "Rust (oauth2 crate)",
            "oauth-playground request",
            ".env"
        ]
    );
    assert_eq!(Kind::parse("openid-client"), Kind::OpenidClient);
    assert_eq!(Kind::parse("?"), Kind::Curl);
    assert!(!Kind::offered(&set()).contains(&Kind::GoogleAuth));
    assert_eq!(Kind::offered(&set()).len(), 6);
    for token_url in [
        "https://oauth2.googleapis.com/token",
        "https://accounts.google.com/o/oauth2/token",
    ] {
        let google = TokenSet {
            token_url: Some(token_url.into()),
            issuer: None,
            ..set()
        };
        assert_eq!(Kind::offered(&google), KINDS.map(|k| k.0).to_vec(), "{token_url}");
    }
    let lookalike = TokenSet {
        token_url: Some("https://oauth2.googleapis.com.evil.example/token".into()),
        ..set()
    };
    assert!(!lookalike.is_google());
}

#[test]
fn masked_hides_the_tokens_and_the_secret_only() {
    let m = set().masked();
    assert_eq!(m.access_token, "•••••••");
    assert_eq!(m.refresh_token.as_deref(), Some("••••"));
    assert_eq!(m.client_secret.as_deref(), Some("••••••••••••"));
    assert_eq!((m.client_id.as_str(), m.name.as_str()), ("cid", "Sandbox 'a'"));
    let shown = text(Kind::Env, &m, URL);
    assert!(!shown.contains("rt-1") && !shown.contains("at$1"), "{shown}");
}

#[test]
fn urls_must_be_http_or_https() {
    let e = generate(Kind::Curl, &set(), "javascript:alert(1)").unwrap_err();
    assert_eq!(
        e,
        "The resource URL: Refused: the URL \"javascript:alert(1)\" must start with http:// or https://."
    );
    let bad_token_url = TokenSet {
        token_url: Some("file:///etc/passwd".into()),
        ..set()
    };
    let e = generate(Kind::Requests, &bad_token_url, URL).unwrap_err();
    assert_eq!(
        e,
        "The token endpoint: Refused: the URL \"file:///etc/passwd\" must start with http:// or https://."
    );
    assert_eq!(
        generate(Kind::Env, &set(), "  ").unwrap_err(),
        "Give the URL of a resource to call with the token."
    );
}

#[test]
fn a_store_entry_becomes_a_set() {
    use token_store::{Credential, OAuth2Endpoints, OAuth2Token, Secret};
    let token = OAuth2Token {
        client_id: "cid".into(),
        client_secret: Some(Secret::new("")),
        access_token: Secret::new("at"),
        token_type: "Bearer".into(),
        refresh_token: Some(Secret::new("rt")),
        endpoints: OAuth2Endpoints {
            token: Some("https://as.example/token".into()),
            ..OAuth2Endpoints::default()
        },
        ..OAuth2Token::default()
    };
    let entry = Entry::new(Credential::OAuth2(token), "n", "p", "2026-01-01T00:00:00Z", 0);
    let s = TokenSet::of(&entry).unwrap();
    assert_eq!(s.client_secret, None, "an empty secret is none");
    assert_eq!(s.refresh_token.as_deref(), Some("rt"));
    assert_eq!(s.token_url.as_deref(), Some("https://as.example/token"));
    assert_eq!(s.name, "n");
}
