//! The OAuth 2.0 page's flows, one tab each, and the client each flow sends: the
//! configuration's, except for the sandbox's SPA client, which may use neither the device
//! grant, client credentials nor token exchange: there the sandbox's own client for that
//! grant stands in.

use engine::sandbox::{OAUTH2_DEVICE_CLIENT, OAUTH2_M2M_CLIENT, OAUTH2_M2M_SECRET};
use oauth2::{ClientAuth, Secret};

use super::config::{Config, SANDBOX_CLIENT};

/// sessionStorage: the tab chosen last, for a reload of this tab (the flows page's, then
/// the tokens page's).
pub const FLOW_KEY: &str = "oauth-playground.oauth2.flow";
pub const TOKENS_FLOW_KEY: &str = "oauth-playground.oauth2.tokens-flow";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    #[default]
    Code,
    Device,
    ClientCredentials,
    Exchange,
}

impl Flow {
    /// In tab order; the last is under "Advanced".
    pub const ALL: [Flow; 4] = [Flow::Code, Flow::Device, Flow::ClientCredentials, Flow::Exchange];
    /// The flows page's tabs: a user at the browser signs in.
    pub const WITH_USER: [Flow; 2] = [Flow::Code, Flow::Device];
    /// The tokens page's tabs: no user present, a token from the client's own secret or
    /// traded for another (each page's first visit within its budget, BENCHMARKS.md).
    pub const WITHOUT_USER: [Flow; 2] = [Flow::ClientCredentials, Flow::Exchange];

    /// The tabs this flow is one of.
    pub fn group(self) -> &'static [Flow] {
        match self {
            Flow::Code | Flow::Device => &Flow::WITH_USER,
            _ => &Flow::WITHOUT_USER,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Flow::Code => "code",
            Flow::Device => "device",
            Flow::ClientCredentials => "client-credentials",
            Flow::Exchange => "token-exchange",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Flow::Code => "Authorization code + PKCE",
            Flow::Device => "Device",
            Flow::ClientCredentials => "Client credentials",
            Flow::Exchange => "Token exchange",
        }
    }

    pub fn advanced(self) -> bool {
        self == Flow::Exchange
    }

    /// The stored id among `group`; anything else (or nothing): the group's first.
    pub fn parse(id: Option<&str>, group: &[Flow]) -> Flow {
        group
            .iter()
            .copied()
            .find(|f| Some(f.id()) == id)
            .unwrap_or(group[0])
    }

    /// The tab an arrow key moves to (WAI-ARIA tabs pattern: wraps).
    pub fn moved(self, key: &str) -> Option<Flow> {
        let all = self.group();
        let at = all.iter().position(|f| *f == self).unwrap_or(0);
        let n = all.len();
        let to = match key {
            "ArrowRight" | "ArrowDown" => (at + 1) % n,
            "ArrowLeft" | "ArrowUp" => (at + n - 1) % n,
            _ => return None,
        };
        Some(all[to])
    }
}

/// Who a flow authenticates as, and the scope it asks for by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowClient {
    pub auth: ClientAuth,
    pub scope: String,
    /// Why this is not the configuration's client; `None` when it is.
    pub note: Option<String>,
}

/// The client `flow` sends for `config`.
pub fn client_for(config: &Config, flow: Flow) -> FlowClient {
    let own = FlowClient {
        auth: config.client_auth(),
        scope: config.scope.trim().to_owned(),
        note: None,
    };
    if config.client_id.trim() != SANDBOX_CLIENT || !config.client_secret.expose().is_empty() {
        return own;
    }
    let note = |id: &str, grant: &str| {
        Some(format!(
            "{SANDBOX_CLIENT} may not use {grant}: this tab uses the sandbox's {id}."
        ))
    };
    match flow {
        Flow::Device => FlowClient {
            auth: ClientAuth::None {
                client_id: OAUTH2_DEVICE_CLIENT.into(),
            },
            note: note(OAUTH2_DEVICE_CLIENT, "the device grant"),
            ..own
        },
        Flow::ClientCredentials | Flow::Exchange => FlowClient {
            auth: ClientAuth::SecretBasic {
                client_id: OAUTH2_M2M_CLIENT.into(),
                secret: Secret::new(OAUTH2_M2M_SECRET),
            },
            // The client's own API scopes: it has no user to sign in (no openid).
            scope: "api.read".into(),
            note: if flow == Flow::Exchange {
                note(OAUTH2_M2M_CLIENT, "token exchange")
            } else {
                note(OAUTH2_M2M_CLIENT, "client credentials")
            },
        },
        Flow::Code => own,
    }
}

/// A URL that may be shown as a link or a QR code: http or https only.
pub fn linkable(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or_default().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tabs_parse_and_move_with_the_arrow_keys() {
        let (user, none) = (&Flow::WITH_USER, &Flow::WITHOUT_USER);
        assert_eq!(Flow::parse(None, user), Flow::Code);
        assert_eq!(Flow::parse(Some("device"), user), Flow::Device);
        assert_eq!(Flow::parse(Some("nonsense"), user), Flow::Code);
        assert_eq!(Flow::parse(Some("token-exchange"), user), Flow::Code);
        assert_eq!(Flow::parse(None, none), Flow::ClientCredentials);
        for f in Flow::ALL {
            assert_eq!(Flow::parse(Some(f.id()), f.group()), f);
        }
        assert_eq!(Flow::Code.moved("ArrowRight"), Some(Flow::Device));
        assert_eq!(Flow::Code.moved("ArrowLeft"), Some(Flow::Device));
        assert_eq!(Flow::Device.moved("ArrowRight"), Some(Flow::Code));
        assert_eq!(Flow::Exchange.moved("ArrowRight"), Some(Flow::ClientCredentials));
        assert_eq!(Flow::ClientCredentials.moved("ArrowLeft"), Some(Flow::Exchange));
        assert_eq!(Flow::Device.moved("a"), None);
        assert!(Flow::Exchange.advanced() && !Flow::Device.advanced());
    }

    #[test]
    fn the_sandbox_spa_client_is_replaced_per_grant_only() {
        let spa = Config {
            client_id: SANDBOX_CLIENT.into(),
            scope: "openid profile".into(),
            ..Config::default()
        };
        let d = client_for(&spa, Flow::Device);
        assert_eq!(d.auth.client_id(), OAUTH2_DEVICE_CLIENT);
        assert_eq!(d.scope, "openid profile");
        assert!(d.note.unwrap().contains("playground-device"));
        let c = client_for(&spa, Flow::ClientCredentials);
        assert!(matches!(&c.auth, ClientAuth::SecretBasic { client_id, secret }
            if client_id == OAUTH2_M2M_CLIENT && secret.expose() == OAUTH2_M2M_SECRET));
        assert_eq!(c.scope, "api.read");
        assert_eq!(client_for(&spa, Flow::Exchange).auth, c.auth);
        assert_eq!(client_for(&spa, Flow::Code).auth, spa.client_auth());
        let own = Config {
            client_id: "mine".into(),
            client_secret: Secret::new("s"),
            auth_method: "client_secret_post".into(),
            scope: " read ".into(),
            ..Config::default()
        };
        let c = client_for(&own, Flow::ClientCredentials);
        assert_eq!(
            (c.auth, c.scope.as_str(), c.note),
            (own.client_auth(), "read", None)
        );
    }

    #[test]
    fn only_http_urls_are_linkable() {
        assert_eq!(
            linkable("https://as.example/device"),
            Some("https://as.example/device")
        );
        assert_eq!(linkable("HTTP://127.0.0.1/d"), Some("HTTP://127.0.0.1/d"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "",
            "http:/x",
            "ftp://x",
        ] {
            assert_eq!(linkable(bad), None, "{bad}");
        }
    }
}
