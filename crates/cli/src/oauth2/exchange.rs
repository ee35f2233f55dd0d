//! One request to the authorization server through the engine's transport (the CLI's
//! [`HttpClient`]), with its workings on stderr for `--explain`, and the server's metadata
//! (RFC 8414, OIDC Discovery) fetched and validated by the protocol crate.

use anyhow::{Result, anyhow};
use engine::{HttpResponse, Transport};
use oauth2::discovery::{Metadata, WellKnown, parse_metadata, well_known_url};
use oauth2::jwt::native::NativeSigner;
use oauth2::{BuiltRequest, HttpRequest, Response, TokenResponse, parse_token_response};

use crate::http::{HttpClient, block_on};
use crate::terminal::printable_text;

/// Sends one request; the response, whatever its status.
pub fn send(http: &HttpClient, request: &HttpRequest, explain: bool) -> Result<HttpResponse> {
    let response = block_on(http.send(request))?.map_err(|e| anyhow!(e.explain()))?;
    if explain {
        eprintln!("{}", response_text(&response));
    }
    Ok(response)
}

/// Sends a built request, its workings first on stderr when `explain`.
pub fn send_built(http: &HttpClient, built: &BuiltRequest, explain: bool) -> Result<HttpResponse> {
    if explain {
        eprintln!("{}", built.workings);
    }
    send(http, &built.request, explain)
}

/// The response as it came, for `--explain`, escaped for the terminal.
fn response_text(r: &HttpResponse) -> String {
    let mut out = format!("Response:\n  {}\n", r.status_line());
    for (n, v) in &r.headers {
        out.push_str(&format!("  {n}: {v}\n"));
    }
    out.push('\n');
    out.push_str(&masked_body(&r.body));
    printable_text(&out).into_owned()
}

/// Members of a JSON answer that are credentials (RFC 6749 §5.1, RFC 8628 §3.2, OIDC Core
/// §3.1.3.3): masked in the workings as the request's secrets are. They are saved in the
/// token file, the one place they belong.
const SECRET_MEMBERS: [&str; 4] = ["access_token", "refresh_token", "id_token", "device_code"];

fn masked_body(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(mut map)) => {
            for name in SECRET_MEMBERS {
                if let Some(serde_json::Value::String(v)) = map.get_mut(name) {
                    *v = token_store::mask(v);
                }
            }
            serde_json::Value::Object(map).to_string()
        }
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}

pub fn view(r: &HttpResponse) -> Response<'_> {
    Response::new(r.status, &r.headers, &r.body)
}

/// A token-endpoint request sent, with a DPoP proof when there is a key (RFC 9449 §5).
pub fn send_token(
    http: &HttpClient,
    built: &BuiltRequest,
    dpop: Option<&NativeSigner>,
    explain: bool,
) -> Result<HttpResponse> {
    match dpop {
        Some(key) => {
            if explain {
                eprintln!("{}", built.workings);
            }
            super::dpop::send(http, key, built.request.clone(), None, explain)
        }
        None => send_built(http, built, explain),
    }
}

/// A token request sent and its answer read (RFC 6749 §5.1, §5.2); the server's error is
/// an error, explained.
pub fn grant(
    http: &HttpClient,
    built: &BuiltRequest,
    dpop: Option<&NativeSigner>,
    explain: bool,
) -> Result<TokenResponse> {
    let response = send_token(http, built, dpop, explain)?;
    Ok(parse_token_response(view(&response))?)
}

/// The metadata of `issuer`: the OpenID configuration, else the RFC 8414 document. The
/// issuer in the document must be the one asked for (RFC 8414 §3.3).
pub fn discover(http: &HttpClient, issuer: &str, explain: bool) -> Result<Metadata> {
    let mut failures = Vec::new();
    for kind in [WellKnown::OpenId, WellKnown::OAuth] {
        let url = well_known_url(issuer, kind)?;
        let request = HttpRequest {
            method: "GET".into(),
            url: url.clone(),
            headers: vec![("Accept".into(), oauth2::http::JSON.into())],
            body: String::new(),
        };
        if explain {
            eprintln!("GET {url}");
        }
        let response = send(http, &request, explain)?;
        match parse_metadata(view(&response), issuer) {
            Ok(m) => return Ok(m),
            // A wrong issuer is an answer, not a reason to try the other document.
            Err(e @ oauth2::Error::IssuerMismatch { .. }) => return Err(e.into()),
            Err(e) => failures.push(format!("{url}: {e}")),
        }
    }
    Err(anyhow!(
        "no metadata for {issuer}: {}",
        printable_text(&failures.join("; "))
    ))
}

/// The token endpoint: `--token-url`, else the metadata's.
pub fn token_endpoint(flag: Option<&str>, metadata: Option<&Metadata>) -> Result<String> {
    endpoint(
        flag,
        metadata,
        |m| m.token_endpoint.as_ref(),
        "token endpoint",
        "--token-url",
    )
}

/// A required endpoint, from a flag or the metadata.
pub fn endpoint(
    flag: Option<&str>,
    metadata: Option<&Metadata>,
    pick: fn(&Metadata) -> Option<&String>,
    what: &str,
    flag_name: &str,
) -> Result<String> {
    flag.map(str::to_owned)
        .or_else(|| metadata.and_then(pick).cloned())
        .ok_or_else(|| match metadata {
            Some(m) => anyhow!(
                "{} has no {what} in its metadata; give it with {flag_name} URL",
                m.issuer
            ),
            None => anyhow!("give the {what} with {flag_name} URL, or --issuer URL to discover it"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_answers_are_masked_and_the_rest_kept() {
        let body = br#"{"access_token":"at-123","token_type":"Bearer","refresh_token":"rt","id_token":"a.b.c","device_code":"dc","expires_in":60}"#;
        let shown: serde_json::Value = serde_json::from_str(&masked_body(body)).unwrap_or_default();
        assert_eq!(
            shown,
            serde_json::json!({"access_token":"••••••","token_type":"Bearer","refresh_token":"••",
                "id_token":"•••••","device_code":"••","expires_in":60})
        );
        assert_eq!(masked_body(b"not json"), "not json");
        assert_eq!(masked_body(br#"["access_token"]"#), r#"["access_token"]"#);
    }
}
