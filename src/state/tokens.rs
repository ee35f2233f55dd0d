//! The token store as the page holds it: the shared token document (crate `token-store`,
//! docs/token-store.md, which alone defines the format) plus what happened to storage.
//! Pure; `effects::storage` reads and writes the text.

use std::rc::Rc;

use engine::added_token::AddedTokenError;
use engine::oauth1_flow::LegError;
use token_store::{Credential, Document, Entry, ImportPlan, OAuth1Endpoints, OAuth1Token, Secret};
use yew::Reducible;

use super::config::{Config, parse_params};
use super::presets;
use super::steps::TokenPair;

/// The storage key; the schema name and version live inside the value.
pub const STORAGE_KEY: &str = "oauth-playground.tokens";

/// An OAuth 1.0a entry as the console and the snippets sign with it: the secrets read out
/// of their [`Secret`]s once, here. Not a stored format: built from an [`Entry`] only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedToken {
    pub id: String,
    pub name: String,
    pub consumer_key: String,
    pub token: String,
    pub token_secret: String,
    pub signature_method: String,
    pub consumer_secret: Option<String>,
    pub realm: Option<String>,
    pub rsa_private_key: Option<String>,
}

impl SavedToken {
    /// The OAuth 1.0a entry's signing view; `None` for an OAuth 2.0 entry.
    pub fn of(entry: &Entry) -> Option<Self> {
        let t = entry.oauth1()?;
        let exposed = |s: &Option<Secret>| s.as_ref().map(|s| s.expose().to_owned());
        Some(Self {
            id: entry.id.clone(),
            name: entry.name.clone(),
            consumer_key: t.consumer_key.clone(),
            token: t.token.clone(),
            token_secret: t.token_secret.expose().to_owned(),
            signature_method: t.signature_method.clone(),
            consumer_secret: exposed(&t.consumer_secret),
            realm: t.realm.clone(),
            rsa_private_key: exposed(&t.rsa_private_key),
        })
    }
}

/// Why the stored tokens could not be used as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageIssue {
    /// localStorage is missing or refuses access (private mode, disabled cookies).
    Unavailable(String),
    /// A write failed, most likely the quota: the latest changes live in this tab only.
    WriteFailed(String),
    /// The stored text is not a token store this version reads. `raw` is kept for export
    /// and nothing is written until the user says so.
    Unreadable { reason: String, raw: String },
}

impl StorageIssue {
    pub fn message(&self) -> String {
        match self {
            StorageIssue::Unavailable(e) => format!(
                "This browser does not let the page use localStorage ({e}), e.g. in private mode. Tokens are kept \
                 in this tab only and are lost when it closes."
            ),
            StorageIssue::WriteFailed(e) => format!(
                "Saving tokens failed ({e}); storage may be full. The latest changes are kept in this tab only: \
                 copy them out, or delete tokens to make room."
            ),
            StorageIssue::Unreadable { reason, .. } => format!(
                "The saved tokens could not be read: {reason}. Nothing has been overwritten. Copy the raw data below \
                 to keep it, then choose \"Overwrite saved data\" to start a fresh store."
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenStore {
    /// The document, unknown fields included; version 1 reads as version 2 and the next
    /// write is version 2.
    pub doc: Document,
    pub issue: Option<StorageIssue>,
    /// False while unreadable data sits in storage: the persist effect must not clobber it.
    pub writable: bool,
    /// What the last save or import did, for the panel (a renamed duplicate name).
    pub note: Option<String>,
}

impl TokenStore {
    /// Reads the stored text (`None`: nothing stored yet). Text that does not read is kept
    /// aside in [`StorageIssue::Unreadable`] and the store is not writable.
    pub fn load(raw: Option<&str>) -> Self {
        let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
            return Self {
                writable: true,
                ..Self::default()
            };
        };
        match Document::parse(raw) {
            Ok(doc) => Self {
                doc,
                writable: true,
                ..Self::default()
            },
            Err(e) => Self {
                issue: Some(StorageIssue::Unreadable {
                    reason: e.to_string(),
                    raw: raw.to_owned(),
                }),
                ..Self::default()
            },
        }
    }

    /// The text to store; an error, never an empty text, when it cannot be written.
    pub fn to_json(&self) -> Result<String, String> {
        self.doc.to_json().map_err(|e| e.to_string())
    }

    pub fn tokens(&self) -> &[Entry] {
        &self.doc.tokens
    }

    pub fn current(&self) -> Option<&Entry> {
        self.doc.current()
    }

    /// Whether an OAuth 1.0a token with this consumer and token is saved.
    pub fn has_oauth1(&self, consumer_key: &str, token: &str) -> bool {
        self.doc
            .tokens
            .iter()
            .filter_map(Entry::oauth1)
            .any(|t| t.consumer_key == consumer_key && t.token == token)
    }
}

/// The entry a finished flow saves (RFC 5849 §2.3): the access token, what it signs with
/// (so the console and exports can sign without this configuration) and where it came from.
/// The caller gives the clock's time, as RFC 3339 text and as milliseconds.
pub fn finished_token(
    config: &Config,
    pair: &TokenPair,
    extra: &[(String, String)],
    created: &str,
    created_ms: u64,
) -> Entry {
    let provider = presets::info_of(config.provider).label;
    let scopes = [&config.request_token_params, &config.authorize_params]
        .iter()
        .flat_map(|p| parse_params(p))
        .filter(|(n, _)| n == "scope" || n == "perms")
        .map(|(_, v)| v)
        .collect::<Vec<_>>()
        .join(" ");
    let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let rsa = config.signature_method.is_rsa();
    let token = OAuth1Token {
        consumer_key: config.consumer_key.clone(),
        consumer_secret: Some(config.consumer_secret.clone())
            .filter(|s| !s.is_empty())
            .map(Secret::new),
        token: pair.token.clone(),
        token_secret: Secret::new(pair.secret.clone()),
        signature_method: config.signature_method.as_str().to_owned(),
        rsa_private_key: given(&config.rsa_private_key)
            .filter(|_| rsa)
            .map(|_| Secret::new(config.rsa_private_key.clone())),
        realm: given(&config.realm),
        scopes,
        extra: extra.to_vec(),
        endpoints: OAuth1Endpoints {
            request_token: given(&config.request_token_url),
            authorize: given(&config.authorize_url),
            access_token: given(&config.access_token_url),
            ..OAuth1Endpoints::default()
        },
    };
    Entry::new(
        Credential::OAuth1(token),
        format!("{provider} token"),
        provider,
        created,
        created_ms,
    )
}

/// The add-token form's field that an [`AddedTokenError`] (the engine's one check of a
/// token added by hand) is about, by its id in `components/token_add.rs`.
pub fn added_error_field(e: &AddedTokenError) -> &'static str {
    match e {
        AddedTokenError::UnknownSignatureMethod(_) => "add-method",
        AddedTokenError::Consumer(LegError::MissingConsumerSecret(_)) => "add-consumer-secret",
        AddedTokenError::Consumer(LegError::RsaKey { .. }) => "add-rsa-key",
        AddedTokenError::Consumer(_) => "add-consumer-key",
        AddedTokenError::MissingToken => "add-token",
        AddedTokenError::MissingTokenSecret(_) => "add-token-secret",
        AddedTokenError::MissingBaseUrl | AddedTokenError::BaseUrl(_) => "add-base-url",
    }
}

#[derive(Debug, Clone)]
pub enum TokenAction {
    /// The store's one upsert rule (docs/token-store.md): the same credential is replaced
    /// in its place, another is added; either way it becomes current.
    Save(Box<Entry>),
    Select(String),
    Rename(String, String),
    Delete(String),
    ForgetAll,
    /// The persist effect reports a failed write.
    WriteFailed(String),
    /// The user has exported the unreadable data and allows overwriting it.
    AllowOverwrite,
    DismissIssue,
    /// An import plan with the user's choices; `current` stays.
    Import(Box<ImportPlan>),
}

impl Reducible for TokenStore {
    type Action = TokenAction;

    fn reduce(self: Rc<Self>, action: TokenAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            TokenAction::Save(entry) => {
                let name = entry.name.clone();
                let done = s.doc.upsert(*entry);
                let saved = s.doc.get(&done.id).map(|e| e.name.clone()).unwrap_or_default();
                s.note = (saved != name)
                    .then(|| format!("A token is already named \"{name}\": the new one is \"{saved}\"."));
            }
            TokenAction::Select(id) => s.doc.current = Some(id),
            TokenAction::Rename(id, name) => {
                if let Some(t) = s.doc.tokens.iter_mut().find(|t| t.id == id) {
                    t.name = name;
                }
            }
            TokenAction::Delete(id) => {
                s.doc.tokens.retain(|t| t.id != id);
                if s.doc.current.as_deref() == Some(&id) {
                    s.doc.current = None;
                }
            }
            TokenAction::ForgetAll => {
                s.doc = Document::default();
                s.note = None;
            }
            TokenAction::WriteFailed(e) => {
                if matches!(s.issue, Some(StorageIssue::Unavailable(_))) {
                    return self;
                }
                s.issue = Some(StorageIssue::WriteFailed(e));
            }
            TokenAction::AllowOverwrite => {
                s.writable = true;
                s.issue = None;
            }
            TokenAction::Import(plan) => s.doc.apply_import(&plan),
            TokenAction::DismissIssue => {
                if s.writable {
                    s.issue = None;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
#[path = "tokens_tests.rs"]
mod tests;
