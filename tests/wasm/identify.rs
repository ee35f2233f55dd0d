//! MediaWiki's identify JWT in the console's workings (issue 13): the checks rendered for
//! the fixture PyJWT made (crates/engine/tests/fixtures), passed and failed.

use oauth_playground_app::components::identify_checks::identify_checks;
use oauth_playground_app::state::config::Config;
use oauth_playground_app::state::outcome::HttpResponse;
use oauth_playground_app::state::presets::{self, MEDIAWIKI_IDENTIFY, PresetId};
use oauth1::{Credentials, RequestSpec, SignOptions, Signed, sign_request};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;

use crate::{all, mount_point, settle};

const JWT: &str = include_str!("../../crates/engine/tests/fixtures/mediawiki-identify.jwt");
const KEY: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0e1f2a3b4";
const NONCE: &str = "kllo9940pd9333jh";
/// The fixture's `iat`; its `exp` is 100 s later.
const IAT: u64 = 1_795_752_500;

#[derive(Properties, PartialEq)]
struct ChecksProps {
    secret: AttrValue,
    url: AttrValue,
    now: u64,
}

/// The view as the console mounts it, for an identify call signed with the fixture's nonce.
#[function_component]
fn Checks(p: &ChecksProps) -> Html {
    let config = Config {
        consumer_key: KEY.into(),
        consumer_secret: p.secret.to_string(),
        ..presets::apply(PresetId::MediaWiki, None)
    };
    let spec = RequestSpec {
        method: "GET".into(),
        url: p.url.to_string(),
        content_type: None,
        body: String::new(),
        extra_params: Vec::new(),
    };
    let credentials = Credentials {
        consumer_key: KEY.into(),
        consumer_secret: p.secret.to_string().into(),
        token: Some("t".into()),
        token_secret: "ts".into(),
        ..Credentials::default()
    };
    let Ok(Signed { request, explanation }) =
        sign_request(&spec, &credentials, &SignOptions::default(), NONCE, IAT)
    else {
        return html! { <p>{ "not signed" }</p> };
    };
    let response = HttpResponse {
        status: 200,
        status_text: "OK".into(),
        version: None,
        headers: vec![("content-type".into(), "application/jwt".into())],
        body: JWT.trim().as_bytes().to_vec(),
        via_relay: false,
    };
    identify_checks(&config, &request, &explanation, &response, p.now)
}

async fn rendered(secret: &str, url: &str, now: u64) -> web_sys::Element {
    let root = mount_point();
    let props = ChecksProps {
        secret: AttrValue::from(secret.to_owned()),
        url: AttrValue::from(url.to_owned()),
        now,
    };
    yew::Renderer::<Checks>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .filter_map(|e| e.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn every_check_of_the_fixture_is_shown_as_passed() {
    let root = rendered(SECRET, MEDIAWIKI_IDENTIFY, IAT + 10).await;
    assert_eq!(
        texts(&root, ".identify summary"),
        ["MediaWiki identify: the JWT checked (HS256 with the consumer secret)"]
    );
    assert_eq!(
        texts(&root, ".identify .notice"),
        ["Every check passed (username: Example Learner)"]
    );
    assert_eq!(
        texts(&root, ".identify li"),
        [
            "✓ signature: HS256 over the header and claims with the consumer secret matches",
            "✓ iss: iss https://meta.wikimedia.org is the wiki's origin",
            "✓ aud: aud is the consumer key",
            "✓ nonce: nonce is the identify request's oauth_nonce",
            "✓ iat: iat 1795752500 is not in the future (clock 1795752510, leeway 300 s)",
            "✓ exp: exp 1795752600 has not passed (clock 1795752510, leeway 300 s)",
        ]
    );
}

#[wasm_bindgen_test]
async fn a_wrong_secret_and_a_late_clock_fail_their_checks() {
    let late = IAT + 100 + 301;
    let root = rendered("not-the-secret", MEDIAWIKI_IDENTIFY, late).await;
    assert_eq!(
        texts(&root, ".identify .notice"),
        ["A check failed: do not believe these claims (username: Example Learner)"]
    );
    let failed: Vec<String> = texts(&root, ".identify li")
        .into_iter()
        .filter(|t| t.starts_with('✗'))
        .collect();
    assert_eq!(
        failed,
        [
            "✗ signature: HS256 with the consumer secret gives another signature: the secret is wrong, or the token was altered",
            "✗ exp: exp 1795752600 passed 301 s before this clock (1795752901); allowed: 300 s",
        ]
    );
}

#[wasm_bindgen_test]
async fn another_call_shows_no_checks() {
    let root = rendered(SECRET, "https://meta.wikimedia.org/w/api.php", IAT).await;
    assert!(all(&root, ".identify").is_empty());
}
