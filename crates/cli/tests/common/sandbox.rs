//! Walking the sandbox's legs as a client does, for the sandbox tests.

use oauth1::{Credentials, Problem, RequestSpec, Secret, SignOptions, SignatureMethod, TokenResponse};

use super::{Reply, Server, get, now, send, send_signed, sign};

pub const KEY: &str = "playground-demo-key";
pub const SECRET: &str = "playground-demo-secret";
pub const FORM: [(&str, &str); 1] = [("content-type", "application/x-www-form-urlencoded")];

pub fn consumer() -> Credentials {
    Credentials {
        consumer_key: KEY.into(),
        consumer_secret: Secret::new(SECRET),
        ..Credentials::default()
    }
}

pub fn with_token(mut c: Credentials, token: &str, secret: &Secret) -> Credentials {
    c.token = Some(token.into());
    c.token_secret = secret.clone();
    c
}

pub fn options(method: SignatureMethod) -> SignOptions {
    SignOptions {
        signature_method: method,
        ..SignOptions::default()
    }
}

/// Leg 1, signed like `sign` does; the raw reply.
pub async fn try_request_token(server: &Server, callback: &str) -> Reply {
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/request_token"));
    let opts = SignOptions {
        callback: Some(callback.into()),
        ..options(SignatureMethod::HmacSha1)
    };
    send_signed(&sign(&spec, &consumer(), &opts, now())).await
}

/// Leg 1, which must succeed.
pub async fn request_token(
    server: &Server,
    credentials: &Credentials,
    method: SignatureMethod,
    callback: &str,
) -> TokenResponse {
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/request_token"));
    let opts = SignOptions {
        callback: Some(callback.into()),
        ..options(method)
    };
    let reply = send_signed(&sign(&spec, credentials, &opts, now())).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let token = TokenResponse::parse(&reply.text()).unwrap();
    assert_eq!(token.callback_confirmed, Some(true));
    token
}

/// The authorize page for a token; returns its HTML and the form's hidden anti-CSRF value.
pub async fn authorize_page(server: &Server, token: &str) -> (String, String) {
    let page = get(&server.url(&format!("/sandbox/oauth/authorize?oauth_token={token}"))).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).unwrap_or_else(|| panic!("{html}")) + marker.len();
    let csrf = html[start..start + html[start..].find('"').unwrap()].to_owned();
    (html, csrf)
}

/// POSTs the form as the page's own buttons do, with the given extra headers.
pub async fn decide(server: &Server, form: String, headers: &[(&str, &str)]) -> Reply {
    let mut all = FORM.to_vec();
    all.extend_from_slice(headers);
    send("POST", &server.url("/sandbox/oauth/authorize"), &all, form).await
}

/// Opens the page and clicks `decision` (allow or deny) like a browser on that page.
pub async fn click(server: &Server, token: &str, decision: &str) -> Reply {
    let (_, csrf) = authorize_page(server, token).await;
    let origin = server.base.clone();
    decide(
        server,
        format!("oauth_token={token}&csrf_token={csrf}&decision={decision}"),
        &[("origin", &origin), ("sec-fetch-site", "same-origin")],
    )
    .await
}

pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

pub fn problem(reply: &Reply) -> Problem {
    Problem::from_body(&reply.text()).unwrap_or_else(|| panic!("not a problem: {}", reply.text()))
}

/// Leg 3 with a verifier; the raw reply.
pub async fn access_token(server: &Server, token: &TokenResponse, verifier: &str) -> Reply {
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/access_token"));
    let opts = SignOptions {
        verifier: Some(verifier.into()),
        ..options(SignatureMethod::HmacSha1)
    };
    let creds = with_token(consumer(), &token.token, &token.token_secret);
    send_signed(&sign(&spec, &creds, &opts, now())).await
}
