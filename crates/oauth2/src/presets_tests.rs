use super::*;
use crate::discovery::well_known_url;

fn resolve(id: &str, values: &[(&str, &str)]) -> Result<Resolved, Error> {
    find(id).expect("a preset").resolve(values)
}

fn issuer(r: Result<Resolved, Error>) -> String {
    match r.expect("resolved") {
        Resolved::Discovered { issuer, .. } => issuer,
        other => panic!("not discovered: {other:?}"),
    }
}

#[test]
fn ids_are_unique_and_every_preset_resolves_with_its_examples() {
    for (i, p) in PRESETS.iter().enumerate() {
        assert!(PRESETS[..i].iter().all(|q| q.id != p.id), "{} twice", p.id);
        assert!(p.source.starts_with("https://"), "{}", p.id);
        let values: Vec<(&str, &str)> = p.placeholders.iter().map(|ph| (ph.name, ph.example)).collect();
        let resolved = p.resolve(&values).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        // Whatever it resolves to is an https URL a request may go to.
        let urls: Vec<String> = match resolved {
            Resolved::Discovered { issuer, well_known } => {
                vec![well_known_url(&issuer, well_known).expect("a well-known URL")]
            }
            Resolved::Fixed {
                authorization,
                token,
                device_authorization,
                revocation,
            } => [Some(authorization), Some(token), device_authorization, revocation]
                .into_iter()
                .flatten()
                .collect(),
        };
        for u in urls {
            assert!(u.starts_with("https://"), "{}: {u}", p.id);
        }
    }
}

#[test]
fn issuers_are_written_as_the_providers_write_them() {
    assert_eq!(issuer(resolve("google", &[])), "https://accounts.google.com");
    assert_eq!(
        issuer(resolve("microsoft", &[("tenant", "contoso.onmicrosoft.com")])),
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"
    );
    // Auth0's issuer keeps its trailing slash: discovery compares it exactly.
    assert_eq!(
        issuer(resolve("auth0", &[("domain", "Dev-X.eu.auth0.com")])),
        "https://dev-x.eu.auth0.com/"
    );
    assert_eq!(
        issuer(resolve(
            "okta",
            &[("domain", "dev-1.okta.com"), ("server", "default")]
        )),
        "https://dev-1.okta.com/oauth2/default"
    );
    assert_eq!(
        issuer(resolve(
            "keycloak",
            &[("base", "https://sso.example.com/auth/"), ("realm", "staff")]
        )),
        "https://sso.example.com/auth/realms/staff"
    );
    assert_eq!(
        issuer(resolve(
            "keycloak",
            &[("base", "http://127.0.0.1:8080"), ("realm", "test")]
        )),
        "http://127.0.0.1:8080/realms/test"
    );
    assert_eq!(
        resolve("discord", &[]).expect("resolved"),
        Resolved::Discovered {
            issuer: "https://discord.com".into(),
            well_known: WellKnown::OAuth
        }
    );
}

#[test]
fn fixed_endpoints_come_out_as_written() {
    assert_eq!(
        resolve("github", &[]).expect("resolved"),
        Resolved::Fixed {
            authorization: "https://github.com/login/oauth/authorize".into(),
            token: "https://github.com/login/oauth/access_token".into(),
            device_authorization: Some("https://github.com/login/device/code".into()),
            revocation: None,
        }
    );
}

#[test]
fn a_value_cannot_move_the_request_elsewhere() {
    let refused = |id: &str, values: &[(&str, &str)]| match resolve(id, values) {
        Err(Error::InvalidValue { what, why, .. }) => format!("{what}: {why}"),
        other => panic!("{id} {values:?} was not refused: {other:?}"),
    };
    for tenant in ["evil.com/x", "..", "a?b", "a#b", "a b", "x@evil.com", "%2e%2e"] {
        assert_eq!(
            refused("microsoft", &[("tenant", tenant)]),
            "tenant: give one name of letters, digits, '-', '_' or '.', without '/'",
            "{tenant}"
        );
    }
    for domain in [
        "evil.com/path",
        "a@b.com",
        "evil.com:443",
        ".evil.com",
        "a..b",
        "evil.com?x",
    ] {
        assert_eq!(
            refused("auth0", &[("domain", domain)]),
            "domain: give a host name only, such as dev-example.us.auth0.com",
            "{domain}"
        );
    }
    assert_eq!(
        refused("keycloak", &[("base", "http://sso.example.com"), ("realm", "r")]),
        "base: use https (http only on this machine's loopback)"
    );
    assert_eq!(
        refused("keycloak", &[("base", "javascript:alert(1)"), ("realm", "r")]),
        "base: give an https:// URL"
    );
    assert_eq!(
        refused(
            "keycloak",
            &[("base", "https://sso.example.com/?x=1"), ("realm", "r")]
        ),
        "base: leave out the query and fragment"
    );
    assert_eq!(
        refused(
            "keycloak",
            &[("base", "https://u:p@sso.example.com"), ("realm", "r")]
        ),
        "base: leave out the user name and password"
    );
}

#[test]
fn a_missing_value_names_the_placeholder_and_an_example() {
    let e = resolve("okta", &[("domain", "dev-1.okta.com"), ("server", "  ")]).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "the server \"\" is not allowed: server needs a value, e.g. default"
    );
}
