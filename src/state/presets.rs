//! Provider presets. Facts come from /work/shared/reference/oauth1-providers.md (checked
//! November 2026); anything without a current primary source is marked unverified and the
//! app says so. Retired OAuth 1.0 providers (Google, Xero, Etsy v2, OSM) are deliberately absent.

use oauth1::{Placement, SignatureMethod};

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
    Magento,
    WooCommerce,
    Schoology,
    MediaWiki,
    Evernote,
    Usos,
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

pub const ALL: [PresetInfo; 18] = [
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
    info(
        PresetId::Magento,
        "Magento 2 / Adobe Commerce",
        "https://github.com/magento/magento2/blob/2.4-develop/lib/internal/Magento/Framework/Oauth/Oauth.php",
        "HMAC-SHA256 only: its code (Oauth::getSupportedSignatureMethods) accepts nothing else, though Adobe's docs still say HMAC-SHA1. Header only; oauth_version must be 1.0 if sent. Replace https://magento.example.com with your store. An integration's access token and secret are shown in the admin and never expire: paste them into the token store. The activation step POSTs the consumer key, secret, oauth_verifier and store_base_url to the integration's callback, so there is no authorize page; the consumer key expires after 300 s by default.",
        false,
    ),
    info(
        PresetId::WooCommerce,
        "WooCommerce REST",
        "https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication-over-http",
        "One-legged: the consumer key and secret only, no token steps. OAuth 1.0a over plain http only (over https the store expects Basic authentication or the key and secret as query parameters). oauth_version is omitted; the body is not signed. Parameters in the query (or the header since WC 3.0). Timestamp within 15 minutes. Use the store URL exactly as its index gives it, replacing http://shop.example.com.",
        false,
    ),
    info(
        PresetId::Schoology,
        "Schoology (unverified paths)",
        "https://developers.schoology.com/api-documentation/authentication",
        "realm=\"Schoology API\"; HMAC-SHA1. Replace DISTRICT in the authorize host with your district's (e.g. yourschool.schoology.com). OAuth 1.0a tokens are limited to 90 days (2025 notice). The token endpoint paths come from community code: unverified. Two- and three-legged.",
        true,
    ),
    info(
        PresetId::MediaWiki,
        "MediaWiki (Extension:OAuth)",
        "https://www.mediawiki.org/wiki/OAuth/For_Developers",
        "The three Special:OAuth steps: initiate, authorize (with oauth_token and oauth_consumer_key), token; the callback is oob. Special:OAuth/identify returns a JWT signed with the consumer secret (HS256; iss, sub, aud, nonce = the request's oauth_nonce). HMAC-SHA1 or RSA-SHA1; PLAINTEXT only if the wiki allows it. Owner-only consumers skip the handshake: paste the token. Replace meta.wikimedia.org with your wiki.",
        false,
    ),
    info(
        PresetId::Evernote,
        "Evernote (unverified)",
        "https://dev.evernote.com/doc/articles/authentication.php",
        "Unverified: no current primary source found. One endpoint, /oauth, for both the temporary-credential and the token request (sandbox.evernote.com for the sandbox); the authorize page /OAuth.action is unverified. HMAC-SHA1 and PLAINTEXT.",
        true,
    ),
    info(
        PresetId::Usos,
        "USOS API",
        "https://apps.usos.edu.pl/developers/api/authorization/",
        "The host is configurable: apps.usos.edu.pl is one installation; replace it with your university's USOS API host. HTTP methods: unverified.",
        false,
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
        PresetId::Magento => Config {
            signature_method: SignatureMethod::HmacSha256,
            resource_url: "https://magento.example.com/rest/V1/store/storeConfigs".into(),
            // No authorize page: the store activates the integration itself.
            ..endpoints(
                "https://magento.example.com/oauth/token/request",
                "",
                "https://magento.example.com/oauth/token/access",
                "POST",
                "POST",
            )
        },
        PresetId::WooCommerce => Config {
            placement: Placement::Query,
            send_version: false,
            resource_url: "http://shop.example.com/wp-json/wc/v3/products".into(),
            // One-legged: no token endpoints.
            ..endpoints("", "", "", "POST", "POST")
        },
        PresetId::Schoology => Config {
            realm: "Schoology API".into(),
            resource_url: "https://api.schoology.com/v1/users/me".into(),
            ..endpoints(
                "https://api.schoology.com/v1/oauth/request_token",
                "https://DISTRICT.schoology.com/oauth/authorize",
                "https://api.schoology.com/v1/oauth/access_token",
                "GET",
                "GET",
            )
        },
        PresetId::MediaWiki => Config {
            callback: CallbackMode::Oob,
            resource_url: MEDIAWIKI_IDENTIFY.into(),
            ..endpoints(
                "https://meta.wikimedia.org/w/index.php?title=Special:OAuth/initiate",
                "https://meta.wikimedia.org/wiki/Special:OAuth/authorize?oauth_token={token}&oauth_consumer_key={consumer_key}",
                "https://meta.wikimedia.org/w/index.php?title=Special:OAuth/token",
                "POST",
                "POST",
            )
        },
        PresetId::Evernote => Config {
            resource_url: "https://www.evernote.com/edam/user".into(),
            ..endpoints(
                "https://www.evernote.com/oauth",
                "https://www.evernote.com/OAuth.action",
                "https://www.evernote.com/oauth",
                "GET",
                "GET",
            )
        },
        PresetId::Usos => Config {
            resource_url: "https://apps.usos.edu.pl/services/users/user".into(),
            ..endpoints(
                "https://apps.usos.edu.pl/services/oauth/request_token",
                "https://apps.usos.edu.pl/services/oauth/authorize",
                "https://apps.usos.edu.pl/services/oauth/access_token",
                "POST",
                "POST",
            )
        },
    }
}

/// MediaWiki's identify endpoint (the preset's resource): its answer is a JWT.
pub const MEDIAWIKI_IDENTIFY: &str = "https://meta.wikimedia.org/w/index.php?title=Special:OAuth/identify";

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
            // WooCommerce is one-legged: it has no token endpoints.
            if p.id != PresetId::Custom && p.id != PresetId::WooCommerce {
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
    fn the_newer_presets_carry_their_quirks() {
        let m = apply(PresetId::Magento, None);
        assert_eq!(m.signature_method, SignatureMethod::HmacSha256);
        assert_eq!(m.placement, Placement::Header);
        assert!(m.authorize_url.is_empty());
        assert!(m.access_token_url.ends_with("/oauth/token/access"));

        let w = apply(PresetId::WooCommerce, None);
        assert!(!w.send_version);
        assert_eq!(w.placement, Placement::Query);
        assert!(w.resource_url.starts_with("http://"));
        assert!(w.request_token_url.is_empty() && w.access_token_url.is_empty());

        let s = apply(PresetId::Schoology, None);
        assert_eq!(s.realm, "Schoology API");
        assert!(s.authorize_url.starts_with("https://DISTRICT.schoology.com/"));
        assert!(info_of(PresetId::Schoology).notes.contains("90 days"));

        let mw = apply(PresetId::MediaWiki, None);
        assert_eq!(mw.callback, CallbackMode::Oob);
        for (url, step) in [
            (&mw.request_token_url, "Special:OAuth/initiate"),
            (&mw.authorize_url, "Special:OAuth/authorize"),
            (&mw.access_token_url, "Special:OAuth/token"),
            (&mw.resource_url, "Special:OAuth/identify"),
        ] {
            assert!(url.contains(step), "{url}");
        }
        assert!(mw.authorize_url.contains("oauth_consumer_key={consumer_key}"));

        let e = apply(PresetId::Evernote, None);
        assert_eq!(e.request_token_url, e.access_token_url);
        assert!(info_of(PresetId::Evernote).unverified);

        let u = apply(PresetId::Usos, None);
        assert!(u.request_token_url.ends_with("/services/oauth/request_token"));
        assert!(info_of(PresetId::Usos).notes.contains("configurable"));
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
