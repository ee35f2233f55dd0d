//! LTI 1.1 launches: `oauth-playground lti launch` signs the form (crates/engine's
//! builder), and two verifiers check it: the sandbox's LTI tool (`/sandbox/lti/launch`)
//! and oauthlib's SignatureOnlyEndpoint (tests/peers), which shares no code with the core.
//! A tampered field, a replay and a launch that is not LTI 1.1 are refused, saying why.
#![allow(clippy::unwrap_used)]

mod cli_provider;
mod common;

use cli_provider::{run, stderr, stdout, temp_dir};
use common::peer::{self, Peer};
use common::sandbox::{FORM, KEY, SECRET, consumer, options};
use common::{Reply, Server, now, send, send_signed, sign};
use oauth1::{RequestSpec, SignatureMethod};

/// Signs a launch with the CLI; returns the URL and the form body.
async fn launch(dir: &std::path::Path, url: &str, key: &str, secret: &str) -> (String, String) {
    let args = [
        "lti",
        "launch",
        "--json",
        "--url",
        url,
        "--consumer-key",
        key,
        "--resource-link-id",
        "link-42",
        "--user-id",
        "u-7",
        "--roles",
        "Learner",
        "--context-id",
        "course-1",
        "--context-title",
        "Maths & <more>",
        "--custom",
        "Chapter Number=3",
    ];
    let out = run(dir, &args, &[("OAUTH_CONSUMER_SECRET", secret)], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["content_type"], "application/x-www-form-urlencoded");
    let fields = v["fields"].as_array().unwrap();
    assert_eq!(
        fields[0],
        serde_json::json!(["lti_message_type", "basic-lti-launch-request"])
    );
    assert_eq!(fields[1], serde_json::json!(["lti_version", "LTI-1p0"]));
    assert!(fields.contains(&serde_json::json!(["oauth_callback", "about:blank"])));
    assert!(fields.contains(&serde_json::json!(["custom_chapter_number", "3"])));
    (
        v["url"].as_str().unwrap().to_owned(),
        v["body"].as_str().unwrap().to_owned(),
    )
}

async fn post(url: &str, body: &str) -> Reply {
    send("POST", url, &FORM, body.to_owned()).await
}

/// The text of the element with this id on a sandbox page.
fn element(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no #{id}: {html}"));
    let rest = &html[start..];
    let text = &rest[rest.find('>').unwrap() + 1..];
    text[..text.find("</").unwrap()].to_owned()
}

#[tokio::test]
async fn the_sandbox_tool_verifies_the_launch_and_refuses_tampering() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let dir = temp_dir("lti-sandbox");
    let tool = server.url("/sandbox/lti/launch");
    let (url, body) = launch(&dir, &tool, KEY, SECRET).await;
    assert_eq!(url, tool);

    let reply = post(&url, &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-security-policy"),
        Some(
            "default-src 'none'; style-src 'self'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'"
        )
    );
    let html = reply.text();
    assert_eq!(
        element(&html, "verified"),
        "Signed by the consumer <code>playground-demo-key"
    );
    // What it received, escaped.
    assert!(
        html.contains("<tr><th scope=\"row\">context_title</th><td>Maths &amp; &lt;more&gt;</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><th scope=\"row\">oauth_callback</th><td>about:blank</td></tr>"),
        "{html}"
    );
    assert!(!html.contains("<more>"));

    // The same launch again is a replay.
    let again = post(&url, &body).await;
    assert_eq!(again.status, 401);
    assert_eq!(element(&again.text(), "problem"), "nonce_used");

    // A field changed after signing.
    let (url, body) = launch(&dir, &tool, KEY, SECRET).await;
    let tampered = body.replace("roles=Learner", "roles=Instructor");
    assert_ne!(tampered, body);
    let refused = post(&url, &tampered).await;
    assert_eq!(refused.status, 401);
    let html = refused.text();
    assert_eq!(element(&html, "problem"), "signature_invalid");
    assert!(
        element(&html, "debug-sbs").contains("roles%3DInstructor"),
        "{html}"
    );

    // Signed properly, but not an LTI 1.1 launch.
    for (form, why) in [
        (
            "lti_message_type=basic-lti-launch-request&resource_link_id=r",
            "lti_version is required in an LTI 1.1 launch",
        ),
        (
            "lti_message_type=ContentItemSelectionRequest&lti_version=LTI-1p0&resource_link_id=r",
            "lti_message_type is &quot;ContentItemSelectionRequest&quot;; an LTI 1.1 basic launch has \
             &quot;basic-lti-launch-request&quot;",
        ),
    ] {
        let spec = RequestSpec::new("POST", &tool).with_form_body(form);
        let signed = sign(&spec, &consumer(), &options(SignatureMethod::HmacSha1), now());
        let reply = send_signed(&signed).await;
        assert_eq!(reply.status, 400, "{}", reply.text());
        assert_eq!(element(&reply.text(), "advice"), why);
    }
}

#[tokio::test]
async fn oauthlib_verifies_the_launch_signature() {
    let peer = Peer::start().await;
    let dir = temp_dir("lti-oauthlib");
    let (url, body) = launch(&dir, &peer.url("/lti/launch"), peer::KEY, peer::SECRET).await;
    let reply = post(&url, &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.text(),
        "{\"consumer_key\": \"peer-one-legged-key\", \"oauth_token\": null, \"signature_method\": \"HMAC-SHA1\", \
         \"params\": [[\"lti_message_type\", \"basic-lti-launch-request\"], [\"lti_version\", \"LTI-1p0\"], \
         [\"resource_link_id\", \"link-42\"], [\"user_id\", \"u-7\"], [\"roles\", \"Learner\"], \
         [\"context_id\", \"course-1\"], [\"context_title\", \"Maths & <more>\"], [\"custom_chapter_number\", \"3\"]]}"
    );

    let (url, body) = launch(&dir, &peer.url("/lti/launch"), peer::KEY, peer::SECRET).await;
    let tampered = body.replace("resource_link_id=link-42", "resource_link_id=link-43");
    let refused = post(&url, &tampered).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.text(), "refused: client=ok signature=bad\n");
}
