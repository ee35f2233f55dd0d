//! Ready-to-run code for the selected token and the console's request: curl (one header,
//! signed once), Python (requests-oauthlib), Node (oauth-1.0a), Rust (reqwest +
//! oauth1-request), `oauth-playground request`, and an `.env` block. Pure text.

use oauth1::{PreparedRequest, SignatureMethod, mask};

use super::console::{BodyType, ConsoleRequest, header_lines, param_lines};
use super::tokens::SavedToken;

#[path = "snippets_code.rs"]
mod code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnippetKind {
    #[default]
    Curl,
    Python,
    Node,
    Rust,
    Cli,
    Env,
}

impl SnippetKind {
    pub const ALL: [SnippetKind; 6] = [
        Self::Curl,
        Self::Python,
        Self::Node,
        Self::Rust,
        Self::Cli,
        Self::Env,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::Python => "python",
            Self::Node => "node",
            Self::Rust => "rust",
            Self::Cli => "cli",
            Self::Env => "env",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::Python => "Python (requests-oauthlib)",
            Self::Node => "Node (oauth-1.0a)",
            Self::Rust => "Rust (reqwest)",
            Self::Cli => "oauth-playground request",
            Self::Env => ".env",
        }
    }

    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .unwrap_or_default()
    }
}

/// The four credentials and how to sign with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetToken {
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub token: String,
    pub token_secret: String,
    pub method: SignatureMethod,
    pub realm: Option<String>,
}

impl SnippetToken {
    pub fn new(saved: &SavedToken, consumer_secret: &str) -> Self {
        Self {
            name: saved.name.clone(),
            consumer_key: saved.consumer_key.clone(),
            consumer_secret: consumer_secret.to_owned(),
            token: saved.token.clone(),
            token_secret: saved.token_secret.clone(),
            method: super::console::method_of(saved),
            realm: saved.realm.clone().filter(|r| !r.is_empty()),
        }
    }

    /// For the screen: the secrets as bullets until "Reveal".
    pub fn masked(&self) -> Self {
        Self {
            consumer_secret: mask(&self.consumer_secret),
            token_secret: mask(&self.token_secret),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnippetBody {
    None,
    /// Form parameters, signed (§3.4.1.3.1).
    Form(Vec<(String, String)>),
    /// Any other body, sent as is; signed only through `oauth_body_hash`.
    Text {
        content_type: String,
        text: String,
    },
}

/// The console's request, as the snippets need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRequest {
    pub method: String,
    /// Absolute, the query lines included.
    pub url: String,
    /// Headers other than `Content-Type`.
    pub headers: Vec<(String, String)>,
    pub body: SnippetBody,
    pub body_hash: bool,
}

impl SnippetRequest {
    pub fn from_console(req: &ConsoleRequest) -> Result<Self, String> {
        let mut headers = header_lines(&req.headers)?;
        let given = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone());
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
        let body = match (req.body_type, req.body_type.content_type()) {
            (BodyType::None, _) | (_, None) => SnippetBody::None,
            (BodyType::Form, _) => SnippetBody::Form(param_lines(&req.body)),
            (_, Some(ct)) => SnippetBody::Text {
                content_type: given.unwrap_or_else(|| ct.into()),
                text: req.body.clone(),
            },
        };
        let body_hash = req.body_hash && matches!(body, SnippetBody::Text { .. });
        Ok(Self {
            method: req.method.trim().to_ascii_uppercase(),
            url: req.full_url()?,
            headers,
            body,
            body_hash,
        })
    }
}

/// The snippet's text. `signed` is the request signed once, for curl only.
pub fn generate(
    kind: SnippetKind,
    t: &SnippetToken,
    r: &SnippetRequest,
    signed: Option<&PreparedRequest>,
) -> String {
    match kind {
        SnippetKind::Curl => match signed {
            Some(s) => curl(s),
            None => "# Select a token and fill in the URL to sign a request.\n".into(),
        },
        SnippetKind::Python => code::python(t, r),
        SnippetKind::Node => code::node(t, r),
        SnippetKind::Rust => code::rust(t, r),
        SnippetKind::Cli => cli(t, r),
        SnippetKind::Env => env(t),
    }
}

/// POSIX shell single quoting; plain words stay bare.
pub fn sh_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A string literal for Python and JavaScript: JSON's escapes are valid in both.
pub fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub fn curl(s: &PreparedRequest) -> String {
    let mut out = String::from(
        "# Signed once: the nonce and timestamp make this Authorization header single-use\n\
         # (RFC 5849 §3.3). Copy a fresh one for each request, or use another snippet.\n",
    );
    let mut args = vec!["curl -sS".to_owned()];
    match s.method.as_str() {
        "GET" => {}
        "HEAD" => args[0].push_str(" --head"),
        m => args[0].push_str(&format!(" -X {m}")),
    }
    args[0].push_str(&format!(" {}", sh_quote(&s.url)));
    for (n, v) in &s.headers {
        args.push(format!("-H {}", sh_quote(&format!("{n}: {v}"))));
    }
    if !s.body.is_empty() {
        args.push(format!("--data-raw {}", sh_quote(&s.body)));
    }
    out.push_str(&args.join(" \\\n  "));
    out.push('\n');
    out
}

pub fn cli(t: &SnippetToken, r: &SnippetRequest) -> String {
    let mut out = String::from(
        "# Signs afresh on each run. The token comes from the token file: export it with\n\
         # \"Export tokens\" to ~/.config/oauth-playground/tokens.json (or pass --tokens FILE).\n",
    );
    let mut args = vec![format!(
        "oauth-playground request --token {} {} {}",
        sh_quote(&t.name),
        r.method,
        sh_quote(&r.url)
    )];
    for (n, v) in &r.headers {
        args.push(format!("-H {}", sh_quote(&format!("{n}: {v}"))));
    }
    match &r.body {
        SnippetBody::None => {}
        SnippetBody::Form(pairs) => {
            args.extend(
                pairs
                    .iter()
                    .map(|(n, v)| format!("-d {}", sh_quote(&format!("{n}={v}")))),
            );
        }
        SnippetBody::Text { content_type, text } => {
            args.push(format!(
                "--data-raw {} --content-type {}",
                sh_quote(text),
                sh_quote(content_type)
            ));
            if r.body_hash {
                args.push("--body-hash".into());
            }
        }
    }
    if let Some(realm) = &t.realm {
        args.push(format!("--realm {}", sh_quote(realm)));
    }
    out.push_str(&args.join(" \\\n  "));
    out.push('\n');
    out
}

/// `.env` lines; values quoted when a shell or dotenv parser would split them.
pub fn env(t: &SnippetToken) -> String {
    [
        ("OAUTH_CONSUMER_KEY", &t.consumer_key),
        ("OAUTH_CONSUMER_SECRET", &t.consumer_secret),
        ("OAUTH_TOKEN", &t.token),
        ("OAUTH_TOKEN_SECRET", &t.token_secret),
    ]
    .iter()
    .map(|(n, v)| format!("{n}={}\n", sh_quote(v)))
    .collect()
}

#[cfg(test)]
#[path = "snippets_tests.rs"]
mod tests;
