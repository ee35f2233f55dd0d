//! A built request and its workings: each parameter with why it is there, the Basic header
//! taken apart, and the exact HTTP with every secret masked. One builder for every endpoint
//! that takes client authentication, so refresh, revocation and the rest use the method the
//! user chose (Postman #11668) and keep the user's extra headers (Postman #12363).

use serde::Serialize;
use url::Url;

use crate::Error;
use crate::client_auth::{Applied, BasicWorkings, ClientAuth};
use crate::http::{ExplainedParam, HttpRequest, Param, check_extra, form_post};

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
    let masked_params: Vec<Param> = params
        .iter()
        .map(|p| Param {
            value: p.explained().value,
            ..p.clone()
        })
        .collect();
    let masked_headers = all_headers
        .into_iter()
        .map(|(n, v)| match (&basic, n.eq_ignore_ascii_case("authorization")) {
            (Some(b), true) => (n, b.header.clone()),
            _ if n.eq_ignore_ascii_case("dpop") => (n, format!("{}… (a DPoP proof)", &v[..v.len().min(16)])),
            _ => (n, v),
        })
        .collect();
    let http = form_post(endpoint, masked_headers, &masked_params).to_http();
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
