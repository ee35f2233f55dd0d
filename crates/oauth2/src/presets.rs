//! Known OAuth 2.0 and OpenID Connect providers (issue 15), written once for the app and
//! the CLI. A provider that publishes metadata is given by its issuer alone, and discovery
//! (RFC 8414 §3, OIDC Discovery §4) reads and checks its endpoints at run time; the others
//! carry their endpoints. Each cites the page its facts come from, and lists in
//! `unverified` what no primary source read for this project confirmed.
//!
//! Some issuers have a part the user fills in (a tenant, an org's domain, a realm): each is
//! a [`Placeholder`], checked by its [`Part`] before it goes into a URL, so a value cannot
//! move the request to another host or path.

use url::Url;

use crate::Error;
use crate::discovery::WellKnown;

/// Where a preset's endpoints come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoints {
    /// Read from the issuer's metadata document.
    Discovered {
        issuer: &'static str,
        well_known: WellKnown,
    },
    /// Written here: the provider publishes no metadata.
    Fixed {
        authorization: &'static str,
        token: &'static str,
        device_authorization: Option<&'static str>,
        revocation: Option<&'static str>,
    },
}

/// Whether a page on another origin can read the token endpoint's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCors {
    /// CORS headers for any origin the client registered.
    Open,
    /// No CORS headers: the browser needs the relay.
    None,
    /// Microsoft's rule: a "spa" registration must be redeemed cross-origin, with `Origin`;
    /// a "web" one must not be (the relay forwards or drops `Origin` accordingly).
    SpaOnly,
    /// Only from origins the tenant's admin listed (Okta's Trusted Origins, Keycloak's
    /// Web Origins).
    ListedOrigins,
}

impl TokenCors {
    /// What a browser page meets at the token endpoint, for the CLI's list and the page's
    /// preset notes.
    pub fn browser(self) -> &'static str {
        match self {
            TokenCors::Open => "CORS for registered origins",
            TokenCors::None => "no CORS: the page needs the relay",
            TokenCors::SpaOnly => "CORS only for \"spa\" registrations, which need Origin",
            TokenCors::ListedOrigins => "CORS for the origins an admin lists",
        }
    }
}

/// What a placeholder's value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A DNS name: letters, digits, `-` and `.` (an Auth0 tenant's or an Okta org's domain).
    Host,
    /// One path segment: letters, digits, `-`, `_` and `.`, not `.` or `..` (a tenant id, a
    /// realm, an authorization server).
    Segment,
    /// The start of a URL: `https://host[:port][/path]`, no query or fragment, or http on
    /// loopback (a Keycloak server, which may be under a path such as `/auth`).
    BaseUrl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// As written in the templates: `{tenant}`.
    pub name: &'static str,
    pub label: &'static str,
    pub part: Part,
    pub example: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable, for links and `--preset`.
    pub id: &'static str,
    pub name: &'static str,
    pub endpoints: Endpoints,
    pub placeholders: &'static [Placeholder],
    /// A scope to start with.
    pub scope: &'static str,
    /// Parameters the authorization request carries besides the standard ones, without
    /// which the provider issues no refresh token (Google's `access_type=offline`).
    pub authorize_params: &'static [(&'static str, &'static str)],
    pub token_cors: TokenCors,
    /// What a learner should know before starting.
    pub notes: &'static [&'static str],
    /// The provider's page these facts come from.
    pub source: &'static str,
    /// Facts above that no primary source read for this project confirmed.
    pub unverified: &'static [&'static str],
}

/// A preset with its placeholders filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Discovered {
        issuer: String,
        well_known: WellKnown,
    },
    Fixed {
        authorization: String,
        token: String,
        device_authorization: Option<String>,
        revocation: Option<String>,
    },
}

const TENANT: Placeholder = Placeholder {
    name: "tenant",
    label: "Tenant (a directory id, a domain, or common / organizations / consumers)",
    part: Part::Segment,
    example: "common",
};
const AUTH0_DOMAIN: Placeholder = Placeholder {
    name: "domain",
    label: "Tenant domain",
    part: Part::Host,
    example: "dev-example.us.auth0.com",
};
const OKTA_DOMAIN: Placeholder = Placeholder {
    name: "domain",
    label: "Okta org domain",
    part: Part::Host,
    example: "dev-123456.okta.com",
};
const OKTA_SERVER: Placeholder = Placeholder {
    name: "server",
    label: "Authorization server",
    part: Part::Segment,
    example: "default",
};
const KEYCLOAK_BASE: Placeholder = Placeholder {
    name: "base",
    label: "Keycloak server URL",
    part: Part::BaseUrl,
    example: "https://sso.example.com",
};
const REALM: Placeholder = Placeholder {
    name: "realm",
    label: "Realm",
    part: Part::Segment,
    example: "master",
};

const fn openid(issuer: &'static str) -> Endpoints {
    Endpoints::Discovered {
        issuer,
        well_known: WellKnown::OpenId,
    }
}

/// Every preset, in the order a list shows them.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "google",
        name: "Google",
        endpoints: openid("https://accounts.google.com"),
        placeholders: &[],
        scope: "openid email profile",
        authorize_params: &[("access_type", "offline"), ("prompt", "consent")],
        token_cors: TokenCors::Open,
        notes: &[
            "Use a \"Web application\" client: its token endpoint wants the client_secret even with PKCE.",
            "A refresh token comes only with access_type=offline, and a new one only with prompt=consent: the preset adds both to the authorization request.",
        ],
        source: "https://developers.google.com/identity/protocols/oauth2/web-server",
        unverified: &["access_type=offline and prompt=consent for refresh tokens"],
    },
    Preset {
        id: "microsoft",
        name: "Microsoft Entra ID",
        endpoints: openid("https://login.microsoftonline.com/{tenant}/v2.0"),
        placeholders: &[TENANT],
        scope: "openid profile offline_access User.Read",
        authorize_params: &[],
        token_cors: TokenCors::SpaOnly,
        notes: &[
            "Register the redirect URI as \"Single-page application\" to redeem codes from the page: Microsoft then requires the cross-origin Origin header (AADSTS9002327), and refuses it for \"Web\" ones (AADSTS9002326).",
            "Refresh tokens of \"spa\" registrations last a fixed 24 hours.",
            "With tenant common, organizations or consumers the id_token's iss names the user's own tenant, not the discovery issuer.",
        ],
        source: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow",
        unverified: &["the iss of id_tokens from the common, organizations and consumers tenants"],
    },
    Preset {
        id: "github",
        name: "GitHub",
        endpoints: Endpoints::Fixed {
            authorization: "https://github.com/login/oauth/authorize",
            token: "https://github.com/login/oauth/access_token",
            device_authorization: Some("https://github.com/login/device/code"),
            revocation: None,
        },
        placeholders: &[],
        scope: "read:user",
        authorize_params: &[],
        token_cors: TokenCors::None,
        notes: &[
            "The token endpoint sends no CORS headers: the page reaches it through the relay.",
            "Send Accept: application/json, or the token comes back form-encoded.",
            "Not OpenID Connect: there is no id_token; GET https://api.github.com/user says who the user is.",
        ],
        source: "https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
        unverified: &["PKCE (S256) on the web flow"],
    },
    Preset {
        id: "gitlab",
        name: "GitLab",
        endpoints: openid("https://gitlab.com"),
        placeholders: &[],
        scope: "openid profile read_user",
        authorize_params: &[],
        token_cors: TokenCors::Open,
        notes: &["Self-managed GitLab: choose Custom and give its URL as the issuer."],
        source: "https://docs.gitlab.com/api/oauth2/",
        unverified: &["CORS on the token endpoint"],
    },
    Preset {
        id: "auth0",
        name: "Auth0 (tenant)",
        // Auth0's issuer ends with a slash, and discovery checks it exactly (RFC 8414 §3.3).
        endpoints: openid("https://{domain}/"),
        placeholders: &[AUTH0_DOMAIN],
        scope: "openid profile email offline_access",
        authorize_params: &[],
        token_cors: TokenCors::Open,
        notes: &[
            "Allow the page's origin under the application's \"Allowed Web Origins\".",
            "From a browser, /oauth/token returns a refresh token only when refresh token rotation is on.",
        ],
        source: "https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow-with-pkce",
        unverified: &[],
    },
    Preset {
        id: "okta",
        name: "Okta (org)",
        endpoints: openid("https://{domain}/oauth2/{server}"),
        placeholders: &[OKTA_DOMAIN, OKTA_SERVER],
        scope: "openid profile offline_access",
        authorize_params: &[],
        token_cors: TokenCors::ListedOrigins,
        notes: &["Add the page's origin under Security → API → Trusted Origins (CORS)."],
        source: "https://developer.okta.com/docs/guides/implement-grant-type/authcodepkce/main/",
        unverified: &[],
    },
    Preset {
        id: "keycloak",
        name: "Keycloak (realm)",
        endpoints: openid("{base}/realms/{realm}"),
        placeholders: &[KEYCLOAK_BASE, REALM],
        scope: "openid profile",
        authorize_params: &[],
        token_cors: TokenCors::ListedOrigins,
        notes: &[
            "Set the client's \"Web origins\" to the page's origin (or +), or the browser sees a CORS error.",
            "Keycloak before version 17 serves realms under /auth: give the server URL with it.",
        ],
        source: "https://www.keycloak.org/securing-apps/oidc-layers",
        unverified: &[],
    },
    Preset {
        id: "x",
        name: "X (OAuth 2.0)",
        endpoints: Endpoints::Fixed {
            authorization: "https://x.com/i/oauth2/authorize",
            token: "https://api.x.com/2/oauth2/token",
            device_authorization: None,
            revocation: Some("https://api.x.com/2/oauth2/revoke"),
        },
        placeholders: &[],
        scope: "tweet.read users.read offline.access",
        authorize_params: &[],
        token_cors: TokenCors::None,
        notes: &[
            "PKCE is required. Confidential clients authenticate with HTTP Basic at the token endpoint.",
            "offline.access gives a refresh token.",
        ],
        source: "https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token",
        unverified: &[
            "the x.com and api.x.com hosts (twitter.com ones are documented too)",
            "no CORS on the token endpoint",
        ],
    },
    Preset {
        id: "spotify",
        name: "Spotify",
        endpoints: Endpoints::Fixed {
            authorization: "https://accounts.spotify.com/authorize",
            token: "https://accounts.spotify.com/api/token",
            device_authorization: None,
            revocation: None,
        },
        placeholders: &[],
        scope: "user-read-email",
        authorize_params: &[],
        token_cors: TokenCors::Open,
        notes: &["A refresh token obtained with PKCE works once: each refresh returns the next one."],
        source: "https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow",
        unverified: &["CORS on the token endpoint"],
    },
    Preset {
        id: "discord",
        name: "Discord",
        // Discord publishes RFC 8414 metadata (with S256 and RFC 9207's iss).
        endpoints: Endpoints::Discovered {
            issuer: "https://discord.com",
            well_known: WellKnown::OAuth,
        },
        placeholders: &[],
        scope: "identify",
        authorize_params: &[],
        token_cors: TokenCors::None,
        notes: &["GET https://discord.com/api/users/@me with the token says who the user is."],
        source: "https://discord.com/developers/docs/topics/oauth2",
        unverified: &["no CORS on the token endpoint"],
    },
    Preset {
        id: "dropbox",
        name: "Dropbox",
        endpoints: Endpoints::Fixed {
            authorization: "https://www.dropbox.com/oauth2/authorize",
            token: "https://api.dropboxapi.com/oauth2/token",
            device_authorization: None,
            revocation: None,
        },
        placeholders: &[],
        scope: "account_info.read",
        authorize_params: &[("token_access_type", "offline")],
        token_cors: TokenCors::Open,
        notes: &[
            "A refresh token comes only with token_access_type=offline, which the preset adds to the authorization request.",
            "Revocation is POST https://api.dropboxapi.com/2/auth/token/revoke with the token as Bearer, not RFC 7009.",
        ],
        source: "https://developers.dropbox.com/oauth-guide",
        unverified: &["CORS on the token endpoint", "the revocation call"],
    },
    Preset {
        id: "slack",
        name: "Slack (Sign in with Slack)",
        endpoints: openid("https://slack.com"),
        placeholders: &[],
        scope: "openid profile email",
        authorize_params: &[],
        token_cors: TokenCors::None,
        notes: &[
            "This is Sign in with Slack (OpenID Connect). Bot and user tokens for the Web API come from https://slack.com/oauth/v2/authorize and oauth.v2.access: use Custom.",
        ],
        source: "https://api.slack.com/authentication/sign-in-with-slack",
        unverified: &["no CORS on the token endpoint"],
    },
    Preset {
        id: "salesforce",
        name: "Salesforce",
        endpoints: openid("https://login.salesforce.com"),
        placeholders: &[],
        scope: "openid api refresh_token",
        authorize_params: &[],
        token_cors: TokenCors::ListedOrigins,
        notes: &[
            "Sandboxes use https://test.salesforce.com, and My Domain logins their own host: use Custom with that issuer.",
            "Allow the page's origin under Setup → CORS.",
        ],
        source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm",
        unverified: &["CORS on the token endpoint once the origin is allowed"],
    },
    Preset {
        id: "mediawiki",
        name: "MediaWiki (OAuth 2.0, Wikimedia)",
        endpoints: Endpoints::Fixed {
            authorization: "https://meta.wikimedia.org/w/rest.php/oauth2/authorize",
            token: "https://meta.wikimedia.org/w/rest.php/oauth2/access_token",
            device_authorization: None,
            revocation: None,
        },
        placeholders: &[],
        scope: "basic",
        authorize_params: &[],
        token_cors: TokenCors::None,
        notes: &[
            "GET https://meta.wikimedia.org/w/rest.php/oauth2/resource/profile with the token says who the user is.",
            "Another wiki: the same paths under its own /w/rest.php.",
        ],
        source: "https://www.mediawiki.org/wiki/OAuth/For_Developers",
        unverified: &[
            "no CORS on the token endpoint",
            "PKCE for non-confidential consumers",
        ],
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

impl Preset {
    /// [`Preset::authorize_params`] form-encoded, as the page's field shows them.
    pub fn authorize_query(&self) -> String {
        crate::http::form_encode(self.authorize_params.iter().copied())
    }

    /// The endpoints with every placeholder filled from `values` (`name`, `value`). A
    /// missing value, a value its [`Part`] refuses, or a result that is not an http(s) URL
    /// is an error that names it.
    pub fn resolve(&self, values: &[(&str, &str)]) -> Result<Resolved, Error> {
        let fill = |template: &str| -> Result<String, Error> {
            let mut out = template.to_owned();
            for p in self.placeholders {
                let key = format!("{{{}}}", p.name);
                if !out.contains(&key) {
                    continue;
                }
                let value = values
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map(|(_, v)| v.trim())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| invalid(p, "", format!("{} needs a value, e.g. {}", p.name, p.example)))?;
                out = out.replace(&key, &checked(p, value)?);
            }
            let url = crate::http::parse_url(&out)?;
            Ok(url.as_str().to_owned())
        };
        let fill_opt = |t: Option<&str>| t.map(fill).transpose();
        Ok(match self.endpoints {
            Endpoints::Discovered { issuer, well_known } => {
                let filled = fill(issuer)?;
                // `Url` adds a `/` to a bare origin; an issuer is compared as written.
                let issuer = if issuer.ends_with('/') {
                    filled
                } else {
                    filled.trim_end_matches('/').to_owned()
                };
                Resolved::Discovered { issuer, well_known }
            }
            Endpoints::Fixed {
                authorization,
                token,
                device_authorization,
                revocation,
            } => Resolved::Fixed {
                authorization: fill(authorization)?,
                token: fill(token)?,
                device_authorization: fill_opt(device_authorization)?,
                revocation: fill_opt(revocation)?,
            },
        })
    }
}

fn invalid(p: &Placeholder, value: &str, why: String) -> Error {
    Error::InvalidValue {
        what: p.name,
        value: value.to_owned(),
        why,
    }
}

/// `value` as it may go into the template, or why not.
fn checked(p: &Placeholder, value: &str) -> Result<String, Error> {
    let plain = |extra: &str| {
        value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    match p.part {
        Part::Host if plain("-.") && !value.starts_with('.') && !value.contains("..") => {
            Ok(value.to_ascii_lowercase())
        }
        Part::Host => Err(invalid(
            p,
            value,
            format!("give a host name only, such as {}", p.example),
        )),
        Part::Segment if plain("-_.") && value != "." && value != ".." => Ok(value.to_owned()),
        Part::Segment => Err(invalid(
            p,
            value,
            "give one name of letters, digits, '-', '_' or '.', without '/'".into(),
        )),
        Part::BaseUrl => base_url(p, value),
    }
}

fn base_url(p: &Placeholder, value: &str) -> Result<String, Error> {
    let url = Url::parse(value).map_err(|e| invalid(p, value, e.to_string()))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let why = match (url.scheme(), loopback) {
        ("https", _) | ("http", true) => None,
        ("http", false) => Some("use https (http only on this machine's loopback)"),
        _ => Some("give an https:// URL"),
    }
    .or_else(|| {
        (url.query().is_some() || url.fragment().is_some()).then_some("leave out the query and fragment")
    })
    .or_else(|| {
        (!url.username().is_empty() || url.password().is_some())
            .then_some("leave out the user name and password")
    });
    match why {
        Some(why) => Err(invalid(p, value, why.into())),
        None => Ok(url.as_str().trim_end_matches('/').to_owned()),
    }
}

#[cfg(test)]
#[path = "presets_tests.rs"]
mod tests;
