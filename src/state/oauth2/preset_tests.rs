#![allow(clippy::unwrap_used)]

use oauth2::Secret;
use oauth2::presets;

use super::*;

/// The served sandbox's configuration, as the flow's tests have it.
fn sandbox() -> Config {
    Config {
        preset: SANDBOX.into(),
        ..super::super::flow_tests::config()
    }
}

#[test]
fn the_picker_lists_the_sandbox_when_served_then_every_preset_then_custom() {
    let served = options(true);
    assert_eq!(served.len(), 16);
    assert_eq!(served[0], (SANDBOX, "Local sandbox (oauth-playground serve)"));
    assert_eq!(served[1], ("google", "Google"));
    assert_eq!(served[15], (CUSTOM, "Custom"));
    let host = options(false);
    assert_eq!(host.len(), 15);
    assert_eq!(host[0], ("google", "Google"));
    assert_eq!(chosen(&sandbox()), SANDBOX);
    assert_eq!(chosen(&Config::default()), CUSTOM);
    let typo = Config {
        preset: "nope".into(),
        ..Config::default()
    };
    assert_eq!(chosen(&typo), CUSTOM);
}

#[test]
fn github_fills_its_fixed_endpoints_and_turns_the_relay_on() {
    let c = choose(&sandbox(), "github", Some(&sandbox()));
    assert_eq!(
        c,
        Config {
            preset: "github".into(),
            authorization_endpoint: "https://github.com/login/oauth/authorize".into(),
            token_endpoint: "https://github.com/login/oauth/access_token".into(),
            device_authorization_endpoint: "https://github.com/login/device/code".into(),
            scope: "read:user".into(),
            relay: true,
            ..Config::default()
        }
    );
    assert_eq!(chosen(&c), "github");
    // Back to the sandbox: the served one, as it was.
    assert_eq!(choose(&c, SANDBOX, Some(&sandbox())), sandbox());
    // Without a served sandbox there is nothing to go back to.
    assert_eq!(choose(&c, SANDBOX, None), c);
    // Custom keeps every field and forgets the preset.
    let custom = choose(&c, CUSTOM, None);
    assert_eq!(custom.preset, "");
    assert_eq!(custom.token_endpoint, c.token_endpoint);
}

#[test]
fn google_gives_its_issuer_and_discovery_its_documents() {
    let c = choose(&sandbox(), "google", None);
    assert_eq!(c.issuer, "https://accounts.google.com");
    assert_eq!(c.authorization_endpoint, "");
    assert_eq!(c.scope, "openid email profile");
    // Without these Google issues no refresh token (the preset's notes say so).
    assert_eq!(c.authorize_params, "access_type=offline&prompt=consent");
    assert!(!c.relay && !c.forward_origin);
    assert_eq!(
        discovery_urls(&c).unwrap(),
        [
            "https://accounts.google.com/.well-known/openid-configuration",
            "https://accounts.google.com/.well-known/oauth-authorization-server",
        ]
    );
    // Discord publishes RFC 8414 metadata: that document first. Another preset brings its
    // own parameters (none), not Google's.
    let discord = choose(&c, "discord", None);
    assert_eq!(discord.authorize_params, "");
    assert_eq!(
        choose(&c, "dropbox", None).authorize_params,
        "token_access_type=offline"
    );
    assert_eq!(
        discovery_urls(&discord).unwrap()[0],
        "https://discord.com/.well-known/oauth-authorization-server"
    );
    assert_eq!(
        discovery_urls(&Config::default()),
        Err("Give the issuer first: discovery reads its metadata.".into())
    );
    let bad = Config {
        issuer: "javascript:alert(1)".into(),
        ..Config::default()
    };
    assert!(
        discovery_urls(&bad)
            .unwrap_err()
            .starts_with("Discovery refused the issuer: "),
    );
}

#[test]
fn entra_id_asks_for_its_tenant_and_forwards_origin() {
    let c = choose(&sandbox(), "microsoft", None);
    assert_eq!((c.issuer.as_str(), c.relay, c.forward_origin), ("", false, true));
    let p = presets::find("microsoft").unwrap();
    let typed = Config {
        client_id: "my-app".into(),
        client_secret: Secret::new("s"),
        ..c
    };
    let filled = fill(&typed, p, &[("tenant", "common")]).unwrap();
    assert_eq!(filled.issuer, "https://login.microsoftonline.com/common/v2.0");
    assert_eq!(
        filled.client_id, "my-app",
        "the client stays when the tenant changes"
    );
    assert_eq!(filled.client_secret.expose(), "s");
    assert!(filled.forward_origin);
    assert_eq!(
        fill(&typed, p, &[("tenant", "evil.example/x")]),
        Err(Refused {
            name: "tenant",
            why: "the tenant \"evil.example/x\" is not allowed: give one name of letters, digits, '-', '_' or '.', without '/'"
                .into(),
        })
    );
    assert_eq!(
        fill(&typed, p, &[]),
        Err(Refused {
            name: "tenant",
            why: "the tenant \"\" is not allowed: tenant needs a value, e.g. common".into(),
        })
    );
}

#[test]
fn a_new_issuer_clears_the_old_endpoints() {
    let p = presets::find("keycloak").unwrap();
    let discovered = Config {
        issuer: "https://sso.example.com/realms/a".into(),
        authorization_endpoint: "https://sso.example.com/realms/a/auth".into(),
        token_endpoint: "https://sso.example.com/realms/a/token".into(),
        client_id: "app".into(),
        preset: "keycloak".into(),
        ..Config::default()
    };
    let same = fill(
        &discovered,
        p,
        &[("base", "https://sso.example.com"), ("realm", "a")],
    )
    .unwrap();
    assert_eq!(same, discovered, "the same issuer keeps its discovered endpoints");
    let other = fill(
        &discovered,
        p,
        &[("base", "https://sso.example.com/auth/"), ("realm", "b")],
    )
    .unwrap();
    assert_eq!(other.issuer, "https://sso.example.com/auth/realms/b");
    assert_eq!(
        (other.authorization_endpoint.as_str(), other.client_id.as_str()),
        ("", "app")
    );
    assert_eq!(
        fill(
            &discovered,
            p,
            &[("base", "http://sso.example.com"), ("realm", "a")]
        )
        .unwrap_err()
        .why,
        "the base \"http://sso.example.com\" is not allowed: use https (http only on this machine's loopback)"
    );
}

#[test]
fn about_a_preset_links_its_source_and_marks_what_is_unverified() {
    let a = about("github").unwrap();
    assert_eq!(a.name, "GitHub");
    assert_eq!(
        a.source,
        Ok("https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps".into())
    );
    assert_eq!(a.unverified, ["PKCE (S256) on the web flow"]);
    assert_eq!(a.browser, "no CORS: the page needs the relay");
    assert_eq!(about("auth0").unwrap().unverified.len(), 0);
    assert_eq!(about(SANDBOX), None);
    // Every preset's source is an http(s) link.
    for p in oauth2::presets::PRESETS {
        assert!(about(p.id).unwrap().source.is_ok(), "{}", p.id);
    }
}
