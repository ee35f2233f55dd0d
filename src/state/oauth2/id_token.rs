//! The OpenID Connect id_token as the page shows it (OIDC Core §2, §3.1.3.7): its header
//! and claims decoded, the times readable, and what it is checked against. The checks
//! themselves are the protocol crate's (`oauth2::jwt::validate_id_token`); the signature
//! is Web Crypto's (`effects::jws`).

use oauth2::Secret;
use oauth2::jwt::{Alg, IdTokenExpectation, Jws};

use super::flow::Pending;

/// The algorithms an id_token may be signed with here: the asymmetric ones Web Crypto
/// verifies, RS*, PS* and ES* (not EdDSA; never `none`, RFC 8725 §3.1; HS* needs a client
/// secret this public client has not).
pub const ALLOWED: &[Alg] = Alg::ASYMMETRIC.split_at(8).0;

/// Claims that are NumericDates (RFC 7519 §2), shown with their UTC time.
const TIMES: [&str; 4] = ["exp", "iat", "nbf", "auth_time"];

/// One claim: its name, its JSON value, and for a time its UTC reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub name: String,
    pub value: String,
    pub time: Option<String>,
}

/// The header (pretty JSON) and the claims, in the token's order.
pub fn decode(jws: &Jws) -> (String, Vec<Claim>) {
    let header = serde_json::to_string_pretty(&jws.header.members).unwrap_or_default();
    let claims = jws
        .claims
        .iter()
        .flatten()
        .map(|(name, value)| claim(name, value))
        .collect();
    (header, claims)
}

/// One claim as shown: its JSON value, and for a NumericDate its UTC time.
pub fn claim(name: &str, value: &serde_json::Value) -> Claim {
    Claim {
        name: name.to_owned(),
        value: value.to_string(),
        time: TIMES.contains(&name).then(|| value.as_i64().map(utc)).flatten(),
    }
}

/// What the id_token must match: the issuer asked, this client, the nonce sent, now, and
/// the access token issued with it (`at_hash`).
pub fn expectation(pending: &Pending, access_token: &Secret, now_secs: i64) -> IdTokenExpectation {
    let mut e = IdTokenExpectation::new(&pending.issuer, &pending.client_id, now_secs);
    e.nonce = pending.nonce.clone();
    e.access_token = Some(access_token.clone());
    e
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (UTC, the proleptic Gregorian calendar).
pub fn utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_algs() {
        let names: Vec<&str> = ALLOWED.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names,
            [
                "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"
            ]
        );
    }

    #[test]
    fn times_in_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        // date -u -d @1795752497 +%FT%TZ
        assert_eq!(utc(1_795_752_497), "2026-11-27T04:08:17Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn decodes_header_and_claims() {
        // {"alg":"RS256","kid":"k1"} . {"iss":"https://as.example","exp":1795752497} . "sig"
        let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJleHAiOjE3OTU3NTI0OTd9.c2ln";
        let jws = Jws::decode(token).unwrap();
        let (header, mut claims) = decode(&jws);
        assert_eq!(header, "{\n  \"alg\": \"RS256\",\n  \"kid\": \"k1\"\n}");
        // serde_json's map may keep the token's order or sort: compare by name.
        claims.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(
            claims,
            [
                Claim {
                    name: "exp".into(),
                    value: "1795752497".into(),
                    time: Some("2026-11-27T04:08:17Z".into())
                },
                Claim {
                    name: "iss".into(),
                    value: "\"https://as.example\"".into(),
                    time: None
                },
            ]
        );
        let p = Pending {
            issuer: "https://as.example".into(),
            client_id: "c".into(),
            nonce: Some("n".into()),
            ..Pending::default()
        };
        let e = expectation(&p, &Secret::new("at"), 5);
        assert_eq!(
            (
                e.issuer.as_str(),
                e.client_id.as_str(),
                e.nonce.as_deref(),
                e.now_secs
            ),
            ("https://as.example", "c", Some("n"), 5)
        );
    }
}
