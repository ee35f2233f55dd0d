//! Ready-to-run code for the selected token and the console's request: curl (one header,
//! signed once), Python (requests-oauthlib), Node (oauth-1.0a), Rust (reqwest +
//! oauth1-request), `oauth-playground request`, and an `.env` block. Pure text.

use engine::oauth1_flow::Body;
use oauth1::{PreparedRequest, SignatureMethod, mask};

use super::config::Config;
use super::console::{ConsoleRequest, resolve_token};
use super::tokens::SavedToken;

/// The body as the snippets send it: the engine's, its content type settled (a
/// `Content-Type` header wins).
pub use engine::oauth1_flow::Body as SnippetBody;

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
    /// The token as it signs: resolved by the console's (and the CLI's) rule, so a token
    /// the console refuses gets no snippet either.
    pub fn new(saved: &SavedToken, config: &Config) -> Result<Self, String> {
        let resolved = resolve_token(saved, config)?;
        Ok(Self {
            name: saved.name.clone(),
            consumer_key: resolved.credentials.consumer_key,
            consumer_secret: resolved.credentials.consumer_secret.expose().to_owned(),
            token: saved.token.clone(),
            token_secret: saved.token_secret.clone(),
            method: resolved.signature_method,
            realm: resolved.realm.filter(|r| !r.is_empty()),
        })
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
        let spec = req.call_spec()?;
        let (_, content_type) = spec.body_and_type();
        let headers = spec.other_headers();
        let body = match spec.body {
            Body::Text {
                text,
                content_type: own,
            } => Body::Text {
                text,
                content_type: content_type.unwrap_or(own),
            },
            other => other,
        };
        let body_hash = req.body_hash && matches!(body, Body::Text { .. });
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
    crate::state::json::quote(s)
}

/// A Rust string literal: `{:?}` escapes quotes, backslashes and control characters. Its
/// escaping code is in the wasm anyway (state/link.rs shows an unknown version with `{:?}`).
pub fn rs_str(s: &str) -> String {
    format!("{s:?}")
}

/// Lines joined as one shell command, each continued with ` \`.
pub fn sh_lines(args: &[String]) -> String {
    let mut out = args.join(" \\\n  ");
    out.push('\n');
    out
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
    out.push_str(&sh_lines(&args));
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
    out.push_str(&sh_lines(&args));
    out
}

/// `.env` lines; values quoted when a shell or dotenv parser would split them.
pub fn env(t: &SnippetToken) -> String {
    env_lines(&[
        ("OAUTH_CONSUMER_KEY", &t.consumer_key),
        ("OAUTH_CONSUMER_SECRET", &t.consumer_secret),
        ("OAUTH_TOKEN", &t.token),
        ("OAUTH_TOKEN_SECRET", &t.token_secret),
    ])
}

/// `NAME=value` lines, each value [`sh_quote`]d: `set -a; . ./.env` and dotenv parsers
/// read them back exactly.
pub fn env_lines(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{n}={}\n", sh_quote(v)))
        .collect()
}

#[cfg(test)]
#[path = "snippets_tests.rs"]
mod tests;
