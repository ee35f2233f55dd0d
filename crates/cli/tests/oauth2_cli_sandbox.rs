//! The CLI's OAuth 2.0 commands against `serve`'s own sandbox authorization server (the
//! same flows the oidc-provider tests run): `oauth2 login` with the public SPA client
//! through the loopback redirect, its id_token checked by `jwt verify` against the
//! sandbox's JWKS, `oauth2 refresh` rotating the refresh token (the old one then refused
//! by the sandbox), and `oauth2 client-credentials` with the machine-to-machine client.
#![allow(clippy::unwrap_used)]

mod common;
mod oidc_provider;

use common::oauth2_sandbox::{M2M, M2M_SECRET, SPA, decide, endpoint, error, issuer, start, token};
use common::{Reply, get};
use oidc_provider::{Interactive, cli, cli_with_secret, json_of, only_token, text, token_file};

/// `oauth2 login` as the SPA client, Allow clicked on the sandbox's consent page: the
/// loopback listener's answer to the browser, and the CLI's JSON summary.
async fn login(server: &common::Server, tokens: &str) -> (Reply, serde_json::Value) {
    let iss = issuer(server);
    let mut run = Interactive::start(&[
        "oauth2",
        "login",
        "--issuer",
        &iss,
        "--client-id",
        SPA,
        "--scope",
        "openid offline_access",
        "--no-browser",
        "--tokens",
        tokens,
        "--json",
    ]);
    let url = run.line(|l| l.starts_with("http").then(|| l.to_owned()));
    assert!(url.starts_with(&format!("{iss}/authorize?")), "{url}");
    let page = get(&url).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let allowed = decide(server, &page.text(), "allow", &[]).await;
    assert_eq!(allowed.status, 302, "{}", allowed.text());
    let callback = allowed.header("location").unwrap().to_owned();
    assert!(callback.starts_with("http://127.0.0.1:"), "{callback}");
    assert!(callback.contains("/callback?"), "{callback}");
    let browser = get(&callback).await;
    let (status, stdout, stderr) = run.finish();
    assert!(status.success(), "{stderr:?}");
    (browser, serde_json::from_str(&stdout).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_verify_refresh_and_client_credentials_against_the_sandbox() {
    let server = start().await;
    let iss = issuer(&server);
    let file = token_file("sandbox-cli");
    let tokens = file.to_str().unwrap();

    let (browser, summary) = login(&server, tokens).await;
    assert_eq!(browser.status, 200, "{}", browser.text());
    assert_eq!(summary["scope"], "openid offline_access");
    assert_eq!(summary["refresh_token"], true);
    assert_eq!(summary["id_token"], true);
    let saved = only_token(&file);
    assert_eq!(saved["protocol"], "oauth2");
    assert_eq!(saved["client_id"], SPA);
    assert_eq!(saved["token_endpoint_auth_method"], "none");
    assert!(saved.get("client_secret").is_none(), "{saved}");
    assert_eq!(saved["issuer"], iss.as_str());

    // The id_token against the sandbox's JWKS: every check passes; a wrong audience fails.
    let id_token = saved["id_token"].as_str().unwrap();
    let jwks = endpoint(&server, "/jwks");
    let verify = |aud: &str| {
        cli(&[
            "jwt", "verify", id_token, "--jwks", &jwks, "--iss", &iss, "--aud", aud,
        ])
    };
    let ok = verify(SPA);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    assert_eq!(verify("someone-else").status.code(), Some(1));

    // A refresh rotates the refresh token; the sandbox then refuses the old one.
    let old_refresh = saved["refresh_token"].as_str().unwrap().to_owned();
    let o = cli(&["oauth2", "refresh", "--tokens", tokens]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rotated = only_token(&file);
    assert_ne!(rotated["refresh_token"], old_refresh.as_str());
    assert_ne!(rotated["access_token"], saved["access_token"]);
    let reused = token(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &old_refresh),
            ("client_id", SPA),
        ],
        &[],
    )
    .await;
    let (status, code, _) = error(&reused);
    assert_eq!((status, code.as_str()), (400, "invalid_grant"));

    // The machine-to-machine client, its secret from the environment.
    let m2m_file = token_file("sandbox-cli-m2m");
    let o = cli_with_secret(
        &[
            "oauth2",
            "client-credentials",
            "--issuer",
            &iss,
            "--client-id",
            M2M,
            "--scope",
            "api.read",
            "--tokens",
            m2m_file.to_str().unwrap(),
            "--json",
        ],
        M2M_SECRET,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json_of(&o)["scope"], "api.read");
    let m2m = only_token(&m2m_file);
    assert_eq!(m2m["client_id"], M2M);
    assert!(m2m.get("refresh_token").is_none(), "{m2m}");
}

/// `oauth2 presets` lists the protocol crate's providers; `login --preset` refuses an id it
/// does not know, a value the preset does not take, and a value that would move the
/// request to another host or path, each before any request is sent.
#[test]
fn presets_are_listed_and_bad_preset_values_are_refused_before_any_request() {
    let o = cli(&["oauth2", "presets", "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let all = json_of(&o);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "google",
            "microsoft",
            "github",
            "gitlab",
            "auth0",
            "okta",
            "keycloak",
            "x",
            "spotify",
            "discord",
            "dropbox",
            "slack",
            "salesforce",
            "mediawiki"
        ]
    );
    let github = &all[2];
    assert_eq!(
        github["endpoints"]["token_endpoint"],
        "https://github.com/login/oauth/access_token"
    );
    assert_eq!(github["browser"], "no CORS: the page needs the relay");
    assert_eq!(all[1]["placeholders"][0]["name"], "tenant");
    assert_eq!(
        all[0]["authorize_params"],
        serde_json::json!([{ "name": "access_type", "value": "offline" }, { "name": "prompt", "value": "consent" }])
    );
    assert_eq!(all[2]["authorize_params"], serde_json::json!([]));

    let file = token_file("presets-refused");
    let login = |extra: &[&str]| {
        let mut args = vec!["oauth2", "login", "--client-id", "c", "--no-browser"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--tokens", file.to_str().unwrap()]);
        let o = cli(&args);
        assert!(!o.status.success());
        text(&o.stderr)
    };
    let e = login(&["--preset", "microsoft", "--preset-value", "tenant=evil.example/x"]);
    assert!(
        e.contains("the tenant \"evil.example/x\" is not allowed: give one name of letters, digits, '-', '_' or '.', without '/'"),
        "{e}"
    );
    let e = login(&["--preset", "nosuch"]);
    assert!(
        e.contains("there is no preset \"nosuch\"; the presets are google, microsoft, github"),
        "{e}"
    );
    let e = login(&["--preset", "google", "--preset-value", "tenant=x"]);
    assert!(
        e.contains("the preset google takes no value \"tenant\"; it takes: none"),
        "{e}"
    );
    let e = login(&["--preset", "keycloak", "--preset-value", "realm=r"]);
    assert!(
        e.contains("the base \"\" is not allowed: base needs a value, e.g. https://sso.example.com"),
        "{e}"
    );
    assert!(!file.exists(), "nothing was saved");
}
