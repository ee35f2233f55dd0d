//! DPoP at this server (RFC 9449): the core checks a proof (§4.3) and gives its key's
//! thumbprint; here each proof is used once (§11.1) and a bound token must come with a
//! proof by the same key (§6, §7.1).

use axum::http::HeaderMap;
use oauth2::Secret;
use oauth2::jwt::Jws;
use oauth2::jwt::dpop::{ProofExpectation, check_proof};
use oauth2::jwt::native::NativeVerifier;

use super::AuthServer;
use super::reply::Refusal;

/// The algs this server takes for proofs: discovery's `dpop_signing_alg_values_supported`
/// and the DPoP challenge's `algs` (RFC 9449 §5.1, §7.1).
pub const ALGS: [&str; 5] = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];

/// How far a proof's `iat` may be from the server's clock.
const WINDOW: u64 = 60;

fn refuse(why: impl Into<String>) -> Refusal {
    Refusal::new("invalid_dpop_proof", why)
}

/// The thumbprint of the key that signed the request's `DPoP` proof, if it has one.
pub fn jkt(
    server: &AuthServer,
    headers: &HeaderMap,
    method: &str,
    url: &str,
    access_token: Option<&Secret>,
) -> Result<Option<String>, Refusal> {
    let mut proofs = headers.get_all("dpop").iter();
    let Some(proof) = proofs.next() else {
        return Ok(None);
    };
    if proofs.next().is_some() {
        return Err(refuse(
            "the request carries more than one DPoP header (RFC 9449 §4.3)",
        ));
    }
    let proof = proof
        .to_str()
        .map_err(|_| refuse("the DPoP header is not ASCII"))?;
    let now = server.now();
    let expect = ProofExpectation {
        method,
        url,
        now_secs: i64::try_from(now).unwrap_or(i64::MAX),
        window_secs: WINDOW as i64,
        access_token,
        nonce: None,
    };
    let jkt = check_proof(proof, &expect, &NativeVerifier).map_err(|e| refuse(e.to_string()))?;
    let jti = Jws::decode(proof)
        .ok()
        .and_then(|j| {
            j.claims()
                .ok()
                .and_then(|c| c.get("jti").and_then(|v| v.as_str().map(str::to_owned)))
        })
        .unwrap_or_default();
    if !server
        .store()
        .first_use(now, &format!("dpop {jti}"), now + 2 * WINDOW)
    {
        return Err(refuse(format!(
            "this proof (jti {jti}) was already used; make a new proof for every request (RFC 9449 §11.1)"
        )));
    }
    Ok(Some(jkt))
}

/// A token bound to `bound` needs a proof by that key.
pub fn same_key(bound: &str, presented: Option<&str>, what: &str) -> Result<(), Refusal> {
    match presented {
        Some(k) if k == bound => Ok(()),
        Some(k) => Err(refuse(format!(
            "{what} is bound to the DPoP key with thumbprint {bound}, but the proof is signed by {k} \
             (RFC 9449 §6)"
        ))),
        None => Err(refuse(format!(
            "{what} is bound to a DPoP key (jkt {bound}): send a DPoP proof signed by it (RFC 9449 §6)"
        ))),
    }
}
