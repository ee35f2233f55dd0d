//! The endpoints that take a token: userinfo (OIDC Core §5.3, the sandbox's resource: Bearer
//! per RFC 6750 §2.1–§2.3, or DPoP per RFC 9449 §7.1), revocation (RFC 7009 §2) and
//! introspection (RFC 7662 §2).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::IntoResponse;
use oauth2::Secret;
use serde_json::json;

use super::form::Params;
use super::reply::{Answer, Refusal, json};
use super::server::user_claims;
use super::{AuthServer, issuer, proof, token};
use crate::sandbox::state::USER_ID;

/// The access token as the request presents it (RFC 6750 §2): the `Authorization` header
/// with its scheme, the `access_token` of a form body (§2.2: POST-like, form-encoded), or
/// of the query (§2.3); more than one is refused (§2). `(scheme, token)`.
fn presented<'a>(
    method: &Method,
    headers: &'a HeaderMap,
    query: &'a Params,
    form: &'a Params,
) -> Result<(&'static str, &'a str), Refusal> {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|a| a.split_once(' ').unwrap_or((a, "")));
    let scheme = match auth {
        Some((s, _)) if s.eq_ignore_ascii_case("dpop") => "DPoP",
        _ => "Bearer",
    };
    let in_body = form.get("access_token").filter(|_| *method != Method::GET);
    let ways = [auth.map(|(_, t)| t.trim()), in_body, query.get("access_token")];
    match ways
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()[..]
    {
        [] => Err(Refusal::invalid_token(
            scheme,
            "send the access token as Authorization: Bearer TOKEN (RFC 6750 §2.1), or DPoP TOKEN with a proof",
        )),
        [token] => Ok((scheme, token)),
        _ => Err(Refusal::invalid_request(
            "the access token is presented more than one way; use exactly one (RFC 6750 §2)",
        )),
    }
}

/// `GET|POST /sandbox/oauth2/userinfo`
pub async fn userinfo(
    State(server): State<Arc<AuthServer>>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Answer {
    let query = Params::parse(query.unwrap_or_default().as_bytes())?;
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| {
            c.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    let form = if is_form {
        Params::parse(&body)?
    } else {
        Params::default()
    };
    let (scheme, token) = presented(&method, &headers, &query, &form)?;
    let now = server.now();
    let access = server
        .store()
        .access(now, token)
        .map_err(|why| Refusal::invalid_token(scheme, why))?;
    match (&access.grant.jkt, scheme) {
        (Some(bound), "DPoP") => {
            let url = format!("{}/userinfo", issuer(&headers));
            let presented = proof::jkt(
                &server,
                &headers,
                method.as_str(),
                &url,
                Some(&Secret::new(token)),
            )
            .map_err(|r| r.challenge("DPoP"))?;
            proof::same_key(bound, presented.as_deref(), "this access token")
                .map_err(|r| r.challenge("DPoP"))?;
        }
        (Some(_), _) => {
            return Err(Refusal::invalid_token(
                "DPoP",
                "this access token is DPoP-bound: send it as Authorization: DPoP TOKEN with a DPoP proof (RFC 9449 §7.1)",
            ));
        }
        (None, "DPoP") => {
            return Err(Refusal::invalid_token(
                "Bearer",
                "this access token is a Bearer token, not DPoP-bound: send Authorization: Bearer TOKEN",
            ));
        }
        (None, _) => {}
    }
    if !access.grant.has("openid") {
        return Err(Refusal::new(
            "insufficient_scope",
            "userinfo needs a token granted the openid scope",
        )
        .challenge(scheme)
        .status(StatusCode::FORBIDDEN));
    }
    let mut body = json!({ "sub": USER_ID });
    for (k, v) in user_claims(&access.grant) {
        body[k] = v;
    }
    Ok(json(body))
}

/// `POST /sandbox/oauth2/revoke` (RFC 7009 §2.1): 200 whether or not the token was known
/// (§2.2), so a client learns nothing from it.
pub async fn revoke(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Answer {
    let params = Params::parse(&body)?;
    let client = token::authenticate_client(&server, &params, &body, &headers, "/revoke")?;
    let token = params.required("token")?;
    let now = server.now();
    server.store().revoke(now, token, client.id);
    Ok(StatusCode::OK.into_response())
}

/// `POST /sandbox/oauth2/introspect` (RFC 7662 §2.2): `active` and, when active, what the
/// token stands for. A token of another client reads as inactive.
pub async fn introspect(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Answer {
    let params = Params::parse(&body)?;
    let client = token::authenticate_client(&server, &params, &body, &headers, "/introspect")?;
    let token = params.required("token")?;
    let now = server.now();
    let found = server
        .store()
        .lookup(now, token)
        .filter(|(g, _, _)| g.client_id == client.id);
    let Some((grant, exp, kind)) = found else {
        return Ok(json(json!({ "active": false })));
    };
    let mut body = json!({
        "active": true,
        "scope": grant.scope.join(" "),
        "client_id": grant.client_id,
        "token_type": if kind == "access_token" && grant.jkt.is_some() { "DPoP" } else if kind == "access_token" { "Bearer" } else { "refresh_token" },
        "exp": exp,
        "iss": issuer(&headers),
    });
    if grant.auth_time.is_some() {
        body["sub"] = USER_ID.into();
    }
    if let Some(jkt) = &grant.jkt {
        body["cnf"] = json!({ "jkt": jkt });
    }
    Ok(json(body))
}
