//! Token responses, RFC 5849 §2.1 and §2.3: a form-encoded body.

use crate::encode::parse_form;
use crate::{Error, Secret};

/// `oauth_token` and `oauth_token_secret`, plus whatever else the provider sent
/// (e.g. X's `user_id` and `screen_name`), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    pub token: String,
    pub token_secret: Secret,
    /// `oauth_callback_confirmed`, present on request-token responses (§2.1).
    pub callback_confirmed: Option<bool>,
    pub extra: Vec<(String, String)>,
}

impl TokenResponse {
    /// Parses a token response body. `+` decodes to a space (form rules).
    pub fn parse(body: &str) -> Result<Self, Error> {
        let trimmed = body.trim();
        if trimmed.starts_with('<') || trimmed.starts_with('{') {
            return Err(Error::InvalidTokenResponse(
                "the body is HTML, XML or JSON, not form-encoded oauth_token=…&oauth_token_secret=…".into(),
            ));
        }
        let pairs = parse_form(trimmed)
            .map_err(|e| Error::InvalidTokenResponse(format!("the body is not form-encoded ({e})")))?;
        let mut token = None;
        let mut secret = None;
        let mut confirmed = None;
        let mut extra = Vec::new();
        for (name, value) in pairs {
            match name.as_str() {
                "oauth_token" if token.is_none() => token = Some(value),
                "oauth_token_secret" if secret.is_none() => secret = Some(value),
                "oauth_callback_confirmed" => confirmed = Some(value == "true"),
                _ => extra.push((name, value)),
            }
        }
        match (token, secret) {
            (Some(token), Some(secret)) if !token.is_empty() => Ok(Self {
                token,
                token_secret: Secret::new(secret),
                callback_confirmed: confirmed,
                extra,
            }),
            (None, _) | (Some(_), _) if extra.iter().any(|(n, _)| n == "oauth_problem") => Err(
                Error::InvalidTokenResponse("the provider reported a problem instead of a token".into()),
            ),
            (Some(t), None) if !t.is_empty() => Err(Error::InvalidTokenResponse(
                "oauth_token_secret is missing".into(),
            )),
            _ => Err(Error::InvalidTokenResponse("oauth_token is missing".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request_token_response() {
        let r = TokenResponse::parse(
            "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true",
        )
        .unwrap();
        assert_eq!(r.token, "hh5s93j4hdidpola");
        assert_eq!(r.token_secret.expose(), "hdhd0244k9j7ao03");
        assert_eq!(r.callback_confirmed, Some(true));
        assert!(r.extra.is_empty());
    }

    #[test]
    fn keeps_extra_fields_and_decodes_plus() {
        let r =
            TokenResponse::parse("oauth_token=a&oauth_token_secret=b%2Bc+d&user_id=42&screen_name=Jo+Doe\n")
                .unwrap();
        assert_eq!(r.token_secret.expose(), "b+c d");
        assert_eq!(
            r.extra,
            vec![
                ("user_id".into(), "42".into()),
                ("screen_name".into(), "Jo Doe".into())
            ]
        );
    }

    #[test]
    fn explains_bad_bodies() {
        for body in [
            "<html>nope</html>",
            "{\"error\":1}",
            "oauth_token=a",
            "",
            "oauth_problem=x",
            "a=%zz",
        ] {
            assert!(
                matches!(TokenResponse::parse(body), Err(Error::InvalidTokenResponse(_))),
                "{body}"
            );
        }
    }
}
