//! The token store: the access tokens the user keeps, with a versioned JSON schema
//! (docs/token-store.md). Pure; `effects::storage` reads and writes the text.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;
use yew::Reducible;

use super::json::Fields;

/// The localStorage key; the schema name and version live inside the value.
pub const STORAGE_KEY: &str = "oauth-playground.tokens";
pub const SCHEMA: &str = "oauth-playground/tokens";
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SavedToken {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub consumer_key: String,
    pub token: String,
    pub token_secret: String,
    pub signature_method: String,
    pub scopes: String,
    /// ISO 8601, from the browser's clock.
    pub created: String,
    /// Extra response fields such as `user_id`.
    pub extra: Vec<(String, String)>,
    /// The consumer secret, so the token can sign later (the API console, exports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_secret: Option<String>,
    /// The `Authorization` header's realm, when the provider wants one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    /// The consumer's RSA private key (PEM) for RSA-* tokens, as `oauth-playground
    /// authorize` writes it: kept so an imported file exports again without losing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsa_private_key: Option<String>,
}

impl SavedToken {
    /// Reads what `Serialize` wrote; missing fields take their defaults.
    pub fn read(f: &Fields) -> Result<Self, String> {
        let mut t = SavedToken::default();
        f.string("id", &mut t.id)?;
        f.string("name", &mut t.name)?;
        f.string("provider", &mut t.provider)?;
        f.string("consumer_key", &mut t.consumer_key)?;
        f.string("token", &mut t.token)?;
        f.string("token_secret", &mut t.token_secret)?;
        f.string("signature_method", &mut t.signature_method)?;
        f.string("scopes", &mut t.scopes)?;
        f.string("created", &mut t.created)?;
        f.pairs("extra", &mut t.extra)?;
        f.opt_string("consumer_secret", &mut t.consumer_secret)?;
        f.opt_string("realm", &mut t.realm)?;
        f.opt_string("rsa_private_key", &mut t.rsa_private_key)?;
        Ok(t)
    }
}

/// The JSON document in storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Document {
    schema: String,
    version: u64,
    current: Option<String>,
    tokens: Vec<SavedToken>,
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
    pub tokens: Vec<SavedToken>,
    pub current: Option<String>,
    pub issue: Option<StorageIssue>,
    /// False while unreadable data sits in storage: the persist effect must not clobber it.
    pub writable: bool,
}

impl TokenStore {
    /// Reads the stored text (`None`: nothing stored yet).
    pub fn load(raw: Option<&str>) -> Self {
        let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
            return Self {
                writable: true,
                ..Self::default()
            };
        };
        match parse(raw) {
            Ok(doc) => Self {
                current: doc.current.filter(|c| doc.tokens.iter().any(|t| &t.id == c)),
                tokens: doc.tokens,
                issue: None,
                writable: true,
            },
            Err(reason) => Self {
                issue: Some(StorageIssue::Unreadable {
                    reason,
                    raw: raw.to_owned(),
                }),
                writable: false,
                ..Self::default()
            },
        }
    }

    /// The text to store.
    pub fn to_json(&self) -> String {
        let doc = Document {
            schema: SCHEMA.into(),
            version: VERSION,
            current: self.current.clone(),
            tokens: self.tokens.clone(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    pub fn current(&self) -> Option<&SavedToken> {
        let id = self.current.as_ref()?;
        self.tokens.iter().find(|t| &t.id == id)
    }
}

fn parse(raw: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let schema = value.get("schema").and_then(Value::as_str);
    let version = value.get("version").and_then(Value::as_u64);
    match (schema, version) {
        (Some(SCHEMA), Some(VERSION)) => {
            read_document(&value).map_err(|e| format!("a field has the wrong type ({e})"))
        }
        (Some(SCHEMA), Some(v)) if v > VERSION => Err(format!(
            "it was written by a newer version of the app (schema version {v}; this one reads {VERSION})"
        )),
        (Some(SCHEMA), v) => Err(format!(
            "its schema version {v:?} is not one this app can migrate"
        )),
        _ => Err(format!(
            "it is not an {SCHEMA} document (hand-edited, or from another app)"
        )),
    }
}

fn read_document(value: &Value) -> Result<Document, String> {
    let f = Fields::of(value, "the store")?;
    if f.get("tokens").is_none() {
        return Err("the store has no \"tokens\" list".into());
    }
    let mut current = None;
    f.opt_string("current", &mut current)?;
    let tokens = f
        .list("tokens")?
        .iter()
        .enumerate()
        .map(|(i, t)| SavedToken::read(&Fields::of(t, format!("token {}", i + 1))?))
        .collect::<Result<_, _>>()?;
    Ok(Document {
        schema: SCHEMA.into(),
        version: VERSION,
        current,
        tokens,
    })
}

#[derive(Debug, Clone)]
pub enum TokenAction {
    /// Adds (or, for the same token, replaces) and selects it.
    Add(Box<SavedToken>),
    Select(String),
    Rename(String, String),
    Delete(String),
    ForgetAll,
    /// The persist effect reports a failed write.
    WriteFailed(String),
    /// The user has exported the unreadable data and allows overwriting it.
    AllowOverwrite,
    DismissIssue,
    /// The token list after an import (`state::transfer::apply`); `current` stays if kept.
    Import(Vec<SavedToken>),
}

impl Reducible for TokenStore {
    type Action = TokenAction;

    fn reduce(self: Rc<Self>, action: TokenAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            TokenAction::Add(t) => {
                let t = *t;
                s.tokens
                    .retain(|o| !(o.token == t.token && o.consumer_key == t.consumer_key));
                s.current = Some(t.id.clone());
                s.tokens.push(t);
            }
            TokenAction::Select(id) => s.current = Some(id),
            TokenAction::Rename(id, name) => {
                if let Some(t) = s.tokens.iter_mut().find(|t| t.id == id) {
                    t.name = name;
                }
            }
            TokenAction::Delete(id) => {
                s.tokens.retain(|t| t.id != id);
                if s.current.as_deref() == Some(&id) {
                    s.current = None;
                }
            }
            TokenAction::ForgetAll => {
                s.tokens.clear();
                s.current = None;
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
            TokenAction::Import(tokens) => {
                s.tokens = tokens;
                if !s.tokens.iter().any(|t| Some(&t.id) == s.current.as_ref()) {
                    s.current = None;
                }
            }
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
mod tests {
    use super::*;

    fn token(id: &str) -> SavedToken {
        SavedToken {
            id: id.into(),
            name: id.into(),
            token: format!("t-{id}"),
            ..SavedToken::default()
        }
    }

    #[test]
    fn round_trips_through_json() {
        let s = Rc::new(TokenStore::load(None)).reduce(TokenAction::Add(Box::new(token("a"))));
        let s = s.reduce(TokenAction::Add(Box::new(token("b"))));
        let back = TokenStore::load(Some(&s.to_json()));
        assert_eq!(back.tokens, s.tokens);
        assert_eq!(back.current.as_deref(), Some("b"));
        assert!(back.to_json().contains("\"version\":1"));
    }

    #[test]
    fn every_field_round_trips_and_a_wrong_one_is_named() {
        let t = SavedToken {
            id: "i".into(),
            name: "n".into(),
            provider: "p".into(),
            consumer_key: "ck".into(),
            token: "t".into(),
            token_secret: "ts".into(),
            signature_method: "HMAC-SHA256".into(),
            scopes: "s".into(),
            created: "c".into(),
            extra: vec![("user_id".into(), "7".into())],
            consumer_secret: Some("cs".into()),
            realm: Some("r".into()),
            rsa_private_key: Some("pem".into()),
        };
        let s = Rc::new(TokenStore::load(None)).reduce(TokenAction::Add(Box::new(t.clone())));
        assert_eq!(TokenStore::load(Some(&s.to_json())).tokens, vec![t]);
        let bad = r#"{"schema":"oauth-playground/tokens","version":1,"tokens":[{"id":"a"},{"token":7}]}"#;
        let Some(StorageIssue::Unreadable { reason, .. }) = TokenStore::load(Some(bad)).issue else {
            panic!("readable")
        };
        assert_eq!(
            reason,
            "a field has the wrong type (token 2: \"token\" is not text)"
        );
    }

    #[test]
    fn corrupt_or_foreign_data_is_kept_for_export_and_not_writable() {
        for raw in [
            "{not json",
            "[1,2]",
            r#"{"schema":"oauth-playground/tokens","version":2,"tokens":[]}"#,
            r#"{"schema":"oauth-playground/tokens","version":1,"tokens":"x"}"#,
            r#"{"schema":"oauth-playground/tokens","version":1}"#,
        ] {
            let s = TokenStore::load(Some(raw));
            assert!(!s.writable, "{raw}");
            let Some(StorageIssue::Unreadable { raw: kept, .. }) = &s.issue else {
                panic!("{raw}")
            };
            assert_eq!(kept, raw);
            let s = Rc::new(s).reduce(TokenAction::AllowOverwrite);
            assert!(s.writable && s.issue.is_none());
        }
        assert!(
            TokenStore::load(Some("{}"))
                .issue
                .is_some_and(|i| i.message().contains("Nothing has been overwritten"))
        );
    }

    #[test]
    fn rename_select_delete_forget() {
        let s = Rc::new(TokenStore::load(None))
            .reduce(TokenAction::Add(Box::new(token("a"))))
            .reduce(TokenAction::Add(Box::new(token("b"))))
            .reduce(TokenAction::Rename("a".into(), "Mine".into()))
            .reduce(TokenAction::Select("a".into()));
        assert_eq!(s.current().map(|t| t.name.as_str()), Some("Mine"));
        let s = s.reduce(TokenAction::Delete("a".into()));
        assert!(s.current().is_none());
        assert_eq!(s.tokens.len(), 1);
        let s = s.reduce(TokenAction::ForgetAll);
        assert!(s.tokens.is_empty());
    }

    #[test]
    fn the_same_token_is_replaced_not_duplicated() {
        let s = Rc::new(TokenStore::load(None))
            .reduce(TokenAction::Add(Box::new(token("a"))))
            .reduce(TokenAction::Add(Box::new(SavedToken {
                id: "a2".into(),
                ..token("a")
            })));
        assert_eq!(s.tokens.len(), 1);
        assert_eq!(s.current.as_deref(), Some("a2"));
    }

    #[test]
    fn write_failures_are_reported() {
        let s = Rc::new(TokenStore::load(None)).reduce(TokenAction::WriteFailed("QuotaExceededError".into()));
        assert!(matches!(s.issue, Some(StorageIssue::WriteFailed(_))));
    }
}
