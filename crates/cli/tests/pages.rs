//! `serve`'s second page: dist/oauth2/ (the OAuth 2.0 page, its own index.html and wasm)
//! at /oauth2/, with the CSP of its own index.html; and the sandbox's SPA client may
//! return to that page at this server's origin, and nowhere near it.

#![allow(clippy::unwrap_used)]

mod common;

use base64::Engine;
use common::{Server, get};
use sha2::Digest;

fn hash(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
    )
}

fn page(script: &str) -> String {
    format!("<!doctype html><title>t</title><script type=module>{script}</script>")
}

#[tokio::test]
async fn the_oauth2_page_has_its_own_files_and_policy() {
    let dir = std::env::temp_dir().join(format!("oauth-playground-pages-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("oauth2")).unwrap();
    let (one, two) = (
        "import init from './app.js';init();",
        "import init from './page2.js';init();",
    );
    std::fs::write(dir.join("index.html"), page(one)).unwrap();
    std::fs::write(dir.join("app.js"), "export default function init() {}").unwrap();
    std::fs::write(dir.join("oauth2/index.html"), page(two)).unwrap();
    std::fs::write(dir.join("oauth2/page2.js"), "export default function init() {}").unwrap();
    let dist = dir.to_string_lossy().into_owned();
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0", "--dist", &dist]).await;

    for path in ["/oauth2/", "/oauth2/index.html", "/oauth2/some/route"] {
        let r = get(&server.url(path)).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.text(), page(two), "{path}");
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains(&hash(two)), "{path}: {csp}");
        assert!(!csp.contains(&hash(one)), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
    let root = get(&server.url("/")).await;
    assert_eq!(root.text(), page(one));
    assert!(
        root.header("content-security-policy")
            .unwrap()
            .contains(&hash(one))
    );

    // Without its slash, relative URLs would resolve at the root: sent to `oauth2/`.
    let bare = get(&server.url("/oauth2")).await;
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), Some("oauth2/"));

    // Each page's files in its own folder; a deep link falls back within the page.
    let js = get(&server.url("/oauth2/page2.js")).await;
    assert_eq!(js.status, 200);
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(get(&server.url("/oauth2/deep/page2.js")).await.status, 200);
    assert_eq!(get(&server.url("/page2.js")).await.status, 404);
    assert_eq!(get(&server.url("/oauth2/app.js")).await.status, 404);
    assert_eq!(get(&server.url("/oauth2/../Cargo.toml")).await.status, 404);
    std::fs::remove_dir_all(&dir).unwrap();

    // A dist/ built before the second page: /oauth2/ is simply not there.
    let old = std::env::temp_dir().join(format!("oauth-playground-one-page-{}", std::process::id()));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("index.html"), page(one)).unwrap();
    let dist = old.to_string_lossy().into_owned();
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0", "--dist", &dist]).await;
    assert_eq!(get(&server.url("/oauth2/")).await.status, 404);
    assert_eq!(get(&server.url("/")).await.status, 200);
    std::fs::remove_dir_all(old).unwrap();
}

/// The authorize page for `client_id` returning to `redirect_uri`.
fn authorize(server: &Server, client_id: &str, redirect_uri: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", "s")
        .append_pair("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .append_pair("code_challenge_method", "S256")
        .finish();
    server.url(&format!("/sandbox/oauth2/authorize?{query}"))
}

#[tokio::test]
async fn the_spa_client_may_return_to_this_servers_oauth2_page() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let own = server.url("/oauth2/");
    let consent = get(&authorize(&server, "playground-spa", &own)).await;
    assert_eq!(consent.status, 200, "{}", consent.text());
    assert!(consent.text().contains(&format!("It will be sent to: {own}")));
    let other_port = own.replace(&server.base, "http://127.0.0.1:1");
    for bad in [
        other_port,
        server.url("/oauth2"),
        server.url("/oauth2/x"),
        server.url("/"),
    ] {
        let r = get(&authorize(&server, "playground-spa", &bad)).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.text().contains(&format!("it must equal one of http://127.0.0.1/callback, http://localhost/callback, http://[::1]/callback, {own} exactly")), "{}", r.text());
    }
    // Only the public SPA client: the confidential one registers loopback callbacks only.
    assert_eq!(get(&authorize(&server, "playground-web", &own)).await.status, 400);
}
