//! Where the local sandbox provider lives: `serve` routes these paths, and the app's sandbox
//! preset and `playground.json` build their URLs from them.

/// Where `serve` mounts the sandbox.
pub const MOUNT: &str = "/sandbox";

/// The routes, relative to [`MOUNT`].
pub const REQUEST_TOKEN: &str = "/oauth/request_token";
pub const AUTHORIZE: &str = "/oauth/authorize";
pub const ACCESS_TOKEN: &str = "/oauth/access_token";
/// `GET`: who the token speaks for.
pub const ME: &str = "/api/me";
/// `POST`: the signed parameters back as JSON.
pub const ECHO: &str = "/api/echo";
pub const STYLE: &str = "/style.css";
/// `GET` or `POST`, signed by the consumer alone (no token): who signed, and the parameters.
pub const ONE_LEGGED: &str = "/api/one-legged";
/// `POST`: the LTI 1.1 tool; verifies a Basic LTI launch and shows what it received.
pub const LTI_LAUNCH: &str = "/lti/launch";

/// Where `serve` mounts the OAuth 2.0 / OpenID Connect authorization server: its issuer is
/// the origin plus this.
pub const OAUTH2_MOUNT: &str = "/sandbox/oauth2";
/// Its public SPA client, the one the app's OAuth 2.0 page signs in with.
pub const OAUTH2_SPA_CLIENT: &str = "playground-spa";
/// Its public device-flow client (RFC 8628), the one the page's device tab uses.
pub const OAUTH2_DEVICE_CLIENT: &str = "playground-device";
/// Its machine-to-machine client (RFC 6749 §4.4), with its PUBLIC demo secret.
pub const OAUTH2_M2M_CLIENT: &str = "playground-m2m";
pub const OAUTH2_M2M_SECRET: &str = "playground-m2m-secret";

/// The sandbox's endpoint URLs under a base such as `http://127.0.0.1:8080/sandbox`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxUrls {
    pub base: String,
    pub request_token: String,
    pub authorize: String,
    pub access_token: String,
    pub me: String,
    pub echo: String,
}

impl SandboxUrls {
    /// A trailing `/` on `base` is ignored.
    pub fn new(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        let url = |path: &str| format!("{base}{path}");
        Self {
            base: base.to_owned(),
            request_token: url(REQUEST_TOKEN),
            authorize: url(AUTHORIZE),
            access_token: url(ACCESS_TOKEN),
            me: url(ME),
            echo: url(ECHO),
        }
    }

    /// The URLs of a `serve` reached at `origin` (`http://127.0.0.1:8080`).
    pub fn at_origin(origin: &str) -> Self {
        Self::new(&format!("{}{MOUNT}", origin.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_the_base_and_the_routes() {
        let u = SandboxUrls::new("http://127.0.0.1:9/sandbox/");
        assert_eq!(u.base, "http://127.0.0.1:9/sandbox");
        assert_eq!(u.request_token, "http://127.0.0.1:9/sandbox/oauth/request_token");
        assert_eq!(u.authorize, "http://127.0.0.1:9/sandbox/oauth/authorize");
        assert_eq!(u.access_token, "http://127.0.0.1:9/sandbox/oauth/access_token");
        assert_eq!(u.me, "http://127.0.0.1:9/sandbox/api/me");
        assert_eq!(u.echo, "http://127.0.0.1:9/sandbox/api/echo");
        assert_eq!(SandboxUrls::at_origin("http://127.0.0.1:9"), u);
    }
}
