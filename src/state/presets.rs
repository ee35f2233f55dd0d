//! Provider presets. Facts come from /work/shared/reference/oauth1-providers.md (checked
//! November 2026); anything without a current primary source is marked unverified and the
//! app says so. Retired OAuth 1.0 providers (Google, Xero, Etsy v2, OSM) are deliberately absent.

use oauth1::SignatureMethod;

use super::config::{CallbackMode, Config, RelayMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PresetId {
    Sandbox,
    #[default]
    Custom,
    X,
    Trello,
    Flickr,
    Tumblr,
    Discogs,
    SmugMug,
    Etrade,
    NetSuite,
    Jira,
    Zotero,
}

/// The local provider of `oauth-playground serve`, as announced by `playground.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SandboxInfo {
    pub base: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub rsa_consumer_key: String,
    pub rsa_private_key: String,
}

/// What the view shows about a preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetInfo {
    pub id: PresetId,
    /// The option text of the "Provider" select.
    pub label: &'static str,
    pub source: &'static str,
    /// Quirks and the facts that could not be verified.
    pub notes: &'static str,
    pub unverified: bool,
}

pub const ALL: [PresetInfo; 12] = [
    info(
        PresetId::Sandbox,
        "Local sandbox",
        "oauth-playground serve (this project)",
        "A provider on this machine with demo credentials; nothing leaves loopback.",
        false,
    ),
    info(
        PresetId::Custom,
        "Custom",
        "",
        "Fill in the endpoints from your provider's documentation.",
        false,
    ),
    info(
        PresetId::X,
        "X (Twitter)",
        "https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/obtaining-user-access-tokens",
        "HMAC-SHA1. Use \"Out of band (PIN)\" for the PIN flow; a callback URL must still be registered for the app. Tokens do not expire. Older docs use the host api.twitter.com.",
        false,
    ),
    info(
        PresetId::Trello,
        "Trello",
        "https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/",
        "The authorize step takes scope, expiration and name (see Extra parameters). HTTP methods: unverified.",
        false,
    ),
    info(
        PresetId::Flickr,
        "Flickr",
        "https://www.flickr.com/services/api/auth.oauth.html",
        "Appears active (maintained client libraries). The authorize step takes perms=read|write|delete.",
        false,
    ),
    info(
        PresetId::Tumblr,
        "Tumblr (unverified)",
        "https://www.tumblr.com/docs/en/api/v2#oauth1-authorization",
        "Unverified: no current primary source found; Tumblr also offers OAuth 2.0.",
        true,
    ),
    info(
        PresetId::Discogs,
        "Discogs",
        "https://www.discogs.com/developers#page:authentication",
        "PLAINTEXT signatures: the signature is the secrets themselves, so use HTTPS only. Discogs requires a distinctive User-Agent; 60 requests per minute. HTTP methods: unverified.",
        false,
    ),
    info(
        PresetId::SmugMug,
        "SmugMug",
        "https://api.smugmug.com/api/v2/doc/tutorial/authorization.html",
        "The host secure.smugmug.com is unverified. Out of band gives a 6-digit verifier.",
        false,
    ),
    info(
        PresetId::Etrade,
        "E*TRADE",
        "https://apisb.etrade.com/docs/api/authorization/request_token.html",
        "HMAC-SHA1 only; oauth_callback must be oob. The authorize URL uses the non-standard names key and token. Request tokens expire in 5 minutes; access tokens go idle after 2 h and expire at midnight US Eastern.",
        false,
    ),
    info(
        PresetId::NetSuite,
        "NetSuite (token-based auth)",
        "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4247337262.html",
        "HMAC-SHA256; realm = your account id (e.g. 123456_SB1). Replace ACCOUNT_ID in the hosts (lowercase, _ becomes -, e.g. 123456-sb1). The endpoint paths are unverified. Oracle prefers OAuth 2.0.",
        false,
    ),
    info(
        PresetId::Jira,
        "Jira / Confluence Data Center (unverified paths)",
        "https://developer.atlassian.com/server/jira/platform/oauth/",
        "RSA-SHA1 via an Application Link on your own server: replace https://jira.example.com with your base URL. The /plugins/servlet/oauth/… paths are unverified. Jira reportedly wants an empty oauth_token on the request-token step. Deprecated on Jira Cloud.",
        true,
    ),
    info(
        PresetId::Zotero,
        "Zotero (unverified)",
        "https://www.zotero.org/support/dev/web_api/v3/oauth",
        "Unverified: no current primary source found.",
        true,
    ),
];

const fn info(
    id: PresetId,
    label: &'static str,
    source: &'static str,
    notes: &'static str,
    unverified: bool,
) -> PresetInfo {
    PresetInfo {
        id,
        label,
        source,
        notes,
        unverified,
    }
}

pub fn info_of(id: PresetId) -> PresetInfo {
    ALL.into_iter().find(|p| p.id == id).unwrap_or(ALL[1])
}

/// The sandbox's base when `playground.json` gives none.
pub const DEFAULT_SANDBOX_BASE: &str = "http://127.0.0.1:8080/sandbox";

/// A fresh configuration for a preset. Consumer credentials are left empty except for the
/// sandbox's demo ones, which `playground.json` hands out.
pub fn apply(id: PresetId, sandbox: Option<&SandboxInfo>) -> Config {
    let endpoints = |rt: &str, auth: &str, at: &str, rtm: &str, atm: &str| Config {
        provider: id,
        request_token_url: rt.into(),
        authorize_url: auth.into(),
        access_token_url: at.into(),
        request_token_method: rtm.into(),
        access_token_method: atm.into(),
        ..Config::default()
    };
    match id {
        PresetId::Custom => Config::default(),
        PresetId::Sandbox => {
            let s = sandbox.cloned().unwrap_or_default();
            let base = if s.base.is_empty() {
                DEFAULT_SANDBOX_BASE
            } else {
                s.base.trim_end_matches('/')
            };
            Config {
                consumer_key: s.consumer_key,
                consumer_secret: s.consumer_secret,
                resource_url: format!("{base}/api/me"),
                // The sandbox is served from the page's own origin: no relay needed.
                relay: RelayMode::Direct,
                ..endpoints(
                    &format!("{base}/oauth/request_token"),
                    &format!("{base}/oauth/authorize"),
                    &format!("{base}/oauth/access_token"),
                    "POST",
                    "POST",
                )
            }
        }
        PresetId::X => Config {
            resource_url: "https://api.x.com/2/users/me".into(),
            ..endpoints(
                "https://api.x.com/oauth/request_token",
                "https://api.x.com/oauth/authorize",
                "https://api.x.com/oauth/access_token",
                "POST",
                "POST",
            )
        },
        PresetId::Trello => Config {
            authorize_params: "scope=read\nexpiration=1hour\nname=OAuth Playground".into(),
            resource_url: "https://api.trello.com/1/members/me".into(),
            ..endpoints(
                "https://trello.com/1/OAuthGetRequestToken",
                "https://trello.com/1/OAuthAuthorizeToken",
                "https://trello.com/1/OAuthGetAccessToken",
                "POST",
                "POST",
            )
        },
        PresetId::Flickr => Config {
            authorize_params: "perms=read".into(),
            resource_url:
                "https://api.flickr.com/services/rest?method=flickr.test.login&format=json&nojsoncallback=1"
                    .into(),
            ..endpoints(
                "https://www.flickr.com/services/oauth/request_token",
                "https://www.flickr.com/services/oauth/authorize",
                "https://www.flickr.com/services/oauth/access_token",
                "GET",
                "GET",
            )
        },
        PresetId::Tumblr => Config {
            resource_url: "https://api.tumblr.com/v2/user/info".into(),
            ..endpoints(
                "https://www.tumblr.com/oauth/request_token",
                "https://www.tumblr.com/oauth/authorize",
                "https://www.tumblr.com/oauth/access_token",
                "POST",
                "POST",
            )
        },
        PresetId::Discogs => Config {
            signature_method: SignatureMethod::Plaintext,
            user_agent: "OAuthPlayground/0.1 +https://github.com/oauth-playground/oauth-playground".into(),
            resource_url: "https://api.discogs.com/oauth/identity".into(),
            ..endpoints(
                "https://api.discogs.com/oauth/request_token",
                "https://www.discogs.com/oauth/authorize",
                "https://api.discogs.com/oauth/access_token",
                "GET",
                "POST",
            )
        },
        PresetId::SmugMug => Config {
            resource_url: "https://api.smugmug.com/api/v2!authuser".into(),
            ..endpoints(
                "https://secure.smugmug.com/services/oauth/1.0a/getRequestToken",
                "https://secure.smugmug.com/services/oauth/1.0a/authorize",
                "https://secure.smugmug.com/services/oauth/1.0a/getAccessToken",
                "POST",
                "POST",
            )
        },
        PresetId::Etrade => Config {
            callback: CallbackMode::Oob,
            resource_url: "https://api.etrade.com/v1/accounts/list".into(),
            ..endpoints(
                "https://api.etrade.com/oauth/request_token",
                "https://us.etrade.com/e/t/etws/authorize?key={consumer_key}&token={token}",
                "https://api.etrade.com/oauth/access_token",
                "GET",
                "GET",
            )
        },
        PresetId::NetSuite => Config {
            signature_method: SignatureMethod::HmacSha256,
            realm: "ACCOUNT_ID".into(),
            ..endpoints(
                "https://ACCOUNT_ID.restlets.api.netsuite.com/rest/requesttoken",
                "https://ACCOUNT_ID.app.netsuite.com/app/login/secure/authorizetoken.nl",
                "https://ACCOUNT_ID.restlets.api.netsuite.com/rest/accesstoken",
                "POST",
                "POST",
            )
        },
        PresetId::Jira => Config {
            signature_method: SignatureMethod::RsaSha1,
            send_empty_token: true,
            resource_url: "https://jira.example.com/rest/api/2/myself".into(),
            ..endpoints(
                "https://jira.example.com/plugins/servlet/oauth/request-token",
                "https://jira.example.com/plugins/servlet/oauth/authorize",
                "https://jira.example.com/plugins/servlet/oauth/access-token",
                "POST",
                "POST",
            )
        },
        PresetId::Zotero => Config {
            resource_url: "https://api.zotero.org/keys/current".into(),
            ..endpoints(
                "https://www.zotero.org/oauth/request",
                "https://www.zotero.org/oauth/authorize",
                "https://www.zotero.org/oauth/access",
                "POST",
                "POST",
            )
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_a_label_a_key_and_endpoints() {
        for p in ALL {
            let key = crate::state::choice::spelling(p.id);
            assert_eq!(crate::state::choice::parse(key), Some(p.id));
            let c = apply(p.id, None);
            assert_eq!(c.provider, p.id);
            if p.id != PresetId::Custom {
                assert!(c.request_token_url.starts_with("http"), "{:?}", p.id);
                assert!(!p.source.is_empty());
            }
            assert_eq!(p.unverified, p.label.contains("unverified"), "{}", p.label);
        }
    }

    #[test]
    fn quirks_are_preset() {
        let e = apply(PresetId::Etrade, None);
        assert_eq!(e.callback, CallbackMode::Oob);
        assert!(e.authorize_url.contains("key={consumer_key}&token={token}"));
        assert_eq!(
            apply(PresetId::Discogs, None).signature_method,
            SignatureMethod::Plaintext
        );
        assert_eq!(
            apply(PresetId::NetSuite, None).signature_method,
            SignatureMethod::HmacSha256
        );
        assert_eq!(
            apply(PresetId::Jira, None).signature_method,
            SignatureMethod::RsaSha1
        );
        assert!(apply(PresetId::X, None).request_token_url.contains("api.x.com"));
    }

    #[test]
    fn sandbox_uses_the_announced_base_and_credentials() {
        let s = SandboxInfo {
            base: "http://127.0.0.1:9/sandbox/".into(),
            consumer_key: "k".into(),
            consumer_secret: "s".into(),
            ..SandboxInfo::default()
        };
        let c = apply(PresetId::Sandbox, Some(&s));
        assert_eq!(
            c.request_token_url,
            "http://127.0.0.1:9/sandbox/oauth/request_token"
        );
        assert_eq!(c.consumer_secret, "s");
        assert_eq!(c.relay, RelayMode::Direct);
    }
}
