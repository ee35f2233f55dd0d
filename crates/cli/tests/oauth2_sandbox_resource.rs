//! The sandbox's resource (userinfo) as RFC 6750 §2 and RFC 9449 §7 read it: a Bearer token
//! in the header, a form body or the query, never two at once; a DPoP-bound token only as
//! `Authorization: DPoP` with a proof for this request and this token, by the bound key.
#![allow(clippy::unwrap_used)]

mod common;

use common::oauth2_sandbox::*;
use common::send;
use oauth2::jwt::JwsSigner;

const ME: &str = r#"{"name":"Sandbox Learner","preferred_username":"sandbox-learner","sub":"1001"}"#;

async fn bearer(server: &common::Server) -> String {
    let code = code_for(server, SPA, "openid profile").await;
    let r = exchange(server, SPA, &code, &[]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_bearer_token_in_the_header_the_body_or_the_query() {
    let server = start().await;
    let access = bearer(&server).await;
    let url = endpoint(&server, "/userinfo");
    let header = userinfo(&server, &access).await;
    assert_eq!((header.status, header.text().as_str()), (200, ME));
    let form = post_form(&url, &[("access_token", &access)], &[]).await;
    assert_eq!((form.status, form.text().as_str()), (200, ME), "RFC 6750 §2.2");
    let query = send("GET", &format!("{url}?access_token={access}"), &[], "").await;
    assert_eq!((query.status, query.text().as_str()), (200, ME), "RFC 6750 §2.3");
    // Two ways at once: refused (§2).
    let both = send(
        "GET",
        &format!("{url}?access_token={access}"),
        &[("authorization", &format!("Bearer {access}"))],
        "",
    )
    .await;
    assert_eq!(
        error(&both),
        (
            400,
            "invalid_request".into(),
            "the access token is presented more than one way; use exactly one (RFC 6750 §2)".into()
        )
    );
    // A body that is not a form carries no token (§2.2).
    let json = send(
        "POST",
        &url,
        &[("content-type", "application/json")],
        format!(r#"{{"access_token":"{access}"}}"#),
    )
    .await;
    assert_eq!(error(&json).1, "invalid_token");
}

/// `GET url` with `Authorization: auth` and the `DPoP` proof.
async fn dpop_get(url: &str, auth: &str, proof: &str) -> common::Reply {
    send("GET", url, &[("authorization", auth), ("dpop", proof)], "").await
}

#[tokio::test]
async fn a_dpop_bound_token_needs_its_proof_in_the_header() {
    let server = start().await;
    let k = dpop_key(11);
    let code = code_for(&server, SPA, "openid profile").await;
    let tok = endpoint(&server, "/token");
    let r = exchange(&server, SPA, &code, &[("dpop", &proof(&k, "POST", &tok, None))]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["token_type"], "DPoP");
    let access = r.json()["access_token"].as_str().unwrap().to_owned();
    let url = endpoint(&server, "/userinfo");
    let auth = format!("DPoP {access}");
    let ok = dpop_get(&url, &auth, &proof(&k, "GET", &url, Some(&access))).await;
    assert_eq!((ok.status, ok.text().as_str()), (200, ME));
    // The proof's htu may not carry the query, but the request's may (§4.3).
    let q = format!("{url}?x=1");
    let ok = dpop_get(&q, &auth, &proof(&k, "GET", &q, Some(&access))).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    // No ath (§4.3 check 11), another method, a replayed proof: refused with the DPoP challenge.
    let no_ath = dpop_get(&url, &auth, &proof(&k, "GET", &url, None)).await;
    assert_eq!(
        error(&no_ath),
        (
            401,
            "invalid_dpop_proof".into(),
            "the DPoP proof does not carry the access token's hash (ath)".into()
        )
    );
    let challenge = no_ath.header("www-authenticate").unwrap();
    assert!(
        challenge.starts_with("DPoP realm=\"OAuth Playground sandbox\", error=\"invalid_dpop_proof\""),
        "{challenge}"
    );
    assert!(
        challenge.ends_with(", algs=\"RS256 PS256 ES256 ES384 EdDSA\""),
        "RFC 9449 §7.1: {challenge}"
    );
    let post = dpop_get(&url, &auth, &proof(&k, "POST", &url, Some(&access))).await;
    assert_eq!(
        error(&post).2,
        "the DPoP proof is for method Some(\"POST\"), not GET"
    );
    let once = proof(&k, "GET", &url, Some(&access));
    assert_eq!(dpop_get(&url, &auth, &once).await.status, 200);
    let again = dpop_get(&url, &auth, &once).await;
    assert!(error(&again).2.contains("was already used"), "§11.1");
    // A bound token in the query or a body, or as Bearer: refused (§7.1).
    for r in [
        send("GET", &format!("{url}?access_token={access}"), &[], "").await,
        post_form(&url, &[("access_token", &access)], &[]).await,
        send("GET", &url, &[("authorization", &format!("Bearer {access}"))], "").await,
    ] {
        assert_eq!(
            error(&r),
            (
                401,
                "invalid_token".into(),
                "this access token is DPoP-bound: send it as Authorization: DPoP TOKEN with a DPoP proof (RFC 9449 §7.1)".into()
            )
        );
    }
    // Introspection names the binding (RFC 9449 §6.2 cnf.jkt).
    let jkt = oauth2::jwks::Jwk::parse(&k.public_jwk().unwrap())
        .unwrap()
        .thumbprint()
        .unwrap();
    let cnf = post_form(
        &endpoint(&server, "/introspect"),
        &[("token", &access), ("client_id", SPA)],
        &[],
    )
    .await;
    assert_eq!(cnf.json()["cnf"]["jkt"], jkt.as_str(), "{}", cnf.text());
}
