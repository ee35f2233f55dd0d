//! The provider's side: collect what a request carries and check its signature
//! (RFC 5849 §3.2). Replay and timestamp policy belong to the caller, who owns a clock
//! and a nonce store; this module reports problems in Problem Reporting terms.

use crate::Secret;
use crate::base_string::SignatureBaseString;
use crate::encode::parse_form;
use crate::header::parse_authorization;
use crate::normalized::EncodedPairs;
use crate::params::{Parameter, Source, is_form_content_type};
use crate::problem::Problem;
use crate::sign::{self, RsaPublicKey, SignatureMethod};
use crate::uri::{base_string_uri, parse_url};

/// An incoming request as the server sees it. `url` is the absolute URL the client used
/// (scheme and host as the client addressed them).
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub authorization: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// The protocol parameters of a request (§3.1), wherever they were sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProtocolParameters {
    pub consumer_key: String,
    pub token: Option<String>,
    pub signature_method: String,
    pub signature: String,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    pub version: Option<String>,
    pub callback: Option<String>,
    pub verifier: Option<String>,
    pub body_hash: Option<String>,
}

/// A request taken apart: its parameters, the protocol ones, and the base string.
#[derive(Debug, Clone)]
pub struct CollectedRequest {
    pub parameters: Vec<Parameter>,
    pub protocol: ProtocolParameters,
    pub signature_method: SignatureMethod,
    pub realm: Option<String>,
    pub base_string: SignatureBaseString,
}

/// Collects the parameters from the query, the `Authorization` header and a form body
/// (§3.4.1.3.1), and checks that each protocol parameter appears once (§3.1).
pub fn collect(request: ReceivedRequest<'_>) -> Result<CollectedRequest, Problem> {
    let rejected = |what: &str, advice: String| {
        let mut p = Problem::new("parameter_rejected").with_advice(advice);
        p.parameters_rejected.push(what.to_owned());
        p
    };
    let url = parse_url(request.url).map_err(|e| rejected("url", e.to_string()))?;
    let mut parameters = Vec::new();
    let mut signature = None;
    let mut realm = None;
    let mut push = |name: String, value: String, source, parameters: &mut Vec<Parameter>| {
        if name == "oauth_signature" {
            if signature.replace(value).is_some() {
                return Err(rejected(
                    "oauth_signature",
                    "oauth_signature is sent more than once".into(),
                ));
            }
        } else {
            parameters.push(Parameter::new(name, value, source));
        }
        Ok(())
    };
    if let Some(q) = url.query() {
        let pairs = parse_form(q).map_err(|e| rejected("query", e.to_string()))?;
        for (n, v) in pairs {
            push(n, v, Source::Query, &mut parameters)?;
        }
    }
    if let Some(h) = request.authorization
        && h.trim_start()
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case("oauth "))
    {
        let header = parse_authorization(h).map_err(|e| rejected("Authorization", e.to_string()))?;
        realm = header.realm;
        for (n, v) in header.params {
            // §3.4.1.3.1: only oauth_* parameters of the header are signed.
            if n.starts_with("oauth_") {
                push(n, v, Source::AuthorizationHeader, &mut parameters)?;
            }
        }
    }
    if is_form_content_type(request.content_type) {
        let body = std::str::from_utf8(request.body)
            .map_err(|_| rejected("body", "the form body is not UTF-8".into()))?;
        let pairs = parse_form(body).map_err(|e| rejected("body", e.to_string()))?;
        for (n, v) in pairs {
            push(n, v, Source::FormBody, &mut parameters)?;
        }
    }

    let mut protocol = ProtocolParameters {
        signature: signature.unwrap_or_default(),
        ..ProtocolParameters::default()
    };
    let mut seen: Vec<&str> = Vec::new();
    for p in &parameters {
        if !p.name.starts_with("oauth_") {
            continue;
        }
        if seen.contains(&p.name.as_str()) {
            return Err(rejected(&p.name, format!("{} is sent more than once", p.name)));
        }
        seen.push(&p.name);
        let v = Some(p.value.clone());
        match p.name.as_str() {
            "oauth_consumer_key" => protocol.consumer_key = p.value.clone(),
            "oauth_token" => protocol.token = v,
            "oauth_signature_method" => protocol.signature_method = p.value.clone(),
            "oauth_timestamp" => protocol.timestamp = v,
            "oauth_nonce" => protocol.nonce = v,
            "oauth_version" => protocol.version = v,
            "oauth_callback" => protocol.callback = v,
            "oauth_verifier" => protocol.verifier = v,
            "oauth_body_hash" => protocol.body_hash = v,
            _ => {}
        }
    }
    let mut absent = Vec::new();
    if protocol.consumer_key.is_empty() {
        absent.push("oauth_consumer_key");
    }
    if protocol.signature_method.is_empty() {
        absent.push("oauth_signature_method");
    }
    if protocol.signature.is_empty() {
        absent.push("oauth_signature");
    }
    let is_plaintext = protocol.signature_method.eq_ignore_ascii_case("PLAINTEXT");
    // §3.1: PLAINTEXT may omit the timestamp and nonce.
    if !is_plaintext {
        if protocol.timestamp.is_none() {
            absent.push("oauth_timestamp");
        }
        if protocol.nonce.is_none() {
            absent.push("oauth_nonce");
        }
    }
    if !absent.is_empty() {
        let mut p = Problem::new("parameter_absent").with_advice(format!("missing: {}", absent.join(", ")));
        p.parameters_absent = absent.into_iter().map(str::to_owned).collect();
        return Err(p);
    }
    if let Some(v) = &protocol.version
        && v != "1.0"
    {
        let mut p = Problem::new("version_rejected").with_advice("only oauth_version=1.0 is accepted");
        p.acceptable_versions = Some("1.0-1.0".into());
        return Err(p);
    }
    let signature_method = protocol
        .signature_method
        .parse::<SignatureMethod>()
        .map_err(|_| {
            Problem::new("signature_method_rejected").with_advice(format!(
                "{:?} is not a signature method this provider knows",
                protocol.signature_method
            ))
        })?;

    let normalized = EncodedPairs::of(&parameters).normalized();
    let base_string = SignatureBaseString::new(request.method, base_string_uri(&url), normalized);
    Ok(CollectedRequest {
        parameters,
        protocol,
        signature_method,
        realm,
        base_string,
    })
}

impl CollectedRequest {
    /// Checks the signature (constant time for the shared-secret methods) and, when present,
    /// the body hash. On failure the problem carries the server's base string as `debug_sbs`.
    pub fn verify(
        &self,
        consumer_secret: &Secret,
        token_secret: &Secret,
        rsa_public: Option<&RsaPublicKey>,
        body: &[u8],
        content_type: Option<&str>,
    ) -> Result<(), Problem> {
        // The base string goes straight into the MAC; it is written out only for debug_sbs.
        let ok = sign::verify_text(
            self.signature_method,
            &self.base_string,
            &self.protocol.signature,
            consumer_secret,
            token_secret,
            rsa_public,
        )
        .map_err(|e| Problem::new("signature_method_rejected").with_advice(e.to_string()))?;
        if !ok {
            let mut p = Problem::new("signature_invalid")
                .with_advice("the signature does not match the base string this server computed (debug_sbs)");
            p.debug_sbs = Some(self.base_string.to_string());
            return Err(p);
        }
        if let Some(hash) = &self.protocol.body_hash {
            if is_form_content_type(content_type) {
                let mut p = Problem::new("parameter_rejected")
                    .with_advice("oauth_body_hash must not be sent with a form-encoded body");
                p.parameters_rejected.push("oauth_body_hash".into());
                return Err(p);
            }
            let expected = sign::body_hash(self.signature_method.digest(), body);
            if !sign::constant_time_eq(expected.as_bytes(), hash.as_bytes()) {
                let mut p = Problem::new("parameter_rejected")
                    .with_advice("oauth_body_hash does not match the body received");
                p.parameters_rejected.push("oauth_body_hash".into());
                return Err(p);
            }
        }
        Ok(())
    }

    /// The timestamp as seconds, or `parameter_rejected` when it is not a number.
    pub fn timestamp(&self) -> Result<Option<u64>, Problem> {
        self.protocol
            .timestamp
            .as_deref()
            .map(|t| {
                t.parse::<u64>().map_err(|_| {
                    let mut p = Problem::new("parameter_rejected")
                        .with_advice("oauth_timestamp must be whole seconds since 1970");
                    p.parameters_rejected.push("oauth_timestamp".into());
                    p
                })
            })
            .transpose()
    }
}
