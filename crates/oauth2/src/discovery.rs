//! Authorization server metadata, RFC 8414 (§2 members, §3 the well-known URL, §3.3 the
//! issuer check) and OpenID Connect Discovery 1.0 (§3 members, §4 the URL, §4.3 the same
//! check). Every endpoint is checked to be http(s) before anything may fetch or show it.

use serde::Serialize;
use url::Url;

use crate::Error;
use crate::client_auth::AuthMethod;
use crate::http::{Members, Response, oauth_document, parse_url};
use crate::pkce::ChallengeMethod;

const DOCUMENT: &str = "discovery document";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WellKnown {
    /// RFC 8414 §3.1: `/.well-known/oauth-authorization-server` before the issuer's path.
    OAuth,
    /// OIDC Discovery §4.1: `/.well-known/openid-configuration` after it.
    OpenId,
}

/// The URL to fetch the metadata of `issuer` from.
pub fn well_known_url(issuer: &str, kind: WellKnown) -> Result<String, Error> {
    let url = parse_url(issuer)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidValue {
            what: "issuer",
            value: issuer.to_owned(),
            why: "an issuer has no query or fragment (RFC 8414 §2)".into(),
        });
    }
    // No query or fragment: the serialisation is the origin (with any userinfo) then the
    // path, already encoded. Written as text, not with `set_path`: the page's browser-backed
    // `url` (crates/weburl) has no setters beyond the query and fragment.
    let whole = url.as_str();
    let prefix = &whole[..whole.len() - url.path().len()];
    let path = url.path().trim_end_matches('/');
    Ok(match kind {
        WellKnown::OAuth => format!("{prefix}/.well-known/oauth-authorization-server{path}"),
        WellKnown::OpenId => format!("{prefix}{path}/.well-known/openid-configuration"),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub registration_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub introspection_endpoint: Option<String>,
    pub device_authorization_endpoint: Option<String>,
    pub pushed_authorization_request_endpoint: Option<String>,
    pub end_session_endpoint: Option<String>,
    pub scopes_supported: Vec<String>,
    pub response_types_supported: Vec<String>,
    pub response_modes_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub code_challenge_methods_supported: Vec<String>,
    pub id_token_signing_alg_values_supported: Vec<String>,
    pub dpop_signing_alg_values_supported: Vec<String>,
    pub require_pushed_authorization_requests: bool,
    pub authorization_response_iss_parameter_supported: bool,
    /// Members not read above, as they came.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// What a learner should know (http endpoints, missing S256 …).
    pub notes: Vec<String>,
}

const ENDPOINTS: [&str; 10] = [
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "userinfo_endpoint",
    "registration_endpoint",
    "revocation_endpoint",
    "introspection_endpoint",
    "device_authorization_endpoint",
    "pushed_authorization_request_endpoint",
    "end_session_endpoint",
];
/// Members read below besides the endpoints.
const OTHER_MEMBERS: [&str; 9] = [
    "scopes_supported",
    "response_types_supported",
    "response_modes_supported",
    "grant_types_supported",
    "token_endpoint_auth_methods_supported",
    "code_challenge_methods_supported",
    "id_token_signing_alg_values_supported",
    "dpop_signing_alg_values_supported",
    "require_pushed_authorization_requests",
];

/// Parses the document and checks that its `issuer` is exactly `expected_issuer`, the
/// issuer whose well-known URL was fetched (RFC 8414 §3.3, OIDC Discovery §4.3).
pub fn parse_metadata(response: Response<'_>, expected_issuer: &str) -> Result<Metadata, Error> {
    let map = oauth_document(response, DOCUMENT)?;
    let m = Members {
        map: &map,
        document: DOCUMENT,
    };
    let issuer = m.required("issuer")?;
    if issuer != expected_issuer {
        return Err(Error::IssuerMismatch {
            expected: expected_issuer.to_owned(),
            found: issuer,
        });
    }
    let issuer_url = parse_url(&issuer)?;
    let mut notes = Vec::new();
    if issuer_url.scheme() == "http" && !is_loopback(&issuer_url) {
        notes
            .push("The issuer is plain http: RFC 8414 §2 requires https outside a local sandbox.".to_owned());
    }
    let endpoint = |name: &str| -> Result<Option<String>, Error> {
        m.string(name)?
            .map(|u| parse_url(&u).map(String::from))
            .transpose()
    };
    let mut e = ENDPOINTS
        .iter()
        .map(|n| endpoint(n))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    let mut next = || e.next().flatten();
    let mut known: Vec<&str> = vec!["issuer", "authorization_response_iss_parameter_supported"];
    known.extend(ENDPOINTS);
    known.extend(OTHER_MEMBERS);
    let md = Metadata {
        issuer,
        authorization_endpoint: next(),
        token_endpoint: next(),
        jwks_uri: next(),
        userinfo_endpoint: next(),
        registration_endpoint: next(),
        revocation_endpoint: next(),
        introspection_endpoint: next(),
        device_authorization_endpoint: next(),
        pushed_authorization_request_endpoint: next(),
        end_session_endpoint: next(),
        scopes_supported: m.strings("scopes_supported")?,
        response_types_supported: m.strings("response_types_supported")?,
        response_modes_supported: m.strings("response_modes_supported")?,
        grant_types_supported: m.strings("grant_types_supported")?,
        token_endpoint_auth_methods_supported: m.strings("token_endpoint_auth_methods_supported")?,
        code_challenge_methods_supported: m.strings("code_challenge_methods_supported")?,
        id_token_signing_alg_values_supported: m.strings("id_token_signing_alg_values_supported")?,
        dpop_signing_alg_values_supported: m.strings("dpop_signing_alg_values_supported")?,
        require_pushed_authorization_requests: m
            .bool("require_pushed_authorization_requests")?
            .unwrap_or(false),
        authorization_response_iss_parameter_supported: m
            .bool("authorization_response_iss_parameter_supported")?
            .unwrap_or(false),
        extra: m.extra(&known),
        notes,
    };
    let mut md = md;
    if !md.supports_s256() {
        md.notes.push(
            "The server does not list S256 in code_challenge_methods_supported; it may still accept PKCE."
                .to_owned(),
        );
    }
    Ok(md)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

impl Metadata {
    pub fn supports_s256(&self) -> bool {
        self.code_challenge_methods_supported
            .iter()
            .any(|m| m == ChallengeMethod::S256.as_str())
    }

    /// The method to default to: the first this crate knows among the server's, or
    /// `client_secret_basic` when the document lists none this crate knows (RFC 8414 §2's
    /// default when the member is absent).
    pub fn preferred_auth_method(&self) -> AuthMethod {
        self.token_endpoint_auth_methods_supported
            .iter()
            .find_map(|m| AuthMethod::parse(m).ok())
            .unwrap_or(AuthMethod::ClientSecretBasic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC8414_EXAMPLE: &str = r#"{
        "issuer": "https://server.example.com",
        "authorization_endpoint": "https://server.example.com/authorize",
        "token_endpoint": "https://server.example.com/token",
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
        "userinfo_endpoint": "https://server.example.com/userinfo",
        "jwks_uri": "https://server.example.com/jwks.json",
        "registration_endpoint": "https://server.example.com/register",
        "scopes_supported": ["openid", "profile", "email", "address", "phone", "offline_access"],
        "response_types_supported": ["code", "code token"],
        "service_documentation": "http://server.example.com/service_documentation.html",
        "ui_locales_supported": ["en-US", "en-GB", "en-CA", "fr-FR", "fr-CA"]
    }"#;

    #[test]
    fn rfc8414_section_3_2_example() {
        let md = parse_metadata(
            Response::new(200, &[], RFC8414_EXAMPLE.as_bytes()),
            "https://server.example.com",
        )
        .unwrap();
        assert_eq!(
            md.token_endpoint.as_deref(),
            Some("https://server.example.com/token")
        );
        assert_eq!(md.preferred_auth_method(), AuthMethod::ClientSecretBasic);
        assert_eq!(md.extra["ui_locales_supported"][0], "en-US");
        assert!(
            md.extra
                .contains_key("token_endpoint_auth_signing_alg_values_supported")
        );
        assert!(!md.supports_s256());
        let err = parse_metadata(
            Response::new(200, &[], RFC8414_EXAMPLE.as_bytes()),
            "https://server.example.com/",
        )
        .unwrap_err();
        assert!(matches!(err, Error::IssuerMismatch { .. }));
        let bad = RFC8414_EXAMPLE.replace("https://server.example.com/token", "javascript:alert(1)");
        assert!(matches!(
            parse_metadata(
                Response::new(200, &[], bad.as_bytes()),
                "https://server.example.com"
            ),
            Err(Error::Url(_))
        ));
    }

    #[test]
    fn well_known_urls() {
        assert_eq!(
            well_known_url("https://example.com/issuer1", WellKnown::OAuth).unwrap(),
            "https://example.com/.well-known/oauth-authorization-server/issuer1"
        );
        assert_eq!(
            well_known_url("https://example.com", WellKnown::OAuth).unwrap(),
            "https://example.com/.well-known/oauth-authorization-server"
        );
        assert_eq!(
            well_known_url("https://example.com/tenant/", WellKnown::OpenId).unwrap(),
            "https://example.com/tenant/.well-known/openid-configuration"
        );
        assert_eq!(
            well_known_url("http://127.0.0.1:9000", WellKnown::OpenId).unwrap(),
            "http://127.0.0.1:9000/.well-known/openid-configuration"
        );
        assert!(well_known_url("https://example.com/?x=1", WellKnown::OAuth).is_err());
    }
}
