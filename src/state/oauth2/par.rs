//! Pushed authorization requests (RFC 9126) as step 1 of the page offers them: the
//! parameters step 1 built are POSTed to the PAR endpoint, the client authenticating as at
//! the token endpoint (§2.1), and the `request_uri` that comes back makes the short URL
//! step 2 goes to (§4). The rules are the protocol crate's (`oauth2::par`).

use oauth2::par::{authorization_url, parse_pushed_authorization, pushed_authorization_request};
use oauth2::{BuiltRequest, ClientAuth, Response};

use super::explain;
use super::flow::Started;

/// Whether a push is on offer: the server names a PAR endpoint (RFC 9126 §5).
pub fn offered(par_endpoint: &str) -> bool {
    !par_endpoint.trim().is_empty()
}

/// §2.1: step 1's request, pushed to `par_endpoint`.
pub fn push(started: &Started, par_endpoint: &str, auth: &ClientAuth) -> Result<BuiltRequest, String> {
    pushed_authorization_request(par_endpoint.trim(), &started.request, auth).map_err(|e| e.to_string())
}

/// §2.2–§4: `started` with the short URL the pushed request's answer makes, or why the
/// server refused (§2.3: the token endpoint's error codes, explained the same way).
pub fn pushed(started: &Started, response: Response<'_>, relayed: bool) -> Result<Started, String> {
    let answer = parse_pushed_authorization(response).map_err(|e| {
        explain::token_error(&e, relayed).replacen("The token endpoint", "The PAR endpoint", 1)
    })?;
    let url = authorization_url(
        &started.request.authorization_endpoint,
        &started.request.client_id,
        &answer,
    )
    .map_err(|e| e.to_string())?;
    Ok(Started {
        pushed: Some(url),
        ..started.clone()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::state::oauth2::config::Config;
    use crate::state::oauth2::flow;

    fn started() -> Started {
        let config = Config {
            authorization_endpoint: "http://127.0.0.1:8080/sandbox/oauth2/authorize".into(),
            token_endpoint: "http://127.0.0.1:8080/sandbox/oauth2/token".into(),
            client_id: "playground-spa".into(),
            scope: "profile".into(),
            ..Config::default()
        };
        let mut n = 0u8;
        flow::start(&config, "http://127.0.0.1:8080/oauth2/", &mut |b: &mut [u8]| {
            for x in b.iter_mut() {
                *x = n;
                n = n.wrapping_add(1);
            }
        })
        .unwrap()
    }

    #[test]
    fn pushes_step_ones_parameters_and_goes_to_the_short_url() {
        let s = started();
        assert!(!offered(" "));
        assert!(offered("http://127.0.0.1:8080/sandbox/oauth2/par"));
        let auth = ClientAuth::None {
            client_id: "playground-spa".into(),
        };
        let built = push(&s, "http://127.0.0.1:8080/sandbox/oauth2/par", &auth).unwrap();
        assert_eq!(built.request.method, "POST");
        assert_eq!(built.request.url, "http://127.0.0.1:8080/sandbox/oauth2/par");
        // The same parameters as the front channel's URL, client_id once (from the auth).
        let front: Vec<(String, String)> = url_query(&s.url.url);
        let body: Vec<(String, String)> = form_urlencoded::parse(built.request.body.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(body.iter().filter(|(n, _)| n == "client_id").count(), 1);
        for pair in &front {
            assert!(body.contains(pair), "{pair:?} not pushed");
        }
        assert_eq!(s.front_url(), s.url.url);

        let answer = br#"{"request_uri":"urn:ietf:params:oauth:request_uri:abc","expires_in":60}"#;
        let p = pushed(&s, Response::new(201, &[], answer), false).unwrap();
        assert_eq!(
            p.front_url(),
            "http://127.0.0.1:8080/sandbox/oauth2/authorize?client_id=playground-spa&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc"
        );
        assert_eq!(p.pending, s.pending);

        let refused = br#"{"error":"invalid_client","error_description":"unknown client"}"#;
        let e = pushed(&s, Response::new(401, &[], refused), false).unwrap_err();
        assert!(e.starts_with("The PAR endpoint refused: invalid_client"), "{e}");
    }

    fn url_query(url: &str) -> Vec<(String, String)> {
        let q = url.split_once('?').map_or("", |(_, q)| q);
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }
}
