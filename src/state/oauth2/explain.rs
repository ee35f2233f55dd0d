//! Why a token request failed, in words a learner can act on: the protocol crate's error
//! (its `meaning` of each RFC 6749 §5.2 code, the one the CLI prints too), then what to
//! change on this page. A fetch that never reached an answer is most often CORS: which
//! presets need the relay comes from their `TokenCors` rule.

use oauth2::presets::{PRESETS, TokenCors};
use oauth2::{Error, ErrorResponse};

use crate::state::outcome::TransportError;

/// The words under a step for a failed token request; `relayed`: it went through the relay.
pub fn token_error(error: &Error, relayed: bool) -> String {
    match error {
        Error::Server(e) => {
            let mut s = format!("The token endpoint refused: {}.", e.explain());
            if let Some(a) = advice(e, relayed) {
                s.push(' ');
                s.push_str(&a);
            }
            for n in &e.notes {
                s.push(' ');
                s.push_str(n);
            }
            s
        }
        other => other.to_string(),
    }
}

/// What to check for a refusal, on this page.
fn advice(e: &ErrorResponse, relayed: bool) -> Option<String> {
    let said = e
        .error_description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mentions = |words: &[&str]| words.iter().any(|w| said.contains(w));
    // Microsoft Entra ID's two cross-origin rules (AADSTS9002326, AADSTS9002327).
    if said.contains("aadsts9002326") {
        return Some(
            "Microsoft: this redirect URI is registered as \"Web\", whose codes may not be redeemed \
             cross-origin: send the token request through the relay with \"Forward the page's Origin\" \
             off, or register the redirect URI as \"Single-page application\"."
                .into(),
        );
    }
    if said.contains("aadsts9002327") {
        let mut s = String::from(
            "Microsoft: a \"Single-page application\" redirect's codes must be redeemed \
             cross-origin, with the page's Origin: send the token request from the page directly, \
             or through the relay with \"Forward the page's Origin\" on.",
        );
        if relayed {
            s.insert_str(0, "The relay dropped the page's Origin. ");
        }
        return Some(s);
    }
    Some(
        match e.error.as_str() {
            "invalid_grant" if mentions(&["verifier", "pkce", "challenge"]) => {
                "PKCE: the code_verifier does not match the challenge: the server hashed the verifier \
                 sent and got another code_challenge than the one step 1 sent (RFC 7636 §4.6). The \
                 verifier is kept in this tab only: start again at step 1 in the same tab."
            }
            "invalid_grant" if mentions(&["redirect_uri", "redirect uri"]) => {
                "The redirect_uri of the token request must be exactly the one of the authorization \
                 request (RFC 6749 §4.1.3): start again at step 1."
            }
            "invalid_grant" => {
                "A code works once, and only for a short time (RFC 6749 §4.1.2): if it was sent \
                 already, or the trip took long, start again at step 1 for a new code."
            }
            "invalid_client" => {
                "Check the client secret under Configuration, and how it is sent: a server may accept \
                 client_secret_basic only, or client_secret_post only (RFC 6749 §2.3.1): try the other. \
                 A public client leaves the secret empty."
            }
            "redirect_uri_mismatch" => {
                "The redirect URI must equal one registered with the provider, character for \
                 character (scheme, host, port, path, trailing slash): register the one shown under \
                 Configuration."
            }
            "invalid_scope" => {
                "Change the scope under Configuration: the server's metadata lists the scopes it \
                 knows (scopes_supported)."
            }
            "unauthorized_client" => {
                "Allow this grant type for the client where it is registered, at the provider."
            }
            "access_denied" => {
                "The user refused at the verification page. Start again at step 1 for a new code \
                 (RFC 8628 §3.5)."
            }
            "expired_token" => {
                "The device code expired first: start again at step 1 for a new code (RFC 8628 §3.5)."
            }
            "unsupported_grant_type" => {
                "This server does not offer this grant: its metadata lists the ones it does \
                 (grant_types_supported)."
            }
            _ => return None,
        }
        .into(),
    )
}

/// The presets with this CORS rule, by name, for the advice.
fn named(rule: TokenCors) -> String {
    let names: Vec<&str> = PRESETS
        .iter()
        .filter(|p| p.token_cors == rule)
        .map(|p| p.name)
        .collect();
    names.join(", ")
}

/// Why a request got no answer the page could read. Sent directly, the browser hides
/// the cause, and it is most often a token endpoint without CORS headers: say which
/// providers need the relay, and Microsoft's rule for "spa" registrations.
pub fn transport_error(e: &TransportError) -> String {
    match e {
        TransportError::Fetch {
            relayed: false,
            detail,
        } => format!(
            "The browser could not read the answer ({detail}). Sent directly, this is most often CORS: \
             the endpoint sent no Access-Control-Allow-Origin for this page. These providers' token \
             endpoints send none, so the page needs the relay (\"Send the token request through the \
             relay\" under Configuration): {}. These send it only to origins an admin lists: {}; add \
             this page's origin there. Microsoft Entra ID answers cross-origin only for \"Single-page \
             application\" registrations, which must be redeemed with the page's Origin: through the \
             relay, turn \"Forward the page's Origin\" on. Otherwise, check that the host is reachable.",
            named(TokenCors::None),
            named(TokenCors::ListedOrigins),
        ),
        other => other.explain(),
    }
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
