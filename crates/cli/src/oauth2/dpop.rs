//! DPoP (RFC 9449) for the CLI: the key from `--dpop-key FILE` (a PEM private key the user
//! keeps; it is not written to the token file), and a request sent with a fresh proof,
//! retried once with the server's nonce when it asks for one (§8, §9). The proof itself is
//! the protocol crate's (`oauth2::jwt::dpop`).

use std::path::Path;

use anyhow::{Context, Result};
use engine::HttpResponse;
use oauth2::jwt::dpop::{DpopProof, retry_nonce};
use oauth2::jwt::native::NativeSigner;
use oauth2::{HttpRequest, Secret};

use super::client::{fill, now_secs};
use super::exchange;
use crate::http::HttpClient;

pub fn load(path: Option<&Path>) -> Result<Option<NativeSigner>> {
    path.map(|p| {
        let pem = std::fs::read_to_string(p)
            .with_context(|| format!("could not read the DPoP key file {}", p.display()))?;
        NativeSigner::from_pem(&pem, None, None)
            .map(|s| s.with_salt_source(fill))
            .with_context(|| format!("{} cannot sign DPoP proofs", p.display()))
    })
    .transpose()
}

/// Sends `request` with a proof for its method and URL (and `ath` for `access_token`, at
/// a resource). A client assertion in the request is reused by the retry; servers that
/// want a nonce and a JWT client authentication may refuse that replay.
pub fn send(
    http: &HttpClient,
    key: &NativeSigner,
    mut request: HttpRequest,
    access_token: Option<&Secret>,
    explain: bool,
) -> Result<HttpResponse> {
    let mut nonce: Option<String> = None;
    loop {
        let mut proof =
            DpopProof::new(&request.method, &request.url, now_secs()?, fill)?.with_nonce(nonce.clone());
        if let Some(t) = access_token {
            proof = proof.with_access_token(t);
        }
        let signed = proof.sign(key)?;
        request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("dpop"));
        if explain {
            // A proof is bound to this method, URL and moment; showing it gives nothing away.
            eprintln!("DPoP: {signed}");
        }
        request.headers.push(("DPoP".into(), signed));
        let response = exchange::send(http, &request, explain)?;
        match retry_nonce(nonce.as_deref(), exchange::view(&response)) {
            Some(n) => nonce = Some(n),
            None => return Ok(response),
        }
    }
}
