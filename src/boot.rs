//! Everything the page reads from the browser once, before the first render: the tab's
//! session, a `#config=` link, the callback's query, where tokens are kept and the token
//! store itself. `main` reads it and hands it to [`crate::app::App`].

use crate::effects::location;
use crate::effects::storage::{self, Area};
use crate::state::config::Config;
use crate::state::flow::Pending;
use crate::state::keeping::{CHOICE_KEY, Keeping};
use crate::state::link;
use crate::state::session::{SESSION_KEY, Session};
use crate::state::tokens::{self, StorageIssue, TokenStore};

#[derive(Debug, Clone, PartialEq)]
pub struct Boot {
    pub config: Option<Config>,
    /// A `#config=` link's configuration, applied only when the user confirms.
    pub link: Option<Config>,
    pub link_error: Option<String>,
    pub keeping: Keeping,
    pub pending: Pending,
    pub returned: Option<engine::oauth1_flow::ProviderReturn>,
    pub tokens: TokenStore,
    pub page_url: String,
}

impl Boot {
    pub fn read() -> Self {
        let session = storage::read(Area::Session, SESSION_KEY)
            .ok()
            .flatten()
            .and_then(|s| Session::parse(&s))
            .unwrap_or_default();
        let (link, link_error) = match link::decode(&location::hash(), &location::origin()) {
            Ok(c) => (c, None),
            Err(e) => (None, Some(e.to_string())),
        };
        let keeping = Keeping::read(storage::read(Area::Local, CHOICE_KEY).ok().flatten().as_deref());
        let tokens = match storage::read(area_of(keeping), tokens::STORAGE_KEY) {
            Ok(raw) => TokenStore::load(raw.as_deref()),
            Err(e) => TokenStore {
                issue: Some(StorageIssue::Unavailable(e)),
                ..TokenStore::default()
            },
        };
        Self {
            config: session.config,
            link,
            link_error,
            keeping,
            pending: session.pending,
            returned: location::callback_params(),
            tokens,
            page_url: location::page_url(),
        }
    }
}

/// Where the token store lives for the user's choice (docs/token-store.md).
pub fn area_of(keeping: Keeping) -> Area {
    match keeping {
        Keeping::Browser => Area::Local,
        Keeping::Tab => Area::Session,
    }
}
