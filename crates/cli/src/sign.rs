//! `oauth-playground sign`: one signed request, explained; and the system's entropy, which
//! every signature the CLI makes draws its nonce and timestamp from.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow};
use clap::Args;
use engine::sign::{Entropy, try_generate_nonce};
use oauth1::{
    Credentials, Placement, RequestSpec, RsaKey, Secret, SignOptions, SignatureMethod, Signed, sign_request,
};

#[derive(Args, Debug)]
pub struct SignArgs {
    /// HTTP method.
    #[arg(long, default_value = "GET")]
    pub method: String,
    /// Absolute URL, query included.
    #[arg(long)]
    pub url: String,
    #[arg(long)]
    pub consumer_key: String,
    /// Not needed for RSA-* methods.
    #[arg(long, default_value = "")]
    pub consumer_secret: String,
    #[arg(long)]
    pub token: Option<String>,
    #[arg(long, default_value = "")]
    pub token_secret: String,
    /// HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT.
    #[arg(long, default_value = "HMAC-SHA1")]
    pub signature_method: String,
    /// PEM file with the RSA private key (PKCS#1 or PKCS#8), for RSA-*.
    #[arg(long)]
    pub rsa_key: Option<std::path::PathBuf>,
    /// Fixed nonce (default: 32 random alphanumerics).
    #[arg(long)]
    pub nonce: Option<String>,
    /// Fixed timestamp in seconds (default: now).
    #[arg(long)]
    pub timestamp: Option<u64>,
    /// Leave out oauth_version=1.0.
    #[arg(long)]
    pub no_version: bool,
    /// oauth_callback: a URL or "oob".
    #[arg(long)]
    pub callback: Option<String>,
    /// oauth_verifier from the authorize step.
    #[arg(long)]
    pub verifier: Option<String>,
    /// realm, sent in the Authorization header.
    #[arg(long)]
    pub realm: Option<String>,
    /// Request body, sent as given.
    #[arg(long)]
    pub body: Option<String>,
    /// Content-Type of the body; form bodies (application/x-www-form-urlencoded) are signed.
    #[arg(long)]
    pub content_type: Option<String>,
    /// Add oauth_body_hash (non-form bodies only).
    #[arg(long)]
    pub body_hash: bool,
    /// Send and sign an empty oauth_token when there is no token.
    #[arg(long)]
    pub empty_token: bool,
    /// Where the OAuth parameters go: header, query or body.
    #[arg(long, default_value = "header")]
    pub placement: Placement,
    /// Print one JSON object instead of the explanation.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &SignArgs) -> Result<()> {
    let signed = sign(args)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&to_json(&signed))?);
    } else {
        print!("{}", signed.explanation);
    }
    Ok(())
}

pub fn sign(args: &SignArgs) -> Result<Signed> {
    let signature_method: SignatureMethod = args.signature_method.parse()?;
    let rsa_key = match &args.rsa_key {
        Some(path) => {
            let pem = std::fs::read_to_string(path)
                .with_context(|| format!("could not read the RSA key file {}", path.display()))?;
            Some(RsaKey::from_pem(&pem)?)
        }
        None => None,
    };
    let credentials = Credentials {
        consumer_key: args.consumer_key.clone(),
        consumer_secret: Secret::new(&args.consumer_secret),
        token: args.token.clone(),
        token_secret: Secret::new(&args.token_secret),
        rsa_key,
    };
    let options = SignOptions {
        signature_method,
        placement: args.placement,
        realm: args.realm.clone(),
        include_version: !args.no_version,
        callback: args.callback.clone(),
        verifier: args.verifier.clone(),
        body_hash: args.body_hash,
        send_empty_token: args.empty_token,
    };
    let spec = RequestSpec {
        method: args.method.clone(),
        url: args.url.clone(),
        content_type: args.content_type.clone(),
        body: args.body.clone().unwrap_or_default(),
        extra_params: Vec::new(),
    };
    let (nonce, timestamp) = nonce_and_timestamp(args.nonce.as_deref(), args.timestamp)?;
    Ok(sign_request(&spec, &credentials, &options, &nonce, timestamp)?)
}

/// `--nonce` and `--timestamp` when given, else a fresh nonce and the clock (§3.3).
pub fn nonce_and_timestamp(nonce: Option<&str>, timestamp: Option<u64>) -> Result<(String, u64)> {
    let nonce = match nonce {
        Some(n) => n.to_owned(),
        None => try_generate_nonce(|buf| SystemEntropy.fill(buf)).map_err(|e| anyhow!(e))?,
    };
    let timestamp = match timestamp {
        Some(t) => t,
        None => SystemEntropy.now_millis().map_err(|e| anyhow!(e))? / 1000,
    };
    Ok((nonce, timestamp))
}

/// The nonce's randomness and the timestamp's clock (RFC 5849 §3.3): the OS's CSPRNG and
/// the system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        getrandom::fill(buf).map_err(|e| format!("the system random generator failed: {e}"))
    }

    fn now_millis(&mut self) -> Result<u64, String> {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| "the system clock is before 1970".to_owned())?;
        Ok(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
    }
}

fn to_json(signed: &Signed) -> serde_json::Value {
    let e = &signed.explanation;
    serde_json::json!({
        "method": e.method,
        "base_string": e.base_string,
        "base_string_uri": e.base_string_uri,
        "normalized_parameters": e.normalized_parameters,
        "parameters": e.parameters,
        "signature_method": e.signature_method,
        "signing_key": e.signing_key,
        "signature": e.signature,
        "authorization": e.authorization,
        "url": e.url,
        "body": e.body,
        "content_type": e.content_type,
        "headers": signed.request.headers,
        "notes": e.notes,
    })
}
