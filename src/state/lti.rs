//! The LTI 1.1 launch mode's form (issue 13): what the user types, turned into an
//! `engine::lti::LtiLaunch` and signed there (LTI 1.1 §6: one-legged HMAC-SHA1, every form
//! field in the base string, `oauth_callback=about:blank`). Pure: the nonce and the clock
//! come from the caller, so the tests check exact bytes.

use engine::lines::parameters;
use engine::lti::{LtiLaunch, SignedLaunch};
use engine::oauth1_flow::ConsumerOnly;
use oauth1::encode::to_form;
use oauth1::{Explanation, FORM_CONTENT_TYPE, PreparedRequest, SignatureMethod};
use url::Url;

use super::presets::SandboxInfo;
use super::safe_url;

/// The panel's inputs, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LtiForm {
    pub url: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub resource_link_id: String,
    pub user_id: String,
    pub roles: String,
    pub context_id: String,
    pub context_title: String,
    /// `name=value` lines, named without the `custom_` prefix (the engine adds it).
    pub custom: String,
}

/// One input of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LtiField {
    Url,
    ConsumerKey,
    ConsumerSecret,
    ResourceLinkId,
    UserId,
    Roles,
    ContextId,
    ContextTitle,
    Custom,
}

/// A signed launch, ready to be submitted as a form: the checked URL, the hidden fields,
/// and the workings (the request as the flow's workings view shows one).
#[derive(Debug, Clone)]
pub struct Launch {
    pub url: String,
    pub fields: Vec<(String, String)>,
    pub explanation: Explanation,
    pub request: PreparedRequest,
}

impl Launch {
    /// Why the browser will not open this launch: the page's `form-action` (the same places
    /// as its `connect-src`, docs/hosting.md) allows plain http to `127.0.0.1` and
    /// `localhost` only: CSP matches hosts by name, so not `127.0.0.2`, `[::1]` or `x.localhost`.
    pub fn blocked(&self) -> Option<String> {
        let url = Url::parse(&self.url).ok()?;
        let allowed = matches!(url.host_str(), Some("127.0.0.1" | "localhost"));
        (url.scheme() == "http" && !allowed).then(|| {
            format!(
                "Plain http to {}: this page's Content-Security-Policy lets its forms post over \
                 http to 127.0.0.1 and localhost only, so the browser will not open it. Use \
                 https://, or copy the HTTP request below.",
                url.host_str().unwrap_or_default()
            )
        })
    }
}

impl LtiForm {
    /// A launch of the sandbox's tool (`/sandbox/lti/launch`) by its demo consumer, when the
    /// page is served by `oauth-playground serve`; example values otherwise.
    pub fn initial(sandbox: Option<&SandboxInfo>) -> Self {
        let mut f = LtiForm {
            url: "https://tool.example.com/lti/launch".into(),
            resource_link_id: "link-1".into(),
            user_id: "learner-1".into(),
            roles: "Learner".into(),
            context_id: "course-1".into(),
            context_title: "Introduction to OAuth".into(),
            custom: "chapter=3".into(),
            ..LtiForm::default()
        };
        if let Some(s) = sandbox.filter(|s| !s.base.is_empty()) {
            f.url = format!("{}/lti/launch", s.base.trim_end_matches('/'));
            f.consumer_key = s.consumer_key.clone();
            f.consumer_secret = s.consumer_secret.clone();
        }
        f
    }

    pub fn get(&self, field: LtiField) -> &str {
        match field {
            LtiField::Url => &self.url,
            LtiField::ConsumerKey => &self.consumer_key,
            LtiField::ConsumerSecret => &self.consumer_secret,
            LtiField::ResourceLinkId => &self.resource_link_id,
            LtiField::UserId => &self.user_id,
            LtiField::Roles => &self.roles,
            LtiField::ContextId => &self.context_id,
            LtiField::ContextTitle => &self.context_title,
            LtiField::Custom => &self.custom,
        }
    }

    pub fn set(&mut self, field: LtiField, value: String) {
        let slot = match field {
            LtiField::Url => &mut self.url,
            LtiField::ConsumerKey => &mut self.consumer_key,
            LtiField::ConsumerSecret => &mut self.consumer_secret,
            LtiField::ResourceLinkId => &mut self.resource_link_id,
            LtiField::UserId => &mut self.user_id,
            LtiField::Roles => &mut self.roles,
            LtiField::ContextId => &mut self.context_id,
            LtiField::ContextTitle => &mut self.context_title,
            LtiField::Custom => &mut self.custom,
        };
        *slot = value;
    }

    /// The message under the URL input: `None` when empty or acceptable (http(s) only).
    pub fn url_error(&self) -> Option<String> {
        safe_url::endpoint_error(&self.url)
    }

    fn launch(&self) -> LtiLaunch {
        LtiLaunch {
            url: self.url.clone(),
            resource_link_id: self.resource_link_id.clone(),
            user_id: self.user_id.clone(),
            roles: self.roles.clone(),
            context_id: self.context_id.clone(),
            context_title: self.context_title.clone(),
            custom: parameters(&self.custom),
            ..LtiLaunch::default()
        }
    }

    /// Signs the launch with `nonce` at `timestamp` (seconds). The URL's scheme is checked
    /// first: the form is navigated to, so only http(s) goes out.
    pub fn sign(&self, nonce: &str, timestamp: u64) -> Result<Launch, String> {
        let url = safe_url::navigable(self.url.trim())?;
        let who = ConsumerOnly::new(
            &self.consumer_key,
            &self.consumer_secret,
            SignatureMethod::HmacSha1,
            None,
            None,
            false,
        )
        .map_err(|e| e.to_string())?;
        let SignedLaunch {
            url: signed_url,
            fields,
            explanation,
        } = LtiLaunch { url, ..self.launch() }
            .sign(&who, nonce, timestamp)
            .map_err(|e| e.to_string())?;
        // The engine signed this URL; it is checked again because it is what the form opens.
        let url = safe_url::navigable(&signed_url)?;
        let request = PreparedRequest {
            method: "POST".into(),
            url: url.clone(),
            headers: vec![("Content-Type".into(), FORM_CONTENT_TYPE.into())],
            body: to_form(fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
        };
        Ok(Launch {
            url,
            fields,
            explanation,
            request,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> LtiForm {
        LtiForm {
            consumer_key: "lti-key".into(),
            consumer_secret: "lti-secret".into(),
            url: "http://tool.example/lti/launch".into(),
            ..LtiForm::initial(None)
        }
    }

    #[test]
    fn the_sandbox_launches_its_own_tool_with_the_demo_consumer() {
        let s = SandboxInfo {
            base: "http://127.0.0.1:9/sandbox/".into(),
            consumer_key: "k".into(),
            consumer_secret: "s".into(),
            ..SandboxInfo::default()
        };
        let f = LtiForm::initial(Some(&s));
        assert_eq!(f.url, "http://127.0.0.1:9/sandbox/lti/launch");
        assert_eq!((f.consumer_key.as_str(), f.consumer_secret.as_str()), ("k", "s"));
    }

    #[test]
    fn a_launch_carries_the_lti_fields_and_the_oauth_ones_in_the_form() {
        let l = form().sign("n0nce", 1_700_000_000).unwrap();
        let names: Vec<&str> = l.fields.iter().map(|(n, _)| n.as_str()).collect();
        for want in [
            "lti_message_type",
            "lti_version",
            "resource_link_id",
            "user_id",
            "roles",
            "context_id",
            "context_title",
            "custom_chapter",
            "oauth_consumer_key",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_callback",
            "oauth_signature",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        let get = |n: &str| l.fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(get("oauth_callback"), Some("about:blank"));
        assert_eq!(get("lti_message_type"), Some("basic-lti-launch-request"));
        assert_eq!(get("custom_chapter"), Some("3"));
        assert_eq!(l.explanation.signature_method, SignatureMethod::HmacSha1);
        assert!(
            l.explanation
                .base_string
                .starts_with("POST&http%3A%2F%2Ftool.example%2Flti%2Flaunch&")
        );
        assert_eq!(l.request.url, "http://tool.example/lti/launch");
        assert!(l.blocked().unwrap().starts_with("Plain http to tool.example:"));
        for blocked in [
            "http://127.0.0.2/lti",
            "http://[::1]:9/lti",
            "http://a.localhost/lti",
        ] {
            let f = LtiForm {
                url: blocked.into(),
                ..form()
            };
            assert!(f.sign("n", 1).unwrap().blocked().is_some(), "{blocked}");
        }
        assert!(l.request.body.contains("lti_version=LTI-1p0"));
        engine::lti::check_fields(&l.fields).unwrap();
    }

    #[test]
    fn only_http_urls_are_launched() {
        for bad in ["javascript:alert(1)", "data:text/html,x", "ftp://tool.example/"] {
            let f = LtiForm {
                url: bad.into(),
                ..form()
            };
            assert!(f.sign("n", 1).unwrap_err().starts_with("Refused"), "{bad}");
            assert!(f.url_error().is_some(), "{bad}");
        }
        assert_eq!(form().url_error(), None);
    }

    #[test]
    fn https_and_loopback_tools_are_opened() {
        for ok in [
            "https://tool.example/lti/launch",
            "http://127.0.0.1:9/lti/launch",
            "http://localhost:9/lti/launch",
            "HTTP://LOCALHOST/lti/launch",
        ] {
            let f = LtiForm {
                url: ok.into(),
                ..form()
            };
            assert_eq!(f.sign("n", 1).unwrap().blocked(), None, "{ok}");
        }
    }

    #[test]
    fn missing_pieces_are_explained() {
        let f = LtiForm {
            resource_link_id: " ".into(),
            ..form()
        };
        assert!(f.sign("n", 1).unwrap_err().contains("resource_link_id"));
        let f = LtiForm {
            consumer_key: String::new(),
            ..form()
        };
        assert!(f.sign("n", 1).is_err());
    }

    #[test]
    fn fields_are_set_and_read_by_name() {
        let mut f = LtiForm::default();
        f.set(LtiField::Roles, "Instructor".into());
        assert_eq!(f.get(LtiField::Roles), "Instructor");
    }
}
