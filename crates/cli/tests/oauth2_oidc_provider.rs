//! The CLI's OAuth 2.0 commands without a browser login (discovery, client credentials with
//! each client authentication, revoke, introspect, the device flow) against panva's
//! oidc-provider 9.13.3 (OpenID Certified), started on loopback by each test
//! (tests/oidc-provider). Exact statuses, exit codes and fields.
#![allow(clippy::unwrap_used)]

mod oidc_provider;

use oidc_provider::{
    CONFIDENTIAL_SECRET, Interactive, Provider, cli, cli_json, cli_with_secret, drive, json_of, only_token,
    text, token_file, tokens,
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
    let o = cli_with_secret(
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
    let summary = cli_json(&[
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
    assert_eq!(summary["scope"], "api:read");
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
        cli_json(&args)
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
    let summary = cli_json(&[
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
    assert_eq!(summary["token_type"], "Bearer");
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
