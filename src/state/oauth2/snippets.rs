//! Ready-to-run code for an OAuth 2.0 token set of the shared store: curl (the bearer,
//! RFC 6750 §2.1), Python (requests-oauthlib with auto-refresh; google-auth for Google's
//! token sets), Node (openid-client v6), Rust (the oauth2 crate), `oauth-playground
//! request` and an `.env` block. Pure text; the quoting helpers are the OAuth 1.0a
//! snippets' (`state::snippets`).

use oauth1::mask;
use oauth2::TokenType;
use token_store::{ClientAuth, Entry};

use crate::state::safe_url;
use crate::state::snippets::{env_lines, sh_lines, sh_quote};

#[path = "snippets_code.rs"]
mod code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Curl,
    Requests,
    GoogleAuth,
    OpenidClient,
    Rust,
    Cli,
    Env,
}

/// Each kind with its form value and label, in the picker's order.
const KINDS: [(Kind, &str, &str); 7] = [
    (Kind::Curl, "curl", "curl"),
    (
        Kind::Requests,
        "requests",
        "Python (requests-oauthlib, auto-refresh)",
    ),
    (Kind::GoogleAuth, "google-auth", "Python (google-auth)"),
    (Kind::OpenidClient, "openid-client", "Node (openid-client)"),
    (Kind::Rust, "rust", "Rust (oauth2 crate)"),
    (Kind::Cli, "cli", "oauth-playground request"),
    (Kind::Env, "env", ".env"),
];

impl Kind {
    fn row(self) -> (Kind, &'static str, &'static str) {
        KINDS.into_iter().find(|(k, _, _)| *k == self).unwrap_or(KINDS[0])
    }

    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    pub fn label(self) -> &'static str {
        self.row().2
    }

    pub fn parse(value: &str) -> Self {
        KINDS
            .into_iter()
            .find(|(_, v, _)| *v == value)
            .map_or_else(Kind::default, |(k, _, _)| k)
    }

    /// The kinds offered for `set`: google-auth only for Google's token endpoint, where
    /// its `Credentials` refresh.
    pub fn offered(set: &TokenSet) -> Vec<Kind> {
        KINDS
            .into_iter()
            .map(|(k, _, _)| k)
            .filter(|k| *k != Kind::GoogleAuth || set.is_google())
            .collect()
    }
}

/// What the snippets need of a store entry, its secrets as plain text (masked with
/// [`TokenSet::masked`] for the screen).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenSet {
    /// The entry's name, which `oauth-playground request --token` selects.
    pub name: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub auth: ClientAuth,
    pub access_token: String,
    pub token_type: String,
    /// Seconds since 1970, when the provider gave `expires_in` (RFC 6749 §5.1).
    pub expires_at: Option<u64>,
    pub refresh_token: Option<String>,
    pub scope: String,
    pub token_url: Option<String>,
    pub issuer: Option<String>,
}

impl TokenSet {
    /// The OAuth 2.0 credential of `entry`; `None` for an OAuth 1.0a one.
    pub fn of(entry: &Entry) -> Option<Self> {
        let t = entry.oauth2()?;
        let plain = |s: &Option<token_store::Secret>| s.as_ref().map(|s| s.expose().to_owned());
        Some(Self {
            name: entry.name.clone(),
            client_id: t.client_id.clone(),
            client_secret: plain(&t.client_secret).filter(|s| !s.is_empty()),
            auth: t.token_endpoint_auth_method.clone(),
            access_token: t.access_token.expose().to_owned(),
            token_type: t.token_type.clone(),
            expires_at: t.expires_at,
            refresh_token: plain(&t.refresh_token).filter(|s| !s.is_empty()),
            scope: t.scope.clone(),
            token_url: t.endpoints.token.clone().filter(|u| !u.trim().is_empty()),
            issuer: t.issuer.clone().filter(|u| !u.trim().is_empty()),
        })
    }

    /// The tokens and the client secret as bullets (the OAuth 1.0a export's mask).
    pub fn masked(&self) -> Self {
        Self {
            client_secret: self.client_secret.as_deref().map(mask),
            access_token: mask(&self.access_token),
            refresh_token: self.refresh_token.as_deref().map(mask),
            ..self.clone()
        }
    }

    pub fn is_dpop(&self) -> bool {
        TokenType::parse(&self.token_type) == TokenType::DPoP
    }

    /// The Authorization scheme: `Bearer` (RFC 6750 §2.1, any case), `DPoP` (RFC 9449
    /// §7.1), or the type as the provider spelled it.
    pub fn scheme(&self) -> String {
        TokenType::parse(&self.token_type).to_string()
    }

    /// Google's token endpoint (or issuer): google-auth's `Credentials` fit it.
    pub fn is_google(&self) -> bool {
        let host = |u: &Option<String>| {
            u.as_deref()
                .and_then(|u| safe_url::checked(u).ok())
                .and_then(|u| u.host_str().map(str::to_owned))
        };
        matches!(
            host(&self.token_url).as_deref(),
            Some("oauth2.googleapis.com" | "accounts.google.com" | "www.googleapis.com")
        ) || self.issuer.as_deref() == Some("https://accounts.google.com")
    }

    /// Whether the snippets can refresh: a refresh token and where to send it.
    fn refreshable(&self) -> Option<(&str, &str)> {
        Some((self.refresh_token.as_deref()?, self.token_url.as_deref()?))
    }

    /// Whether any URL the snippet uses is plain http (a local test server).
    fn insecure(&self, resource: &str) -> bool {
        [Some(resource), self.token_url.as_deref(), self.issuer.as_deref()]
            .into_iter()
            .flatten()
            .any(|u| u.starts_with("http:"))
    }

    /// The secret when the client authenticates with one (RFC 6749 §2.3.1).
    fn secret(&self) -> Option<&str> {
        self.client_secret.as_deref().filter(|_| {
            matches!(
                self.auth,
                ClientAuth::ClientSecretBasic | ClientAuth::ClientSecretPost
            )
        })
    }

    /// A note when the client authenticates in a way the snippets do not write.
    fn auth_note(&self, comment: &str) -> String {
        match &self.auth {
            ClientAuth::ClientSecretBasic | ClientAuth::ClientSecretPost | ClientAuth::None => String::new(),
            other => format!(
                "{comment} Note: this client authenticates with {} (RFC 7523 / RFC 8705): add that to the refresh yourself.\n",
                other.as_str()
            ),
        }
    }

    /// The note for a DPoP-bound token, which only the CLI snippet can send.
    fn dpop_note(&self, comment: &str) -> String {
        if self.is_dpop() {
            format!(
                "{comment} Note: this token is DPoP-bound (RFC 9449): each request needs a fresh proof signed with\n\
                 {comment} its key, which this snippet does not make. The oauth-playground request snippet does.\n"
            )
        } else {
            String::new()
        }
    }
}

/// The snippet's text for `set` calling `resource`; `Err` when a URL is not http(s).
pub fn generate(kind: Kind, set: &TokenSet, resource: &str) -> Result<String, String> {
    let resource = resource.trim();
    if resource.is_empty() {
        return Err("Give the URL of a resource to call with the token.".into());
    }
    for (what, url) in [
        ("The resource URL", Some(resource)),
        ("The token endpoint", set.token_url.as_deref()),
        ("The issuer", set.issuer.as_deref()),
    ] {
        if let Some(Err(e)) = url.map(safe_url::checked) {
            return Err(format!("{what}: {e}"));
        }
    }
    Ok(match kind {
        Kind::Curl => curl(set, resource),
        Kind::Requests => code::requests(set, resource),
        Kind::GoogleAuth => code::google_auth(set, resource),
        Kind::OpenidClient => code::openid_client(set, resource),
        Kind::Rust => code::rust(set, resource),
        Kind::Cli => cli(set, resource),
        Kind::Env => env(set, resource),
    })
}

pub fn curl(set: &TokenSet, resource: &str) -> String {
    let mut out = if set.is_dpop() {
        String::from(
            "# DPoP-bound (RFC 9449 §7.1): each request needs a fresh DPoP proof, a JWT signed with the\n\
             # key the token is bound to; curl cannot make one. Put it in $DPOP_PROOF, or use the\n\
             # oauth-playground request snippet, which signs it (--dpop-key).\n",
        )
    } else {
        String::from("# The access token as a bearer credential (RFC 6750 §2.1): send it over TLS only.\n")
    };
    let mut args = vec![
        format!("curl -sS {}", sh_quote(resource)),
        format!(
            "-H {}",
            sh_quote(&format!("Authorization: {} {}", set.scheme(), set.access_token))
        ),
    ];
    if set.is_dpop() {
        args.push("-H \"DPoP: $DPOP_PROOF\"".into());
    }
    out.push_str(&sh_lines(&args));
    out
}

pub fn cli(set: &TokenSet, resource: &str) -> String {
    let mut out = String::from(
        "# The token set comes from the token file: export it with \"Export tokens\" to\n\
         # ~/.config/oauth-playground/tokens.json (or pass --tokens FILE). An expired access token\n\
         # is refreshed first (RFC 6749 §6) and the rotated pair saved.\n",
    );
    let key = if set.is_dpop() {
        " --dpop-key dpop-key.pem"
    } else {
        ""
    };
    if set.is_dpop() {
        out.push_str("# DPoP-bound: dpop-key.pem is the key the token is bound to (RFC 9449).\n");
    }
    out.push_str(&format!(
        "oauth-playground request --token {}{key} GET {}\n",
        sh_quote(&set.name),
        sh_quote(resource)
    ));
    if set.refreshable().is_some() {
        out.push_str(&format!(
            "# Or refresh it now:\n# oauth-playground oauth2 refresh --token {}{key}\n",
            sh_quote(&set.name)
        ));
    }
    out
}

pub fn env(set: &TokenSet, resource: &str) -> String {
    let expires = set.expires_at.map(|e| e.to_string());
    let mut pairs = vec![
        ("OAUTH2_ACCESS_TOKEN", Some(set.access_token.as_str())),
        ("OAUTH2_TOKEN_TYPE", Some(set.token_type.as_str())),
        ("OAUTH2_EXPIRES_AT", expires.as_deref()),
        ("OAUTH2_REFRESH_TOKEN", set.refresh_token.as_deref()),
        ("OAUTH2_TOKEN_URL", set.token_url.as_deref()),
        ("OAUTH2_ISSUER", set.issuer.as_deref()),
        ("OAUTH2_CLIENT_ID", Some(set.client_id.as_str())),
        ("OAUTH2_CLIENT_SECRET", set.client_secret.as_deref()),
        ("OAUTH2_SCOPE", Some(set.scope.as_str()).filter(|s| !s.is_empty())),
    ];
    pairs.push(("OAUTH2_RESOURCE_URL", Some(resource)));
    let present: Vec<(&str, &str)> = pairs.into_iter().filter_map(|(n, v)| v.map(|v| (n, v))).collect();
    let mut out = String::from(
        "# Shell-quoted: `set -a; . ./.env; set +a` reads every value back exactly. Keep it private.\n",
    );
    out.push_str(&env_lines(&present));
    out
}

#[cfg(test)]
#[path = "snippets_tests.rs"]
mod tests;
