//! The sandbox provider end to end: the binary under `serve`, a native client signing with
//! the oauth1 core, the three legs, the resources, and the refusals providers make.
#![allow(clippy::unwrap_used)]

mod common;

use common::sandbox::{
    KEY, SECRET, click, consumer, decide, options, problem, query_param, request_token, with_token,
};
use common::{Server, get, now, send, send_signed, sign};
use oauth1::{
    Credentials, Placement, RequestSpec, RsaKey, Secret, SignOptions, SignatureMethod, TokenResponse,
};

/// Opens the authorize page, checks it, and clicks Allow.
async fn allow(server: &Server, token: &str) -> common::Reply {
    let (html, _) = common::sandbox::authorize_page(server, token).await;
    assert!(
        html.contains(">Allow</button>") && html.contains(">Deny</button>"),
        "{html}"
    );
    assert!(html.contains("Playground demo app"), "{html}");
    assert!(!html.contains("<script"));
    click(server, token, "allow").await
}

#[tokio::test]
async fn three_legged_flow_then_resources_and_refusals() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let callback = "http://127.0.0.1:9/callback?state=xyz";

    // Leg 1.
    let rt = request_token(&server, &consumer(), SignatureMethod::HmacSha1, callback).await;

    // Leg 2: the authorize page, Allow, back to the callback with both parameters.
    let allowed = allow(&server, &rt.token).await;
    assert_eq!(allowed.status, 302);
    let location = allowed.header("location").unwrap().to_owned();
    assert!(
        location.starts_with("http://127.0.0.1:9/callback?state=xyz&"),
        "{location}"
    );
    assert_eq!(
        query_param(&location, "oauth_token").as_deref(),
        Some(rt.token.as_str())
    );
    let verifier = query_param(&location, "oauth_verifier").unwrap();

    // Leg 3, first with a wrong verifier.
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/access_token"));
    let leg3 = |v: &str| SignOptions {
        verifier: Some(v.into()),
        ..options(SignatureMethod::HmacSha1)
    };
    let creds = with_token(consumer(), &rt.token, &rt.token_secret);
    let wrong = send_signed(&sign(&spec, &creds, &leg3("not-it"), now())).await;
    assert_eq!(wrong.status, 401);
    assert_eq!(problem(&wrong).problem, "verifier_invalid");
    // The token secret must pair with the token.
    let mismatched = with_token(consumer(), &rt.token, &Secret::new("another-secret"));
    let bad = send_signed(&sign(&spec, &mismatched, &leg3(&verifier), now())).await;
    assert_eq!(problem(&bad).problem, "signature_invalid");
    let reply = send_signed(&sign(&spec, &creds, &leg3(&verifier), now())).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let access = TokenResponse::parse(&reply.text()).unwrap();
    assert!(access.extra.contains(&("user_id".into(), "1001".into())));
    assert!(
        access
            .extra
            .contains(&("screen_name".into(), "sandbox-learner".into()))
    );
    // Request tokens are single use.
    let again = send_signed(&sign(&spec, &creds, &leg3(&verifier), now())).await;
    assert_eq!(again.status, 401);
    assert_eq!(problem(&again).problem, "token_used");

    // The resources.
    let account = with_token(consumer(), &access.token, &access.token_secret);
    let me_spec = RequestSpec::new("GET", &server.url("/sandbox/api/me?include=all"));
    let me_request = sign(&me_spec, &account, &options(SignatureMethod::HmacSha256), now());
    let me = send_signed(&me_request).await;
    assert_eq!(me.status, 200, "{}", me.text());
    let who = me.json();
    assert_eq!(who["consumer_key"], KEY);
    assert_eq!(who["token"], access.token.as_str());
    assert_eq!(who["screen_name"], "sandbox-learner");
    assert_eq!(who["signature_method"], "HMAC-SHA256");

    // A replayed request: same nonce, same timestamp.
    let replay = send_signed(&me_request).await;
    assert_eq!(replay.status, 401);
    assert_eq!(problem(&replay).problem, "nonce_used");

    // A tampered signature: 401, the challenge header, and the server's base string.
    let mut tampered = sign(&me_spec, &account, &options(SignatureMethod::HmacSha1), now());
    let auth = tampered
        .headers
        .iter_mut()
        .find(|(n, _)| n == "Authorization")
        .unwrap();
    auth.1 = auth.1.replace("oauth_signature=\"", "oauth_signature=\"AAAA");
    let reply = send_signed(&tampered).await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.header("www-authenticate"),
        Some("OAuth realm=\"OAuth Playground sandbox\", oauth_problem=\"signature_invalid\"")
    );
    let p = problem(&reply);
    assert_eq!(p.problem, "signature_invalid");
    let sbs = p.debug_sbs.unwrap();
    let expected_uri = oauth1::encode::encode(&server.url("/sandbox/api/me"));
    assert!(sbs.starts_with(&format!("GET&{expected_uri}&")), "{sbs}");
    assert!(sbs.contains("include%3Dall"), "{sbs}");

    // An old timestamp.
    let old = send_signed(&sign(
        &me_spec,
        &account,
        &options(SignatureMethod::HmacSha1),
        now() - 1000,
    ))
    .await;
    assert_eq!(old.status, 401);
    let p = problem(&old);
    assert_eq!(p.problem, "timestamp_refused");
    assert!(p.acceptable_timestamps.is_some());

    // A request token is not an access token.
    let rt2 = request_token(&server, &consumer(), SignatureMethod::HmacSha1, "oob").await;
    let as_access = with_token(consumer(), &rt2.token, &rt2.token_secret);
    let reply = send_signed(&sign(
        &me_spec,
        &as_access,
        &options(SignatureMethod::HmacSha1),
        now(),
    ))
    .await;
    assert_eq!(problem(&reply).problem, "token_rejected");

    // Echo: form parameters (signed), then a JSON body covered by oauth_body_hash.
    let echo_url = server.url("/sandbox/api/echo");
    let form = RequestSpec::new("POST", &echo_url).with_form_body("status=hello%20world&n=1&n=2");
    let reply = send_signed(&sign(
        &form,
        &account,
        &options(SignatureMethod::HmacSha512),
        now(),
    ))
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json()["params"],
        serde_json::json!([["status", "hello world"], ["n", "1"], ["n", "2"]])
    );
    let json = RequestSpec {
        content_type: Some("application/json".into()),
        body: "{\"a\":[1,2]}".into(),
        ..RequestSpec::new("POST", &echo_url)
    };
    let hashed = SignOptions {
        body_hash: true,
        ..options(SignatureMethod::HmacSha1)
    };
    let reply = send_signed(&sign(&json, &account, &hashed, now())).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["body"], serde_json::json!({"a": [1, 2]}));
    assert_eq!(reply.json()["body_hash"], "verified");
    let mut altered = sign(&json, &account, &hashed, now());
    altered.body = "{\"a\":[1,3]}".into();
    let reply = send_signed(&altered).await;
    assert_eq!(reply.status, 400);
    assert_eq!(problem(&reply).parameters_rejected, vec!["oauth_body_hash"]);
}

#[tokio::test]
async fn oob_shows_the_verifier_and_deny_returns_denied() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let rt = request_token(&server, &consumer(), SignatureMethod::Plaintext, "oob").await;
    let page = allow(&server, &rt.token).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Your verification code"), "{html}");
    let start = html.find("<code id=\"verifier\">").unwrap() + "<code id=\"verifier\">".len();
    let verifier = &html[start..start + html[start..].find('<').unwrap()];
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/access_token"));
    let opts = SignOptions {
        verifier: Some(verifier.into()),
        ..options(SignatureMethod::Plaintext)
    };
    let reply = send_signed(&sign(
        &spec,
        &with_token(consumer(), &rt.token, &rt.token_secret),
        &opts,
        now(),
    ))
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());

    // Deny with a URL callback: back with denied=<token>.
    let callback = "http://localhost:9/cb";
    let rt = request_token(&server, &consumer(), SignatureMethod::HmacSha1, callback).await;
    let reply = click(&server, &rt.token, "deny").await;
    assert_eq!(reply.status, 302);
    assert_eq!(
        reply.header("location").unwrap(),
        format!("{callback}?denied={}", rt.token)
    );
    // The token is gone.
    let form = format!("oauth_token={}&csrf_token=x&decision=deny", rt.token);
    let again = decide(&server, form, &[]).await;
    assert_eq!(again.status, 400);
    assert!(again.text().contains("Unknown request token"));

    // Deny for oob: a page.
    let rt = request_token(&server, &consumer(), SignatureMethod::HmacSha1, "oob").await;
    let reply = click(&server, &rt.token, "deny").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("Access denied"));
}

#[tokio::test]
async fn every_signature_method_and_placement() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let rsa = Credentials {
        consumer_key: "playground-rsa-key".into(),
        rsa_key: Some(RsaKey::from_pem(include_str!("../src/sandbox/demo_rsa_private.pem")).unwrap()),
        ..Credentials::default()
    };
    for method in SignatureMethod::ALL {
        let creds = if method.is_rsa() { rsa.clone() } else { consumer() };
        for placement in Placement::ALL {
            let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/request_token"));
            let opts = SignOptions {
                callback: Some("oob".into()),
                placement,
                ..options(method)
            };
            let reply = send_signed(&sign(&spec, &creds, &opts, now())).await;
            assert_eq!(reply.status, 200, "{method} {placement}: {}", reply.text());
        }
    }
    // The HMAC consumer does not sign with RSA, and unknown consumers are refused.
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/request_token"));
    let opts = SignOptions {
        callback: Some("oob".into()),
        ..options(SignatureMethod::HmacSha1)
    };
    let mut stranger = consumer();
    stranger.consumer_key = "who-knows".into();
    let reply = send_signed(&sign(&spec, &stranger, &opts, now())).await;
    assert_eq!(
        (reply.status, problem(&reply).problem.as_str()),
        (401, "consumer_key_unknown")
    );
    let rsa_as_hmac = Credentials {
        consumer_key: "playground-rsa-key".into(),
        ..consumer()
    };
    let reply = send_signed(&sign(&spec, &rsa_as_hmac, &opts, now())).await;
    assert_eq!(
        (reply.status, problem(&reply).problem.as_str()),
        (400, "signature_method_rejected")
    );
    // No callback on leg 1.
    let reply = send_signed(&sign(
        &spec,
        &consumer(),
        &options(SignatureMethod::HmacSha1),
        now(),
    ))
    .await;
    assert_eq!(problem(&reply).parameters_absent, vec!["oauth_callback"]);
}

#[tokio::test]
async fn playground_json_headers_and_app_routing() {
    let dir = std::env::temp_dir().join(format!("oauth-playground-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let index =
        "<!doctype html><title>t</title><script type=module>import init from './app.js';init();</script>";
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(dir.join("app.js"), "export default function init() {}").unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm").unwrap();
    let dist = dir.to_string_lossy().into_owned();
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0", "--dist", &dist]).await;

    let json = get(&server.url("/playground.json")).await;
    assert_eq!(json.status, 200);
    let config = json.json();
    assert_eq!(config["relay"], "/relay?url={url}");
    assert_eq!(config["sandbox"]["base"], server.url("/sandbox"));
    assert_eq!(config["sandbox"]["consumer_key"], KEY);
    assert_eq!(config["sandbox"]["consumer_secret"], SECRET);
    assert!(
        config["sandbox"]["consumers"][1]["rsa_private_key_pem"]
            .as_str()
            .unwrap()
            .contains("BEGIN PRIVATE KEY")
    );

    let page = get(&server.url("/")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text(), index);
    let csp = page.header("content-security-policy").unwrap();
    // sha256 of the inline loader: printf %s "$script" | openssl dgst -sha256 -binary | base64
    let script = "import init from './app.js';init();";
    let digest = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
    };
    assert!(
        csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}'")),
        "{csp}"
    );
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "style-src 'self'",
        "base-uri 'self'",
        "form-action 'self' https: http://127.0.0.1:* http://localhost:*;",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    for path in [
        "/",
        "/playground.json",
        "/sandbox/oauth/request_token",
        "/app.js",
        "/relay",
    ] {
        let r = get(&server.url(path)).await;
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        assert!(
            r.header("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
    }

    // Single-page routing: pages get index.html, missing assets 404, files their type.
    assert_eq!(get(&server.url("/flows/three-legged")).await.text(), index);
    assert_eq!(get(&server.url("/missing.js")).await.status, 404);
    assert_eq!(get(&server.url("/../../etc/passwd")).await.text(), index);
    assert_eq!(get(&server.url("/../Cargo.toml")).await.status, 404);
    let wasm = get(&server.url("/app_bg.wasm")).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(get(&server.url("/flows/app.js")).await.status, 200);

    // The sandbox answers CORS for a statically hosted app.
    let preflight = send(
        "OPTIONS",
        &server.url("/sandbox/oauth/request_token"),
        &[
            ("origin", "https://static.example"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization"),
        ],
        "",
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(preflight.header("access-control-allow-credentials").is_none());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn empty_dist_shows_how_to_build() {
    let dir = std::env::temp_dir().join(format!("oauth-playground-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dist = dir.to_string_lossy().into_owned();
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0", "--dist", &dist]).await;
    let page = get(&server.url("/")).await;
    assert_eq!(page.status, 503);
    assert!(page.text().contains("scripts/serve.sh"));
    std::fs::remove_dir_all(dir).unwrap();
}
