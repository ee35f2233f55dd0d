//! The program snippets: Python, Node and Rust. Each signs afresh when it runs.

use oauth1::SignatureMethod;

use super::{SnippetBody, SnippetRequest, SnippetToken, js_str, rs_str};

/// Lowercase digest name (`sha1`, `sha256`, `sha512`) for Node's crypto.
fn digest(m: SignatureMethod) -> &'static str {
    match m {
        SignatureMethod::HmacSha256 | SignatureMethod::RsaSha256 => "sha256",
        SignatureMethod::HmacSha512 | SignatureMethod::RsaSha512 => "sha512",
        _ => "sha1",
    }
}

fn py_pairs(pairs: &[(String, String)], indent: &str) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{indent}({}, {}),\n", js_str(n), js_str(v)))
        .collect()
}

pub fn python(t: &SnippetToken, r: &SnippetRequest) -> String {
    let mut out = String::from(
        "# pip install requests requests-oauthlib  (Debian: apt install python3-requests-oauthlib)\n\
         # Signs afresh on each run (a new nonce and timestamp).\n\
         import requests\nfrom requests_oauthlib import OAuth1\n\n",
    );
    if t.method.is_rsa() {
        out.push_str(
            "# RSA-*: also pass rsa_key=open(\"private.pem\").read() (needs python3-cryptography).\n",
        );
    }
    out.push_str(&format!("auth = OAuth1(\n    {},\n", js_str(&t.consumer_key)));
    out.push_str(&format!("    client_secret={},\n", js_str(&t.consumer_secret)));
    out.push_str(&format!("    resource_owner_key={},\n", js_str(&t.token)));
    out.push_str(&format!(
        "    resource_owner_secret={},\n",
        js_str(&t.token_secret)
    ));
    out.push_str(&format!("    signature_method={},\n", js_str(t.method.as_str())));
    if let Some(realm) = &t.realm {
        out.push_str(&format!("    realm={},\n", js_str(realm)));
    }
    if r.body_hash {
        // oauthlib adds oauth_body_hash (SHA-1) when it is given the body.
        out.push_str("    force_include_body=True,  # oauthlib then adds oauth_body_hash (SHA-1)\n");
    }
    out.push_str(")\n");
    out.push_str(&format!(
        "response = requests.request(\n    {},\n    {},\n",
        js_str(&r.method),
        js_str(&r.url)
    ));
    let mut headers = r.headers.clone();
    match &r.body {
        SnippetBody::None => {}
        SnippetBody::Form(pairs) => {
            out.push_str(&format!("    data=[\n{}    ],\n", py_pairs(pairs, "        ")))
        }
        SnippetBody::Text { content_type, text } => {
            headers.insert(0, ("Content-Type".into(), content_type.clone()));
            out.push_str(&format!("    data={}.encode(\"utf-8\"),\n", js_str(text)));
        }
    }
    if !headers.is_empty() {
        let h: Vec<String> = headers
            .iter()
            .map(|(n, v)| format!("{}: {}", js_str(n), js_str(v)))
            .collect();
        out.push_str(&format!("    headers={{{}}},\n", h.join(", ")));
    }
    out.push_str("    auth=auth,\n)\nprint(response.text)\n");
    out
}

pub fn node(t: &SnippetToken, r: &SnippetRequest) -> String {
    let d = digest(t.method);
    let hash = match t.method {
        SignatureMethod::Plaintext => "(base, key) => key".to_owned(),
        m if m.is_rsa() => format!(
            "(base) => crypto.createSign(\"{}\").update(base).sign(privateKey, \"base64\")",
            d.to_ascii_uppercase().replace("SHA", "RSA-SHA")
        ),
        _ => format!("(base, key) => crypto.createHmac(\"{d}\", key).update(base).digest(\"base64\")"),
    };
    let mut out = String::from(
        "// npm install oauth-1.0a   (Node 18 or later, for fetch)\n\
         // Signs afresh on each run (a new nonce and timestamp).\n\
         const crypto = require(\"crypto\");\nconst OAuth = require(\"oauth-1.0a\");\n\n",
    );
    if t.method.is_rsa() {
        out.push_str("const privateKey = require(\"fs\").readFileSync(\"private.pem\", \"utf8\");\n");
    }
    out.push_str(&format!(
        "const oauth = OAuth({{\n  consumer: {{ key: {}, secret: {} }},\n  signature_method: {},\n  hash_function: {hash},\n",
        js_str(&t.consumer_key),
        js_str(&t.consumer_secret),
        js_str(t.method.as_str())
    ));
    if r.body_hash {
        out.push_str(&format!(
            "  body_hash_function: (body) => crypto.createHash(\"{d}\").update(body).digest(\"base64\"),\n"
        ));
    }
    if let Some(realm) = &t.realm {
        out.push_str(&format!("  realm: {},\n", js_str(realm)));
    }
    out.push_str("});\n");
    out.push_str(&format!(
        "const token = {{ key: {}, secret: {} }};\n",
        js_str(&t.token),
        js_str(&t.token_secret)
    ));
    out.push_str(&format!(
        "const request = {{\n  url: {},\n  method: {},\n",
        js_str(&r.url),
        js_str(&r.method)
    ));
    let mut headers = r.headers.clone();
    let body = match &r.body {
        SnippetBody::None => None,
        SnippetBody::Form(pairs) => {
            let items: Vec<String> = pairs
                .iter()
                .map(|(n, v)| format!("    [{}, {}],\n", js_str(n), js_str(v)))
                .collect();
            out.push_str(&format!(
                "  // Form parameters are signed.\n  form: [\n{}  ],\n",
                items.concat()
            ));
            out.push_str("};\nrequest.data = Object.fromEntries(request.form);\n");
            headers.insert(0, ("Content-Type".into(), oauth1::FORM_CONTENT_TYPE.into()));
            Some("new URLSearchParams(request.form).toString()")
        }
        SnippetBody::Text { content_type, text } => {
            out.push_str(&format!("  data: {},\n", js_str(text)));
            if r.body_hash {
                out.push_str("  includeBodyHash: true,\n");
            }
            out.push_str("};\n");
            headers.insert(0, ("Content-Type".into(), content_type.clone()));
            Some("request.data")
        }
    };
    if body.is_none() {
        out.push_str("};\n");
    }
    // oauth-1.0a signs request.data as form parameters, so a text body is signed without it.
    let signed = if matches!(r.body, SnippetBody::Text { .. }) && !r.body_hash {
        "{ url: request.url, method: request.method }"
    } else {
        "request"
    };
    out.push_str(&format!(
        "const headers = {{\n  ...oauth.toHeader(oauth.authorize({signed}, token)),\n"
    ));
    for (n, v) in &headers {
        out.push_str(&format!("  {}: {},\n", js_str(n), js_str(v)));
    }
    out.push_str("};\n");
    let body_arg = body.map(|b| format!(", body: {b}")).unwrap_or_default();
    out.push_str(&format!(
        "fetch(request.url, {{ method: request.method, headers{body_arg} }})\n  \
         .then((response) => response.text())\n  .then((text) => console.log(text));\n"
    ));
    out
}

pub fn rust(t: &SnippetToken, r: &SnippetRequest) -> String {
    let (base, query) = r.url.split_once('?').unwrap_or((r.url.as_str(), ""));
    let mut params: Vec<(String, String)> = oauth1::encode::parse_form(query).unwrap_or_default();
    if let SnippetBody::Form(pairs) = &r.body {
        params.extend(pairs.iter().cloned());
    }
    // Equal pairs are identical, so the unstable sort (already in the wasm for §3.4.1.3.2) is exact.
    params.sort_unstable();
    let mut out = String::from(
        "// Cargo.toml: reqwest = { version = \"0.12\", features = [\"blocking\"] }\n\
         //             oauth = { version = \"0.6\", package = \"oauth1-request\" }\n\
         // Signs afresh on each run (a new nonce and timestamp).\n",
    );
    if t.method != SignatureMethod::HmacSha1 {
        out.push_str(&format!(
            "// Note: this token is {}; pick the matching method in oauth1-request.\n",
            t.method
        ));
    }
    if t.realm.is_some() || r.body_hash {
        out.push_str(
            "// Note: add the realm / oauth_body_hash with oauth::Builder; the short form has neither.\n",
        );
    }
    out.push_str("fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&format!(
        "    let token = oauth::Token::from_parts(\n        {},\n        {},\n        {},\n        {},\n    );\n",
        rs_str(&t.consumer_key),
        rs_str(&t.consumer_secret),
        rs_str(&t.token),
        rs_str(&t.token_secret)
    ));
    let items: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("        ({}, {}),\n", rs_str(n), rs_str(v)))
        .collect();
    out.push_str(&format!(
        "    // Every signed parameter (query and form), sorted as ParameterList wants.\n    \
         let params = oauth::ParameterList::new([\n{}    ]);\n",
        items.concat()
    ));
    out.push_str(&format!(
        "    let authorization = oauth::{}({}, &params, &token, oauth::HMAC_SHA1);\n",
        r.method.to_ascii_lowercase(),
        rs_str(base)
    ));
    out.push_str(&format!(
        "    let response = reqwest::blocking::Client::new()\n        .request(reqwest::Method::{}, {})\n        \
         .header(\"Authorization\", authorization)\n",
        r.method,
        rs_str(&r.url)
    ));
    for (n, v) in &r.headers {
        out.push_str(&format!("        .header({}, {})\n", rs_str(n), rs_str(v)));
    }
    let body = match &r.body {
        SnippetBody::None => None,
        SnippetBody::Form(pairs) => Some((
            oauth1::FORM_CONTENT_TYPE.to_owned(),
            oauth1::encode::to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
        )),
        SnippetBody::Text { content_type, text } => Some((content_type.clone(), text.clone())),
    };
    if let Some((ct, text)) = body {
        out.push_str(&format!(
            "        .header(\"Content-Type\", {})\n        .body({})\n",
            rs_str(&ct),
            rs_str(&text)
        ));
    }
    out.push_str("        .send()?;\n    println!(\"{}\", response.text()?);\n    Ok(())\n}\n");
    out
}
