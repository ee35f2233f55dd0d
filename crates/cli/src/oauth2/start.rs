//! What every grant command that saves a new token starts from: the token file, resolved
//! before any request so that a bad path fails first; the HTTP client; and the metadata of
//! `--issuer` when one is given (RFC 8414 §3), else the endpoints come from flags.

use std::path::PathBuf;

use anyhow::Result;
use oauth2::discovery::Metadata;

use super::exchange;
use super::saved::SaveArgs;
use crate::http::HttpClient;

pub struct Start {
    pub path: PathBuf,
    pub http: HttpClient,
    pub metadata: Option<Metadata>,
}

impl Start {
    pub fn new(save: &SaveArgs, issuer: Option<&str>, explain: bool) -> Result<Self> {
        let path = save.path()?;
        let http = HttpClient::new()?;
        let metadata = issuer
            .map(|i| exchange::discover(&http, i, explain))
            .transpose()?;
        Ok(Self { path, http, metadata })
    }
}
