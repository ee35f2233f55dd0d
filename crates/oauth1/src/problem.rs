//! The OAuth Problem Reporting extension (oauth_problem, oauth_problem_advice, …) and
//! `WWW-Authenticate: OAuth realm=…` challenges (RFC 5849 §3.5.1, RFC 7235).

use serde::Serialize;

use crate::encode::{encode, parse_form};
use crate::header::{auth_params, split_scheme};

/// A provider's report of what went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// e.g. `signature_invalid`, `timestamp_refused`.
    pub problem: String,
    pub advice: Option<String>,
    pub parameters_absent: Vec<String>,
    pub parameters_rejected: Vec<String>,
    pub acceptable_versions: Option<String>,
    pub acceptable_timestamps: Option<String>,
    /// The base string the server computed (a debugging aid some servers send).
    pub debug_sbs: Option<String>,
    pub extra: Vec<(String, String)>,
}

impl Problem {
    pub fn new(problem: &str) -> Self {
        Self {
            problem: problem.to_owned(),
            ..Self::default()
        }
    }

    pub fn with_advice(mut self, advice: impl Into<String>) -> Self {
        self.advice = Some(advice.into());
        self
    }

    /// Parses a form-encoded body carrying `oauth_problem`. `None` when it carries none.
    pub fn from_body(body: &str) -> Option<Self> {
        Self::from_pairs(parse_form(body.trim()).ok()?)
    }

    /// Parses `WWW-Authenticate: OAuth realm="…", oauth_problem="…"`.
    pub fn from_www_authenticate(value: &str) -> Option<Self> {
        let challenge = Challenge::parse(value)?;
        let pairs = challenge
            .params
            .into_iter()
            .map(|(n, v)| (n, crate::encode::decode(&v).unwrap_or(v)))
            .collect();
        Self::from_pairs(pairs)
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> Option<Self> {
        let mut p = Problem::default();
        let list = |v: &str| {
            v.split('&')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        for (name, value) in pairs {
            match name.as_str() {
                "oauth_problem" => p.problem = value,
                "oauth_problem_advice" => p.advice = Some(value),
                "oauth_parameters_absent" => p.parameters_absent = list(&value),
                "oauth_parameters_rejected" => p.parameters_rejected = list(&value),
                "oauth_acceptable_versions" => p.acceptable_versions = Some(value),
                "oauth_acceptable_timestamps" => p.acceptable_timestamps = Some(value),
                "debug_sbs" | "oauth_debug_sbs" => p.debug_sbs = Some(value),
                _ => p.extra.push((name, value)),
            }
        }
        (!p.problem.is_empty()).then_some(p)
    }

    /// The form-encoded body a server sends.
    pub fn to_body(&self) -> String {
        let absent = (!self.parameters_absent.is_empty()).then(|| self.parameters_absent.join("&"));
        let rejected = (!self.parameters_rejected.is_empty()).then(|| self.parameters_rejected.join("&"));
        let optional = [
            ("oauth_problem_advice", &self.advice),
            ("oauth_acceptable_versions", &self.acceptable_versions),
            ("oauth_acceptable_timestamps", &self.acceptable_timestamps),
            ("oauth_parameters_absent", &absent),
            ("oauth_parameters_rejected", &rejected),
            ("debug_sbs", &self.debug_sbs),
        ];
        let mut pairs = vec![("oauth_problem", self.problem.clone())];
        pairs.extend(
            optional
                .iter()
                .filter_map(|(n, v)| v.as_ref().map(|v| (*n, v.clone()))),
        );
        pairs
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// What the problem means and what to do, for people.
    pub fn explanation(&self) -> &'static str {
        explain_problem(&self.problem)
    }
}

/// Plain-language meaning of each Problem Reporting code.
pub fn explain_problem(code: &str) -> &'static str {
    match code {
        "version_rejected" => {
            "The provider does not accept this oauth_version. Try turning oauth_version off, or on."
        }
        "parameter_absent" => "A required parameter is missing; see the list of absent parameters.",
        "parameter_rejected" => {
            "The provider refused a parameter, often one it does not expect on this step."
        }
        "timestamp_refused" => {
            "The timestamp is outside the provider's window. Check this computer's clock: it is probably off by minutes."
        }
        "nonce_used" => {
            "This nonce was already used. Each request needs a fresh nonce; sign it again rather than resending."
        }
        "signature_method_rejected" => {
            "The provider does not accept this signature method. Check its documentation (e.g. HMAC-SHA1 versus HMAC-SHA256)."
        }
        "signature_invalid" => {
            "The provider computed a different signature. Check the consumer secret and token secret, then compare the base strings."
        }
        "consumer_key_unknown" => {
            "The provider does not know this consumer key. Check it for typos and that the app is registered."
        }
        "consumer_key_rejected" => "The consumer key is known but refused (suspended or not permitted).",
        "consumer_key_refused" => "The consumer key is temporarily refused, e.g. rate limited.",
        "token_used" => "This token was already used; request tokens are good for one exchange. Start over.",
        "token_expired" => "The token expired. Start over to get a new one.",
        "token_revoked" => "The token was revoked by the user or the provider. Start over.",
        "token_rejected" => {
            "The provider does not accept this token: it may be unknown, or belong to another consumer."
        }
        "additional_authorization_required" => {
            "The token lacks a permission this call needs; authorize again with a wider scope."
        }
        "permission_unknown" => "The user has not decided yet: finish the authorize step first.",
        "permission_denied" => "The user denied access.",
        "user_refused" => "The user refused access.",
        "verifier_invalid" => {
            "The verifier (PIN) is wrong or belongs to another token. Paste it again exactly."
        }
        _ => "The provider reported a problem; its advice, if any, is shown with it.",
    }
}

/// A parsed `WWW-Authenticate` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub realm: Option<String>,
    /// Raw (not percent-decoded) parameters other than realm.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn parse(value: &str) -> Option<Self> {
        let (scheme, rest) = split_scheme(value);
        if scheme.is_empty() {
            return None;
        }
        let mut challenge = Challenge {
            scheme: scheme.to_owned(),
            realm: None,
            params: Vec::new(),
        };
        for (name, value) in auth_params(rest).ok()? {
            if name.eq_ignore_ascii_case("realm") {
                challenge.realm = Some(value);
            } else {
                challenge.params.push((name, value));
            }
        }
        Some(challenge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_problem_body_with_debug_sbs() {
        let p = Problem::from_body(
            "oauth_problem=signature_invalid&debug_sbs=GET%26http%253A%252F%252Fx%26a%253D1\
             &oauth_problem_advice=check+secrets&oauth_parameters_absent=oauth_nonce%26oauth_timestamp",
        )
        .unwrap();
        assert_eq!(p.problem, "signature_invalid");
        assert_eq!(p.debug_sbs.as_deref(), Some("GET&http%3A%2F%2Fx&a%3D1"));
        assert_eq!(p.advice.as_deref(), Some("check secrets"));
        assert_eq!(p.parameters_absent, vec!["oauth_nonce", "oauth_timestamp"]);
        assert!(p.explanation().contains("base strings"));
        assert_eq!(Problem::from_body(&p.to_body()), Some(p));
    }

    #[test]
    fn none_without_oauth_problem() {
        assert_eq!(Problem::from_body("error=invalid"), None);
        assert_eq!(Problem::from_body("<html>"), None);
    }

    #[test]
    fn parses_www_authenticate() {
        let c = Challenge::parse("OAuth realm=\"https://api.example.com/\"").unwrap();
        assert_eq!(c.scheme, "OAuth");
        assert_eq!(c.realm.as_deref(), Some("https://api.example.com/"));
        let p = Problem::from_www_authenticate(
            "OAuth realm=\"x\", oauth_problem=\"timestamp_refused\", oauth_acceptable_timestamps=\"100-200\"",
        )
        .unwrap();
        assert_eq!(p.problem, "timestamp_refused");
        assert_eq!(p.acceptable_timestamps.as_deref(), Some("100-200"));
        assert!(p.explanation().contains("clock"));
    }
}
