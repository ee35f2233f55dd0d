//! What survives the authorize redirect, in sessionStorage (this tab only,
//! docs/token-store.md, "The pending flow"): the configuration, consumer secret included,
//! so the access-token step can be signed on return, and the pending flow.

use super::config::Config;
use super::flow::Pending;
use super::json::{self, Fields, Object, Value, parse};

/// The sessionStorage key.
pub const SESSION_KEY: &str = "oauth-playground.session";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Session {
    pub config: Option<Config>,
    pub pending: Pending,
}

impl Session {
    /// Reads what [`Session::to_json`] wrote; anything unreadable starts a fresh session.
    pub fn parse(text: &str) -> Option<Session> {
        let value = parse(text).ok()?;
        let f = Fields::of(&value, "the session").ok()?;
        let config = match f.object("config").ok()? {
            Some(c) => Some(Config::read(&c).ok()?),
            None => None,
        };
        let pending = match f.object("pending").ok()? {
            Some(p) => Pending::read(&p).ok()?,
            None => Pending::default(),
        };
        Some(Session { config, pending })
    }

    pub fn to_json(&self) -> Option<String> {
        Some(json::text(|out| {
            let mut m = Object::new(out);
            match &self.config {
                Some(c) => c.write(m.key("config")),
                None => {
                    m.value("config", &Value::Null);
                }
            }
            self.pending.write(m.key("pending"));
            m.end();
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::steps::TokenPair;

    #[test]
    fn reads_back_what_it_writes_and_starts_fresh_on_anything_else() {
        let s = Session {
            config: Some(Config {
                consumer_key: "ck".into(),
                consumer_secret: "cs".into(),
                ..Config::default()
            }),
            pending: Pending {
                request_token: Some(TokenPair {
                    token: "rt".into(),
                    secret: "rs".into(),
                }),
                ..Pending::default()
            },
        };
        let text = s.to_json().unwrap_or_default();
        assert_eq!(Session::parse(&text), Some(s));
        assert_eq!(Session::parse("{}"), Some(Session::default()));
        assert_eq!(Session::parse("{nope"), None);
        assert_eq!(Session::parse(r#"{"config": {"placement": "sideways"}}"#), None);
    }
}
