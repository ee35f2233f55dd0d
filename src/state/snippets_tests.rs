//! Snippets, exact text.

use super::code::{node, python, rust};
use super::*;
use crate::state::console::{BodyType, ConsoleRequest};

fn token() -> SnippetToken {
    SnippetToken {
        name: "Sandbox".into(),
        consumer_key: "ck".into(),
        consumer_secret: "cs".into(),
        token: "tok".into(),
        token_secret: "ts".into(),
        method: SignatureMethod::HmacSha1,
        realm: None,
    }
}

fn form_post() -> SnippetRequest {
    let c = ConsoleRequest {
        method: "post".into(),
        url: "http://127.0.0.1:8080/sandbox/api/echo".into(),
        query: "v=1".into(),
        body_type: BodyType::Form,
        body: "status=hi there & +\nnote=ünï ✓".into(),
        headers: "Accept: application/json".into(),
        ..ConsoleRequest::default()
    };
    SnippetRequest::from_console(&c).unwrap()
}

fn json_put() -> SnippetRequest {
    let c = ConsoleRequest {
        method: "PUT".into(),
        url: "https://h/x".into(),
        body_type: BodyType::Json,
        body: "{\"a\": \"it's\"}".into(),
        body_hash: true,
        ..ConsoleRequest::default()
    };
    SnippetRequest::from_console(&c).unwrap()
}

#[test]
fn kinds_and_labels() {
    let labels: Vec<_> = SnippetKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(
        labels,
        [
            "curl",
            "Python (requests-oauthlib)",
            "Node (oauth-1.0a)",
            "Rust (reqwest)",
            "oauth-playground request",
            ".env"
        ]
    );
    assert_eq!(SnippetKind::parse("node"), SnippetKind::Node);
    assert_eq!(SnippetKind::parse("?"), SnippetKind::Curl);
}

#[test]
fn quoting() {
    assert_eq!(sh_quote("abc-1.2/x:y=z"), "abc-1.2/x:y=z");
    assert_eq!(sh_quote("it's a b"), "'it'\\''s a b'");
    assert_eq!(sh_quote(""), "''");
    assert_eq!(js_str("a\"b\\c\nü"), "\"a\\\"b\\\\c\\nü\"");
}

#[test]
fn env_block_and_masking() {
    let t = SnippetToken {
        consumer_secret: "c s".into(),
        ..token()
    };
    assert_eq!(
        generate(SnippetKind::Env, &t, &form_post(), None),
        "OAUTH_CONSUMER_KEY=ck\nOAUTH_CONSUMER_SECRET='c s'\nOAUTH_TOKEN=tok\nOAUTH_TOKEN_SECRET=ts\n"
    );
    assert_eq!(
        env(&t.masked()),
        "OAUTH_CONSUMER_KEY=ck\nOAUTH_CONSUMER_SECRET='•••'\nOAUTH_TOKEN=tok\nOAUTH_TOKEN_SECRET='••'\n"
    );
}

#[test]
fn curl_carries_one_signed_header() {
    let signed = PreparedRequest {
        method: "POST".into(),
        url: "http://h/e?v=1".into(),
        headers: vec![
            (
                "Authorization".into(),
                "OAuth oauth_consumer_key=\"ck\", oauth_signature=\"x%3D\"".into(),
            ),
            ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
        ],
        body: "status=it%27s".into(),
    };
    assert_eq!(
        generate(SnippetKind::Curl, &token(), &form_post(), Some(&signed)),
        "# Signed once: the nonce and timestamp make this Authorization header single-use\n\
         # (RFC 5849 §3.3). Copy a fresh one for each request, or use another snippet.\n\
         curl -sS -X POST 'http://h/e?v=1' \\\n  \
         -H 'Authorization: OAuth oauth_consumer_key=\"ck\", oauth_signature=\"x%3D\"' \\\n  \
         -H 'Content-Type: application/x-www-form-urlencoded' \\\n  \
         --data-raw status=it%27s\n"
    );
}

#[test]
fn cli_command() {
    assert_eq!(
        generate(SnippetKind::Cli, &token(), &form_post(), None),
        "# Signs afresh on each run. The token comes from the token file: export it with\n\
         # \"Export tokens\" to ~/.config/oauth-playground/tokens.json (or pass --tokens FILE).\n\
         oauth-playground request --token Sandbox POST 'http://127.0.0.1:8080/sandbox/api/echo?v=1' \\\n  \
         -H 'Accept: application/json' \\\n  \
         -d 'status=hi there & +' \\\n  \
         -d 'note=ünï ✓'\n"
    );
    let t = SnippetToken {
        realm: Some("R".into()),
        name: "My token".into(),
        ..token()
    };
    assert!(cli(&t, &json_put()).ends_with(
        "--data-raw '{\"a\": \"it'\\''s\"}' --content-type application/json \\\n  --body-hash \\\n  --realm R\n"
    ));
}

#[test]
fn python_requests_oauthlib() {
    assert_eq!(
        generate(SnippetKind::Python, &token(), &form_post(), None),
        r#"# pip install requests requests-oauthlib  (Debian: apt install python3-requests-oauthlib)
# Signs afresh on each run (a new nonce and timestamp).
import requests
from requests_oauthlib import OAuth1

auth = OAuth1(
    "ck",
    client_secret="cs",
    resource_owner_key="tok",
    resource_owner_secret="ts",
    signature_method="HMAC-SHA1",
)
response = requests.request(
    "POST",
    "http://127.0.0.1:8080/sandbox/api/echo?v=1",
    data=[
        ("status", "hi there & +"),
        ("note", "ünï ✓"),
    ],
    headers={"Accept": "application/json"},
    auth=auth,
)
print(response.text)
"#
    );
    let json = python(&token(), &json_put());
    assert!(
        json.contains("    force_include_body=True,  # oauthlib then adds oauth_body_hash (SHA-1)\n"),
        "{json}"
    );
    assert!(json.contains("    data=\"{\\\"a\\\": \\\"it's\\\"}\".encode(\"utf-8\"),\n    headers={\"Content-Type\": \"application/json\"},\n"), "{json}");
}

#[test]
fn node_oauth_1_0a() {
    assert_eq!(
        generate(SnippetKind::Node, &token(), &form_post(), None),
        r#"// npm install oauth-1.0a   (Node 18 or later, for fetch)
// Signs afresh on each run (a new nonce and timestamp).
const crypto = require("crypto");
const OAuth = require("oauth-1.0a");

const oauth = OAuth({
  consumer: { key: "ck", secret: "cs" },
  signature_method: "HMAC-SHA1",
  hash_function: (base, key) => crypto.createHmac("sha1", key).update(base).digest("base64"),
});
const token = { key: "tok", secret: "ts" };
const request = {
  url: "http://127.0.0.1:8080/sandbox/api/echo?v=1",
  method: "POST",
  // Form parameters are signed.
  form: [
    ["status", "hi there & +"],
    ["note", "ünï ✓"],
  ],
};
request.data = Object.fromEntries(request.form);
const headers = {
  ...oauth.toHeader(oauth.authorize(request, token)),
  "Content-Type": "application/x-www-form-urlencoded",
  "Accept": "application/json",
};
fetch(request.url, { method: request.method, headers, body: new URLSearchParams(request.form).toString() })
  .then((response) => response.text())
  .then((text) => console.log(text));
"#
    );
    let json = node(
        &SnippetToken {
            method: SignatureMethod::HmacSha256,
            ..token()
        },
        &json_put(),
    );
    assert!(
        json.contains(
            "  body_hash_function: (body) => crypto.createHash(\"sha256\").update(body).digest(\"base64\"),\n"
        ),
        "{json}"
    );
    assert!(json.contains("  includeBodyHash: true,\n"), "{json}");
}

#[test]
fn rust_reqwest() {
    let r = rust(&token(), &form_post());
    assert!(r.contains("    let params = oauth::ParameterList::new([\n        (\"note\", \"ünï ✓\"),\n        (\"status\", \"hi there & +\"),\n        (\"v\", \"1\"),\n    ]);\n"), "{r}");
    assert!(r.contains("    let authorization = oauth::post(\"http://127.0.0.1:8080/sandbox/api/echo\", &params, &token, oauth::HMAC_SHA1);\n"), "{r}");
    assert!(
        r.contains("        .body(\"status=hi%20there%20%26%20%2B&note=%C3%BCn%C3%AF%20%E2%9C%93\")\n"),
        "{r}"
    );
}
