#![allow(clippy::unwrap_used)]

use oauth2::{Response, parse_token_response};

use super::*;

/// The error as the page gets it: a token endpoint's JSON error answer, parsed.
fn refused(status: u16, body: &str) -> Error {
    let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    parse_token_response(Response::new(status, &headers, body.as_bytes())).unwrap_err()
}

const GRANT: &str = "(the code, refresh token or device code is invalid, expired, already used, or was \
                     issued to another client or redirect URI; with PKCE, the verifier may not match the \
                     challenge).";

#[test]
fn a_wrong_verifier_is_a_pkce_failure() {
    // The sandbox's words (crates/cli/src/sandbox/oauth2/token.rs).
    let e = refused(
        400,
        r#"{"error":"invalid_grant","error_description":"code_verifier does not match: the code_challenge (S256) was X, and BASE64URL(SHA-256(code_verifier)) of this code_verifier is Y (RFC 7636 §4.6)"}"#,
    );
    assert_eq!(
        token_error(&e, false),
        format!(
            "The token endpoint refused: invalid_grant: code_verifier does not match: the code_challenge \
             (S256) was X, and BASE64URL(SHA-256(code_verifier)) of this code_verifier is Y (RFC 7636 §4.6) \
             {GRANT} PKCE: the code_verifier does not match the challenge: the server hashed the verifier \
             sent and got another code_challenge than the one step 1 sent (RFC 7636 §4.6). The verifier is \
             kept in this tab only: start again at step 1 in the same tab."
        )
    );
    let pkce = refused(
        400,
        r#"{"error":"invalid_grant","error_description":"PKCE verification failed"}"#,
    );
    assert!(token_error(&pkce, false).contains("PKCE: the code_verifier does not match the challenge"));
}

#[test]
fn a_reused_or_expired_code() {
    let e = refused(
        400,
        r#"{"error":"invalid_grant","error_description":"this code was already exchanged"}"#,
    );
    assert_eq!(
        token_error(&e, false),
        format!(
            "The token endpoint refused: invalid_grant: this code was already exchanged {GRANT} A code \
             works once, and only for a short time (RFC 6749 §4.1.2): if it was sent already, or the trip \
             took long, start again at step 1 for a new code."
        )
    );
    let e = refused(
        400,
        r#"{"error":"invalid_grant","error_description":"redirect_uri http://a/ is not http://b/"}"#,
    );
    assert!(token_error(&e, false).ends_with(
        "The redirect_uri of the token request must be exactly the one of the authorization request \
         (RFC 6749 §4.1.3): start again at step 1."
    ));
}

#[test]
fn the_client_and_the_registration() {
    let e = refused(
        401,
        r#"{"error":"invalid_client","error_description":"bad secret"}"#,
    );
    assert_eq!(
        token_error(&e, false),
        "The token endpoint refused: invalid_client: bad secret (client authentication failed: wrong id or \
         secret, or a method the server does not accept for this client (try client_secret_post instead of \
         client_secret_basic, or the reverse)). Check the client secret under Configuration, and how it is \
         sent: a server may accept client_secret_basic only, or client_secret_post only (RFC 6749 §2.3.1): \
         try the other. A public client leaves the secret empty."
    );
    assert_eq!(
        token_error(&refused(400, r#"{"error":"redirect_uri_mismatch"}"#), false),
        "The token endpoint refused: redirect_uri_mismatch. The redirect URI must equal one registered with \
         the provider, character for character (scheme, host, port, path, trailing slash): register the one \
         shown under Configuration."
    );
    assert_eq!(
        token_error(&refused(400, r#"{"error":"invalid_scope"}"#), false),
        "The token endpoint refused: invalid_scope (a requested scope is unknown, malformed or more than was \
         granted). Change the scope under Configuration: the server's metadata lists the scopes it knows \
         (scopes_supported)."
    );
    assert_eq!(
        token_error(&refused(400, r#"{"error":"unauthorized_client"}"#), false),
        "The token endpoint refused: unauthorized_client (this client may not use this grant type). Allow \
         this grant type for the client where it is registered, at the provider."
    );
    assert_eq!(
        token_error(&refused(400, r#"{"error":"unsupported_grant_type"}"#), false),
        "The token endpoint refused: unsupported_grant_type (the server does not support this grant type). \
         This server does not offer this grant: its metadata lists the ones it does (grant_types_supported)."
    );
    // An unknown code: the server's words only; a dropped error_uri is said.
    assert_eq!(
        token_error(
            &refused(400, r#"{"error":"x_custom","error_uri":"javascript:alert(1)"}"#),
            false
        ),
        "The token endpoint refused: x_custom. The error_uri was dropped: the URL \"javascript:alert(1)\" \
         must start with http:// or https://."
    );
    // Not an error document: the crate's own words.
    let e = Error::UnexpectedStatus {
        status: 502,
        body: "Bad Gateway".into(),
    };
    assert_eq!(token_error(&e, true), e.to_string());
}

#[test]
fn microsofts_cross_origin_rules() {
    let spa = r#"{"error":"invalid_request","error_description":"AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."}"#;
    assert_eq!(
        token_error(&refused(400, spa), true),
        "The token endpoint refused: invalid_request: AADSTS9002327: Tokens issued for the 'Single-Page \
         Application' client-type may only be redeemed via cross-origin requests. (the request is missing a \
         parameter, repeats one or is malformed). The relay dropped the page's Origin. Microsoft: a \
         \"Single-page application\" redirect's codes must be redeemed cross-origin, with the page's Origin: \
         send the token request from the page directly, or through the relay with \"Forward the page's \
         Origin\" on."
    );
    let web = r#"{"error":"invalid_request","error_description":"AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."}"#;
    assert!(token_error(&refused(400, web), false).ends_with(
        "Microsoft: this redirect URI is registered as \"Web\", whose codes may not be redeemed cross-origin: \
         send the token request through the relay with \"Forward the page's Origin\" off, or register the \
         redirect URI as \"Single-page application\"."
    ));
}

#[test]
fn a_direct_fetch_without_an_answer_names_the_presets_that_need_the_relay() {
    let e = TransportError::Fetch {
        relayed: false,
        detail: "Failed to fetch".into(),
    };
    assert_eq!(
        transport_error(&e),
        "The browser could not read the answer (Failed to fetch). Sent directly, this is most often CORS: the \
         endpoint sent no Access-Control-Allow-Origin for this page. These providers' token endpoints send \
         none, so the page needs the relay (\"Send the token request through the relay\" under \
         Configuration): GitHub, X (OAuth 2.0), Discord, Slack (Sign in with Slack), MediaWiki (OAuth 2.0, \
         Wikimedia). These send it only to origins an admin lists: Okta (org), Keycloak (realm), Salesforce; \
         add this page's origin there. Microsoft Entra ID answers cross-origin only for \"Single-page \
         application\" registrations, which must be redeemed with the page's Origin: through the relay, turn \
         \"Forward the page's Origin\" on. Otherwise, check that the host is reachable."
    );
    // Through the relay, the engine's words (the relay's own refusal, or an unreachable host).
    let relayed = TransportError::Fetch {
        relayed: true,
        detail: "Failed to fetch".into(),
    };
    assert_eq!(transport_error(&relayed), relayed.explain());
}
