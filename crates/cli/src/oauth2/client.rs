//! Who the client is: the credential flags every OAuth 2.0 command shares, and the client
//! authentication (RFC 6749 §2.3, RFC 7523 §2.2) they build for one request. A JWT
//! assertion is single-use (its `jti`), so each request gets a fresh one.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use oauth2::discovery::Metadata;
use oauth2::jwt::native::NativeSigner;
use oauth2::jwt::{Alg, ClientAssertion, HmacSigner, JwsSigner};
use oauth2::{AuthMethod, ClientAuth, Secret};

use crate::sign::SystemEntropy;

pub const ENV_CLIENT_SECRET: &str = "OAUTH_CLIENT_SECRET";

#[derive(Args, Debug, Clone)]
pub struct ClientArgs {
    /// The client id the authorization server registered.
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// The client secret (confidential clients).
    #[arg(long, env = ENV_CLIENT_SECRET, hide_env_values = true, value_name = "S")]
    pub client_secret: Option<String>,
    /// client_secret_basic, client_secret_post, none, private_key_jwt or client_secret_jwt
    /// (default: none without a secret or key, private_key_jwt with --key, else the
    /// server's first supported secret method, else client_secret_basic).
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub auth: Option<AuthMethod>,
    /// PEM private key for private_key_jwt (RSA, P-256, P-384 or Ed25519).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Bind the tokens to this PEM private key with DPoP (RFC 9449); keep the file: later
    /// refreshes and requests need it (`--dpop-key`).
    #[arg(long, value_name = "FILE")]
    pub dpop_key: Option<PathBuf>,
}

fn parse_method(s: &str) -> Result<AuthMethod, String> {
    AuthMethod::parse(s).map_err(|e| e.to_string())
}

/// `--json` and `--explain`, which every command takes.
#[derive(Args, Debug, Clone, Copy)]
pub struct OutputArgs {
    /// Print the result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print the workings of every request and response to stderr.
    #[arg(long)]
    pub explain: bool,
}

/// The client as the token store keeps it, so later commands can authenticate again.
#[derive(Debug, Clone)]
pub struct Client {
    pub client_id: String,
    pub method: AuthMethod,
    pub secret: Option<Secret>,
    /// PEM text.
    pub private_key: Option<Secret>,
}

impl ClientArgs {
    /// [`ClientArgs::client`] with the default method of `metadata`, when there is one.
    pub fn client_for(&self, metadata: Option<&Metadata>) -> Result<Client> {
        self.client(metadata.map(Metadata::preferred_auth_method))
    }

    /// The client these flags describe; `server_default` is the discovery document's
    /// preferred method, used when a secret is given and `--auth` is not.
    pub fn client(&self, server_default: Option<AuthMethod>) -> Result<Client> {
        let secret = self
            .client_secret
            .clone()
            .filter(|s| !s.is_empty())
            .map(Secret::new);
        let private_key = self
            .key
            .as_ref()
            .map(|p| {
                std::fs::read_to_string(p)
                    .map(Secret::new)
                    .with_context(|| format!("could not read the key file {}", p.display()))
            })
            .transpose()?;
        let method = match (self.auth, &secret, &private_key) {
            (Some(m), _, _) => m,
            (None, _, Some(_)) => AuthMethod::PrivateKeyJwt,
            (None, None, None) => AuthMethod::None,
            (None, Some(_), None) => server_default
                .filter(|m| needs_secret(*m))
                .unwrap_or(AuthMethod::ClientSecretBasic),
        };
        let client = Client {
            client_id: self.client_id.clone(),
            method,
            // A public client sends no secret, so none is saved for it either.
            secret: secret.filter(|_| method != AuthMethod::None),
            private_key,
        };
        client.check()?;
        Ok(client)
    }
}

fn needs_secret(m: AuthMethod) -> bool {
    matches!(
        m,
        AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost | AuthMethod::ClientSecretJwt
    )
}

impl Client {
    /// A client saved in the token file.
    pub fn from_saved(t: &token_store::OAuth2Token) -> Result<Self> {
        let method = engine::oauth2_ops::saved_method(t).map_err(|e| anyhow!("{e}"))?;
        Ok(Self {
            client_id: t.client_id.clone(),
            method,
            secret: t.client_secret.clone(),
            private_key: t.private_key.clone(),
        })
    }

    /// `--client-secret` or `--key` given now, for a client saved without them.
    pub fn with_supplied(mut self, secret: Option<&str>, key: Option<&std::path::Path>) -> Result<Self> {
        if let Some(s) = secret.filter(|s| !s.is_empty()) {
            self.secret = Some(Secret::new(s));
        }
        if let Some(p) = key {
            let pem = std::fs::read_to_string(p)
                .with_context(|| format!("could not read the key file {}", p.display()))?;
            self.private_key = Some(Secret::new(pem));
        }
        self.check()?;
        Ok(self)
    }

    fn check(&self) -> Result<()> {
        if needs_secret(self.method) && self.secret.is_none() {
            bail!(
                "{} needs the client secret: give it with --client-secret S or {ENV_CLIENT_SECRET}",
                self.method
            );
        }
        if self.method == AuthMethod::PrivateKeyJwt && self.private_key.is_none() {
            bail!("private_key_jwt needs the client's private key: give it with --key FILE");
        }
        Ok(())
    }

    /// The authentication for one request to `audience` (the token endpoint, RFC 7523 §3).
    pub fn auth(&self, audience: &str) -> Result<ClientAuth> {
        let secret = || self.secret.clone().unwrap_or_default();
        match self.method {
            AuthMethod::ClientSecretJwt => {
                let signer = HmacSigner::new(Alg::HS256, secret())?;
                assertion(&self.client_id, audience, &signer)
            }
            AuthMethod::PrivateKeyJwt => {
                let pem = self.private_key.clone().unwrap_or_default();
                let signer = NativeSigner::from_pem(pem.expose(), None, None)
                    .context("the --key file cannot sign")?
                    .with_salt_source(fill);
                assertion(&self.client_id, audience, &signer)
            }
            m => engine::oauth2_ops::secret_auth(m, &self.client_id, self.secret.as_ref())
                .ok_or_else(|| anyhow!("{m} is signed, not sent")),
        }
    }

    /// What the token store keeps of this client.
    pub fn saved_method(&self) -> token_store::ClientAuth {
        token_store::ClientAuth::from_name(self.method.as_str())
    }

    /// This client as the token store keeps it.
    pub fn saved(&self) -> engine::oauth2_token::SavedClient {
        engine::oauth2_token::SavedClient {
            client_id: self.client_id.clone(),
            secret: self.secret.clone(),
            method: self.saved_method(),
            private_key: self.private_key.clone(),
        }
    }
}

fn assertion(client_id: &str, audience: &str, signer: &dyn JwsSigner) -> Result<ClientAuth> {
    Ok(ClientAssertion::new(client_id, audience, now_secs()?, fill).authenticate(signer)?)
}

/// The OS's CSPRNG, in the `fill` shape the protocol crate takes. There is no fallback
/// when it fails: PKCE verifiers, states, nonces and `jti`s must be unpredictable.
pub fn fill(buf: &mut [u8]) {
    #[allow(clippy::expect_used)]
    getrandom::fill(buf).expect("the system random generator failed");
}

pub fn now_secs() -> Result<u64> {
    let ms = engine::Entropy::now_millis(&mut SystemEntropy).map_err(|e| anyhow!(e))?;
    Ok(ms / 1000)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn args(secret: Option<&str>, auth: Option<AuthMethod>) -> ClientArgs {
        ClientArgs {
            client_id: "c".into(),
            client_secret: secret.map(Into::into),
            auth,
            key: None,
            dpop_key: None,
        }
    }

    #[test]
    fn the_default_method_follows_what_is_given() {
        let m = |a: ClientArgs, server| a.client(server).unwrap().method;
        assert_eq!(m(args(None, None), None), AuthMethod::None);
        // An empty secret is no secret (a public client never sends one).
        assert_eq!(m(args(Some(""), None), None), AuthMethod::None);
        assert_eq!(m(args(Some("s"), None), None), AuthMethod::ClientSecretBasic);
        assert_eq!(
            m(args(Some("s"), None), Some(AuthMethod::ClientSecretPost)),
            AuthMethod::ClientSecretPost
        );
        // The server's first method needs a key this client does not have: a secret method.
        assert_eq!(
            m(args(Some("s"), None), Some(AuthMethod::PrivateKeyJwt)),
            AuthMethod::ClientSecretBasic
        );
        assert_eq!(m(args(Some("s"), Some(AuthMethod::None)), None), AuthMethod::None);
    }

    #[test]
    fn a_method_without_its_credential_is_refused_before_sending() {
        let e = args(None, Some(AuthMethod::ClientSecretPost))
            .client(None)
            .unwrap_err();
        assert!(
            e.to_string().contains("--client-secret S or OAUTH_CLIENT_SECRET"),
            "{e}"
        );
        let e = args(Some("s"), Some(AuthMethod::PrivateKeyJwt))
            .client(None)
            .unwrap_err();
        assert!(e.to_string().contains("--key FILE"), "{e}");
    }

    #[test]
    fn the_secret_jwt_is_a_fresh_assertion_for_the_audience() {
        let c = args(
            Some("a-long-enough-client-secret-for-hs256"),
            Some(AuthMethod::ClientSecretJwt),
        )
        .client(None)
        .unwrap();
        let (ClientAuth::Jwt { assertion: a, .. }, ClientAuth::Jwt { assertion: b, .. }) = (
            c.auth("https://as.example/token").unwrap(),
            c.auth("https://as.example/token").unwrap(),
        ) else {
            panic!("not a JWT method");
        };
        assert_ne!(a, b, "each request gets its own jti");
        let jws = oauth2::jwt::Jws::decode(a.expose()).unwrap();
        let claims = jws.claims().unwrap();
        assert_eq!(claims["aud"], "https://as.example/token");
        assert_eq!(
            (claims["iss"].as_str(), claims["sub"].as_str()),
            (Some("c"), Some("c"))
        );
    }
}
