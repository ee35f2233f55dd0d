//! Relay cases written once and run against each host: the native `relay` binary
//! (relay.rs) and the Worker on workerd (relay_worker.rs).

use oauth1::{Credentials, RequestSpec, Secret, SignOptions};

use super::upstream::{ORIGIN, Upstream, json};
use super::workerd::Workerd;
use super::{Server, relay_path, send};

/// A relay under test: where its `/relay?url=` for a target is.
pub trait Relay {
    /// The URL of `path` on the relay.
    fn at(&self, path: &str) -> String;

    fn relayed(&self, target: &str) -> String {
        self.at(&relay_path(target))
    }
}

impl Relay for Server {
    fn at(&self, path: &str) -> String {
        self.url(path)
    }
}

impl Relay for Workerd {
    fn at(&self, path: &str) -> String {
        self.url(path)
    }
}

/// Forwarding fidelity: an OAuth 1.0a signature made for the target still verifies
/// upstream through the relay (bytes of path, query and body unchanged); only the allowed
/// request headers go on, cookies and forwarding headers do not; the answer comes back
/// with its status, renamed extra headers, CORS for the page and the relay's CSP; other
/// methods are forwarded, TRACE is not.
pub async fn forwards_bytes_and_signature_verifies_upstream(host: &impl Relay, up: &Upstream, base: &str) {
    // An awkward path and query: encoded slash, %20 and +, tilde, an empty value.
    let target = format!("{base}/photos/a%2Fb/c?size=original&q=%20a+b&t=~%7E&empty=");
    let credentials = Credentials {
        consumer_key: "ck".into(),
        consumer_secret: Secret::new("cs"),
        token: Some("tok".into()),
        token_secret: Secret::new("ts"),
        rsa_key: None,
    };
    let spec = RequestSpec::new("POST", &target).with_form_body("status=hello%20there&x=%2B1");
    let signed = super::sign(&spec, &credentials, &SignOptions::default(), super::now());
    let auth = signed.header("Authorization").unwrap().to_owned();
    let reply = send(
        "POST",
        &host.relayed(&signed.url),
        &[
            ("authorization", &auth),
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "application/json"),
            ("origin", ORIGIN),
            ("cookie", "sid=browser-cookie"),
            ("cookie2", "$Version=1"),
            ("x-forwarded-for", "203.0.113.9"),
            ("x-other", "nope"),
        ],
        signed.body.clone(),
    )
    .await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    let seen = json(&reply);
    assert_eq!(seen["verified"], true, "{seen}");
    assert_eq!(seen["method"], "POST");
    assert_eq!(
        seen["target"],
        "/photos/a%2Fb/c?size=original&q=%20a+b&t=~%7E&empty="
    );
    assert_eq!(seen["body"], "status=hello%20there&x=%2B1");
    let sent: Vec<(String, String)> = seen["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let sent_value = |n: &str| sent.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    assert_eq!(sent_value("host"), Some(base.trim_start_matches("http://")));
    assert_eq!(sent_value("authorization"), Some(auth.as_str()));
    assert_eq!(sent_value("accept"), Some("application/json"));
    assert_eq!(sent_value("user-agent"), Some(relay_policy::protocol::USER_AGENT));
    for absent in [
        "cookie",
        "cookie2",
        "x-forwarded-for",
        "forwarded",
        "origin",
        "x-other",
        "referer",
    ] {
        assert_eq!(sent_value(absent), None, "{absent} was forwarded: {sent:?}");
    }

    // The answer: status, body and headers, readable by the page, cookies stripped.
    assert_eq!(
        reply.header("www-authenticate"),
        Some("OAuth realm=\"up\", oauth_problem=\"none\"")
    );
    // Headers off the allowlist come back renamed (relay_gates.rs tests the list).
    assert_eq!(reply.header("x-relay-upstream-x-upstream"), Some("yes"));
    assert_eq!(reply.header("x-upstream"), None);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(reply.header("access-control-allow-credentials").is_none());
    assert!(reply.headers.get("set-cookie").is_none());
    let exposed = reply.header("access-control-expose-headers").unwrap();
    for name in ["www-authenticate", "content-type", "x-relay-upstream-x-upstream"] {
        assert!(exposed.split(", ").any(|n| n == name), "{name} not in {exposed}");
    }
    assert_eq!(
        reply.header("content-security-policy"),
        Some(relay_policy::protocol::RESPONSE_CSP)
    );
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(up.hits(), 1);

    // Other methods, and a GET whose signature is in the query.
    for method in ["GET", "PUT", "PATCH", "DELETE"] {
        let spec = RequestSpec::new(method, &format!("{base}/r?a=1"));
        let options = SignOptions {
            placement: oauth1::Placement::Query,
            ..SignOptions::default()
        };
        let signed = super::sign(&spec, &credentials, &options, super::now());
        let reply = send(method, &host.relayed(&signed.url), &[("origin", ORIGIN)], "").await;
        assert_eq!(json(&reply)["verified"], true, "{method}: {}", reply.text());
        assert_eq!(json(&reply)["method"], method);
    }
    // HEAD, TRACE and the like are not forwarded.
    let reply = send("TRACE", &host.relayed(base), &[], "").await;
    assert_eq!(reply.status, 405);
    assert_eq!(json(&reply)["error"], "method_not_allowed");
    assert_eq!(up.hits(), 5);
}

/// A POST to `{base}/x` that carries a secret in each place a log could pick one up: the
/// query, the Authorization header, a cookie and the body. The upstream answers 401.
pub async fn post_secrets_everywhere(host: &impl Relay, base: &str) {
    let target = format!("{base}/x?oauth_token=QUERYSECRET&oauth_signature=SIGSECRET");
    let reply = send(
        "POST",
        &host.relayed(&target),
        &[
            (
                "authorization",
                "OAuth oauth_token=\"HEADERSECRET\", oauth_signature=\"HDRSIG\"",
            ),
            ("content-type", "application/x-www-form-urlencoded"),
            ("cookie", "COOKIESECRET"),
            ("origin", ORIGIN),
        ],
        "oauth_token_secret=BODYSECRET",
    )
    .await;
    assert_eq!(reply.status, 401);
}

/// The relay's log names the host only: nothing of [`post_secrets_everywhere`]'s secrets,
/// the path or the OAuth parameters.
pub fn assert_no_secret_in(log: &str) {
    for secret in ["SECRET", "HDRSIG", "/x", "oauth_"] {
        assert!(!log.contains(secret), "{secret} leaked into the log:\n{log}");
    }
}

/// The upstream's response headers through the relay: those a page could be harmed by come
/// back renamed `x-relay-upstream-*` (and exposed to it), the plain ones as they were.
pub async fn response_headers_pass_an_allowlist_and_the_rest_is_renamed(host: &impl Relay, base: &str) {
    let reply = send(
        "GET",
        &host.relayed(&format!("{base}/headers")),
        &[("origin", ORIGIN)],
        "",
    )
    .await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.text(), "denied");
    for (name, value) in [
        ("clear-site-data", "\"*\""),
        ("refresh", "0; url=https://evil.example/"),
        ("content-disposition", "attachment; filename=x.html"),
        ("nel", "{\"report_to\":\"x\",\"max_age\":1}"),
        ("report-to", "{\"group\":\"x\"}"),
        ("link", "<https://evil.example/x.js>; rel=preload; as=script"),
        ("cache-control", "public, max-age=31536000"),
        ("www-authenticate", "Basic realm=\"upstream\""),
        ("x-relay-error", "spoofed"),
    ] {
        let renamed = format!("x-relay-upstream-{name}");
        assert_eq!(reply.header(&renamed), Some(value), "{renamed}");
        if name != "cache-control" {
            assert_eq!(reply.header(name), None, "{name} reached the browser");
        }
    }
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    for (name, value) in [
        ("x-ratelimit-remaining", "41"),
        ("x-request-id", "req-123"),
        ("content-language", "en"),
        ("content-type", "text/plain; charset=utf-8"),
        ("content-length", "6"),
    ] {
        assert_eq!(reply.header(name), Some(value), "{name}");
    }
    assert!(reply.header("date").is_some());
    // The page can read the renamed headers (the app's workings show them).
    let exposed = reply.header("access-control-expose-headers").unwrap();
    for name in [
        "x-relay-upstream-clear-site-data",
        "x-relay-upstream-www-authenticate",
        "x-ratelimit-remaining",
    ] {
        assert!(exposed.split(", ").any(|n| n == name), "{name} not in {exposed}");
    }
    // Location: renamed as the redirect only on a 3xx (relay.rs tests X-Relay-Location).
    let reply = send("GET", &host.relayed(&format!("{base}/created")), &[], "").await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("x-relay-upstream-location"), Some("/items/7"));
    assert_eq!(reply.header("location"), None);
    assert_eq!(reply.header("x-relay-location"), None);
}

/// A DPoP proof (RFC 9449 §4.1) reaches the target in `DPoP`, and the target's
/// `DPoP-Nonce` and `WWW-Authenticate: DPoP` come back readable by the page. The page's
/// `Origin` reaches the target only with `origin=forward` (Entra ID "spa" redemption,
/// docs/relay.md); without it, and for a caller with no origin, it is dropped (each host's
/// preflight test checks `DPoP` is allowed). `extra`:
/// what the host's HTTP client adds to every request (hyper: `content-length`).
pub async fn forwards_dpop_and_origin_only_when_asked(host: &impl Relay, base: &str, extra: &[(&str, &str)]) {
    let target = format!("{base}/dpop");
    let proof = "eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJodG0iOiJQT1NUIn0.c2ln";
    let headers = [
        ("origin", ORIGIN),
        ("authorization", "DPoP tok-1"),
        ("dpop", proof),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
        ("cookie", "sid=1"),
        ("referer", "https://app.example/oauth2/"),
    ];
    let seen = |with_origin: bool| {
        let mut pairs: Vec<[String; 2]> = [
            ("accept", "application/json"),
            ("authorization", "DPoP tok-1"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("dpop", proof),
            ("host", base.trim_start_matches("http://")),
            ("user-agent", relay_policy::protocol::USER_AGENT),
        ]
        .into_iter()
        .chain(with_origin.then_some(("origin", ORIGIN)))
        .chain(extra.iter().copied())
        .map(|(n, v)| [n.to_owned(), v.to_owned()])
        .collect();
        pairs.sort();
        serde_json::json!(pairs)
    };
    let encoded = super::relay_path(&target);
    let asked = encoded.replacen("/relay?", "/relay?origin=forward&", 1);
    for (path, with_origin) in [(encoded.as_str(), false), (asked.as_str(), true)] {
        let reply = send("POST", &host.at(path), &headers, "a=1").await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.text());
        assert_eq!(json(&reply), seen(with_origin), "{path}");
        assert_eq!(reply.header("dpop-nonce"), Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
        assert_eq!(
            reply.header("www-authenticate"),
            Some(
                "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\""
            )
        );
        let exposed = reply.header("access-control-expose-headers").unwrap();
        for name in ["dpop-nonce", "www-authenticate"] {
            assert!(exposed.split(", ").any(|n| n == name), "{name} not in {exposed}");
        }
    }
    // A caller without Origin (a command-line client) has none to forward.
    let reply = send("POST", &host.at(&asked), &headers[1..], "a=1").await;
    assert_eq!(json(&reply), seen(false));
    // A misspelt request is refused, not forwarded without its Origin.
    let misspelt = encoded.replacen("/relay?", "/relay?origin=yes&", 1);
    let reply = send("POST", &host.at(&misspelt), &headers, "a=1").await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        json(&reply),
        serde_json::json!({"error": "target_refused", "message": "the origin parameter takes one value: origin=forward"})
    );
}

/// Loopback in the spellings a URL parser accepts: dotted, shortened, decimal, hex, octal,
/// unspecified, IPv4-mapped IPv6, and the `localhost` names.
pub const LOOPBACK_SPELLINGS: [&str; 16] = [
    "127.0.0.1",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.1",
    "0177.0.0.1",
    "0",
    "0.0.0.0",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::]",
    "localhost",
    "LOCALHOST.",
    "app.localhost",
];

/// Every host in `hosts`, on the upstream's port, is refused (403 `target_refused`, with a
/// message) and so are targets that are not absolute http(s) URLs without credentials
/// (400), `/relay` without a target, and other paths (404); the upstream is never
/// contacted.
pub async fn refuses_special_targets_without_contacting_them(
    host: &impl Relay,
    up: &Upstream,
    base: &str,
    hosts: &[&str],
) {
    let port = base.rsplit(':').next().unwrap().to_owned();
    for name in hosts {
        let reply = send("GET", &host.relayed(&format!("http://{name}:{port}/x")), &[], "").await;
        assert_eq!(reply.status, 403, "{name}: {}", reply.text());
        let body = json(&reply);
        assert_eq!(body["error"], "target_refused", "{name}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    for target in [
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "gopher://example.com/",
        "/relative",
        "http://u:p@example.com/",
    ] {
        let reply = send("GET", &host.relayed(target), &[], "").await;
        assert_eq!(reply.status, 400, "{target}");
        assert_eq!(json(&reply)["error"], "target_refused");
    }
    let reply = send("GET", &host.at("/relay"), &[], "").await;
    assert_eq!(
        (reply.status, json(&reply)["error"].as_str()),
        (400, Some("target_refused"))
    );
    let reply = send("GET", &host.at("/other"), &[], "").await;
    assert_eq!(reply.status, 404);
    assert_eq!(up.hits(), 0);
}

/// A redirect comes back as it was (status, body) with its Location renamed
/// `X-Relay-Location`, readable by the page, so the browser's fetch does not follow it
/// (docs/relay.md); the relay does not follow it either.
pub async fn returns_redirects_without_following_them(host: &impl Relay, up: &Upstream, base: &str) {
    let reply = send(
        "GET",
        &host.relayed(&format!("{base}/redirect")),
        &[("origin", ORIGIN)],
        "",
    )
    .await;
    assert_eq!(reply.status, 302);
    assert_eq!(reply.text(), "moved");
    assert_eq!(reply.header("x-relay-location"), Some("/elsewhere"));
    assert!(reply.header("location").is_none());
    let exposed = reply.header("access-control-expose-headers").unwrap();
    assert!(exposed.split(", ").any(|n| n == "x-relay-location"), "{exposed}");
    assert_eq!(up.hits(), 1, "the relay did not follow the redirect");
}

/// With only `listed_base`'s host and port allowed: another upstream, and the listed port
/// under another host name, are refused (403 `target_refused`) and never contacted.
pub async fn refuses_targets_not_listed(
    host: &impl Relay,
    listed_base: &str,
    other: &Upstream,
    other_base: &str,
) {
    let refused = send("GET", &host.relayed(&format!("{other_base}/x")), &[], "").await;
    assert_eq!(refused.status, 403);
    assert_eq!(json(&refused)["error"], "target_refused");
    // Same port, other spelling of another host: still refused.
    let port = listed_base.rsplit(':').next().unwrap();
    let refused = send(
        "GET",
        &host.relayed(&format!("http://localhost:{port}/x")),
        &[],
        "",
    )
    .await;
    assert_eq!(refused.status, 403);
    assert_eq!(json(&refused)["error"], "target_refused");
    assert_eq!(other.hits(), 0);
}
