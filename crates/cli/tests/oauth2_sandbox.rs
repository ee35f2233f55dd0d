//! The sandbox's OAuth 2.0 / OpenID Connect server, run as the real binary on loopback and
//! driven over HTTP: each grant with the exact members of its answer, the id_token checked
//! against the JWKS, userinfo, introspection, revocation, PAR, DPoP and key rotation.
#![allow(clippy::unwrap_used)]

mod common;

use common::oauth2_sandbox::*;
use common::{get, send};
use oauth2::jwks::parse_jwks;
use oauth2::jwt::native::{NativeSigner, NativeVerifier};
use oauth2::jwt::{Alg, ClientAssertion, Jws, JwsSigner, verify_jws};
use serde_json::Value;

/// The id_token verified against the server's JWKS; its claims.
async fn id_token_claims(server: &common::Server, token: &str) -> (String, serde_json::Map<String, Value>) {
    let jwks = get(&endpoint(server, "/jwks")).await;
    let keys = parse_jwks(&jwks.body).unwrap().keys;
    let jws = Jws::decode(token).unwrap();
    let verified = verify_jws(&jws, &keys, Alg::ASYMMETRIC, &NativeVerifier).unwrap();
    (verified.alg.to_string(), jws.claims().unwrap().clone())
}

#[tokio::test]
async fn discovery_names_every_endpoint_under_the_issuer() {
    let server = start().await;
    let iss = issuer(&server);
    let oidc = get(&endpoint(&server, "/.well-known/openid-configuration")).await;
    assert_eq!(oidc.status, 200);
    let rfc8414 = get(&server.url("/.well-known/oauth-authorization-server/sandbox/oauth2")).await;
    assert_eq!(oidc.json(), rfc8414.json());
    let d = oidc.json();
    assert_eq!(d["issuer"], iss.as_str());
    for (member, path) in [
        ("authorization_endpoint", "/authorize"),
        ("token_endpoint", "/token"),
        ("jwks_uri", "/jwks"),
        ("userinfo_endpoint", "/userinfo"),
        ("revocation_endpoint", "/revoke"),
        ("introspection_endpoint", "/introspect"),
        ("device_authorization_endpoint", "/device_authorization"),
        ("pushed_authorization_request_endpoint", "/par"),
    ] {
        assert_eq!(d[member], format!("{iss}{path}").as_str(), "{member}");
    }
    // The core's own parser accepts it for this issuer.
    let headers: Vec<(String, String)> = vec![];
    let m =
        oauth2::discovery::parse_metadata(oauth2::Response::new(200, &headers, &oidc.body), &iss).unwrap();
    assert!(m.supports_s256());
    let jwks = get(&endpoint(&server, "/jwks")).await.json();
    let kinds: Vec<(&str, &str)> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kty"].as_str().unwrap(), k["alg"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("RSA", "RS256"), ("EC", "ES256")]);
}

#[tokio::test]
async fn spa_code_flow_refresh_rotation_and_userinfo() {
    let server = start().await;
    let code = code_for(&server, SPA, "openid profile offline_access").await;
    let reply = exchange(&server, SPA, &code, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let t = reply.json();
    assert_eq!(members(&t), FULL_TOKEN_SET);
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    assert_eq!(t["scope"], "openid profile offline_access");
    let (alg, claims) = id_token_claims(&server, t["id_token"].as_str().unwrap()).await;
    assert_eq!(alg, "RS256");
    assert_eq!(claims["iss"], issuer(&server).as_str());
    assert_eq!(
        (&claims["aud"], &claims["sub"], &claims["nonce"]),
        (&"playground-spa".into(), &"1001".into(), &"n-1".into())
    );
    assert_eq!(claims["preferred_username"], "sandbox-learner");
    // at_hash: the left half of SHA-256 of the access token (OIDC Core §3.1.3.6).
    assert_eq!(
        claims["at_hash"],
        Alg::RS256.half_hash(t["access_token"].as_str().unwrap()).as_str()
    );

    let me = userinfo(&server, t["access_token"].as_str().unwrap()).await;
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(
        me.json(),
        serde_json::json!({"sub": "1001", "name": "Sandbox Learner", "preferred_username": "sandbox-learner"})
    );

    let first = t["refresh_token"].as_str().unwrap().to_owned();
    let refresh = |rt: String| {
        let server = &server;
        async move {
            token(
                server,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &rt),
                    ("client_id", SPA),
                ],
                &[],
            )
            .await
        }
    };
    let rotated = refresh(first.clone()).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text());
    let r = rotated.json();
    assert_ne!(r["refresh_token"], first.as_str());
    assert_eq!(members(&r), members(&t));
    // The old one again: reuse, and the family (the rotated pair too) is revoked.
    let (status, err, why) = error(&refresh(first).await);
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(
        why.contains("already used") && why.contains("family is revoked"),
        "{why}"
    );
    let (_, err, why) = error(&refresh(r["refresh_token"].as_str().unwrap().to_owned()).await);
    assert_eq!(err, "invalid_grant");
    assert!(
        why.contains("revoked: a rotated refresh token was reused"),
        "{why}"
    );
    let me = userinfo(&server, r["access_token"].as_str().unwrap()).await;
    assert_eq!(me.status, 401);
    assert!(
        me.header("www-authenticate")
            .unwrap()
            .starts_with("Bearer realm=\"OAuth Playground sandbox\", error=\"invalid_token\"")
    );
}

#[tokio::test]
async fn confidential_client_basic_and_post() {
    let server = start().await;
    let code = code_for(&server, WEB, "openid").await;
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    let reply = token(&server, &pairs, &[("authorization", &basic(WEB, WEB_SECRET))]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(members(&reply.json()), FULL_TOKEN_SET);

    let code = code_for(&server, WEB, "openid email").await;
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
        ("client_id", WEB),
        ("client_secret", WEB_SECRET),
    ];
    let reply = token(&server, &pairs, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = userinfo(&server, reply.json()["access_token"].as_str().unwrap()).await;
    assert_eq!(
        me.json(),
        serde_json::json!({"sub": "1001", "email": "learner@sandbox.invalid", "email_verified": true})
    );
}

#[tokio::test]
async fn machine_to_machine_introspection_and_revocation() {
    let server = start().await;
    let auth = basic(M2M, M2M_SECRET);
    let reply = token(
        &server,
        &[("grant_type", "client_credentials"), ("scope", "api.read")],
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let t = reply.json();
    assert_eq!(members(&t), ["access_token", "expires_in", "scope", "token_type"]);
    assert_eq!(
        (&t["scope"], &t["token_type"]),
        (&"api.read".into(), &"Bearer".into())
    );
    let access = t["access_token"].as_str().unwrap();
    let introspect = |creds: String| {
        let server = &server;
        async move {
            post_form(
                &endpoint(server, "/introspect"),
                &[("token", access)],
                &[("authorization", &creds)],
            )
            .await
            .json()
        }
    };
    let info = introspect(auth.clone()).await;
    assert_eq!(
        members(&info),
        ["active", "client_id", "exp", "iss", "scope", "token_type"]
    );
    assert_eq!(
        (&info["active"], &info["client_id"], &info["scope"]),
        (&true.into(), &M2M.into(), &"api.read".into())
    );
    // Another client learns nothing about it.
    assert_eq!(
        introspect(basic(WEB, WEB_SECRET)).await,
        serde_json::json!({"active": false})
    );
    let revoked = post_form(
        &endpoint(&server, "/revoke"),
        &[("token", access)],
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!((revoked.status, revoked.text()), (200, String::new()));
    assert_eq!(introspect(auth).await, serde_json::json!({"active": false}));
}

#[tokio::test]
async fn private_key_jwt_client_assertion() {
    let server = start().await;
    let pem = include_str!("../src/sandbox/oauth2/demo_client_ec_private.pem");
    let signer = NativeSigner::from_pem(pem, Some(Alg::ES256), None).unwrap();
    let aud = endpoint(&server, "/token");
    let assertion = ClientAssertion::new(JWT, &aud, common::now(), |b| getrandom::fill(b).unwrap())
        .unsigned(Alg::ES256, None)
        .sign_with(&signer)
        .unwrap();
    let pairs = [
        ("grant_type", "client_credentials"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion.as_str()),
    ];
    let reply = token(&server, &pairs, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["scope"], "api.read api.write");
    let (status, err, why) = error(&token(&server, &pairs, &[]).await);
    assert_eq!((status, err.as_str()), (401, "invalid_client"));
    assert!(why.contains("was used already"), "{why}");
}

#[tokio::test]
async fn device_flow_polls_then_issues() {
    let server = start().await;
    let auth = post_form(
        &endpoint(&server, "/device_authorization"),
        &[("client_id", DEVICE), ("scope", "openid profile")],
        &[],
    )
    .await;
    assert_eq!(auth.status, 200, "{}", auth.text());
    let a = auth.json();
    assert_eq!(
        members(&a),
        [
            "device_code",
            "expires_in",
            "interval",
            "user_code",
            "verification_uri",
            "verification_uri_complete"
        ]
    );
    assert_eq!((&a["expires_in"], &a["interval"]), (&600.into(), &5.into()));
    assert_eq!(a["verification_uri"], endpoint(&server, "/device").as_str());
    let device_code = a["device_code"].as_str().unwrap();
    let user_code = a["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    let poll = || async {
        token(
            &server,
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", device_code),
                ("client_id", DEVICE),
            ],
            &[],
        )
        .await
    };
    assert_eq!(error(&poll().await).1, "authorization_pending");
    let (_, err, why) = error(&poll().await);
    assert_eq!(
        (err.as_str(), why.as_str()),
        (
            "slow_down",
            "polled sooner than the interval; wait 10 s between polls from now on (RFC 8628 §3.5)"
        )
    );
    // The user types the code, lower case and without the dash.
    let typed = user_code.replace('-', "").to_lowercase();
    let page = get(&format!("{}?user_code={typed}", endpoint(&server, "/device"))).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<ul id=\"scopes\"><li><code>openid</code></li><li><code>profile</code></li></ul>"),
        "{html}"
    );
    let body = form(&[
        ("user_code", &hidden(&html, "user_code")),
        ("csrf_token", &hidden(&html, "csrf_token")),
        ("decision", "allow"),
    ]);
    let done = send("POST", &endpoint(&server, "/device"), &[FORM], body).await;
    assert!(
        done.text()
            .contains("<p id=\"done\">You may return to your device.</p>")
    );
    advance(&server, 10).await;
    let reply = poll().await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let t = reply.json();
    assert_eq!(members(&t), FULL_TOKEN_SET);
    let (alg, claims) = id_token_claims(&server, t["id_token"].as_str().unwrap()).await;
    assert_eq!((alg.as_str(), &claims["aud"]), ("ES256", &DEVICE.into()));
    assert_eq!(
        error(&poll().await).2,
        "this device_code is unknown or already used"
    );
}

#[tokio::test]
async fn par_then_authorize_with_request_uri() {
    let server = start().await;
    let query = authorize_query(WEB, "openid");
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    pairs.push(("client_secret".into(), WEB_SECRET.into()));
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let pushed = post_form(&endpoint(&server, "/par"), &borrowed, &[]).await;
    assert_eq!(pushed.status, 201, "{}", pushed.text());
    let p = pushed.json();
    assert_eq!(p["expires_in"], 60);
    let uri = p["request_uri"].as_str().unwrap();
    assert!(uri.starts_with("urn:ietf:params:oauth:request_uri:"));
    let q = form(&[("client_id", WEB), ("request_uri", uri)]);
    let page = consent_page(&server, &q).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        location_pairs(&decide(&server, &page.text(), "allow", &[]).await)
            .iter()
            .any(|(k, _)| k == "code")
    );
    let again = consent_page(&server, &q).await;
    assert_eq!(again.status, 400);
    assert!(again.text().contains("is unknown, used or expired"));
}

#[tokio::test]
async fn dpop_binds_tokens_to_the_key() {
    let server = start().await;
    let key = dpop_key(7);
    let code = code_for(&server, SPA, "openid").await;
    let reply = exchange(
        &server,
        SPA,
        &code,
        &[("dpop", &proof(&key, "POST", &endpoint(&server, "/token"), None))],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let t = reply.json();
    assert_eq!(t["token_type"], "DPoP");
    let access = t["access_token"].as_str().unwrap();
    let userinfo = endpoint(&server, "/userinfo");
    let auth = format!("DPoP {access}");
    let ok = send(
        "GET",
        &userinfo,
        &[
            ("authorization", &auth),
            ("dpop", &proof(&key, "GET", &userinfo, Some(access))),
        ],
        "",
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    // Another key: refused, naming both thumbprints.
    let other = dpop_key(9);
    let wrong = send(
        "GET",
        &userinfo,
        &[
            ("authorization", &auth),
            ("dpop", &proof(&other, "GET", &userinfo, Some(access))),
        ],
        "",
    )
    .await;
    let (status, err, why) = error(&wrong);
    assert_eq!((status, err.as_str()), (401, "invalid_dpop_proof"));
    let thumb = |k: &NativeSigner| {
        oauth2::jwks::Jwk::parse(&k.public_jwk().unwrap())
            .unwrap()
            .thumbprint()
            .unwrap()
    };
    assert_eq!(
        why,
        format!(
            "this access token is bound to the DPoP key with thumbprint {}, but the proof is signed by {} (RFC 9449 §6)",
            thumb(&key),
            thumb(&other)
        )
    );
    assert!(wrong.header("www-authenticate").unwrap().starts_with("DPoP "));
    // As a Bearer token: refused.
    let bearer = send(
        "GET",
        &userinfo,
        &[("authorization", &format!("Bearer {access}"))],
        "",
    )
    .await;
    assert_eq!(error(&bearer).1, "invalid_token");
    // The refresh token too is bound: another key cannot refresh it, the right one can.
    let rt = t["refresh_token"].as_str().unwrap();
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", rt),
        ("client_id", SPA),
    ];
    let tok = endpoint(&server, "/token");
    assert_eq!(
        error(&token(&server, &pairs, &[("dpop", &proof(&other, "POST", &tok, None))]).await).1,
        "invalid_dpop_proof"
    );
    let r = token(&server, &pairs, &[("dpop", &proof(&key, "POST", &tok, None))]).await;
    assert_eq!(
        r.status,
        200,
        "the refused refresh did not spend the token: {}",
        r.text()
    );
}

#[tokio::test]
async fn jwks_rotation_keeps_the_previous_keys() {
    let server = start().await;
    let before = get(&endpoint(&server, "/jwks")).await.json();
    let rotated = send("POST", &endpoint(&server, "/jwks/rotate"), &[], "").await;
    assert_eq!(rotated.status, 200, "{}", rotated.text());
    let after = rotated.json();
    let keys = after["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 4);
    assert_eq!(&keys[2..], before["keys"].as_array().unwrap().as_slice());
    let code = code_for(&server, SPA, "openid").await;
    let t = exchange(&server, SPA, &code, &[]).await.json();
    let jws = Jws::decode(t["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(jws.header.kid.as_deref(), keys[0]["kid"].as_str());
}

#[tokio::test]
async fn cors_only_for_the_apps_origin() {
    let server = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--sandbox-allow-origin",
        "https://app.example",
    ])
    .await;
    let own = server.base.clone();
    let url = endpoint(&server, "/jwks");
    for (origin, allowed) in [
        (own.as_str(), true),
        ("https://app.example", true),
        ("https://evil.example", false),
    ] {
        let r = send("GET", &url, &[("origin", origin)], "").await;
        assert_eq!(
            r.header("access-control-allow-origin"),
            allowed.then_some(origin),
            "{origin}"
        );
    }
    let page = send(
        "GET",
        &format!(
            "{}?{}",
            endpoint(&server, "/authorize"),
            authorize_query(SPA, "openid")
        ),
        &[("origin", &own)],
        "",
    )
    .await;
    assert_eq!(page.header("access-control-allow-origin"), None);
}

use common::Server;

#[tokio::test]
async fn token_exchange_trades_a_live_access_token_within_its_scope() {
    let server = start().await;
    let auth = basic(M2M, M2M_SECRET);
    let cc = [
        ("grant_type", "client_credentials"),
        ("scope", "api.read api.write"),
    ];
    let subject = token(&server, &cc, &[("authorization", &auth)]).await.json();
    let subject = subject["access_token"].as_str().unwrap();
    const EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
    const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
    async fn refused(server: &common::Server, auth: &str, pairs: &[(&str, &str)]) -> (u16, String, String) {
        error(&token(server, pairs, &[("authorization", auth)]).await)
    }
    let ask = |kind: &'static str, scope: &'static str| {
        [
            ("grant_type", EXCHANGE),
            ("subject_token", subject),
            ("subject_token_type", kind),
            ("scope", scope),
        ]
    };
    let reply = token(&server, &ask(ACCESS, "api.read"), &[("authorization", &auth)]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let t = reply.json();
    assert_eq!(
        members(&t),
        [
            "access_token",
            "expires_in",
            "issued_token_type",
            "scope",
            "token_type"
        ]
    );
    assert_eq!(
        (&t["issued_token_type"], &t["scope"]),
        (&ACCESS.into(), &"api.read".into())
    );
    assert_ne!(t["access_token"].as_str(), Some(subject));
    let (status, err, why) = refused(
        &server,
        &auth,
        &ask("urn:ietf:params:oauth:token-type:jwt", "api.read"),
    )
    .await;
    assert_eq!((status, err.as_str()), (400, "invalid_request"), "{why}");
    let (_, err, why) = refused(&server, &auth, &ask(ACCESS, "openid")).await;
    assert_eq!(err, "invalid_scope", "{why}");
    let unknown = [
        ("grant_type", EXCHANGE),
        ("subject_token", "not-a-token"),
        ("subject_token_type", ACCESS),
        ("scope", "api.read"),
    ];
    let (_, err, why) = refused(&server, &auth, &unknown).await;
    assert_eq!(
        (err.as_str(), why.as_str()),
        ("invalid_request", "subject_token: the access token is unknown")
    );
}
