//! One saved token: what every entry has (id, name, provider, creation time) and its
//! credential, tagged by protocol.

use crate::json::Map;

use crate::fields::Fields;
use crate::{OAuth1Token, OAuth2Token};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Unique within the document ([`new_id`]).
    pub id: String,
    /// The user's label; the CLI's `--token NAME` picks by it.
    pub name: String,
    /// The preset's or host's name at the time, e.g. `X (Twitter)`, `api.example.com`.
    pub provider: String,
    /// RFC 3339 UTC with milliseconds (`2026-11-27T04:08:17.000Z`), from the creator's clock.
    pub created: String,
    pub credential: Credential,
    /// Fields this version does not know, kept as they were and written back. Never holds
    /// a field the reader knows.
    pub other: Map,
}

/// The credential, written with a `"protocol"` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    OAuth1(OAuth1Token),
    OAuth2(OAuth2Token),
}

impl Credential {
    /// The same credential, the identity the upsert rule and the import plan use: the same
    /// protocol, then [`OAuth1Token::same_credential`] or [`OAuth2Token::same_credential`].
    pub fn same_credential(&self, other: &Self) -> bool {
        match (self, other) {
            (Credential::OAuth1(a), Credential::OAuth1(b)) => a.same_credential(b),
            (Credential::OAuth2(a), Credential::OAuth2(b)) => a.same_credential(b),
            _ => false,
        }
    }

    pub fn without_secrets(&self) -> Self {
        match self {
            Credential::OAuth1(t) => Credential::OAuth1(t.without_secrets()),
            Credential::OAuth2(t) => Credential::OAuth2(t.without_secrets()),
        }
    }

    /// The part of a new id that tells entries apart: the OAuth 1.0a token (not secret on
    /// its own), or the OAuth 2.0 client id (an access token is a bearer secret).
    fn id_tag(&self) -> &str {
        match self {
            Credential::OAuth1(t) => &t.token,
            Credential::OAuth2(t) => &t.client_id,
        }
    }
}

/// The id of a new entry: its creation time in milliseconds since 1970, a dash and the
/// first six characters of [`Credential`]'s tag (`1795752497000-AkpTMd`). The document
/// makes it unique when it adds the entry (`-2`, `-3`, …).
pub fn new_id(created_ms: u64, credential: &Credential) -> String {
    let tag: String = credential.id_tag().chars().take(6).collect();
    format!("{created_ms}-{tag}")
}

impl Entry {
    /// A new entry, with its id from [`new_id`]. The store keeps no clock: the caller
    /// gives the creation time both as RFC 3339 text and as milliseconds.
    pub fn new(
        credential: Credential,
        name: impl Into<String>,
        provider: impl Into<String>,
        created: impl Into<String>,
        created_ms: u64,
    ) -> Self {
        Self {
            id: new_id(created_ms, &credential),
            name: name.into(),
            provider: provider.into(),
            created: created.into(),
            credential,
            other: Map::new(),
        }
    }

    pub fn same_credential(&self, other: &Self) -> bool {
        self.credential.same_credential(&other.credential)
    }

    /// The OAuth 1.0a token, if it is one.
    pub fn oauth1(&self) -> Option<&OAuth1Token> {
        match &self.credential {
            Credential::OAuth1(t) => Some(t),
            Credential::OAuth2(_) => None,
        }
    }

    pub fn oauth2(&self) -> Option<&OAuth2Token> {
        match &self.credential {
            Credential::OAuth2(t) => Some(t),
            Credential::OAuth1(_) => None,
        }
    }

    /// The entry without its secrets, and without the fields this version does not know
    /// (it cannot tell whether they are secret).
    pub fn without_secrets(&self) -> Self {
        Self {
            credential: self.credential.without_secrets(),
            other: Map::new(),
            ..self.clone()
        }
    }

    const COMMON: [&str; 5] = ["id", "name", "provider", "created", "protocol"];

    /// Reads an entry of a version `version` document. Version 1 entries have no
    /// `protocol`: they are all OAuth 1.0a, with the same fields as now.
    pub(crate) fn read(f: &Fields, version: u64) -> Result<Self, String> {
        let mut protocol = None;
        f.opt_string("protocol", &mut protocol)?;
        let (credential, known): (_, &[&str]) = match (protocol.as_deref(), version) {
            (Some("oauth1"), _) | (None, 1) => {
                (Credential::OAuth1(OAuth1Token::read(f)?), &OAuth1Token::KNOWN)
            }
            (Some("oauth2"), _) => (Credential::OAuth2(OAuth2Token::read(f)?), &OAuth2Token::KNOWN),
            (None, _) => return Err(f.missing("protocol")),
            (Some(_), _) => return Err(f.wrong("protocol", "\"oauth1\" or \"oauth2\"")),
        };
        let mut e = Self {
            id: String::new(),
            name: String::new(),
            provider: String::new(),
            created: String::new(),
            credential,
            other: Map::new(),
        };
        f.string("id", &mut e.id)?;
        f.string("name", &mut e.name)?;
        f.string("provider", &mut e.provider)?;
        f.string("created", &mut e.created)?;
        let all: Vec<&str> = Self::COMMON.iter().chain(known).copied().collect();
        e.other = f.unknown(&all);
        Ok(e)
    }
}
