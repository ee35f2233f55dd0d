//! MediaWiki's `Special:OAuth/identify` answer (Extension:OAuth, "OAuth/For Developers",
//! "Identifying the user"): a JWT (RFC 7519) in compact JWS form (RFC 7515 §7.1), signed
//! HS256 (RFC 7518 §3.2) with the consumer secret. Decoded and checked as MediaWiki's docs
//! say a client must: the signature, `iss` is the wiki's origin, `aud` is the consumer
//! key, `nonce` is the identify request's `oauth_nonce`, and `iat`/`exp` are within bounds
//! of a clock the caller gives. Each check's result is kept for the workings. Pure: no
//! clock, no I/O.

use std::fmt;

use base64::Engine;
use oauth1::Secret;
use oauth1::sign::constant_time_eq;
// The store's JSON reader, the one the app ships (serde_json's would add ~13 KB gzip there).
use token_store::json::{Map, Value};

/// What the identify JWT must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The wiki's URL (any URL on it: its origin is what `iss` must be).
    pub wiki: &'a str,
    pub consumer_key: &'a str,
    /// The `oauth_nonce` of the signed identify request.
    pub nonce: &'a str,
    /// The caller's clock, seconds since 1970.
    pub now: u64,
    /// How far the two clocks may disagree, in seconds.
    pub leeway: u64,
}

/// One check and how it went, for the workings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    /// What was compared, in words.
    pub detail: String,
}

/// The decoded JWT and every check's result. Its claims are only to be believed when
/// [`Identity::verified`].
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub header: Map,
    pub claims: Map,
    pub checks: Vec<Check>,
}

impl Identity {
    pub fn verified(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// `username`, the wiki's name for the user.
    pub fn username(&self) -> Option<&str> {
        self.claims.get("username").and_then(Value::as_str)
    }
}

/// Why the text is not an HS256 JWT at all (the checks cannot even start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifyError {
    /// Not three dot-separated parts.
    NotCompact,
    /// A part is not base64url (RFC 7515 §2, no padding).
    Base64(&'static str),
    /// The header or the claims are not a JSON object.
    Json(&'static str),
    /// `alg` is not `HS256`: `none` or another algorithm is refused (RFC 8725 §3.1).
    Algorithm(String),
}

impl fmt::Display for IdentifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentifyError::NotCompact => {
                f.write_str("this is not a JWT: it should be three base64url parts joined by dots")
            }
            IdentifyError::Base64(part) => write!(f, "the JWT's {part} is not base64url"),
            IdentifyError::Json(part) => write!(f, "the JWT's {part} is not a JSON object"),
            IdentifyError::Algorithm(alg) => write!(
                f,
                "the JWT is signed with \"{alg}\"; MediaWiki signs identify with HS256, and nothing else is accepted"
            ),
        }
    }
}

impl std::error::Error for IdentifyError {}

fn decode_part(part: &str, what: &'static str) -> Result<Vec<u8>, IdentifyError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| IdentifyError::Base64(what))
}

fn object(bytes: &[u8], what: &'static str) -> Result<Map, IdentifyError> {
    let text = std::str::from_utf8(bytes).map_err(|_| IdentifyError::Json(what))?;
    match token_store::json::parse(text) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(IdentifyError::Json(what)),
    }
}

/// Decodes `jwt` and runs every check against `expected`, with `consumer_secret` as the
/// HS256 key (its bytes as they are: unlike OAuth 1.0a's HMAC key, nothing is encoded).
pub fn verify(
    jwt: &str,
    consumer_secret: &Secret,
    expected: &Expected<'_>,
) -> Result<Identity, IdentifyError> {
    let jwt = jwt.trim();
    let mut parts = jwt.split('.');
    let (Some(h), Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(IdentifyError::NotCompact);
    };
    let header = object(&decode_part(h, "header")?, "header")?;
    let claims = object(&decode_part(c, "claims")?, "claims")?;
    let signature = decode_part(s, "signature")?;
    match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => {}
        other => {
            return Err(IdentifyError::Algorithm(
                other.unwrap_or("(none given)").to_owned(),
            ));
        }
    }

    let mut checks = Vec::new();
    // RFC 7515 §5.2: the signing input is the two encoded parts as they were sent.
    let computed = oauth1::sign::hmac_sha256(consumer_secret.expose(), &format!("{h}.{c}"));
    let passed = constant_time_eq(&computed, &signature);
    checks.push(Check {
        name: "signature",
        passed,
        detail: if passed {
            "HS256 over the header and claims with the consumer secret matches".into()
        } else {
            "HS256 with the consumer secret gives another signature: the secret is wrong, or the token was altered"
                .into()
        },
    });
    checks.push(issuer(&claims, expected.wiki));
    checks.push(equal(&claims, "aud", "the consumer key", expected.consumer_key));
    checks.push(equal(
        &claims,
        "nonce",
        "the identify request's oauth_nonce",
        expected.nonce,
    ));
    checks.extend(times(&claims, expected.now, expected.leeway));
    Ok(Identity {
        header,
        claims,
        checks,
    })
}

fn text<'a>(claims: &'a Map, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

/// `iss` is the wiki's origin: scheme, host and port, as `$wgCanonicalServer` gives it.
fn issuer(claims: &Map, wiki: &str) -> Check {
    let origin = |u: &str| {
        url::Url::parse(u.trim())
            .ok()
            .map(|u| u.origin().ascii_serialization())
    };
    let want = origin(wiki).filter(|o| o != "null");
    let (passed, detail) = match (text(claims, "iss"), want) {
        (_, None) => (
            false,
            format!("the wiki's URL \"{wiki}\" has no origin to compare with"),
        ),
        (None, Some(w)) => (false, format!("iss is missing; it should be {w}")),
        (Some(iss), Some(w)) => {
            if origin(iss).as_deref() == Some(w.as_str()) {
                (true, format!("iss {iss} is the wiki's origin"))
            } else {
                (false, format!("iss \"{iss}\" is not the wiki's origin {w}"))
            }
        }
    };
    Check {
        name: "iss",
        passed,
        detail,
    }
}

fn equal(claims: &Map, name: &'static str, what: &str, want: &str) -> Check {
    let (passed, detail) = match text(claims, name) {
        None => (
            false,
            format!("{name} is missing; it should be {what}, \"{want}\""),
        ),
        Some(v) if v == want => (true, format!("{name} is {what}")),
        Some(v) => (false, format!("{name} \"{v}\" is not {what}, \"{want}\"")),
    };
    Check { name, passed, detail }
}

/// `iat` not in the future and `exp` not in the past, each by more than `leeway` seconds.
fn times(claims: &Map, now: u64, leeway: u64) -> [Check; 2] {
    let seconds = |name| claims.get(name).and_then(Value::as_u64);
    let iat = match seconds("iat") {
        None => (
            false,
            "iat is missing or not a whole number of seconds".to_owned(),
        ),
        Some(t) if t > now.saturating_add(leeway) => (
            false,
            format!(
                "iat {t} is {} s ahead of this clock ({now}); allowed: {leeway} s",
                t - now
            ),
        ),
        Some(t) => (
            true,
            format!("iat {t} is not in the future (clock {now}, leeway {leeway} s)"),
        ),
    };
    let exp = match seconds("exp") {
        None => (
            false,
            "exp is missing or not a whole number of seconds".to_owned(),
        ),
        Some(t) if t.saturating_add(leeway) < now => (
            false,
            format!(
                "exp {t} passed {} s before this clock ({now}); allowed: {leeway} s",
                now - t
            ),
        ),
        Some(t) => (
            true,
            format!("exp {t} has not passed (clock {now}, leeway {leeway} s)"),
        ),
    };
    [
        Check {
            name: "iat",
            passed: iat.0,
            detail: iat.1,
        },
        Check {
            name: "exp",
            passed: exp.0,
            detail: exp.1,
        },
    ]
}
