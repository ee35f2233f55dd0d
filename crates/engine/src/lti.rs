//! LTI 1.1 Basic launches (1EdTech "Learning Tools Interoperability Implementation Guide"
//! 1.1, §4 "Basic Launch Data", §6 "Security Model"): a form POST from the learning
//! platform (the tool consumer) to the tool, signed one-legged with OAuth 1.0a (RFC 5849)
//! by the consumer's key and secret, every form field in the base string (§3.4.1.3.1), and
//! `oauth_callback=about:blank` (LTI has no callback, but OAuth 1.0a wants one sent).
//!
//! Both sides, pure: [`LtiLaunch::sign`] builds and signs the form fields with the workings;
//! [`check_fields`] is the tool's check of the LTI fields once the signature is verified.
//! The launch is a form navigation, so the browser needs no CORS for it.

use std::fmt;

use oauth1::encode::parse_form;
use oauth1::{Credentials, Explanation, FORM_CONTENT_TYPE, Placement, RequestSpec, SignOptions};

use crate::oauth1_flow::ConsumerOnly;

pub const MESSAGE_TYPE: &str = "basic-lti-launch-request";
pub const VERSION: &str = "LTI-1p0";
/// LTI 1.1 §6: the callback is not used, and is sent as this.
pub const CALLBACK: &str = "about:blank";

/// What the platform launches with. Empty optional fields are left out of the form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LtiLaunch {
    /// The tool's launch URL: absolute http(s).
    pub url: String,
    /// Required: the placement of the link in the platform (§4).
    pub resource_link_id: String,
    pub resource_link_title: String,
    /// The user, opaque to the tool (recommended).
    pub user_id: String,
    /// Comma-separated LIS roles, e.g. `Instructor` or `Learner` (recommended).
    pub roles: String,
    pub lis_person_name_full: String,
    pub lis_person_contact_email_primary: String,
    /// The course (context) the link is in.
    pub context_id: String,
    pub context_title: String,
    pub context_label: String,
    pub launch_presentation_return_url: String,
    /// Custom parameters as the platform was configured with them, named without the
    /// `custom_` prefix; [`custom_name`] makes the field name.
    pub custom: Vec<(String, String)>,
}

/// Why a launch cannot be built, or why a tool refuses one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LtiError {
    /// A required field is missing or empty.
    Missing(&'static str),
    /// A field has a value other than the one LTI 1.1 requires.
    Wrong {
        field: &'static str,
        found: String,
        expected: &'static str,
    },
    /// A field appears more than once.
    Repeated(String),
    /// The URL, or signing, failed in the core.
    Sign(oauth1::Error),
}

impl fmt::Display for LtiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LtiError::Missing(field) => write!(f, "{field} is required in an LTI 1.1 launch"),
            LtiError::Wrong {
                field,
                found,
                expected,
            } => write!(
                f,
                "{field} is \"{found}\"; an LTI 1.1 basic launch has \"{expected}\""
            ),
            LtiError::Repeated(field) => write!(f, "{field} is sent more than once"),
            LtiError::Sign(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LtiError {}

/// The form field of a custom parameter (LTI 1.1 §4, "Custom parameters"): `custom_`, then
/// the name in lower case with every character that is not a letter or digit made `_`.
pub fn custom_name(name: &str) -> String {
    let mapped: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("custom_{mapped}")
}

/// A signed launch: the form to POST to `url`, every field as it goes into a hidden input,
/// and how its signature was made.
#[derive(Debug, Clone)]
pub struct SignedLaunch {
    pub url: String,
    pub fields: Vec<(String, String)>,
    pub explanation: Explanation,
}

impl LtiLaunch {
    /// The LTI fields, in the order sent: the two fixed ones, then the rest as given.
    pub fn fields(&self) -> Result<Vec<(String, String)>, LtiError> {
        if self.resource_link_id.trim().is_empty() {
            return Err(LtiError::Missing("resource_link_id"));
        }
        let mut out = vec![
            ("lti_message_type".to_owned(), MESSAGE_TYPE.to_owned()),
            ("lti_version".to_owned(), VERSION.to_owned()),
        ];
        for (name, value) in [
            ("resource_link_id", &self.resource_link_id),
            ("resource_link_title", &self.resource_link_title),
            ("user_id", &self.user_id),
            ("roles", &self.roles),
            ("lis_person_name_full", &self.lis_person_name_full),
            (
                "lis_person_contact_email_primary",
                &self.lis_person_contact_email_primary,
            ),
            ("context_id", &self.context_id),
            ("context_title", &self.context_title),
            ("context_label", &self.context_label),
            (
                "launch_presentation_return_url",
                &self.launch_presentation_return_url,
            ),
        ] {
            if !value.trim().is_empty() {
                out.push((name.to_owned(), value.clone()));
            }
        }
        for (name, value) in &self.custom {
            let field = custom_name(name);
            if out.iter().any(|(n, _)| *n == field) {
                return Err(LtiError::Repeated(field));
            }
            out.push((field, value.clone()));
        }
        Ok(out)
    }

    /// Signs the launch as `who` (HMAC-SHA1 in LTI 1.1; any method the core signs), with
    /// the caller's nonce and clock: the OAuth parameters go into the form with the rest
    /// (LTI 1.1 §6), and `oauth_callback` is `about:blank`.
    pub fn sign(&self, who: &ConsumerOnly, nonce: &str, timestamp: u64) -> Result<SignedLaunch, LtiError> {
        let fields = self.fields()?;
        let spec = RequestSpec {
            method: "POST".into(),
            url: self.url.trim().to_owned(),
            content_type: Some(FORM_CONTENT_TYPE.to_owned()),
            body: String::new(),
            extra_params: fields,
        };
        let resolved = who.resolved();
        let credentials: Credentials = resolved.credentials;
        let options = SignOptions {
            signature_method: resolved.signature_method,
            placement: Placement::Body,
            realm: None,
            callback: Some(CALLBACK.to_owned()),
            ..SignOptions::default()
        };
        let signed =
            oauth1::sign_request(&spec, &credentials, &options, nonce, timestamp).map_err(LtiError::Sign)?;
        let fields = parse_form(&signed.request.body).map_err(LtiError::Sign)?;
        Ok(SignedLaunch {
            url: signed.request.url,
            fields,
            explanation: signed.explanation,
        })
    }
}

/// The tool's check of a launch's LTI fields (after the OAuth signature, timestamp and
/// nonce are verified): the message type, the version, and a resource link id, each once.
pub fn check_fields(fields: &[(String, String)]) -> Result<(), LtiError> {
    let one = |field: &'static str| -> Result<Option<&str>, LtiError> {
        let mut found = fields.iter().filter(|(n, _)| n == field);
        match (found.next(), found.next()) {
            (Some(_), Some(_)) => Err(LtiError::Repeated(field.to_owned())),
            (Some((_, v)), None) => Ok(Some(v.as_str())),
            _ => Ok(None),
        }
    };
    for (field, expected) in [("lti_message_type", MESSAGE_TYPE), ("lti_version", VERSION)] {
        match one(field)? {
            None => return Err(LtiError::Missing(field)),
            Some(v) if v != expected => {
                return Err(LtiError::Wrong {
                    field,
                    found: v.to_owned(),
                    expected,
                });
            }
            Some(_) => {}
        }
    }
    match one("resource_link_id")? {
        Some(v) if !v.trim().is_empty() => Ok(()),
        _ => Err(LtiError::Missing("resource_link_id")),
    }
}

#[cfg(test)]
#[path = "lti_tests.rs"]
mod tests;
