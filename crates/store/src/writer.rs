//! The one writer: `Serialize` by hand, field by field through `SerializeMap`, in the
//! order the derived impls wrote. Derived impls with `#[serde(flatten)]` and the
//! `protocol` tag cost the app several KB of wasm (BENCHMARKS.md, "App budgets").
//! tests/round_trip.rs holds it and [`crate::Fields`] together.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::document::Written;
use crate::{ClientAuth, Credential, Entry, OAuth1Endpoints, OAuth1Token, OAuth2Endpoints, OAuth2Token};

/// `key: value` when there is a value; absent fields are not written.
fn opt<M: SerializeMap, T: Serialize>(m: &mut M, key: &str, value: Option<&T>) -> Result<(), M::Error> {
    match value {
        Some(v) => m.serialize_entry(key, v),
        None => Ok(()),
    }
}

/// The unknown fields, after the known ones, as they were.
fn others<M: SerializeMap>(m: &mut M, other: &Map<String, Value>) -> Result<(), M::Error> {
    for (k, v) in other {
        m.serialize_entry(k, v)?;
    }
    Ok(())
}

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", self.schema)?;
        m.serialize_entry("version", &self.version)?;
        m.serialize_entry("current", self.current)?;
        m.serialize_entry("tokens", self.tokens)?;
        others(&mut m, self.other)?;
        m.end()
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("provider", &self.provider)?;
        m.serialize_entry("created", &self.created)?;
        match &self.credential {
            Credential::OAuth1(t) => {
                m.serialize_entry("protocol", "oauth1")?;
                t.write(&mut m)?;
            }
            Credential::OAuth2(t) => {
                m.serialize_entry("protocol", "oauth2")?;
                t.write(&mut m)?;
            }
        }
        others(&mut m, &self.other)?;
        m.end()
    }
}

impl OAuth1Token {
    fn write<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("consumer_key", &self.consumer_key)?;
        opt(m, "consumer_secret", self.consumer_secret.as_ref())?;
        m.serialize_entry("token", &self.token)?;
        m.serialize_entry("token_secret", &self.token_secret)?;
        m.serialize_entry("signature_method", &self.signature_method)?;
        opt(m, "rsa_private_key", self.rsa_private_key.as_ref())?;
        opt(m, "realm", self.realm.as_ref())?;
        m.serialize_entry("scopes", &self.scopes)?;
        m.serialize_entry("extra", &self.extra)?;
        if !self.endpoints.is_empty() {
            m.serialize_entry("endpoints", &self.endpoints)?;
        }
        Ok(())
    }
}

impl Serialize for OAuth1Endpoints {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        opt(&mut m, "request_token", self.request_token.as_ref())?;
        opt(&mut m, "authorize", self.authorize.as_ref())?;
        opt(&mut m, "access_token", self.access_token.as_ref())?;
        others(&mut m, &self.other)?;
        m.end()
    }
}

impl OAuth2Token {
    fn write<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("client_id", &self.client_id)?;
        opt(m, "client_secret", self.client_secret.as_ref())?;
        m.serialize_entry("token_endpoint_auth_method", &self.token_endpoint_auth_method)?;
        opt(m, "private_key", self.private_key.as_ref())?;
        m.serialize_entry("access_token", &self.access_token)?;
        m.serialize_entry("token_type", &self.token_type)?;
        opt(m, "expires_at", self.expires_at.as_ref())?;
        opt(m, "refresh_token", self.refresh_token.as_ref())?;
        opt(m, "id_token", self.id_token.as_ref())?;
        m.serialize_entry("scope", &self.scope)?;
        opt(m, "issuer", self.issuer.as_ref())?;
        opt(m, "subject", self.subject.as_ref())?;
        if !self.endpoints.is_empty() {
            m.serialize_entry("endpoints", &self.endpoints)?;
        }
        if !self.extra.is_empty() {
            m.serialize_entry("extra", &self.extra)?;
        }
        Ok(())
    }
}

impl Serialize for OAuth2Endpoints {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        opt(&mut m, "token", self.token.as_ref())?;
        opt(&mut m, "revocation", self.revocation.as_ref())?;
        opt(&mut m, "introspection", self.introspection.as_ref())?;
        others(&mut m, &self.other)?;
        m.end()
    }
}

impl Serialize for ClientAuth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
