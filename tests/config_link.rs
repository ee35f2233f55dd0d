//! Fixed `#config=` links (tests/fixtures/config-link-*.txt), read by the app's link codec
//! and compared field by field: what "Save link" writes today must open the same way in
//! every later version (docs/config-link.md). Not a write-then-read round trip: the
//! documents are committed, so a change to the reader or the writer shows here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oauth_playground_app::state::config::{CallbackMode, Config, RelayMode};
use oauth_playground_app::state::link;
use oauth_playground_app::state::presets::PresetId;
use oauth1::{Placement, SignatureMethod};

/// The page the link is opened on (a relay template starting with `/` is on it).
const ORIGIN: &str = "https://someone.github.io";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.trim_end().to_owned()
}

fn open(name: &str) -> Config {
    match link::decode(&fixture(name), ORIGIN) {
        Ok(Some(c)) => c,
        other => panic!("{name}: {other:?}"),
    }
}

/// Every field set to something other than its default, secrets included ("Include
/// secrets in the link"), written by the format-1 writer.
#[test]
fn version_1_with_every_field_and_its_secrets() {
    let c = open("config-link-v1.txt");
    assert_eq!(c.provider, PresetId::Custom);
    assert_eq!(
        c.request_token_url,
        "https://api.example.com/oauth/request_token?scope=read%20write"
    );
    assert_eq!(c.request_token_method, "GET");
    assert_eq!(
        c.authorize_url,
        "https://api.example.com/oauth/authorize?oauth_token={token}&key={consumer_key}"
    );
    assert_eq!(c.access_token_url, "https://api.example.com/oauth/access_token");
    assert_eq!(c.access_token_method, "PUT");
    assert_eq!(c.consumer_key, "fixture-consumer-key");
    assert_eq!(c.consumer_secret, "fixture secret &=+ ü");
    assert_eq!(c.signature_method, SignatureMethod::RsaSha256);
    assert_eq!(
        c.rsa_private_key,
        "-----BEGIN PRIVATE KEY-----\nMIIfixture\n-----END PRIVATE KEY-----\n"
    );
    assert_eq!(c.callback, CallbackMode::Custom);
    assert_eq!(c.custom_callback, "https://client.example.com/callback?from=link");
    assert_eq!(c.request_token_params, "scope=read write\nx_auth_mode=client");
    assert_eq!(c.authorize_params, "display=touch");
    assert_eq!(c.access_token_params, "x_extra=1");
    assert_eq!(c.realm, "Photos");
    assert_eq!(c.placement, Placement::Body);
    assert!(!c.send_version);
    assert!(c.send_empty_token);
    assert_eq!(c.user_agent, "fixture-agent/1.0");
    assert_eq!(c.relay, RelayMode::Template);
    assert_eq!(c.relay_template, "/relay?url={url}");
    assert_eq!(c.resource_url, "https://api.example.com/1/me.json?fields=name,id");
    assert_eq!(c.resource_method, "POST");
    assert_eq!(c.resource_params, "status=hello world\nunicode=café ✓");

    // The writer of today produces this very document, byte for byte ...
    assert_eq!(link::encode(&c, true), fixture("config-link-v1.txt"));
    // ... and without "Include secrets" leaves exactly the two secrets out.
    let shared = link::decode(&link::encode(&c, false), ORIGIN).unwrap().unwrap();
    assert_eq!(shared.consumer_secret, "");
    assert_eq!(shared.rsa_private_key, "");
    assert_eq!(
        Config {
            consumer_secret: c.consumer_secret.clone(),
            rsa_private_key: c.rsa_private_key.clone(),
            ..shared
        },
        c
    );
}

/// A short hand-written (or older) link: missing fields take the documented defaults, an
/// unknown field is ignored.
#[test]
fn version_1_with_some_fields_and_an_unknown_one() {
    let c = open("config-link-v1-partial.txt");
    assert_eq!(c.provider, PresetId::Flickr);
    assert_eq!(c.consumer_key, "old-key");
    assert_eq!(c.signature_method, SignatureMethod::Plaintext);
    assert_eq!(c.callback, CallbackMode::Oob);
    assert_eq!(c.relay, RelayMode::SameOrigin);
    // The defaults (docs/config-link.md), spelled out rather than taken from Config::default().
    assert_eq!(c.request_token_url, "");
    assert_eq!(c.request_token_method, "POST");
    assert_eq!(c.authorize_url, "");
    assert_eq!(c.access_token_url, "");
    assert_eq!(c.access_token_method, "POST");
    assert_eq!(c.consumer_secret, "");
    assert_eq!(c.rsa_private_key, "");
    assert_eq!(c.custom_callback, "");
    assert_eq!(c.request_token_params, "");
    assert_eq!(c.authorize_params, "");
    assert_eq!(c.access_token_params, "");
    assert_eq!(c.realm, "");
    assert_eq!(c.placement, Placement::Header);
    assert!(c.send_version);
    assert!(!c.send_empty_token);
    assert_eq!(c.user_agent, "");
    assert_eq!(c.relay_template, "");
    assert_eq!(c.resource_url, "");
    assert_eq!(c.resource_method, "GET");
    assert_eq!(c.resource_params, "");
}

/// The same document with the `#` left off (pasted from elsewhere) reads the same; another
/// format version is refused with its message, never half-read.
#[test]
fn the_fragment_without_its_hash_and_an_unknown_version() {
    let with_hash = fixture("config-link-v1-partial.txt");
    let bare = with_hash.strip_prefix('#').unwrap();
    assert_eq!(
        link::decode(bare, ORIGIN).unwrap(),
        Some(open("config-link-v1-partial.txt"))
    );
    let later = with_hash.replacen("#config=1.", "#config=9.", 1);
    assert_eq!(
        link::decode(&later, ORIGIN).unwrap_err().to_string(),
        "the configuration link has format \"9\", which this version of the app does not know; ask for a new link"
    );
}
