//! The sandbox's memory (issued tokens, seen nonces) and its callback policy. The clock and
//! the randomness are injected so tests are deterministic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use oauth1::sign::constant_time_eq;
use oauth1::{Problem, Secret, generate_nonce};

use super::callback::CallbackPolicy;
use super::nonces::{self, NonceStore};

/// Seconds since 1970.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;
/// Fills a buffer from a CSPRNG.
pub type Random = Arc<dyn Fn(&mut [u8]) + Send + Sync>;

/// How far `oauth_timestamp` may be from the server's clock (RFC 5849 §3.3 leaves it to
/// the server; five minutes is what most providers use).
pub const TIMESTAMP_WINDOW: u64 = 300;
/// Request tokens are short-lived: one walk through the authorize page.
const REQUEST_TOKEN_TTL: u64 = 600;
/// Bounds memory whatever a client does; the oldest tokens go first.
const MAX_TOKENS: usize = 10_000;

/// The one user who lives in the sandbox.
pub const USER_ID: &str = "1001";
pub const SCREEN_NAME: &str = "sandbox-learner";

#[derive(Debug, Clone)]
pub struct RequestToken {
    pub consumer_key: String,
    pub secret: Secret,
    /// A URL or `oob` (RFC 5849 §2.1).
    pub callback: String,
    /// The authorize form's hidden anti-CSRF value, checked on its POST.
    pub csrf_token: String,
    /// Set when the user first clicks Allow (§2.2); a second Allow shows the same one.
    pub verifier: Option<String>,
    pub used: bool,
    pub issued_at: u64,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub consumer_key: String,
    pub secret: Secret,
    pub issued_at: u64,
}

#[derive(Default)]
struct Store {
    request: HashMap<String, RequestToken>,
    access: HashMap<String, AccessToken>,
    nonces: NonceStore,
}

/// Why the authorize form's POST is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum FormRefused {
    /// Unknown, expired or already exchanged.
    UnknownToken,
    /// The hidden anti-CSRF value is missing or not this token's.
    WrongCsrfToken,
}

/// Seconds since 1970 by the system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// The OS's CSPRNG.
pub fn system_random() -> Random {
    Arc::new(|buf: &mut [u8]| {
        if getrandom::fill(buf).is_err() {
            // No entropy means no safe tokens: stop rather than hand out guessable ones.
            std::process::abort();
        }
    })
}

pub struct Sandbox {
    clock: Clock,
    random: Random,
    store: Mutex<Store>,
    pub callbacks: CallbackPolicy,
}

impl Sandbox {
    pub fn new(clock: Clock, random: Random) -> Self {
        Self {
            clock,
            random,
            store: Mutex::new(Store::default()),
            callbacks: CallbackPolicy::default(),
        }
    }

    pub fn with_callbacks(self, callbacks: CallbackPolicy) -> Self {
        Self { callbacks, ..self }
    }

    /// The system clock and the OS's CSPRNG.
    pub fn system() -> Self {
        Self::new(system_clock(), system_random())
    }

    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// 32 random alphanumerics (about 190 bits).
    pub fn random_token(&self) -> String {
        generate_nonce(|buf| (self.random)(buf))
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `timestamp_refused` with the acceptable range when outside the window.
    pub fn check_timestamp(&self, timestamp: u64) -> Result<(), Problem> {
        let now = self.now();
        if timestamp.abs_diff(now) <= TIMESTAMP_WINDOW {
            return Ok(());
        }
        let mut p = Problem::new("timestamp_refused").with_advice(format!(
            "oauth_timestamp {timestamp} is {} seconds from this server's clock ({now}); \
             the window is ±{TIMESTAMP_WINDOW} s",
            timestamp.abs_diff(now)
        ));
        p.acceptable_timestamps = Some(format!(
            "{}-{}",
            now.saturating_sub(TIMESTAMP_WINDOW),
            now + TIMESTAMP_WINDOW
        ));
        Err(p)
    }

    /// Records a nonce (the timestamp is already checked against the window).
    pub fn use_nonce(
        &self,
        consumer_key: &'static str,
        timestamp: u64,
        nonce: &str,
    ) -> Result<(), nonces::Refused> {
        let now = self.now();
        self.store().nonces.record(now, consumer_key, timestamp, nonce)
    }

    pub fn issue_request_token(&self, consumer_key: &str, callback: &str) -> (String, Secret) {
        let token = self.random_token();
        let secret = Secret::new(self.random_token());
        let csrf_token = self.random_token();
        let now = self.now();
        let mut store = self.store();
        store
            .request
            .retain(|_, t| now.saturating_sub(t.issued_at) < REQUEST_TOKEN_TTL);
        evict_oldest(&mut store.request, |t| t.issued_at);
        store.request.insert(
            token.clone(),
            RequestToken {
                consumer_key: consumer_key.to_owned(),
                secret: secret.clone(),
                callback: callback.to_owned(),
                csrf_token,
                verifier: None,
                used: false,
                issued_at: now,
            },
        );
        (token, secret)
    }

    pub fn request_token(&self, token: &str) -> Option<RequestToken> {
        let now = self.now();
        self.store()
            .request
            .get(token)
            .filter(|t| now.saturating_sub(t.issued_at) < REQUEST_TOKEN_TTL)
            .cloned()
    }

    /// The user clicked Allow: returns the callback and the verifier, minted on the first
    /// Allow only, so a second click (or a reload) does not break the first redirect.
    pub fn authorize(&self, token: &str, csrf_token: &str) -> Result<(String, String), FormRefused> {
        let fresh = self.random_token();
        let now = self.now();
        let mut store = self.store();
        let t = decidable(&mut store, token, csrf_token, now)?;
        let verifier = t.verifier.get_or_insert(fresh).clone();
        Ok((t.callback.clone(), verifier))
    }

    /// The user clicked Deny: the token is dropped; returns its callback.
    pub fn deny(&self, token: &str, csrf_token: &str) -> Result<String, FormRefused> {
        let now = self.now();
        let mut store = self.store();
        decidable(&mut store, token, csrf_token, now)?;
        store
            .request
            .remove(token)
            .map(|t| t.callback)
            .ok_or(FormRefused::UnknownToken)
    }

    /// Exchanges an authorized request token for an access token (§2.3), once.
    pub fn exchange(
        &self,
        consumer_key: &str,
        token: &str,
        verifier: &str,
    ) -> Result<(String, Secret), Problem> {
        let access = self.random_token();
        let secret = Secret::new(self.random_token());
        let now = self.now();
        let mut store = self.store();
        let t = store
            .request
            .get_mut(token)
            .filter(|t| t.consumer_key == consumer_key)
            .ok_or_else(|| Problem::new("token_rejected").with_advice("unknown or expired request token"))?;
        if t.used {
            return Err(Problem::new("token_used").with_advice(
                "this request token was already exchanged; request tokens are good for one exchange",
            ));
        }
        let Some(expected) = &t.verifier else {
            return Err(Problem::new("permission_unknown").with_advice(
                "the user has not allowed this request token yet: open the authorize page first",
            ));
        };
        if !constant_time_eq(expected.as_bytes(), verifier.as_bytes()) {
            return Err(Problem::new("verifier_invalid")
                .with_advice("oauth_verifier does not match the one shown for this request token"));
        }
        t.used = true;
        evict_oldest(&mut store.access, |t| t.issued_at);
        store.access.insert(
            access.clone(),
            AccessToken {
                consumer_key: consumer_key.to_owned(),
                secret: secret.clone(),
                issued_at: now,
            },
        );
        Ok((access, secret))
    }

    pub fn access_token(&self, token: &str) -> Option<AccessToken> {
        self.store().access.get(token).cloned()
    }
}

/// A live, unexchanged request token whose form carried its anti-CSRF value.
fn decidable<'a>(
    store: &'a mut Store,
    token: &str,
    csrf_token: &str,
    now: u64,
) -> Result<&'a mut RequestToken, FormRefused> {
    let t = store
        .request
        .get_mut(token)
        .filter(|t| !t.used && now.saturating_sub(t.issued_at) < REQUEST_TOKEN_TTL)
        .ok_or(FormRefused::UnknownToken)?;
    if constant_time_eq(t.csrf_token.as_bytes(), csrf_token.as_bytes()) {
        Ok(t)
    } else {
        Err(FormRefused::WrongCsrfToken)
    }
}

fn evict_oldest<T>(map: &mut HashMap<String, T>, age: impl Fn(&T) -> u64) {
    while map.len() >= MAX_TOKENS {
        let Some(oldest) = map.iter().min_by_key(|(_, v)| age(v)).map(|(k, _)| k.clone()) else {
            return;
        };
        map.remove(&oldest);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

    pub fn fixed(now: Arc<AtomicU64>) -> Sandbox {
        let counter = Arc::new(AtomicU8::new(0));
        Sandbox::new(
            Arc::new(move || now.load(Ordering::SeqCst)),
            Arc::new(move |buf: &mut [u8]| {
                for b in buf {
                    *b = counter.fetch_add(1, Ordering::SeqCst) % 248;
                }
            }),
        )
    }

    #[test]
    fn timestamp_window() {
        let s = fixed(Arc::new(AtomicU64::new(1_000_000)));
        assert!(s.check_timestamp(1_000_300).is_ok());
        assert!(s.check_timestamp(999_700).is_ok());
        let p = s.check_timestamp(999_699).unwrap_err();
        assert_eq!(p.problem, "timestamp_refused");
        assert_eq!(p.acceptable_timestamps.as_deref(), Some("999700-1000300"));
    }

    #[test]
    fn nonces_are_single_use_and_pruned() {
        let now = Arc::new(AtomicU64::new(1_000_000));
        let s = fixed(now.clone());
        assert!(s.use_nonce("c", 1_000_000, "n").is_ok());
        assert_eq!(s.use_nonce("c", 1_000_000, "n"), Err(nonces::Refused::Used));
        now.store(1_000_000 + TIMESTAMP_WINDOW + 2, Ordering::SeqCst);
        assert!(s.use_nonce("c", now.load(Ordering::SeqCst), "x").is_ok());
        assert_eq!(s.store().nonces.len(), 1);
    }

    #[test]
    fn request_token_lifecycle() {
        let s = fixed(Arc::new(AtomicU64::new(1_000_000)));
        let (token, _) = s.issue_request_token("c", "oob");
        assert_eq!(
            s.exchange("c", &token, "x").unwrap_err().problem,
            "permission_unknown"
        );
        let csrf = s.request_token(&token).unwrap().csrf_token;
        assert_eq!(s.authorize(&token, "forged"), Err(FormRefused::WrongCsrfToken));
        assert_eq!(s.authorize(&token, ""), Err(FormRefused::WrongCsrfToken));
        let (_, verifier) = s.authorize(&token, &csrf).unwrap();
        // Minted once: a second Allow gives the same verifier.
        assert_eq!(s.authorize(&token, &csrf).unwrap().1, verifier);
        assert_eq!(
            s.exchange("other", &token, &verifier).unwrap_err().problem,
            "token_rejected"
        );
        assert_eq!(
            s.exchange("c", &token, "wrong").unwrap_err().problem,
            "verifier_invalid"
        );
        let (access, _) = s.exchange("c", &token, &verifier).unwrap();
        assert_eq!(
            s.exchange("c", &token, &verifier).unwrap_err().problem,
            "token_used"
        );
        assert_eq!(s.access_token(&access).unwrap().consumer_key, "c");
        assert_eq!(s.authorize(&token, &csrf), Err(FormRefused::UnknownToken));
        assert_eq!(s.deny(&token, &csrf), Err(FormRefused::UnknownToken));
    }

    #[test]
    fn deny_needs_the_csrf_token_and_drops_the_token() {
        let s = fixed(Arc::new(AtomicU64::new(1_000_000)));
        let (token, _) = s.issue_request_token("c", "oob");
        let csrf = s.request_token(&token).unwrap().csrf_token;
        assert_eq!(s.deny(&token, "forged"), Err(FormRefused::WrongCsrfToken));
        assert_eq!(s.deny(&token, &csrf).unwrap(), "oob");
        assert!(s.request_token(&token).is_none());
    }

    #[test]
    fn request_tokens_expire() {
        let now = Arc::new(AtomicU64::new(1_000_000));
        let s = fixed(now.clone());
        let (token, _) = s.issue_request_token("c", "oob");
        let csrf = s.request_token(&token).unwrap().csrf_token;
        now.store(1_000_000 + REQUEST_TOKEN_TTL, Ordering::SeqCst);
        assert!(s.request_token(&token).is_none());
        assert_eq!(s.authorize(&token, &csrf), Err(FormRefused::UnknownToken));
    }
}
