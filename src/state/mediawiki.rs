//! MediaWiki's identify answer in the workings (issue 13): when a call of the MediaWiki
//! preset to `Special:OAuth/identify` answers, its body (a JWT, HS256 with the consumer
//! secret) is decoded and checked by `engine::mediawiki_identify`, check by check. Pure:
//! the nonce is the one the call was signed with, and the clock is the caller's.

use engine::mediawiki_identify::{Expected, Identity, verify};
use oauth1::{Explanation, Secret};

use super::config::Config;
use super::presets::PresetId;

/// How far the wiki's clock and the browser's may disagree, in seconds.
pub const LEEWAY: u64 = 300;

/// Whether a call to `url` is the MediaWiki preset's identify step.
pub fn is_identify(config: &Config, url: &str) -> bool {
    config.provider == PresetId::MediaWiki && url.contains("Special:OAuth/identify")
}

/// The `oauth_nonce` a call was signed with (what the JWT's `nonce` must be).
pub fn nonce_of(explanation: &Explanation) -> Option<&str> {
    explanation
        .parameters
        .iter()
        .find(|p| p.name == "oauth_nonce")
        .map(|p| p.value.as_str())
}

/// The identify JWT in `body`, checked against the call (`url`, signed as `explanation`)
/// at `now` (seconds). `None` when the call is not MediaWiki's identify; an error says why
/// the body is not a JWT that can be checked at all.
pub fn identify(
    config: &Config,
    url: &str,
    explanation: &Explanation,
    body: &str,
    now: u64,
) -> Option<Result<Identity, String>> {
    if !is_identify(config, url) {
        return None;
    }
    let Some(nonce) = nonce_of(explanation) else {
        return Some(Err("the call was signed without an oauth_nonce".into()));
    };
    let expected = Expected {
        wiki: url,
        consumer_key: &config.consumer_key,
        nonce,
        now,
        leeway: LEEWAY,
    };
    let secret = Secret::new(config.consumer_secret.clone());
    Some(verify(body, &secret, &expected).map_err(|e| e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use oauth1::{Credentials, RequestSpec, SignOptions, sign_request};

    use super::*;
    use crate::state::presets::{self, MEDIAWIKI_IDENTIFY};

    /// The engine's fixture: made by PyJWT (crates/engine/tests/fixtures/make_mediawiki_identify.py).
    const JWT: &str = include_str!("../../crates/engine/tests/fixtures/mediawiki-identify.jwt");
    const KEY: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0e1f2a3b4";
    const NONCE: &str = "kllo9940pd9333jh";
    const IAT: u64 = 1_795_752_500;

    fn config() -> Config {
        Config {
            consumer_key: KEY.into(),
            consumer_secret: SECRET.into(),
            ..presets::apply(PresetId::MediaWiki, None)
        }
    }

    /// The workings of an identify call signed with `nonce`.
    fn signed(nonce: &str) -> Explanation {
        let spec = RequestSpec {
            method: "GET".into(),
            url: MEDIAWIKI_IDENTIFY.into(),
            content_type: None,
            body: String::new(),
            extra_params: Vec::new(),
        };
        let credentials = Credentials {
            consumer_key: KEY.into(),
            consumer_secret: SECRET.into(),
            token: Some("t".into()),
            token_secret: "ts".into(),
            ..Credentials::default()
        };
        sign_request(&spec, &credentials, &SignOptions::default(), nonce, IAT)
            .unwrap()
            .explanation
    }

    #[test]
    fn the_fixture_passes_every_check() {
        let id = identify(&config(), MEDIAWIKI_IDENTIFY, &signed(NONCE), JWT, IAT + 10)
            .unwrap()
            .unwrap();
        assert!(id.verified(), "{:?}", id.checks);
        assert_eq!(id.username(), Some("Example Learner"));
        let names: Vec<&str> = id.checks.iter().map(|c| c.name).collect();
        assert!(
            names.contains(&"signature") && names.contains(&"nonce"),
            "{names:?}"
        );
    }

    #[test]
    fn a_wrong_secret_or_nonce_fails_its_check() {
        let mut c = config();
        c.consumer_secret = "not-the-secret".into();
        let id = identify(&c, MEDIAWIKI_IDENTIFY, &signed(NONCE), JWT, IAT)
            .unwrap()
            .unwrap();
        assert!(!id.checks.iter().find(|c| c.name == "signature").unwrap().passed);

        let id = identify(&config(), MEDIAWIKI_IDENTIFY, &signed("another-nonce"), JWT, IAT)
            .unwrap()
            .unwrap();
        assert!(!id.verified());
        assert!(!id.checks.iter().find(|c| c.name == "nonce").unwrap().passed);
    }

    #[test]
    fn only_the_mediawiki_identify_call_is_checked() {
        let e = signed(NONCE);
        assert!(identify(&config(), "https://meta.wikimedia.org/w/api.php", &e, JWT, IAT).is_none());
        let other = Config {
            provider: PresetId::Custom,
            ..config()
        };
        assert!(identify(&other, MEDIAWIKI_IDENTIFY, &e, JWT, IAT).is_none());
        let refused = identify(&config(), MEDIAWIKI_IDENTIFY, &e, "{\"not\":\"a jwt\"}", IAT).unwrap();
        assert!(refused.unwrap_err().contains("not a JWT"));
    }
}
