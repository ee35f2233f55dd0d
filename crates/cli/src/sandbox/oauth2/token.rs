//! The token endpoint (RFC 6749 §3.2): client authentication, then the grant: the code with
//! its PKCE verifier (§4.1.3, RFC 7636 §4.6), a refresh token rotated (§6), the client's own
//! credentials (§4.4), a device code (RFC 8628 §3.4), a token exchanged (RFC 8693 §2); a
//! DPoP proof binds what it issues
//! (RFC 9449 §5).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use oauth2::{CodeVerifier, pkce};

use super::clients::{self, AssertionContext, Client};
use super::form::Params;
use super::reply::{Answer, Refusal, json};
use super::store::Grant;
use super::{AuthServer, device, issuer, proof};

/// The client calling `endpoint` (a path under the issuer), authenticated; a client
/// assertion's `jti` is recorded so it cannot be replayed (RFC 7523 §3).
pub fn authenticate_client(
    server: &AuthServer,
    params: &Params,
    body: &[u8],
    headers: &HeaderMap,
    endpoint: &str,
) -> Result<&'static Client, Refusal> {
    let iss = issuer(headers);
    let url = format!("{iss}{endpoint}");
    let now = server.now();
    let ctx = AssertionContext {
        now,
        audiences: [&url, &iss],
    };
    let auth = clients::authenticate(params, body, headers, &ctx)?;
    if let Some((jti, exp)) = auth.assertion_jti
        && !server.store().first_use(now, &format!("assertion {jti}"), exp)
    {
        return Err(Refusal::invalid_client(format!(
            "this client_assertion (jti {jti}) was used already; make a new one per request (RFC 7523 §3)"
        )));
    }
    Ok(auth.client)
}

fn scope_within(requested: Option<&str>, allowed: &[String], what: &str) -> Result<Vec<String>, Refusal> {
    let Some(requested) = requested else {
        return Ok(allowed.to_vec());
    };
    let scope: Vec<String> = requested
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    match scope.iter().find(|s| !allowed.contains(s)) {
        Some(bad) => Err(Refusal::new(
            "invalid_scope",
            format!("scope {bad:?} is not within {what}: {}", allowed.join(" ")),
        )),
        None => Ok(scope),
    }
}

/// `POST /sandbox/oauth2/token`
pub async fn token(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Answer {
    let params = Params::parse(&body)?;
    let client = authenticate_client(&server, &params, &body, &headers, "/token")?;
    let grant_type = params.required("grant_type")?;
    let known = [
        clients::CODE,
        clients::REFRESH,
        clients::CLIENT_CREDENTIALS,
        clients::DEVICE_CODE,
        clients::TOKEN_EXCHANGE,
    ];
    if !known.contains(&grant_type) {
        return Err(Refusal::new(
            "unsupported_grant_type",
            format!(
                "grant_type {grant_type:?} is not one this server knows: {}",
                known.join(", ")
            ),
        ));
    }
    if !client.may(grant_type) {
        return Err(Refusal::new(
            "unauthorized_client",
            format!(
                "{} may not use {grant_type}; it uses {}",
                client.id,
                client.grants.join(", ")
            ),
        ));
    }
    let iss = issuer(&headers);
    let jkt = proof::jkt(&server, &headers, "POST", &format!("{iss}/token"), None)?;
    let now = server.now();
    let (grant, family) = match grant_type {
        clients::CODE => code_grant(&server, &params, client, jkt)?,
        clients::REFRESH => {
            let token = params.required("refresh_token")?;
            let (grant, family) = server.store().rotate(now, token, client.id, |g| {
                if let Some(bound) = &g.jkt {
                    proof::same_key(bound, jkt.as_deref(), "this refresh token")?;
                }
                let scope = scope_within(params.get("scope"), &g.scope, "the scope granted")?;
                Ok(Grant { scope, ..g.clone() })
            })?;
            (grant, Some(family))
        }
        clients::CLIENT_CREDENTIALS => {
            let own: Vec<String> = client
                .scopes
                .iter()
                .filter(|s| !matches!(**s, "openid" | "offline_access" | "profile" | "email"))
                .map(|s| (*s).to_owned())
                .collect();
            let scope = scope_within(params.get("scope"), &own, "what this client may ask for itself")?;
            let grant = Grant {
                client_id: client.id,
                scope,
                nonce: None,
                auth_time: None,
                jkt,
            };
            (grant, None)
        }
        clients::TOKEN_EXCHANGE => (exchange_grant(&server, &params, client, jkt)?, None),
        _ => (device::poll(&server, &params, client, jkt)?, None),
    };
    let mut body = server
        .respond(&iss, grant, family)
        .map_err(|e| Refusal::new("server_error", e.to_string()).status(StatusCode::INTERNAL_SERVER_ERROR))?;
    if grant_type == clients::TOKEN_EXCHANGE {
        // §2.2.1: required in an exchange's answer.
        body["issued_token_type"] = clients::ACCESS_TOKEN_TYPE.into();
    }
    Ok(json(body))
}

/// RFC 8693 §2.1: a live access token of this server as the subject, traded for one of
/// the caller's own, within the subject's scope (no delegation: no `actor_token`).
fn exchange_grant(
    server: &AuthServer,
    params: &Params,
    client: &Client,
    jkt: Option<String>,
) -> Result<Grant, Refusal> {
    let subject = params.required("subject_token")?;
    let kind = params.required("subject_token_type")?;
    if kind != clients::ACCESS_TOKEN_TYPE {
        return Err(Refusal::invalid_request(format!(
            "subject_token_type {kind:?}: this server exchanges its own access tokens only ({})",
            clients::ACCESS_TOKEN_TYPE
        )));
    }
    if params.get("actor_token").is_some() {
        return Err(Refusal::invalid_request(
            "this server does no delegation: send no actor_token (RFC 8693 §1.1)",
        ));
    }
    // §2.2.2: an invalid subject_token is invalid_request.
    let access = server
        .store()
        .access(server.now(), subject)
        .map_err(|why| Refusal::invalid_request(format!("subject_token: {why}")))?;
    let scope = scope_within(
        params.get("scope"),
        &access.grant.scope,
        "the subject token's scope",
    )?;
    Ok(Grant {
        client_id: client.id,
        scope,
        nonce: None,
        auth_time: None,
        jkt,
    })
}

/// §4.1.3: the code is this client's, for this exact redirect URI, and the verifier hashes
/// to the challenge (RFC 7636 §4.6). Spent only when all of that holds.
fn code_grant(
    server: &AuthServer,
    params: &Params,
    client: &Client,
    jkt: Option<String>,
) -> Result<(Grant, Option<String>), Refusal> {
    let code = params.required("code")?;
    let redirect_uri = params.required("redirect_uri")?;
    let verifier = params.get("code_verifier").ok_or_else(|| {
        Refusal::invalid_request(
            "the request has no code_verifier; this server requires PKCE (RFC 7636 §4.5)",
        )
    })?;
    CodeVerifier::new(verifier).map_err(|e| Refusal::invalid_grant(e.to_string()))?;
    let family = server.token();
    let now = server.now();
    let mut store = server.store();
    let c = store.take_code(now, code)?;
    if c.grant.client_id != client.id {
        return Err(Refusal::invalid_grant(format!(
            "this code was issued to {}, not {}",
            c.grant.client_id, client.id
        )));
    }
    if c.redirect_uri != redirect_uri {
        return Err(Refusal::invalid_grant(format!(
            "redirect_uri {redirect_uri} is not {}, the one this code was issued for (RFC 6749 §4.1.3)",
            c.redirect_uri
        )));
    }
    let got = pkce::challenge_of(verifier, c.method);
    if !oauth1::sign::constant_time_eq(got.as_bytes(), c.challenge.as_bytes()) {
        return Err(Refusal::invalid_grant(format!(
            "code_verifier does not match: the code_challenge ({method}) was {expected}, and \
             {how} of this code_verifier is {got} (RFC 7636 §4.6)",
            method = c.method,
            expected = c.challenge,
            how = match c.method {
                oauth2::ChallengeMethod::S256 => "BASE64URL(SHA-256(code_verifier))",
                oauth2::ChallengeMethod::Plain => "the plain challenge",
            },
        )));
    }
    if let Some(bound) = &c.grant.jkt {
        proof::same_key(bound, jkt.as_deref(), "this code (dpop_jkt)")?;
    }
    c.family = Some(family.clone());
    let grant = Grant {
        jkt,
        ..c.grant.clone()
    };
    Ok((grant, Some(family)))
}
