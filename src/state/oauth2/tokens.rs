//! The Tokens panel's rules: the OAuth 2.0 sets of the shared token store, their expiry
//! countdown, and the refresh (RFC 6749 §6), revocation (RFC 7009) and introspection
//! (RFC 7662) of one, by the rules the CLI uses too (`engine::oauth2_ops`).

use engine::oauth2_ops::{self, OpError, Which};
use oauth2::introspection::introspection_request;
use oauth2::revocation::revocation_request;
use oauth2::{AuthMethod, BuiltRequest, ClientAuth, TokenResponse};
use token_store::{Credential, Document, Entry, OAuth2Token};

use super::config::Config;
use super::id_token::{Claim, claim};

/// "Refresh before expiry" refreshes this long before `expires_at`.
pub const LEAD_SECS: u64 = 60;

/// The OAuth 2.0 entries of the stored document `raw`, in its order; none stored: none.
pub fn list(raw: Option<&str>) -> Result<Vec<Entry>, String> {
    Ok(document(raw)?
        .tokens
        .into_iter()
        .filter(|e| e.oauth2().is_some())
        .collect())
}

fn document(raw: Option<&str>) -> Result<Document, String> {
    match raw {
        Some(text) if !text.trim().is_empty() => Document::parse(text).map_err(|e| e.to_string()),
        _ => Ok(Document::default()),
    }
}

/// "expires in 3 min 12 s", "expired", or that the provider gave no `expires_in`.
pub fn countdown(expires_at: Option<u64>, now: u64) -> String {
    let Some(at) = expires_at else {
        return "no expiry given (the response had no expires_in)".into();
    };
    let Some(left) = at.checked_sub(now).filter(|l| *l > 0) else {
        return "expired".into();
    };
    let (h, m, s) = (left / 3600, left % 3600 / 60, left % 60);
    match (h, m) {
        (0, 0) => format!("expires in {s} s"),
        (0, _) => format!("expires in {m} min {s} s"),
        _ => format!("expires in {h} h {m} min"),
    }
}

/// "Refresh before expiry": due within [`LEAD_SECS`] of `expires_at`, when there is a
/// refresh token to do it with.
pub fn refresh_due(t: &OAuth2Token, now: u64) -> bool {
    t.refresh_token.is_some() && t.expires_at.is_some_and(|at| at <= now.saturating_add(LEAD_SECS))
}

/// The set's endpoints: those saved with it, else the configuration's when it is for the
/// same server (a token is never sent to another one); http(s) only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    pub token: Option<String>,
    pub revocation: Option<String>,
    pub introspection: Option<String>,
}

pub fn endpoints(t: &OAuth2Token, config: &Config) -> Endpoints {
    let same = match (&t.issuer, &t.endpoints.token) {
        (Some(iss), _) => !iss.is_empty() && *iss == config.issuer,
        (None, Some(token)) => *token == config.token_endpoint,
        (None, None) => false,
    };
    let pick = |saved: &Option<String>, configured: &str| {
        saved
            .clone()
            .or_else(|| (same && !configured.is_empty()).then(|| configured.to_owned()))
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    };
    Endpoints {
        token: pick(&t.endpoints.token, &config.token_endpoint),
        revocation: pick(&t.endpoints.revocation, &config.revocation_endpoint),
        introspection: pick(&t.endpoints.introspection, &config.introspection_endpoint),
    }
}

/// The client authentication the set was saved with (RFC 6749 §6: the client
/// authenticates as it did), or why the page cannot send it.
pub fn auth(t: &OAuth2Token) -> Result<ClientAuth, String> {
    let method = oauth2_ops::saved_method(t).map_err(|e| sentence(&e))?;
    if method != AuthMethod::None && t.client_secret.is_none() {
        return Err(format!(
            "The set was saved with {method} but without its client secret: this page cannot \
             authenticate as that client."
        ));
    }
    oauth2_ops::secret_auth(method, &t.client_id, t.client_secret.as_ref()).ok_or_else(|| {
        format!(
            "The set's client authenticates with {method}: this page signs no client assertions; use the CLI."
        )
    })
}

/// `e` as a sentence of this page (the CLI words its own, with its flags).
fn sentence(e: &OpError) -> String {
    match e {
        OpError::NoEndpoint(what) => {
            format!("The token was saved without {what}, and the configuration names none for its server.")
        }
        OpError::NoRefreshToken => "The token has no refresh token; log in again.".into(),
        OpError::DpopBound => "The token is DPoP-bound: this page holds no key for it; use the CLI.".into(),
        OpError::UnknownMethod(m) => {
            format!("The saved client authentication {m:?} is not one this playground sends.")
        }
    }
}

/// The refresh token grant for the set (RFC 6749 §6), at its token endpoint.
pub fn refresh_request(t: &OAuth2Token, config: &Config) -> Result<BuiltRequest, String> {
    let url = endpoints(t, config)
        .token
        .ok_or("The set has no token endpoint, and the configuration is for another server.")?;
    oauth2_ops::refresh_request(t, &url, None, auth(t)?, false)
        .map_err(|e| sentence(&e))?
        .build()
        .map_err(|e| e.to_string())
}

/// What the revocation or introspection endpoint is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Revoke,
    Introspect,
}

/// The revocation (RFC 7009 §2.1) or introspection (RFC 7662 §2.1) request for `which`
/// token of the set.
pub fn op_request(op: Op, t: &OAuth2Token, which: Which, config: &Config) -> Result<BuiltRequest, String> {
    let e = endpoints(t, config);
    let (endpoint, what) = match op {
        Op::Revoke => (e.revocation, "a revocation endpoint"),
        Op::Introspect => (e.introspection, "an introspection endpoint"),
    };
    let target = oauth2_ops::target(t, endpoint, which, what).map_err(|e| sentence(&e))?;
    let auth = auth(t)?;
    let built = match op {
        Op::Revoke => revocation_request(&target.endpoint, &target.token, Some(target.hint), &auth),
        Op::Introspect => introspection_request(&target.endpoint, &target.token, Some(target.hint), &auth),
    };
    built.map_err(|e| e.to_string())
}

/// What a refresh saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Refreshed {
    /// The stored document, to write back.
    pub text: String,
    pub token: OAuth2Token,
    /// The server sent a new refresh token (rotation); `false`: the old one stays (§6).
    pub rotated: bool,
}

/// The refresh's `response` applied to the set `old` (`engine::oauth2_token::refreshed`:
/// the rotated refresh token, or the old one when none came) in the stored document `raw`,
/// in its place. Deleted meanwhile: added again, so the new tokens are not lost.
pub fn save_refreshed(
    raw: Option<&str>,
    old: &Entry,
    response: &TokenResponse,
    now: u64,
) -> Result<Refreshed, String> {
    let previous = old.oauth2().ok_or("Not an OAuth 2.0 token set.")?;
    let token = engine::oauth2_token::refreshed(previous, response, now);
    let rotated = response
        .refresh_token
        .as_ref()
        .is_some_and(|r| Some(r) != previous.refresh_token.as_ref());
    let mut doc = document(raw)?;
    if !doc.set_credential(&old.id, Credential::OAuth2(token.clone())) {
        doc.upsert(Entry {
            credential: Credential::OAuth2(token.clone()),
            ..old.clone()
        });
    }
    let text = doc.to_json().map_err(|e| e.to_string())?;
    Ok(Refreshed { text, token, rotated })
}

/// The stored document without the entry `id`.
pub fn delete(raw: Option<&str>, id: &str) -> Result<String, String> {
    let mut doc = document(raw)?;
    doc.remove(id);
    doc.to_json().map_err(|e| e.to_string())
}

/// "active: yes" or "active: no" (RFC 7662 §2.2).
pub fn active_text(active: bool) -> &'static str {
    if active { "active: yes" } else { "active: no" }
}

/// What the introspection response says besides `active`, as the server sent it (by
/// name, times readable); `body` is the response's, already checked by
/// `parse_introspection`.
pub fn introspection_claims(body: &[u8]) -> Vec<Claim> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .filter(|(n, _)| *n != "active")
            .map(|(n, v)| claim(n, v))
            .collect(),
        _ => vec![],
    }
}

#[cfg(test)]
#[path = "tokens_tests.rs"]
mod tests;
