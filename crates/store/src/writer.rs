//! The one writer: each type's fields, in their order, into a [`json::Map`] that
//! [`crate::json`] writes out. tests/round_trip.rs holds it and [`crate::Fields`] together.

use oauth_secret::Secret;

use crate::document::Written;
use crate::json::{Map, Value};
use crate::{ClientAuth, Credential, Entry, OAuth1Endpoints, OAuth1Token, OAuth2Endpoints, OAuth2Token};

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn secret(s: &Secret) -> Value {
    text(s.expose())
}

/// `key: value` when there is a value; absent fields are not written.
fn opt<T>(m: &mut Map, key: &str, value: Option<&T>, write: impl Fn(&T) -> Value) {
    if let Some(v) = value {
        m.insert(key, write(v));
    }
}

/// The unknown fields, after the known ones, as they were.
fn others(m: &mut Map, other: &Map) {
    for (k, v) in other {
        m.insert(k.clone(), v.clone());
    }
}

impl Written<'_> {
    pub(crate) fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("schema", self.schema);
        m.insert("version", self.version);
        m.insert("current", self.current.as_deref().map_or(Value::Null, text));
        m.insert(
            "tokens",
            Value::Array(self.tokens.iter().map(Entry::to_value).collect()),
        );
        others(&mut m, self.other);
        Value::Object(m)
    }
}

impl Entry {
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("id", text(&self.id));
        m.insert("name", text(&self.name));
        m.insert("provider", text(&self.provider));
        m.insert("created", text(&self.created));
        match &self.credential {
            Credential::OAuth1(t) => {
                m.insert("protocol", "oauth1");
                t.write(&mut m);
            }
            Credential::OAuth2(t) => {
                m.insert("protocol", "oauth2");
                t.write(&mut m);
            }
        }
        others(&mut m, &self.other);
        Value::Object(m)
    }
}

impl OAuth1Token {
    fn write(&self, m: &mut Map) {
        m.insert("consumer_key", text(&self.consumer_key));
        opt(m, "consumer_secret", self.consumer_secret.as_ref(), secret);
        m.insert("token", text(&self.token));
        m.insert("token_secret", secret(&self.token_secret));
        m.insert("signature_method", text(&self.signature_method));
        opt(m, "rsa_private_key", self.rsa_private_key.as_ref(), secret);
        opt(m, "realm", self.realm.as_ref(), |s| text(s));
        m.insert("scopes", text(&self.scopes));
        let pairs = self
            .extra
            .iter()
            .map(|(n, v)| Value::Array(vec![text(n), text(v)]));
        m.insert("extra", Value::Array(pairs.collect()));
        if !self.endpoints.is_empty() {
            m.insert("endpoints", self.endpoints.to_value());
        }
    }
}

impl OAuth1Endpoints {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        opt(&mut m, "request_token", self.request_token.as_ref(), |s| text(s));
        opt(&mut m, "authorize", self.authorize.as_ref(), |s| text(s));
        opt(&mut m, "access_token", self.access_token.as_ref(), |s| text(s));
        others(&mut m, &self.other);
        Value::Object(m)
    }
}

impl OAuth2Token {
    fn write(&self, m: &mut Map) {
        m.insert("client_id", text(&self.client_id));
        opt(m, "client_secret", self.client_secret.as_ref(), secret);
        m.insert(
            "token_endpoint_auth_method",
            self.token_endpoint_auth_method.to_value(),
        );
        opt(m, "private_key", self.private_key.as_ref(), secret);
        m.insert("access_token", secret(&self.access_token));
        m.insert("token_type", text(&self.token_type));
        opt(m, "expires_at", self.expires_at.as_ref(), |n| Value::from(*n));
        opt(m, "refresh_token", self.refresh_token.as_ref(), secret);
        opt(m, "id_token", self.id_token.as_ref(), secret);
        m.insert("scope", text(&self.scope));
        opt(m, "issuer", self.issuer.as_ref(), |s| text(s));
        opt(m, "subject", self.subject.as_ref(), |s| text(s));
        if !self.endpoints.is_empty() {
            m.insert("endpoints", self.endpoints.to_value());
        }
        if !self.extra.is_empty() {
            m.insert("extra", Value::Object(self.extra.clone()));
        }
    }
}

impl OAuth2Endpoints {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        opt(&mut m, "token", self.token.as_ref(), |s| text(s));
        opt(&mut m, "revocation", self.revocation.as_ref(), |s| text(s));
        opt(&mut m, "introspection", self.introspection.as_ref(), |s| text(s));
        others(&mut m, &self.other);
        Value::Object(m)
    }
}

impl ClientAuth {
    fn to_value(&self) -> Value {
        text(self.as_str())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod with_serde {
    //! The serde side (the CLI's): an entry serialises as the writer writes it.
    use serde::{Serialize, Serializer};

    use crate::Entry;

    impl Serialize for Entry {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.to_value().serialize(s)
        }
    }
}
