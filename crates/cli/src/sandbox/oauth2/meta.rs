//! Discovery (RFC 8414 §2, OIDC Discovery §3: one document served at both well-known URLs,
//! its `issuer` the one they were fetched for), the JWKS (RFC 7517 §5), key rotation on
//! demand, and the test clock.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::json;

use super::form::Params;
use super::reply::{Answer, Refusal, json};
use super::{AuthServer, clients, issuer};

pub async fn discovery(headers: HeaderMap) -> Answer {
    let iss = issuer(&headers);
    let scopes: Vec<&str> = clients::SCOPES.iter().map(|(s, _)| *s).collect();
    Ok(json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}/authorize"),
        "token_endpoint": format!("{iss}/token"),
        "jwks_uri": format!("{iss}/jwks"),
        "userinfo_endpoint": format!("{iss}/userinfo"),
        "revocation_endpoint": format!("{iss}/revoke"),
        "introspection_endpoint": format!("{iss}/introspect"),
        "device_authorization_endpoint": format!("{iss}/device_authorization"),
        "pushed_authorization_request_endpoint": format!("{iss}/par"),
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": [clients::CODE, clients::REFRESH, clients::CLIENT_CREDENTIALS, clients::DEVICE_CODE, clients::TOKEN_EXCHANGE],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "dpop_signing_alg_values_supported": super::proof::ALGS,
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "name", "preferred_username", "email", "email_verified"],
        "authorization_response_iss_parameter_supported": true,
        "require_pushed_authorization_requests": false,
    })))
}

pub async fn jwks(State(server): State<Arc<AuthServer>>) -> Answer {
    Ok(json(server.jwks()))
}

/// `POST /sandbox/oauth2/jwks/rotate`: a new RSA and EC key sign from now on; the previous
/// pair stays published. Answers the new JWKS.
pub async fn rotate(State(server): State<Arc<AuthServer>>) -> Answer {
    let s = server.clone();
    tokio::task::spawn_blocking(move || s.rotate())
        .await
        .map_err(|e| Refusal::new("server_error", e.to_string()).status(StatusCode::INTERNAL_SERVER_ERROR))?
        .map_err(|e| Refusal::new("server_error", e.to_string()).status(StatusCode::INTERNAL_SERVER_ERROR))?;
    Ok(json(server.jwks()))
}

/// `POST /sandbox/oauth2/test/clock` with `advance=SECONDS`: moves the server's clock
/// forward, so tests see codes and tokens expire without waiting. Only with
/// `serve --sandbox-test-clock`; otherwise 404.
pub async fn advance(State(server): State<Arc<AuthServer>>, body: Bytes) -> Answer {
    let Some(offset) = &server.clock_offset else {
        return Ok(Refusal::new(
            "not_found",
            "the test clock is off; start serve with --sandbox-test-clock",
        )
        .status(StatusCode::NOT_FOUND)
        .into_response());
    };
    let params = Params::parse(&body)?;
    let seconds: u64 = params
        .required("advance")?
        .parse()
        .map_err(|_| Refusal::invalid_request("advance is a whole number of seconds"))?;
    offset.fetch_add(seconds, Ordering::SeqCst);
    Ok(json(json!({ "now": server.now() })))
}
