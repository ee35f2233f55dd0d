//! DPoP proofs, RFC 9449 §4.2: a JWT per request, typed `dpop+jwt`, carrying the public key
//! (`jwk`), the method (`htm`) and URL without query or fragment (`htu`), `iat`, a fresh
//! `jti`, the access token's hash (`ath`) at a resource, and the server's nonce when it asked
//! for one (§8, §9): [`nonce_challenge`] reads that request, so the caller retries once.
//! [`check_proof`] is the receiving side (§4.3), for the sandbox and for showing why a
//! server refused a proof.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::claims::{numeric_date, string};
use super::verify::verify_jws;
use super::{Alg, Jws, JwsSigner, JwsVerifier, JwtError, UnsignedJws};
use crate::http::{Response, json_object, parse_url};
use crate::{Error, Secret, b64, random};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopProof {
    pub htm: String,
    pub htu: String,
    pub iat: u64,
    pub jti: String,
    pub ath: Option<String>,
    pub nonce: Option<String>,
}

impl DpopProof {
    pub fn new(method: &str, url: &str, now_secs: u64, fill: impl FnOnce(&mut [u8])) -> Result<Self, Error> {
        Ok(Self {
            htm: method.to_ascii_uppercase(),
            htu: htu(url)?,
            iat: now_secs,
            jti: random::random_token(fill),
            ath: None,
            nonce: None,
        })
    }

    /// For a resource request: binds the proof to the access token (§4.2, `ath`).
    pub fn with_access_token(mut self, access_token: &Secret) -> Self {
        self.ath = Some(access_token_hash(access_token));
        self
    }

    pub fn with_nonce(mut self, nonce: Option<String>) -> Self {
        self.nonce = nonce;
        self
    }

    pub fn unsigned(&self, signer: &dyn JwsSigner) -> Result<UnsignedJws, JwtError> {
        let jwk = signer.public_jwk().ok_or_else(|| {
            JwtError::BadKey("a DPoP key must be an asymmetric key with a public JWK".into())
        })?;
        self.unsigned_with(signer.alg(), jwk)
    }

    /// The header and claims for a key whose signature comes later (Web Crypto signs
    /// [`UnsignedJws::signing_input`]); `jwk` is the public key only (§4.2).
    pub fn unsigned_with(&self, alg: Alg, jwk: Value) -> Result<UnsignedJws, JwtError> {
        if alg.is_symmetric() {
            return Err(JwtError::BadKey(
                "DPoP proofs are signed with an asymmetric key (RFC 9449 §4.2)".into(),
            ));
        }
        if ["d", "p", "q", "dp", "dq", "qi", "k"]
            .iter()
            .any(|m| jwk.get(m).is_some())
        {
            return Err(JwtError::BadKey(
                "the proof's jwk must be the public key only (RFC 9449 §4.2)".into(),
            ));
        }
        let mut header = Map::new();
        header.insert("typ".into(), "dpop+jwt".into());
        header.insert("jwk".into(), jwk);
        let mut c = Map::new();
        c.insert("jti".into(), self.jti.clone().into());
        c.insert("htm".into(), self.htm.clone().into());
        c.insert("htu".into(), self.htu.clone().into());
        c.insert("iat".into(), self.iat.into());
        if let Some(a) = &self.ath {
            c.insert("ath".into(), a.clone().into());
        }
        if let Some(n) = &self.nonce {
            c.insert("nonce".into(), n.clone().into());
        }
        Ok(UnsignedJws::new(alg, header, c))
    }

    pub fn sign(&self, signer: &dyn JwsSigner) -> Result<String, JwtError> {
        self.unsigned(signer)?.sign_with(signer)
    }
}

/// `htu`: the http(s) URL without its query and fragment (§4.2).
pub fn htu(url: &str) -> Result<String, Error> {
    let mut u = parse_url(url)?;
    u.set_query(None);
    u.set_fragment(None);
    Ok(u.into())
}

/// `ath`: base64url of the SHA-256 of the access token's ASCII (§4.2).
pub fn access_token_hash(access_token: &Secret) -> String {
    b64::encode(Sha256::digest(access_token.expose().as_bytes()))
}

/// The nonce to retry with, when the response asks for one: the token endpoint's 400
/// `use_dpop_nonce` (§8) or a resource's 401 with `error="use_dpop_nonce"` (§9), both with a
/// `DPoP-Nonce` header.
pub fn nonce_challenge(response: Response<'_>) -> Option<String> {
    let nonce = response.header("dpop-nonce")?.trim().to_owned();
    let asked = match response.status {
        400 => json_object(response.body, "token error")
            .ok()
            .is_some_and(|m| m.get("error").and_then(Value::as_str) == Some("use_dpop_nonce")),
        401 => response.header("www-authenticate").is_some_and(|h| {
            h.trim_start().to_ascii_lowercase().starts_with("dpop") && h.contains("use_dpop_nonce")
        }),
        _ => false,
    };
    (asked && !nonce.is_empty()).then_some(nonce)
}

/// The nonce to retry with, once: `None` when the request already carried the server's nonce
/// (`sent_nonce`), so a client never loops on a server that keeps asking (§8, §9).
pub fn retry_nonce(sent_nonce: Option<&str>, response: Response<'_>) -> Option<String> {
    sent_nonce.is_none().then(|| nonce_challenge(response)).flatten()
}

/// What the receiver of a proof expects (§4.3).
#[derive(Debug, Clone)]
pub struct ProofExpectation<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub now_secs: i64,
    /// How far `iat` may be from now, either way.
    pub window_secs: i64,
    pub access_token: Option<&'a Secret>,
    pub nonce: Option<&'a str>,
}

/// §4.3's checks, in order: one JWS, `typ` `dpop+jwt`, an asymmetric alg on the allow-list,
/// a public `jwk` in the header that verifies the signature, `htm`, `htu` (without query and
/// fragment), `iat` in the window, `ath` and `nonce` when expected. Gives the key's RFC 7638
/// thumbprint (`jkt`), which a DPoP-bound token's `cnf.jkt` must equal (§6).
pub fn check_proof(
    proof: &str,
    expect: &ProofExpectation<'_>,
    verifier: &impl JwsVerifier,
) -> Result<String, JwtError> {
    let refuse = |why: String| Err(JwtError::Refused(format!("the DPoP proof {why}")));
    let jws = Jws::decode(proof)?;
    if jws.header.typ.as_deref() != Some("dpop+jwt") {
        return refuse("is not typed dpop+jwt (RFC 9449 §4.2)".into());
    }
    let Some(jwk) = &jws.header.jwk else {
        return refuse("has no jwk in its header".into());
    };
    if jwk.has_private_members() || jwk.k.is_some() {
        return refuse("carries a private or symmetric key in its header".into());
    }
    verify_jws(&jws, std::slice::from_ref(jwk), Alg::ASYMMETRIC, verifier)?;
    let claims = jws.claims()?;
    if string(claims, "jti")?.is_none_or(str::is_empty) {
        return refuse("has no jti".into());
    }
    if string(claims, "htm")? != Some(expect.method) {
        return refuse(format!(
            "is for method {:?}, not {}",
            string(claims, "htm")?,
            expect.method
        ));
    }
    let target = htu(expect.url).map_err(|e| JwtError::Malformed(e.to_string()))?;
    let htu = string(claims, "htu")?.map(htu);
    if !matches!(&htu, Some(Ok(u)) if *u == target) {
        return refuse(format!("is for {:?}, not {target}", string(claims, "htu")?));
    }
    match numeric_date(claims, "iat")? {
        Some(iat) if iat.abs_diff(expect.now_secs) <= expect.window_secs.unsigned_abs() => {}
        other => {
            return refuse(format!(
                "was made at {other:?}, outside {} s of {}",
                expect.window_secs, expect.now_secs
            ));
        }
    }
    if let Some(token) = expect.access_token
        && string(claims, "ath")? != Some(access_token_hash(token).as_str())
    {
        return refuse("does not carry the access token's hash (ath)".into());
    }
    if let Some(nonce) = expect.nonce
        && string(claims, "nonce")? != Some(nonce)
    {
        return refuse("does not carry the server's nonce (RFC 9449 §8)".into());
    }
    jwk.thumbprint().map_err(|e| JwtError::BadKey(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_and_ath_and_nonce() {
        let p = DpopProof::new(
            "post",
            "https://server.example.com/token?x=1#f",
            1_562_262_616,
            |b| b.fill(1),
        )
        .unwrap();
        assert_eq!(
            (p.htm.as_str(), p.htu.as_str()),
            ("POST", "https://server.example.com/token")
        );
        // RFC 9449 §7.1's example access token and the ath of its proof.
        let p = p.with_access_token(&Secret::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
        assert_eq!(
            p.ath.as_deref(),
            Some("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo")
        );
        let h = [("DPoP-Nonce".to_owned(), "eyJ7S_zG.eyJH0-Z.HX4w-7v".to_owned())];
        assert_eq!(
            nonce_challenge(Response::new(
                400,
                &h,
                br#"{"error":"use_dpop_nonce","error_description":"x"}"#
            ))
            .as_deref(),
            Some("eyJ7S_zG.eyJH0-Z.HX4w-7v")
        );
        let h401 = [
            h[0].clone(),
            (
                "WWW-Authenticate".to_owned(),
                r#"DPoP error="use_dpop_nonce", error_description="x""#.to_owned(),
            ),
        ];
        assert!(nonce_challenge(Response::new(401, &h401, b"")).is_some());
        assert!(nonce_challenge(Response::new(400, &h, br#"{"error":"invalid_grant"}"#)).is_none());
        assert!(nonce_challenge(Response::new(400, &[], br#"{"error":"use_dpop_nonce"}"#)).is_none());
        assert!(retry_nonce(None, Response::new(401, &h401, b"")).is_some());
        assert!(
            retry_nonce(Some("n"), Response::new(401, &h401, b"")).is_none(),
            "once"
        );
    }

    #[test]
    fn unsigned_with_a_public_key_only() {
        let p = DpopProof::new("GET", "https://rs.example/me?q", 7, |b| b.fill(2))
            .unwrap()
            .with_nonce(Some("n-1".into()));
        let jwk = serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"});
        let u = p.unsigned_with(Alg::ES256, jwk.clone()).unwrap();
        assert_eq!(u.header["typ"], "dpop+jwt");
        assert_eq!(u.header["alg"], "ES256");
        assert_eq!(u.header["jwk"], jwk);
        assert_eq!(u.claims["htu"], "https://rs.example/me");
        assert_eq!(u.claims["nonce"], "n-1");
        let mut private = jwk;
        private["d"] = "AA".into();
        assert!(p.unsigned_with(Alg::ES256, private).is_err());
        assert!(p.unsigned_with(Alg::HS256, serde_json::json!({})).is_err());
    }
}
