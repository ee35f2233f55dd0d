//! The authorization server's state behind its locks: the store, the signing keys, the
//! pending consents and device grants, with the injected clock and randomness, and the token
//! response every grant ends in (RFC 6749 §5.1, OIDC Core §3.1.3.3).

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use oauth2::jwt::{Alg, JwtError};
use serde_json::{Map, Value, json};

use super::bounded::Bounded;
use super::consent::Pending;
use super::device::DeviceGrant;
use super::keys::Keys;
use super::store::{ACCESS_TTL, Grant, Store, Tokens};
use super::{Clock, Random, clients};
use crate::sandbox::state::{SCREEN_NAME, USER_ID};

pub struct AuthServer {
    clock: Clock,
    pub random: Random,
    store: Mutex<Store>,
    pub pending: Mutex<Bounded<Pending>>,
    pub devices: Mutex<Bounded<DeviceGrant>>,
    /// PAR (RFC 9126): `request_uri` → the pushed parameters.
    pub pushed: Mutex<Bounded<String>>,
    keys: RwLock<Keys>,
    /// Origins besides the server's own that may call the API endpoints cross-origin.
    pub allowed_origins: Vec<String>,
    /// Seconds added to the clock by the test-clock endpoint, when it is on.
    pub clock_offset: Option<Arc<std::sync::atomic::AtomicU64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; keep serving.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AuthServer {
    pub fn new(clock: Clock, random: Random) -> Result<Self, JwtError> {
        let keys = Keys::first(&random)?;
        Ok(Self {
            clock,
            random,
            store: Mutex::default(),
            pending: Mutex::default(),
            devices: Mutex::default(),
            pushed: Mutex::default(),
            keys: RwLock::new(keys),
            allowed_origins: vec![],
            clock_offset: None,
        })
    }

    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// 32 random bytes, base64url: codes, tokens, ids.
    pub fn token(&self) -> String {
        oauth2::random_token(|b| (self.random)(b))
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn lock<'a, T>(&self, m: &'a Mutex<T>) -> MutexGuard<'a, T> {
        lock(m)
    }

    pub fn jwks(&self) -> Value {
        self.keys.read().unwrap_or_else(|e| e.into_inner()).jwks()
    }

    /// Makes a new key pair; the old one stays in the JWKS until the next rotation.
    pub fn rotate(&self) -> Result<(), JwtError> {
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        keys.rotate(&self.random)
    }

    /// Issues tokens for `grant` (a refresh token when the client may refresh and the grant
    /// is a user's) and the token response, with an id_token when `openid` was granted.
    pub fn respond(&self, issuer: &str, grant: Grant, family: Option<String>) -> Result<Value, JwtError> {
        let now = self.now();
        let client = clients::find(grant.client_id);
        let refreshable = client.is_some_and(|c| c.may(clients::REFRESH)) && grant.auth_time.is_some();
        let family = family.unwrap_or_else(|| self.token());
        let (access, refresh) = (self.token(), refreshable.then(|| self.token()));
        let Tokens {
            access_token,
            refresh_token,
            grant,
        } = self.store().issue(now, grant, family, access, refresh);
        let mut body = json!({
            "access_token": access_token,
            "token_type": if grant.jkt.is_some() { "DPoP" } else { "Bearer" },
            "expires_in": ACCESS_TTL,
            "scope": grant.scope.join(" "),
        });
        if let Some(r) = refresh_token {
            body["refresh_token"] = r.into();
        }
        if grant.has("openid") && grant.auth_time.is_some() {
            let alg = client.map_or(Alg::RS256, |c| c.id_token_alg);
            body["id_token"] = self.id_token(issuer, &grant, alg, &access_token)?.into();
        }
        Ok(body)
    }

    /// OIDC Core §2 and §3.1.3.6: who signed in, for whom, when, with the `nonce` echoed and
    /// `at_hash` binding the access token.
    fn id_token(
        &self,
        issuer: &str,
        grant: &Grant,
        alg: Alg,
        access_token: &str,
    ) -> Result<String, JwtError> {
        let now = self.now();
        let mut c = Map::new();
        c.insert("iss".into(), issuer.into());
        c.insert("sub".into(), USER_ID.into());
        c.insert("aud".into(), grant.client_id.into());
        c.insert("azp".into(), grant.client_id.into());
        c.insert("iat".into(), now.into());
        c.insert("exp".into(), (now + ACCESS_TTL).into());
        if let Some(t) = grant.auth_time {
            c.insert("auth_time".into(), t.into());
        }
        if let Some(n) = &grant.nonce {
            c.insert("nonce".into(), n.clone().into());
        }
        c.insert("at_hash".into(), alg.half_hash(access_token).into());
        for (k, v) in user_claims(grant) {
            c.insert(k, v);
        }
        self.keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .sign(alg, "JWT", c)
    }
}

/// The sandbox user's claims the grant's scopes release (OIDC Core §5.4).
pub fn user_claims(grant: &Grant) -> Map<String, Value> {
    let mut m = Map::new();
    if grant.has("profile") {
        m.insert("name".into(), "Sandbox Learner".into());
        m.insert("preferred_username".into(), SCREEN_NAME.into());
    }
    if grant.has("email") {
        m.insert("email".into(), "learner@sandbox.invalid".into());
        m.insert("email_verified".into(), true.into());
    }
    m
}
