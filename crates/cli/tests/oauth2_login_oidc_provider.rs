//! `oauth2 login` and what follows it (id_token verification, refresh with rotation and
//! reuse refused, `request` with a Bearer token, revoke, introspect) against panva's
//! oidc-provider 9.13.3, started on loopback by each test (tests/oidc-provider).
#![allow(clippy::unwrap_used)]

mod oidc_provider;

use oidc_provider::{
    Interactive, Provider, cli, introspect_access, json_of, login, login_args, login_with, only_token,
    saved_for, text, token_file, tokens,
};

#[test]
fn login_verify_refresh_rotation_reuse_request_revoke() {
    let op = Provider::start();
    let file = token_file("login");
    let f = file.to_str().unwrap();
    let saved = login(&op, &file, "alice");
    assert_eq!(saved["client_id"], "cli-public");
    assert_eq!(saved["token_endpoint_auth_method"], "none");
    assert!(saved.get("client_secret").is_none(), "{saved}");
    assert_eq!(saved["scope"], "openid offline_access");

    // The id_token against the server's JWKS: every check passes, and a wrong issuer,
    // audience or nonce fails with exit status 1.
    let id_token = saved["id_token"].as_str().unwrap();
    let jwks = op.url("/jwks");
    let o = cli(&[
        "jwt",
        "verify",
        id_token,
        "--jwks",
        &jwks,
        "--iss",
        &op.issuer,
        "--aud",
        "cli-public",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    let report = json_of(&o);
    assert_eq!(report["ok"], true);
    assert_eq!(report["header"]["kid"], "rsa-test-1");
    assert_eq!(report["claims"]["sub"], "alice");
    let check = |name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(check("signature")["outcome"], "Pass");
    assert_eq!(check("iss")["outcome"], "Pass");
    assert_eq!(check("aud")["outcome"], "Pass");
    for wrong in [
        vec!["--iss", "http://127.0.0.1:1"],
        vec!["--aud", "someone-else"],
        vec!["--nonce", "not-the-nonce"],
    ] {
        let mut args = vec!["jwt", "verify", id_token, "--jwks", &jwks];
        args.extend(wrong.iter().copied());
        let o = cli(&args);
        assert_eq!(o.status.code(), Some(1), "{wrong:?}");
        assert!(text(&o.stdout).ends_with("INVALID\n"), "{}", text(&o.stdout));
    }
    // The JWKS from a file: the same keys, the same verdict.
    let jwks_file = file.with_file_name("jwks.json");
    let o = cli(&["oauth2", "discover", &op.issuer, "--json"]);
    assert_eq!(json_of(&o)["jwks_uri"], jwks);
    std::fs::write(&jwks_file, fetch(&jwks)).unwrap();
    let o = cli(&[
        "jwt",
        "verify",
        id_token,
        "--jwks",
        jwks_file.to_str().unwrap(),
        "--aud",
        "cli-public",
    ]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).starts_with("  pass  signature  RS256 with key \"rsa-test-1\"\n"),
        "{}",
        text(&o.stdout)
    );
    assert!(
        text(&o.stdout).contains("  skip  iss        "),
        "{}",
        text(&o.stdout)
    );
    assert!(text(&o.stdout).ends_with("\nvalid\n"), "{}", text(&o.stdout));
    let o = cli(&["jwt", "decode", id_token, "--json"]);
    assert!(o.status.success());
    assert_eq!(json_of(&o)["claims"]["iss"], op.issuer);

    // Refresh rotates the refresh token; the old one is refused on reuse, and (reuse
    // detection) the family with it.
    let old_refresh = saved["refresh_token"].as_str().unwrap().to_owned();
    let o = cli(&["oauth2", "refresh", "--tokens", f, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["refresh_token"], true);
    let rotated = only_token(&file);
    assert_ne!(rotated["refresh_token"], old_refresh);
    assert_ne!(rotated["access_token"], saved["access_token"]);
    assert_eq!(rotated["id"], saved["id"]);

    // A resource call with the token: Bearer at the userinfo endpoint.
    let o = cli(&["request", "GET", &op.url("/me"), "--tokens", f]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), r#"{"sub":"alice"}"#);

    // Expired: `request` refreshes first and saves the new pair.
    let mut doc = tokens(&file);
    doc["tokens"][0]["expires_at"] = 1.into();
    std::fs::write(&file, doc.to_string()).unwrap();
    let o = cli(&["request", "GET", &op.url("/me"), "--tokens", f]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), r#"{"sub":"alice"}"#);
    assert!(text(&o.stderr).contains("The access token has expired; refreshing it first."));
    let after_request = only_token(&file);
    assert_ne!(after_request["refresh_token"], rotated["refresh_token"]);
    assert!(after_request["expires_at"].as_u64().unwrap() > 1);

    // The first refresh token again: refused, and the file is left as it was.
    let mut reuse = tokens(&file);
    reuse["tokens"][0]["refresh_token"] = old_refresh.clone().into();
    let stale = file.with_file_name("stale.json");
    std::fs::write(&stale, reuse.to_string()).unwrap();
    let stale_text = std::fs::read_to_string(&stale).unwrap();
    let o = cli(&["oauth2", "refresh", "--tokens", stale.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("invalid_grant"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&stale).unwrap(), stale_text);
    // Reuse revoked the whole grant: the current refresh token is refused too.
    let o = cli(&["oauth2", "refresh", "--tokens", f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("invalid_grant"), "{}", text(&o.stderr));

    // A second login, then revoking its refresh token ends refreshing.
    let file = token_file("login-revoke");
    let f = file.to_str().unwrap();
    login(&op, &file, "bob");
    let info = introspect_access(f);
    assert_eq!(
        (info["active"].clone(), info["sub"].clone()),
        (true.into(), "bob".into())
    );
    assert_eq!(info["client_id"], "cli-public");
    let o = cli(&["oauth2", "revoke", "--tokens", f]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "revoked: refresh_token (yes)\n");
    let o = cli(&["oauth2", "refresh", "--tokens", f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("invalid_grant"), "{}", text(&o.stderr));
}

/// A callback that is not the answer to our request (a forged `state`) is refused, the
/// browser told so, and nothing is saved; `--explain` shows answers with their tokens masked.
#[test]
fn a_forged_callback_is_refused_and_explain_masks_tokens() {
    let op = Provider::start();
    let file = token_file("forged");
    let f = file.to_str().unwrap();
    let mut run = Interactive::start(&login_args(&op, f));
    let redirect = run.line(|l| {
        l.strip_prefix("Open this URL to log in (waiting for the redirect to ")
            .and_then(|r| r.strip_suffix("):"))
            .map(str::to_owned)
    });
    let addr = redirect
        .trim_start_matches("http://")
        .trim_end_matches("/callback")
        .to_owned();
    let mut browser = std::net::TcpStream::connect(&addr).unwrap();
    use std::io::{Read, Write};
    write!(
        browser,
        "GET /callback?code=stolen&state=forged&iss={} HTTP/1.1\r\nHost: {addr}\r\n\r\n",
        op.issuer
    )
    .unwrap();
    let mut page = String::new();
    browser.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{page}");
    let (status, stdout, stderr) = run.finish();
    assert_eq!(status.code(), Some(1));
    assert_eq!(stdout, "");
    assert!(
        stderr
            .iter()
            .any(|l| l.starts_with("error: ") && l.contains("state")),
        "{stderr:?}"
    );
    assert!(!file.exists());

    // A real login, then a refresh with --explain: the new tokens are in the file, not on the terminal.
    let saved = login(&op, &file, "dave");
    let o = cli(&["oauth2", "refresh", "--tokens", f, "--explain"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let refreshed = only_token(&file);
    let err = text(&o.stderr);
    for secret in [
        &saved["refresh_token"],
        &refreshed["refresh_token"],
        &refreshed["access_token"],
        &refreshed["id_token"],
    ] {
        assert!(
            !err.contains(secret.as_str().unwrap()),
            "a token on stderr: {err}"
        );
    }
    assert!(err.contains(r#""refresh_token":"••••••••••••""#), "{err}");
    assert!(
        err.contains("grant_type=refresh_token&refresh_token=••••••••••••&client_id=cli-public"),
        "{err}"
    );
}

/// PAR (RFC 9126): the parameters pushed, the URL carrying only the client and the
/// request_uri; the rest of the flow as without it.
#[test]
fn login_with_a_pushed_authorization_request() {
    let op = Provider::start();
    let file = token_file("par");
    let (url, token_type) = login_with(&op, &file, "erin", &["--par"]);
    assert_eq!(token_type, "Bearer");
    let prefix =
        op.url("/auth?client_id=cli-public&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A");
    assert!(url.starts_with(&prefix), "{url}");
    assert!(!url[prefix.len()..].contains('&'), "{url}");
    let saved = saved_for(&file, "erin");
    assert_eq!(saved["issuer"], op.issuer);
    assert!(saved["refresh_token"].is_string());
}

/// DPoP (RFC 9449): the tokens bound to the key of `--dpop-key` (the server's `cnf.jkt` is
/// its RFC 7638 thumbprint), usable only with proofs signed by it.
#[test]
fn login_with_dpop_binds_the_tokens_to_the_key() {
    let op = Provider::start();
    let file = token_file("dpop");
    let f = file.to_str().unwrap();
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/oidc-provider/dpop-key.pem"
    );
    let other_key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/oidc-provider/client-key.pem"
    );
    let (_, token_type) = login_with(&op, &file, "frank", &["--dpop-key", key]);
    assert_eq!(token_type, "DPoP");
    let saved = saved_for(&file, "frank");
    assert_eq!(saved["token_type"], "DPoP");

    let info = introspect_access(f);
    let signer =
        oauth2::jwt::native::NativeSigner::from_pem(&std::fs::read_to_string(key).unwrap(), None, None)
            .unwrap();
    let jwk = oauth2::jwks::Jwk::parse(&oauth2::jwt::JwsSigner::public_jwk(&signer).unwrap()).unwrap();
    assert_eq!(info["extra"]["cnf"]["jkt"], jwk.thumbprint().unwrap());

    let me = op.url("/me");
    let o = cli(&["request", "GET", &me, "--tokens", f, "--dpop-key", key]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), r#"{"sub":"frank"}"#);
    let o = cli(&["request", "GET", &me, "--tokens", f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("is DPoP-bound: give the key it is bound to with --dpop-key FILE"));
    let o = cli(&["request", "GET", &me, "--tokens", f, "--dpop-key", other_key]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("error: the resource answered HTTP/1.1 401 Unauthorized"),
        "{}",
        text(&o.stderr)
    );

    let o = cli(&["oauth2", "refresh", "--tokens", f]);
    assert_eq!(o.status.code(), Some(1));
    let o = cli(&["oauth2", "refresh", "--tokens", f, "--dpop-key", key, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["token_type"], "DPoP");
    assert_ne!(only_token(&file)["access_token"], saved["access_token"]);
}

/// A plain GET over loopback (the JWKS is public).
fn fetch(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    response.split_once("\r\n\r\n").unwrap().1.to_owned()
}
