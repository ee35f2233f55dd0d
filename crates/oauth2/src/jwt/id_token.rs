//! id_token validation, OIDC Core §3.1.3.7 (with §3.1.3.6 `at_hash`, §3.3.2.11 `c_hash` and
//! §2 `auth_time`): every check is run and reported on its own, so a learner sees all that is
//! wrong at once, not the first failure. Time is the caller's (`now_secs`), with a skew.

use serde::Serialize;

use super::claims::{Claims, audiences, numeric_date, string};
use super::{Alg, Jws, JwtError, Verified};
use crate::Secret;

/// A clock skew servers and clients commonly allow.
pub const DEFAULT_SKEW_SECS: i64 = 60;

#[derive(Debug, Clone)]
pub struct IdTokenExpectation {
    pub issuer: String,
    pub client_id: String,
    /// The nonce sent in the authorization request; then the id_token must carry it.
    pub nonce: Option<String>,
    pub now_secs: i64,
    pub skew_secs: i64,
    /// The `max_age` sent; then `auth_time` is required and must be recent enough.
    pub max_age: Option<i64>,
    /// The access token issued with it, for `at_hash`.
    pub access_token: Option<Secret>,
    /// The code issued with it (hybrid flow), for `c_hash`.
    pub code: Option<Secret>,
}

impl IdTokenExpectation {
    pub fn new(issuer: &str, client_id: &str, now_secs: i64) -> Self {
        Self {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            nonce: None,
            now_secs,
            skew_secs: DEFAULT_SKEW_SECS,
            max_age: None,
            access_token: None,
            code: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CheckOutcome {
    Pass,
    Fail,
    /// Not applicable (no `at_hash`, no nonce sent …).
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `signature`, `iss`, `aud`, `azp`, `exp`, `iat`, `nbf`, `nonce`, `at_hash`, `c_hash`,
    /// `auth_time`.
    pub name: &'static str,
    pub outcome: CheckOutcome,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdTokenReport {
    pub checks: Vec<Check>,
}

impl IdTokenReport {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.outcome != CheckOutcome::Fail)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.outcome == CheckOutcome::Fail)
    }
}

impl std::fmt::Display for IdTokenReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in &self.checks {
            let mark = match c.outcome {
                CheckOutcome::Pass => "pass",
                CheckOutcome::Fail => "FAIL",
                CheckOutcome::Skipped => "skip",
            };
            writeln!(f, "  {mark}  {:<10} {}", c.name, c.detail)?;
        }
        Ok(())
    }
}

fn check(name: &'static str, pass: bool, detail: String) -> Check {
    Check {
        name,
        outcome: if pass {
            CheckOutcome::Pass
        } else {
            CheckOutcome::Fail
        },
        detail,
    }
}

fn skipped(name: &'static str, detail: &str) -> Check {
    Check {
        name,
        outcome: CheckOutcome::Skipped,
        detail: detail.to_owned(),
    }
}

fn failed(name: &'static str, e: JwtError) -> Check {
    check(name, false, e.to_string())
}

/// Validates the claims of `jws`, given the outcome of its signature check
/// ([`super::verify_jws`], or Web Crypto's answer in the app).
pub fn validate_id_token(
    jws: &Jws,
    signature: &Result<Verified, JwtError>,
    expect: &IdTokenExpectation,
) -> IdTokenReport {
    let mut checks = vec![match signature {
        Ok(v) => check(
            "signature",
            true,
            format!(
                "{} with key {}",
                v.alg,
                v.kid
                    .as_deref()
                    .map_or("(no kid)".to_owned(), |k| format!("{k:?}"))
            ),
        ),
        Err(e) => failed("signature", e.clone()),
    }];
    let claims = match jws.claims() {
        Ok(c) => c,
        Err(e) => {
            checks.push(failed("claims", e));
            return IdTokenReport { checks };
        }
    };
    checks.push(match string(claims, "iss") {
        Ok(Some(iss)) => check(
            "iss",
            iss == expect.issuer,
            format!("{iss:?}, expected {:?} exactly", expect.issuer),
        ),
        Ok(None) => check("iss", false, "missing (OIDC Core §2 requires it)".into()),
        Err(e) => failed("iss", e),
    });
    checks.extend(audience_checks(claims, &expect.client_id));
    checks.push(time_check(claims, "exp", true, |exp| {
        (
            exp.saturating_add(expect.skew_secs) > expect.now_secs,
            format!("{exp}; now is {} (skew {} s)", expect.now_secs, expect.skew_secs),
        )
    }));
    checks.push(time_check(claims, "iat", true, |iat| {
        (
            iat.saturating_sub(expect.skew_secs) <= expect.now_secs,
            format!("{iat}; now is {} (issued in the future?)", expect.now_secs),
        )
    }));
    checks.push(time_check(claims, "nbf", false, |nbf| {
        (
            nbf.saturating_sub(expect.skew_secs) <= expect.now_secs,
            format!("{nbf}; now is {}", expect.now_secs),
        )
    }));
    checks.push(match (&expect.nonce, string(claims, "nonce")) {
        (_, Err(e)) => failed("nonce", e),
        (Some(want), Ok(Some(got))) => check("nonce", want == got, format!("{got:?}, sent {want:?}")),
        (Some(want), Ok(None)) => check(
            "nonce",
            false,
            format!("missing, but the request sent {want:?} (OIDC Core §3.1.3.7 step 11)"),
        ),
        (None, Ok(Some(got))) => skipped("nonce", &format!("{got:?}, but this request sent none")),
        (None, Ok(None)) => skipped("nonce", "none sent"),
    });
    let alg = jws.header.alg();
    checks.push(hash_check(claims, "at_hash", &alg, expect.access_token.as_ref()));
    checks.push(hash_check(claims, "c_hash", &alg, expect.code.as_ref()));
    checks.push(match (expect.max_age, numeric_date(claims, "auth_time")) {
        (_, Err(e)) => failed("auth_time", e),
        (Some(max), Ok(Some(t))) => check(
            "auth_time",
            t.saturating_add(max).saturating_add(expect.skew_secs) >= expect.now_secs,
            format!(
                "{t}; max_age {max} s allows logins since {}",
                expect.now_secs.saturating_sub(max)
            ),
        ),
        (Some(_), Ok(None)) => check(
            "auth_time",
            false,
            "missing, but max_age was sent (OIDC Core §3.1.2.1)".into(),
        ),
        (None, Ok(Some(t))) => skipped("auth_time", &format!("{t}; no max_age was sent")),
        (None, Ok(None)) => skipped("auth_time", "no max_age was sent"),
    });
    IdTokenReport { checks }
}

/// `aud` must contain the client; with several audiences (or any `azp`), `azp` must be the
/// client (OIDC Core §3.1.3.7 steps 3–5).
fn audience_checks(claims: &Claims, client_id: &str) -> Vec<Check> {
    let auds = match audiences(claims) {
        Ok(a) => a,
        Err(e) => return vec![failed("aud", e)],
    };
    let aud = check(
        "aud",
        auds.contains(&client_id),
        format!("{auds:?}, must contain {client_id:?}"),
    );
    let azp = match string(claims, "azp") {
        Err(e) => failed("azp", e),
        Ok(Some(azp)) => check("azp", azp == client_id, format!("{azp:?}, must be {client_id:?}")),
        Ok(None) if auds.len() > 1 => {
            check("azp", false, "missing, though there are several audiences".into())
        }
        Ok(None) => skipped("azp", "one audience, no azp"),
    };
    vec![aud, azp]
}

fn time_check(
    claims: &Claims,
    name: &'static str,
    required: bool,
    test: impl FnOnce(i64) -> (bool, String),
) -> Check {
    match numeric_date(claims, name) {
        Ok(Some(t)) => {
            let (pass, detail) = test(t);
            check(name, pass, detail)
        }
        Ok(None) if required => check(name, false, "missing (OIDC Core §2 requires it)".into()),
        Ok(None) => skipped(name, "absent"),
        Err(e) => failed(name, e),
    }
}

fn hash_check(
    claims: &Claims,
    name: &'static str,
    alg: &Result<Alg, JwtError>,
    value: Option<&Secret>,
) -> Check {
    match (string(claims, name), value, alg) {
        (Err(e), _, _) => failed(name, e),
        (Ok(Some(got)), Some(v), Ok(alg)) => {
            let want = alg.half_hash(v.expose());
            check(
                name,
                got == want,
                format!("{got:?}; the left half of {alg}'s hash gives {want:?}"),
            )
        }
        (Ok(Some(_)), Some(_), Err(e)) => failed(name, e.clone()),
        (Ok(Some(got)), None, _) => skipped(name, &format!("{got:?}; nothing given to compare with")),
        (Ok(None), _, _) => skipped(name, "absent"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b64;

    fn token(claims: serde_json::Value) -> Jws {
        Jws::decode(&format!(
            "{}.{}.AA",
            b64::encode(r#"{"alg":"RS256","kid":"k"}"#),
            b64::encode(claims.to_string())
        ))
        .unwrap()
    }

    fn ok_sig() -> Result<Verified, JwtError> {
        Ok(Verified {
            alg: Alg::RS256,
            kid: Some("k".into()),
        })
    }

    fn expect() -> IdTokenExpectation {
        IdTokenExpectation {
            nonce: Some("n-0S6_WzA2Mj".into()),
            access_token: Some(Secret::new("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")),
            ..IdTokenExpectation::new("https://server.example.com", "s6BhdRkqt3", 1311281000)
        }
    }

    #[test]
    fn oidc_core_example_claims_pass() {
        // OIDC Core §3.1.3.3's example claims, with Appendix A.3's at_hash.
        let jws = token(serde_json::json!({
            "iss": "https://server.example.com", "sub": "24400320", "aud": "s6BhdRkqt3",
            "nonce": "n-0S6_WzA2Mj", "exp": 1311281970, "iat": 1311280970,
            "at_hash": "77QmUPtjPfzWtF2AnpK9RQ"
        }));
        let r = validate_id_token(&jws, &ok_sig(), &expect());
        assert!(r.ok(), "{:?}", r.failures().collect::<Vec<_>>());
        assert_eq!(r.checks.len(), 11);
        let text = r.to_string();
        assert!(text.contains("  pass  iss        \"https://server.example.com\", expected \"https://server.example.com\" exactly\n"), "{text}");
        assert!(text.contains("  skip  c_hash     absent\n"), "{text}");
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let jws = token(
            serde_json::json!({"iss": "https://server.example.com", "aud": "s6BhdRkqt3",
            "exp": i64::MAX, "iat": i64::MIN, "nbf": i64::MIN, "auth_time": i64::MAX, "nonce": "n-0S6_WzA2Mj"}),
        );
        let mut e = expect();
        e.max_age = Some(i64::MAX);
        e.skew_secs = i64::MAX;
        e.access_token = None;
        assert!(validate_id_token(&jws, &ok_sig(), &e).ok());
        e.now_secs = i64::MIN;
        let _ = validate_id_token(&jws, &ok_sig(), &e);
    }

    #[test]
    fn each_failure_is_reported() {
        let jws = token(serde_json::json!({
            "iss": "https://evil.example", "aud": ["s6BhdRkqt3", "other"], "nonce": "replayed",
            "exp": 1311280000, "iat": 1311290000, "at_hash": "AAAAAAAAAAAAAAAAAAAAAA"
        }));
        let r = validate_id_token(&jws, &Err(JwtError::BadSignature("RS256".into())), &expect());
        let failed: Vec<&str> = r.failures().map(|c| c.name).collect();
        assert_eq!(
            failed,
            ["signature", "iss", "azp", "exp", "iat", "nonce", "at_hash"]
        );
        let mut e = expect();
        e.max_age = Some(60);
        let jws = token(
            serde_json::json!({"iss": "https://server.example.com", "aud": "s6BhdRkqt3", "exp": 1311281970, "iat": 1311280970}),
        );
        let failed: Vec<&str> = validate_id_token(&jws, &ok_sig(), &e)
            .failures()
            .map(|c| c.name)
            .collect();
        assert_eq!(failed, ["nonce", "auth_time"]);
    }
}
