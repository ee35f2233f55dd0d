//! The last line of defence, in a real browser: `effects` refuses a URL that is not
//! http(s) right before navigating to it, opening it or fetching it, whatever let it
//! through before (docs/hosting.md, "What the page refuses").

use oauth_playground_app::effects::{http, location};
use oauth_playground_app::state::outcome::TransportError;
use oauth1::PreparedRequest;
use wasm_bindgen_test::wasm_bindgen_test;

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn marker() -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item("pwned")
        .ok()
        .flatten()
}

#[wasm_bindgen_test]
fn navigate_refuses_script_urls_in_this_tab_and_in_a_new_one() {
    let before = window().location().href().expect("href");
    for url in [
        "javascript:localStorage.setItem('pwned','1')",
        "  JaVaScRiPt:localStorage.setItem('pwned','1')",
        "\tjava\nscript:localStorage.setItem('pwned','1')",
        "data:text/html,<script>localStorage.setItem('pwned','1')</script>",
    ] {
        for new_tab in [false, true] {
            let e = location::navigate(url, new_tab).expect_err(url);
            assert!(e.starts_with("Refused: the URL \""), "{url}: {e}");
        }
    }
    assert_eq!(
        window().location().href().expect("href"),
        before,
        "the page stayed"
    );
    assert_eq!(marker(), None, "no script ran");
}

#[wasm_bindgen_test]
async fn send_refuses_a_relay_that_is_not_http() {
    let req = PreparedRequest {
        method: "POST".into(),
        url: "https://provider.example/oauth/request_token".into(),
        headers: Vec::new(),
        body: String::new(),
    };
    // A data: relay would answer with tokens of its choosing; it is never fetched.
    for relay in [
        "data:text/plain,oauth_token=forged&oauth_token_secret=x&u={url}",
        "javascript:{url}",
    ] {
        match http::send(&req, Some(relay), "").await {
            Err(TransportError::BadRelay(why)) => {
                assert!(
                    why.contains("must start with http:// or https://"),
                    "{relay}: {why}"
                )
            }
            other => panic!("{relay}: {other:?}"),
        }
    }
}
