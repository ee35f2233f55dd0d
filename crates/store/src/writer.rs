//! The one writer: each type's fields, in their order, straight into compact JSON text
//! ([`json::Object`]). tests/round_trip.rs holds it and [`crate::Fields`] together.

use crate::document::Written;
use crate::json::{self, Object};
use crate::{Credential, Entry, OAuth1Endpoints, OAuth1Token, OAuth2Endpoints, OAuth2Token, Secret};

fn expose(s: &Option<Secret>) -> Option<&str> {
    s.as_ref().map(Secret::expose)
}

impl Written<'_> {
    pub(crate) fn write(&self, out: &mut String) {
        let mut m = Object::new(out);
        m.str("schema", self.schema).num("version", self.version);
        match self.current {
            Some(c) => m.str("current", c),
            None => m.value("current", &json::Value::Null),
        };
        json::array(m.key("tokens"), self.tokens, |out, t| t.write(out));
        m.others(self.other).end();
    }
}

impl Entry {
    /// The entry as compact JSON, as the document writes it.
    pub fn write(&self, out: &mut String) {
        let mut m = Object::new(out);
        m.str("id", &self.id)
            .str("name", &self.name)
            .str("provider", &self.provider)
            .str("created", &self.created);
        match &self.credential {
            Credential::OAuth1(t) => t.write(m.str("protocol", "oauth1")),
            Credential::OAuth2(t) => t.write(m.str("protocol", "oauth2")),
        }
        m.others(&self.other).end();
    }
}

impl OAuth1Token {
    fn write(&self, m: &mut Object) {
        m.str("consumer_key", &self.consumer_key)
            .opt_str("consumer_secret", expose(&self.consumer_secret))
            .str("token", &self.token)
            .str("token_secret", self.token_secret.expose())
            .str("signature_method", &self.signature_method)
            .opt_str("rsa_private_key", expose(&self.rsa_private_key))
            .opt_str("realm", self.realm.as_deref())
            .str("scopes", &self.scopes);
        json::pairs(m.key("extra"), &self.extra);
        if !self.endpoints.is_empty() {
            self.endpoints.write(m.key("endpoints"));
        }
    }
}

impl OAuth1Endpoints {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .opt_str("request_token", self.request_token.as_deref())
            .opt_str("authorize", self.authorize.as_deref())
            .opt_str("access_token", self.access_token.as_deref())
            .opt_str("api", self.api.as_deref())
            .others(&self.other)
            .end();
    }
}

impl OAuth2Token {
    fn write(&self, m: &mut Object) {
        m.str("client_id", &self.client_id)
            .opt_str("client_secret", expose(&self.client_secret))
            .str(
                "token_endpoint_auth_method",
                self.token_endpoint_auth_method.as_str(),
            )
            .opt_str("private_key", expose(&self.private_key))
            .str("access_token", self.access_token.expose())
            .str("token_type", &self.token_type);
        if let Some(at) = self.expires_at {
            m.num("expires_at", at);
        }
        m.opt_str("refresh_token", expose(&self.refresh_token))
            .opt_str("id_token", expose(&self.id_token))
            .str("scope", &self.scope)
            .opt_str("issuer", self.issuer.as_deref())
            .opt_str("subject", self.subject.as_deref());
        if !self.endpoints.is_empty() {
            self.endpoints.write(m.key("endpoints"));
        }
        if !self.extra.is_empty() {
            Object::new(m.key("extra")).others(&self.extra).end();
        }
    }
}

impl OAuth2Endpoints {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .opt_str("token", self.token.as_deref())
            .opt_str("revocation", self.revocation.as_deref())
            .opt_str("introspection", self.introspection.as_deref())
            .others(&self.other)
            .end();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod with_serde {
    //! The serde side (the CLI's): an entry serialises as the writer writes it.
    use serde::{Serialize, Serializer};

    use crate::Entry;

    impl Serialize for Entry {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut text = String::new();
            self.write(&mut text);
            crate::json::parse(&text)
                .map_err(serde::ser::Error::custom)?
                .serialize(s)
        }
    }
}
