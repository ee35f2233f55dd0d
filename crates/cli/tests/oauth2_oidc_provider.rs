//! The CLI's OAuth 2.0 commands against an authorization server nobody here wrote: panva's
//! oidc-provider 9.13.3 (OpenID Certified), started on loopback by each test
//! (tests/oidc-provider). Exact statuses, exit codes and fields.
#![allow(clippy::unwrap_used)]

mod oidc_provider;

use oidc_provider::{
    CONFIDENTIAL_SECRET, Interactive, Provider, cli, drive, json_of, login, only_token, text, token_file,
    tokens,
};

#[test]
fn discover_client_credentials_introspect_revoke() {
    let op = Provider::start();
    let file = token_file("cc");
    let f = file.to_str().unwrap();

    let o = cli(&["oauth2", "discover", &op.issuer, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = json_of(&o);
    assert_eq!(md["issuer"], op.issuer);
    assert_eq!(md["token_endpoint"], op.url("/token"));
    assert_eq!(
        md["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    // The issuer must be the URL asked for (RFC 8414 §3.3).
    let o = cli(&["oauth2", "discover", &op.url("/other")]);
    assert_eq!(o.status.code(), Some(1));

    // A wrong secret is refused and writes nothing.
    let o = cli(&[
        "oauth2",
        "client-credentials",
        "--issuer",
        &op.issuer,
        "--client-id",
        "cli-cc-post",
        "--client-secret",
        "wrong",
        "--auth",
        "client_secret_post",
        "--tokens",
        f,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("invalid_client"), "{}", text(&o.stderr));
    assert!(!file.exists());

    // client_secret_basic with a secret RFC 6749 §2.3.1 form-encodes (space, +, /, :, &, %);
    // the secret from the environment.
    let o = oidc_provider_cli_with_secret(
        &[
            "oauth2",
            "client-credentials",
            "--issuer",
            &op.issuer,
            "--client-id",
            "cli-confidential",
            "--tokens",
            f,
            "--json",
        ],
        CONFIDENTIAL_SECRET,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = json_of(&o);
    assert_eq!(summary["token_type"], "Bearer");
    assert_eq!(summary["expires_in"], 600);
    assert_eq!(summary["refresh_token"], false);
    let saved = only_token(&file);
    assert_eq!(saved["protocol"], "oauth2");
    assert_eq!(saved["client_id"], "cli-confidential");
    assert_eq!(saved["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(saved["issuer"], op.issuer);
    assert_eq!(saved["endpoints"]["revocation"], op.url("/token/revocation"));

    // client_secret_post, a scope; a second entry in the same file.
    let o = cli(&[
        "oauth2",
        "client-credentials",
        "--token-url",
        &op.url("/token"),
        "--client-id",
        "cli-cc-post",
        "--client-secret",
        "post-secret",
        "--auth",
        "client_secret_post",
        "--scope",
        "api:read",
        "--name",
        "post",
        "--tokens",
        f,
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["scope"], "api:read");
    assert_eq!(tokens(&file)["tokens"].as_array().unwrap().len(), 2);

    let introspect = |extra: &[&str]| {
        let mut args = vec![
            "oauth2",
            "introspect",
            "--tokens",
            f,
            "--token",
            "127.0.0.1 token",
            "--json",
        ];
        args.extend_from_slice(extra);
        let o = cli(&args);
        assert!(o.status.success(), "{}", text(&o.stderr));
        json_of(&o)
    };
    let before = introspect(&[]);
    assert_eq!(before["active"], true);
    assert_eq!(before["client_id"], "cli-confidential");
    assert_eq!(before["token_type"], "Bearer");

    let o = cli(&[
        "oauth2",
        "revoke",
        "--tokens",
        f,
        "--token",
        "127.0.0.1 token",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        json_of(&o),
        serde_json::json!({"revoked": true, "token_type_hint": "access_token"})
    );
    assert_eq!(introspect(&[])["active"], false);
}

fn oidc_provider_cli_with_secret(args: &[&str], secret: &str) -> std::process::Output {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
        .args(args)
        .env("OAUTH_CLIENT_SECRET", secret)
        .env_remove("OAUTH_PLAYGROUND_TOKENS")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    oidc_provider::finish(child)
}

/// RFC 7523 §2.2 client assertions: signed with the client's key (ES256) and with its
/// secret (HS256), each request with a fresh one.
#[test]
fn client_assertions_private_key_jwt_and_client_secret_jwt() {
    let op = Provider::start();
    let file = token_file("jwt-auth");
    let f = file.to_str().unwrap();
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/oidc-provider/client-key.pem"
    );
    let o = cli(&[
        "oauth2",
        "client-credentials",
        "--issuer",
        &op.issuer,
        "--client-id",
        "cli-jwt-key",
        "--key",
        key,
        "--name",
        "key",
        "--tokens",
        f,
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["token_type"], "Bearer");
    let saved = only_token(&file);
    assert_eq!(saved["token_endpoint_auth_method"], "private_key_jwt");
    assert!(
        saved["private_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    // Introspection authenticates again, with a new assertion (a replayed jti is refused).
    let o = cli(&["oauth2", "introspect", "--tokens", f, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["client_id"], "cli-jwt-key");

    let secret_jwt = |secret: &str| {
        cli(&[
            "oauth2",
            "client-credentials",
            "--issuer",
            &op.issuer,
            "--client-id",
            "cli-jwt-secret",
            "--client-secret",
            secret,
            "--auth",
            "client_secret_jwt",
            "--name",
            "hs",
            "--tokens",
            f,
            "--json",
        ])
    };
    let o = secret_jwt("not-the-secret-but-just-as-long-as-the-real-one");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("invalid_client"), "{}", text(&o.stderr));
    assert_eq!(tokens(&file)["tokens"].as_array().unwrap().len(), 1);
    let o = secret_jwt("a-client-secret-of-at-least-32-bytes-for-hs256");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        tokens(&file)["tokens"][1]["token_endpoint_auth_method"],
        "client_secret_jwt"
    );
}

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
    let o = cli(&[
        "oauth2",
        "introspect",
        "--tokens",
        f,
        "--which",
        "access",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let info = json_of(&o);
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

#[test]
fn device_flow_approved_at_the_verification_page() {
    let op = Provider::start();
    let file = token_file("device");
    let f = file.to_str().unwrap();
    let mut run = Interactive::start(&[
        "oauth2",
        "device",
        "--issuer",
        &op.issuer,
        "--client-id",
        "cli-device",
        "--scope",
        "openid offline_access",
        "--tokens",
        f,
        "--json",
    ]);
    let verification = run.line(|l| l.strip_prefix("Open ").map(str::to_owned));
    assert!(
        verification.starts_with(&format!("{} and enter the code ", op.url("/device"))),
        "{verification}"
    );
    let code = run.line(|l| l.strip_prefix("user_code: ").map(str::to_owned));
    assert_eq!(code.len(), 9, "{code}");
    assert_eq!(
        drive(&["device", &op.issuer, &code, "carol"]),
        "done Sign-in Success"
    );
    let (status, stdout, stderr) = run.finish();
    assert!(status.success(), "{stderr:?}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["refresh_token"], true);
    assert_eq!(summary["id_token"], true);
    let saved = only_token(&file);
    assert_eq!(saved["client_id"], "cli-device");
    assert_eq!(saved["subject"], "carol");
    assert_eq!(saved["issuer"], op.issuer);
}
