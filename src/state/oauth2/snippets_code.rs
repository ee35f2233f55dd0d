//! The program snippets: Python (requests-oauthlib, google-auth), Node (openid-client v6)
//! and Rust (the oauth2 crate). Each refreshes (RFC 6749 §6) when it can.

use token_store::ClientAuth;

use super::TokenSet;
use crate::state::snippets::{js_str, rs_str};

/// Where the Python and Node snippets keep the rotated pair between runs: a rotated
/// refresh token replaces the old one, which the server may then refuse (RFC 9700 §4.14.2).
const TOKEN_FILE: &str = "oauth2_token.json";

/// The token as a JSON object (valid Python and JavaScript): what the saved file holds too.
fn token_object(set: &TokenSet, indent: &str, step: &str) -> String {
    let mut items = vec![
        format!("{}: {}", js_str("access_token"), js_str(&set.access_token)),
        format!("{}: {}", js_str("token_type"), js_str(&set.scheme())),
    ];
    if let Some(r) = &set.refresh_token {
        items.push(format!("{}: {}", js_str("refresh_token"), js_str(r)));
    }
    if let Some(e) = set.expires_at {
        items.push(format!("{}: {e}", js_str("expires_at")));
    }
    let inner: String = items.iter().map(|i| format!("{indent}{step}{i},\n")).collect();
    format!("{{\n{inner}{indent}}}")
}

pub fn requests(set: &TokenSet, resource: &str) -> String {
    let mut out =
        String::from("# pip install requests-oauthlib  (Debian: apt install python3-requests-oauthlib)\n");
    let refresh = set.refreshable();
    if refresh.is_some() {
        out.push_str(&format!(
            "# Refreshes the access token when it has expired (RFC 6749 §6) and keeps the rotated\n\
             # pair in {TOKEN_FILE}: the next run starts from there.\n"
        ));
    }
    out.push_str(&set.dpop_note("#"));
    out.push_str(&set.auth_note("#"));
    let insecure = set.insecure(resource);
    out.push_str(if insecure {
        "import json\nimport os\n"
    } else {
        "import json\n"
    });
    out.push_str("\nfrom requests_oauthlib import OAuth2Session\n\n");
    if insecure {
        out.push_str(
            "# oauthlib refuses plain http:// (RFC 6749 §3.1): allowed here for a local test server.\n\
             os.environ[\"OAUTHLIB_INSECURE_TRANSPORT\"] = \"1\"\n",
        );
    }
    out.push_str(&format!("TOKEN_FILE = {}\n\n\n", js_str(TOKEN_FILE)));
    out.push_str(
        "def save_token(token):\n    with open(TOKEN_FILE, \"w\") as f:\n        json.dump(token, f)\n\n\n",
    );
    out.push_str(&format!(
        "try:\n    with open(TOKEN_FILE) as f:\n        token = json.load(f)\nexcept FileNotFoundError:\n    token = {}\n\n",
        token_object(set, "    ", "    ")
    ));
    out.push_str(&format!(
        "session = OAuth2Session(\n    {},\n    token=token,\n",
        js_str(&set.client_id)
    ));
    if let Some((_, token_url)) = refresh {
        let mut kwargs = vec![format!("\"client_id\": {}", js_str(&set.client_id))];
        if let Some(s) = set.secret() {
            kwargs.push(format!("\"client_secret\": {}", js_str(s)));
        }
        out.push_str(&format!(
            "    auto_refresh_url={},\n    auto_refresh_kwargs={{{}}},\n    token_updater=save_token,\n",
            js_str(token_url),
            kwargs.join(", ")
        ));
    }
    out.push_str(&format!(
        ")\nresponse = session.get({})\nprint(response.text)\n",
        js_str(resource)
    ));
    out
}

pub fn google_auth(set: &TokenSet, resource: &str) -> String {
    let mut out = String::from(
        "# pip install google-auth requests  (Debian: apt install python3-google-auth python3-requests)\n\
         # AuthorizedSession refreshes the access token when it has expired or is refused (RFC 6749 §6).\n",
    );
    out.push_str(&set.dpop_note("#"));
    if set.expires_at.is_some() {
        out.push_str("from datetime import datetime, timezone\n\n");
    }
    out.push_str(
        "from google.auth.transport.requests import AuthorizedSession\nfrom google.oauth2.credentials import Credentials\n\n",
    );
    let opt = |v: Option<&str>| v.map_or_else(|| "None".to_owned(), js_str);
    let scopes: Vec<String> = set.scope.split_whitespace().map(js_str).collect();
    out.push_str(&format!(
        "credentials = Credentials(\n    token={},\n    refresh_token={},\n    token_uri={},\n    client_id={},\n    client_secret={},\n    scopes=[{}],\n",
        js_str(&set.access_token),
        opt(set.refresh_token.as_deref()),
        opt(set.token_url.as_deref()),
        js_str(&set.client_id),
        opt(set.client_secret.as_deref()),
        scopes.join(", ")
    ));
    if let Some(e) = set.expires_at {
        out.push_str(&format!(
            "    # google-auth compares naive UTC times.\n    expiry=datetime.fromtimestamp({e}, timezone.utc).replace(tzinfo=None),\n"
        ));
    }
    out.push_str(&format!(
        ")\nsession = AuthorizedSession(credentials)\nresponse = session.get({})\nprint(response.text)\n",
        js_str(resource)
    ));
    out
}

/// openid-client's client authentication for the saved method (RFC 6749 §2.3.1).
fn js_auth(set: &TokenSet) -> String {
    match (set.secret(), &set.auth) {
        (Some(s), ClientAuth::ClientSecretPost) => format!("client.ClientSecretPost({})", js_str(s)),
        (Some(s), _) => format!("client.ClientSecretBasic({})", js_str(s)),
        (None, _) => "client.None()".into(),
    }
}

pub fn openid_client(set: &TokenSet, resource: &str) -> String {
    let mut out = String::from(
        "// npm install openid-client@6   (Node 20 or later; save as snippet.mjs, an ES module)\n",
    );
    let refresh = set.refreshable();
    if refresh.is_some() {
        out.push_str(&format!(
            "// Refreshes the access token when it has expired (RFC 6749 §6) and keeps the rotated\n\
             // pair in {TOKEN_FILE}: the next run starts from there.\n"
        ));
    }
    out.push_str(&set.dpop_note("//"));
    out.push_str(&set.auth_note("//"));
    out.push_str(
        "import { existsSync, readFileSync, writeFileSync } from \"node:fs\";\nimport * as client from \"openid-client\";\n\n",
    );
    out.push_str(&format!("const TOKEN_FILE = {};\n", js_str(TOKEN_FILE)));
    let insecure = set.insecure(resource);
    let auth = js_auth(set);
    match (&set.issuer, &set.token_url) {
        (Some(issuer), _) => {
            let options = if insecure {
                "  // http:// is refused unless allowed: only for a local test server.\n  { execute: [client.allowInsecureRequests] },\n"
            } else {
                ""
            };
            out.push_str(&format!(
                "// The endpoints from the issuer's metadata (RFC 8414, OpenID Connect Discovery).\n\
                 const config = await client.discovery(\n  new URL({}),\n  {},\n  undefined,\n  {auth},\n{options});\n",
                js_str(issuer),
                js_str(&set.client_id)
            ));
        }
        (None, token_url) => {
            let server = match token_url {
                Some(t) => format!(
                    "{{ issuer: new URL({}).origin, token_endpoint: {} }}",
                    js_str(t),
                    js_str(t)
                ),
                None => "{ issuer: \"https://issuer.invalid\" }".into(),
            };
            out.push_str(&format!(
                "// No issuer saved: the token endpoint's origin stands in for it.\n\
                 const config = new client.Configuration(\n  {server},\n  {},\n  undefined,\n  {auth},\n);\n",
                js_str(&set.client_id)
            ));
            if insecure {
                out.push_str("// http:// is refused unless allowed: only for a local test server.\nclient.allowInsecureRequests(config);\n");
            }
        }
    }
    out.push_str(&format!(
        "\nlet token = existsSync(TOKEN_FILE)\n  ? JSON.parse(readFileSync(TOKEN_FILE, \"utf8\"))\n  : {};\n",
        token_object(set, "  ", "  ")
    ));
    if refresh.is_some() {
        out.push_str(
            "if (token.refresh_token && token.expires_at !== undefined && token.expires_at <= Date.now() / 1000) {\n  \
             const fresh = await client.refreshTokenGrant(config, token.refresh_token);\n  \
             const lifetime = fresh.expiresIn();\n  \
             token = {\n    \
             access_token: fresh.access_token,\n    \
             token_type: fresh.token_type,\n    \
             // A server that does not rotate keeps the old one (RFC 6749 §6).\n    \
             refresh_token: fresh.refresh_token ?? token.refresh_token,\n    \
             expires_at: lifetime === undefined ? undefined : Math.floor(Date.now() / 1000) + lifetime,\n  \
             };\n  \
             writeFileSync(TOKEN_FILE, JSON.stringify(token));\n}\n",
        );
    }
    out.push_str(&format!(
        "const response = await client.fetchProtectedResource(\n  config,\n  token.access_token,\n  new URL({}),\n  \"GET\",\n);\nconsole.log(await response.text());\n",
        js_str(resource)
    ));
    out
}

pub fn rust(set: &TokenSet, resource: &str) -> String {
    let mut out =
        String::from("// Cargo.toml: oauth2 = { version = \"5\", features = [\"reqwest-blocking\"] }\n");
    out.push_str(&set.dpop_note("//"));
    out.push_str(&set.auth_note("//"));
    let Some((refresh_token, token_url)) = set.refreshable() else {
        out.push_str(&format!(
            "// No refresh token: the access token as it is.\n\
             fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
             let access_token = oauth2::AccessToken::new({}.to_owned());\n    \
             let response = oauth2::reqwest::blocking::Client::new()\n        \
             .get({})\n        \
             .header(\"Authorization\", format!({}, access_token.secret()))\n        \
             .send()?;\n    \
             println!(\"{{}}\", response.text()?);\n    Ok(())\n}}\n",
            rs_str(&set.access_token),
            rs_str(resource),
            rs_str(&format!("{} {{}}", set.scheme()))
        ));
        return out;
    };
    out.push_str(
        "// Refreshes first (RFC 6749 §6) and prints a rotated refresh token: keep it, the old one is spent.\n\
         use oauth2::basic::BasicClient;\nuse oauth2::{AuthType, ClientId, ClientSecret, RefreshToken, TokenResponse, TokenUrl};\n\n\
         fn main() -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    out.push_str(&format!(
        "    let client = BasicClient::new(ClientId::new({}.to_owned()))\n",
        rs_str(&set.client_id)
    ));
    if let Some(s) = set.secret() {
        out.push_str(&format!(
            "        .set_client_secret(ClientSecret::new({}.to_owned()))\n",
            rs_str(s)
        ));
    }
    let auth_type = if set.auth == ClientAuth::ClientSecretPost {
        "AuthType::RequestBody"
    } else {
        "AuthType::BasicAuth"
    };
    out.push_str(&format!(
        "        .set_auth_type({auth_type})\n        .set_token_uri(TokenUrl::new({}.to_owned())?);\n",
        rs_str(token_url)
    ));
    out.push_str(&format!(
        "    // No redirects: a redirected token request could leak the secret (the oauth2 crate's advice).\n    \
         let http = oauth2::reqwest::blocking::ClientBuilder::new()\n        \
         .redirect(oauth2::reqwest::redirect::Policy::none())\n        \
         .build()?;\n    \
         let token = client\n        \
         .exchange_refresh_token(&RefreshToken::new({}.to_owned()))\n        \
         .request(&http)?;\n    \
         if let Some(rotated) = token.refresh_token() {{\n        \
         eprintln!(\"The new refresh token: {{}}\", rotated.secret());\n    }}\n    \
         let response = http\n        \
         .get({})\n        \
         .bearer_auth(token.access_token().secret())\n        \
         .send()?;\n    \
         println!(\"{{}}\", response.text()?);\n    Ok(())\n}}\n",
        rs_str(refresh_token),
        rs_str(resource)
    ));
    out
}
