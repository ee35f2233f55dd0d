//! The id_token a grant returned (OIDC Core §3.1.3.7), checked against the issuer's JWKS
//! before anything is saved: a token set whose id_token fails is refused.

use anyhow::{Result, bail};
use oauth2::TokenResponse;
use oauth2::discovery::Metadata;
use oauth2::jwks::parse_jwks;
use oauth2::jwt::{IdTokenExpectation, Jws};

use super::client::now_secs;
use crate::http::HttpClient;
use crate::jwt::{check_id_token, fetch_jwks, subject};
use crate::terminal::printable_text;

/// The id_token's `sub` once it passes, for the store's identity; `None` without an
/// id_token. Without metadata (no issuer, no JWKS) it cannot be checked, and is said so.
pub fn check(
    http: &HttpClient,
    metadata: Option<&Metadata>,
    response: &TokenResponse,
    client_id: &str,
    nonce: Option<String>,
    explain: bool,
) -> Result<Option<String>> {
    let Some(id_token) = &response.id_token else {
        return Ok(None);
    };
    let Some((md, jwks_uri)) = metadata.and_then(|m| m.jwks_uri.as_ref().map(|j| (m, j))) else {
        eprintln!("note: the id_token is not verified: give --issuer so its JWKS is known");
        return Ok(None);
    };
    let keys = parse_jwks(&fetch_jwks(http, jwks_uri, explain)?)?;
    let jws = Jws::decode(id_token.expose())?;
    let mut expect = IdTokenExpectation::new(
        &md.issuer,
        client_id,
        i64::try_from(now_secs()?).unwrap_or(i64::MAX),
    );
    expect.nonce = nonce;
    expect.access_token = Some(response.access_token.clone());
    let report = check_id_token(&jws, &keys, &expect);
    if explain || !report.ok() {
        eprint!("id_token:\n{}", printable_text(&report.to_string()));
    }
    if !report.ok() {
        bail!("the id_token failed its checks; nothing was saved");
    }
    Ok(subject(id_token))
}
