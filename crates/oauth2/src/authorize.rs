//! The authorization request, RFC 6749 §4.1.1, with PKCE (RFC 7636 §4.3), `state`
//! (§10.12), and OpenID Connect's `nonce`, `prompt` and `login_hint` (OIDC Core §3.1.2.1),
//! `response_mode` (OAuth 2.0 Multiple Response Types §2.1), and extra parameters. The URL is
//! built parameter by parameter, each with why it is there.

use serde::Serialize;
use url::Url;

use crate::Error;
use crate::http::{ExplainedParam, Param, check_extra, parse_url};
use crate::pkce::CodeChallenge;
use crate::redirect::parse_redirect_uri;

/// What the authorization request carries. `state` and the PKCE challenge come from the
/// caller's CSPRNG ([`crate::random_token`], [`crate::CodeVerifier::generate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizationRequest {
    pub authorization_endpoint: String,
    pub client_id: String,
    /// `code` for the code flow; OIDC hybrid values (`code id_token`) pass through.
    pub response_type: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub pkce: Option<CodeChallenge>,
    pub response_mode: Option<String>,
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    /// Anything else (`audience`, `resource`, `max_age`, `acr_values` …), after the ones above;
    /// none may repeat them.
    pub extra: Vec<(String, String)>,
}

/// The authorization URL to navigate to, and its parameters explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorizationUrl {
    pub url: String,
    pub parameters: Vec<ExplainedParam>,
    pub notes: Vec<String>,
}

impl std::fmt::Display for AuthorizationUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}\n", self.url)?;
        for p in &self.parameters {
            writeln!(f, "  {} = {}\n      {}", p.name, p.value, p.why)?;
        }
        for n in &self.notes {
            writeln!(f, "\nNote: {n}")?;
        }
        Ok(())
    }
}

impl AuthorizationRequest {
    /// The parameters in the order they are sent, each with its reason.
    pub(crate) fn params(&self) -> Result<Vec<Param>, Error> {
        if self.client_id.is_empty() {
            return Err(Error::InvalidValue {
                what: "client_id",
                value: String::new(),
                why: "every authorization request needs one (RFC 6749 §4.1.1)".into(),
            });
        }
        let mut p = vec![
            Param::new(
                "response_type",
                self.response_type.clone().unwrap_or_else(|| "code".into()),
                "code asks for an authorization code to exchange at the token endpoint (§4.1.1)",
            ),
            Param::new("client_id", &self.client_id, "who is asking (§2.2)"),
        ];
        if let Some(r) = &self.redirect_uri {
            let url = parse_redirect_uri(r)?;
            p.push(Param::new(
                "redirect_uri",
                url.as_str(),
                "where the server sends the answer; it must equal a registered one exactly (§3.1.2), and the token request repeats it (§4.1.3)",
            ));
        }
        if let Some(s) = &self.scope {
            p.push(Param::new("scope", s, "what access is asked for (§3.3)"));
        }
        if let Some(s) = &self.state {
            p.push(Param::new(
                "state",
                s,
                "an unguessable value the callback must echo: proves the answer is to this request, not a forged one (§10.12)",
            ));
        }
        if let Some(c) = &self.pkce {
            p.push(Param::new(
                "code_challenge",
                &c.value,
                "the PKCE challenge derived from a secret verifier; only the holder of the verifier can redeem the code (RFC 7636 §4.3)",
            ));
            p.push(Param::new(
                "code_challenge_method",
                c.method.as_str(),
                "how the challenge was derived; without it the server assumes plain (RFC 7636 §4.3)",
            ));
        }
        let optional = [
            (
                "nonce",
                &self.nonce,
                "echoed inside the id_token; checking it ties the token to this login (OIDC Core §3.1.2.1, §15.5.2)",
            ),
            (
                "response_mode",
                &self.response_mode,
                "how the answer is returned: query, fragment or form_post",
            ),
            (
                "prompt",
                &self.prompt,
                "whether to force login, consent or account selection (OIDC Core §3.1.2.1)",
            ),
            (
                "login_hint",
                &self.login_hint,
                "pre-fills the account to log in with (OIDC Core §3.1.2.1)",
            ),
        ];
        for (name, value, why) in optional {
            if let Some(v) = value {
                p.push(Param::new(name, v, why));
            }
        }
        check_extra(&p, &self.extra)?;
        p.extend(
            self.extra
                .iter()
                .map(|(n, v)| Param::new(n, v, "an extra parameter you added")),
        );
        Ok(p)
    }

    pub fn build(&self) -> Result<AuthorizationUrl, Error> {
        let endpoint = parse_url(&self.authorization_endpoint)?;
        let params = self.params()?;
        let mut notes = Vec::new();
        if self.pkce.is_none() {
            notes
                .push("No PKCE: OAuth 2.1 and the browser-app BCP require it on every code flow.".to_owned());
        }
        if self.state.is_none() && self.pkce.is_none() && self.nonce.is_none() {
            notes.push(
                "Nothing here protects the callback against CSRF: send state, PKCE or a nonce.".to_owned(),
            );
        }
        Ok(AuthorizationUrl {
            url: with_query(&endpoint, &params)?.into(),
            parameters: params.iter().map(Param::explained).collect(),
            notes,
        })
    }
}

/// `endpoint` with `params` added to its query; an existing query is kept (§3.1), but none
/// of its names may be set again.
pub(crate) fn with_query(endpoint: &Url, params: &[Param]) -> Result<Url, Error> {
    if endpoint.fragment().is_some() {
        return Err(Error::InvalidValue {
            what: "authorization endpoint",
            value: endpoint.as_str().to_owned(),
            why: "it must not have a fragment (RFC 6749 §3.1)".into(),
        });
    }
    if let Some((n, _)) = endpoint
        .query_pairs()
        .find(|(n, _)| params.iter().any(|p| p.name == *n))
    {
        return Err(Error::DuplicateParameter(n.into_owned()));
    }
    // The endpoint's own query, then ours, form-encoded by one encoder (as the url crate's
    // `query_pairs_mut` would; the page's browser-backed `url` has only `set_query`).
    let mut q = form_urlencoded::Serializer::for_suffix(endpoint.query().unwrap_or("").to_owned(), 0);
    for p in params {
        q.append_pair(&p.name, &p.value);
    }
    let mut url = endpoint.clone();
    url.set_query(Some(&q.finish()));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pkce::{ChallengeMethod, CodeVerifier};

    fn request() -> AuthorizationRequest {
        AuthorizationRequest {
            authorization_endpoint: "https://as.example/authorize?tenant=t1".into(),
            client_id: "s6BhdRkqt3".into(),
            redirect_uri: Some("https://client.example/cb".into()),
            scope: Some("openid profile".into()),
            state: Some("xyz".into()),
            nonce: Some("n-0S6_WzA2Mj".into()),
            pkce: Some(
                CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                    .unwrap()
                    .challenge(ChallengeMethod::S256),
            ),
            prompt: Some("consent".into()),
            login_hint: Some("alice@example.com".into()),
            extra: vec![("audience".into(), "https://api.example/".into())],
            ..Default::default()
        }
    }

    #[test]
    fn exact_url() {
        let built = request().build().unwrap();
        assert_eq!(
            built.url,
            "https://as.example/authorize?tenant=t1&response_type=code&client_id=s6BhdRkqt3\
             &redirect_uri=https%3A%2F%2Fclient.example%2Fcb&scope=openid+profile&state=xyz\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256\
             &nonce=n-0S6_WzA2Mj&prompt=consent&login_hint=alice%40example.com\
             &audience=https%3A%2F%2Fapi.example%2F"
        );
        assert_eq!(built.parameters.len(), 11);
        assert!(
            built
                .to_string()
                .contains("\n  state = xyz\n      an unguessable value")
        );
        assert!(built.notes.is_empty());
    }

    #[test]
    fn refusals() {
        let mut r = request();
        r.extra.push(("state".into(), "again".into()));
        assert_eq!(r.build().unwrap_err(), Error::ReservedParameter("state".into()));
        let mut r = request();
        r.authorization_endpoint = "javascript:alert(1)//".into();
        assert!(matches!(r.build(), Err(Error::Url(_))));
        let mut r = request();
        r.redirect_uri = Some("javascript:alert(1)".into());
        assert!(matches!(
            r.build(),
            Err(Error::InvalidValue {
                what: "redirect_uri",
                ..
            })
        ));
        let mut r = request();
        r.authorization_endpoint = "https://as.example/authorize?client_id=x".into();
        assert_eq!(
            r.build().unwrap_err(),
            Error::DuplicateParameter("client_id".into())
        );
        let r = AuthorizationRequest {
            authorization_endpoint: "https://as.example/authorize".into(),
            client_id: "c".into(),
            ..Default::default()
        };
        assert_eq!(r.build().unwrap().notes.len(), 2);
    }
}
