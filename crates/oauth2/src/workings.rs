//! A built request and its workings: each parameter with why it is there, the Basic header
//! taken apart, and the exact HTTP with every secret masked. One builder for every endpoint
//! that takes client authentication, so refresh, revocation and the rest use the method the
//! user chose (Postman #11668) and keep the user's extra headers (Postman #12363).

use std::fmt;

use serde::Serialize;
use url::Url;

use crate::Error;
use crate::client_auth::{Applied, BasicWorkings, ClientAuth};
use crate::http::{ExplainedParam, HttpRequest, Param, check_extra, form_encode, form_post};

#[derive(Debug, Clone)]
pub struct BuiltRequest {
    /// What to send, secrets and all.
    pub request: HttpRequest,
    pub workings: RequestWorkings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestWorkings {
    pub parameters: Vec<ExplainedParam>,
    pub basic: Option<BasicWorkings>,
    /// The request as it goes on the wire, with the secrets masked.
    pub http: String,
    pub notes: Vec<String>,
}

/// A form POST to `endpoint` with the grant's parameters, then the client's, then `extra`
/// (which may repeat neither), and `headers` after the ones the method sets.
pub(crate) fn build_form_post(
    endpoint: &Url,
    mut params: Vec<Param>,
    auth: Option<&ClientAuth>,
    extra: &[(String, String)],
    headers: &[(String, String)],
    notes: Vec<String>,
) -> Result<BuiltRequest, Error> {
    let Applied {
        headers: auth_headers,
        params: auth_params,
        basic,
    } = match auth {
        Some(a) => a.apply()?,
        None => Applied {
            headers: vec![],
            params: vec![],
            basic: None,
        },
    };
    params.extend(auth_params);
    check_extra(&params, extra)?;
    params.extend(
        extra
            .iter()
            .map(|(n, v)| Param::new(n, v, "an extra parameter you added")),
    );
    let mut all_headers = auth_headers;
    for (name, value) in headers {
        if all_headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            || ["content-type", "content-length", "host"].contains(&name.to_ascii_lowercase().as_str())
        {
            return Err(Error::ReservedParameter(format!("the header {name}")));
        }
        if value.contains(['\r', '\n']) || name.contains(['\r', '\n', ':']) {
            return Err(Error::InvalidValue {
                what: "header",
                value: name.clone(),
                why: "header names and values cannot contain line breaks".into(),
            });
        }
        all_headers.push((name.clone(), value.clone()));
    }
    let request = form_post(endpoint, all_headers.clone(), &params);
    let masked_headers = all_headers
        .into_iter()
        .map(|(n, v)| match (&basic, n.eq_ignore_ascii_case("authorization")) {
            (Some(b), true) => (n, b.header.clone()),
            _ if n.eq_ignore_ascii_case("dpop") => (
                n,
                format!("{}… (a DPoP proof)", v.chars().take(16).collect::<String>()),
            ),
            _ => (n, v),
        })
        .collect();
    let mut shown = form_post(endpoint, masked_headers, &params);
    shown.body = masked_body(&params);
    // The length is the real body's, not the masked one's.
    let http = shown.to_http().replacen(
        &format!("Content-Length: {}\r\n", shown.body.len()),
        &format!("Content-Length: {}\r\n", request.body.len()),
        1,
    );
    Ok(BuiltRequest {
        request,
        workings: RequestWorkings {
            parameters: params.iter().map(Param::explained).collect(),
            basic,
            http,
            notes,
        },
    })
}

/// The form body with each secret's value replaced by its mask, unencoded, so the mask reads
/// as one (the body's other bytes are exactly as sent).
fn masked_body(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| {
            let encoded = form_encode([(p.name.as_str(), p.value.as_str())]);
            if p.secret {
                format!(
                    "{}={}",
                    form_encode([(p.name.as_str(), "")]).trim_end_matches('='),
                    p.explained().value
                )
            } else {
                encoded
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl fmt::Display for RequestWorkings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Parameters:")?;
        let width = self.parameters.iter().map(|p| p.name.len()).max().unwrap_or(0);
        for p in &self.parameters {
            writeln!(
                f,
                "  {:width$}  {}\n  {:width$}  ({})",
                p.name, p.value, "", p.why
            )?;
        }
        if let Some(b) = &self.basic {
            if b.form_encoded {
                writeln!(
                    f,
                    "\nAuthorization: Basic, RFC 6749 §2.3.1: Base64 of form-encoded id \"{}\" (from {:?}), \":\", form-encoded secret {}",
                    b.form_encoded_client_id, b.client_id, b.form_encoded_secret
                )?;
            } else {
                writeln!(
                    f,
                    "\nAuthorization: Basic, unencoded: Base64 of {:?}, \":\", the secret, as they are (not RFC 6749 §2.3.1's form-encoding)",
                    b.client_id
                )?;
            }
            if b.encoding_changed_something {
                writeln!(
                    f,
                    "  Form-encoding changes this id or secret, so the encoded and unencoded Basic headers differ; a server expecting the other one refuses it. client_secret_post avoids the question."
                )?;
            }
        }
        writeln!(
            f,
            "\nRequest (secrets masked):\n{}",
            self.http.replace("\r\n", "\n")
        )?;
        for note in &self.notes {
            writeln!(f, "\nNote: {note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{ClientAuth, Grant, Secret, TokenRequest};

    #[test]
    fn display_masks_and_decodes_basic() {
        let built = TokenRequest::new(
            "https://as.example/token",
            Grant::RefreshToken {
                refresh_token: Secret::new("rt-123456"),
                scope: None,
            },
            ClientAuth::SecretBasic {
                client_id: "my app".into(),
                secret: Secret::new("s3cr3t"),
            },
        )
        .build()
        .unwrap();
        let text = built.workings.to_string();
        assert!(
            text.contains("form-encoded id \"my+app\" (from \"my app\")"),
            "{text}"
        );
        assert!(
            text.contains("POST /token HTTP/1.1\nHost: as.example\n"),
            "{text}"
        );
        assert!(!text.contains("rt-123456") && !text.contains("s3cr3t"), "{text}");
        assert!(text.contains("refresh_token=•••••••••"), "{text}");
        let real = format!("Content-Length: {}\n", built.request.body.len());
        assert!(text.contains(&real), "{text}");
    }
}
