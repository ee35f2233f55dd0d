//! The workings of a signature kept as a compact record, and the [`Explanation`] built from
//! it only when someone asks. The record holds what the signed request does not: the rest
//! is read back from the request, its query and form body (RFC 5849 §3.4.1.3.1) and the
//! protocol parameters where they were placed (§3.5). A property test checks that this
//! equals the explanation [`crate::sign_request`] builds as it goes.

use url::Url;

use crate::base_string::SignatureBaseString;
use crate::encode::parse_form;
use crate::explain::{Explanation, masked_key};
use crate::header::parse_authorization;
use crate::normalized::EncodedPairs;
use crate::params::{Parameter, Source};
use crate::request::{Placement, PreparedRequest};
use crate::sign::SignatureMethod;
use crate::uri::base_string_uri;

/// `text` cut at `at`: what was signed, and what was placed after it.
fn split(text: &str, at: usize) -> (&str, &str) {
    (text.get(..at).unwrap_or(text), text.get(at..).unwrap_or(""))
}

#[derive(Debug, Clone)]
pub(crate) struct Workings {
    pub signature_method: SignatureMethod,
    pub placement: Placement,
    /// The bytes of the URL's query that were signed; placed parameters follow (§3.5.3).
    pub query_len: usize,
    /// The bytes of a form body that were signed; placed parameters follow (§3.5.2).
    pub form_len: Option<usize>,
    /// See [`crate::explain::key_mask`].
    pub key_mask: [usize; 2],
    pub notes: Vec<String>,
}

impl Workings {
    pub fn explain(&self, request: &PreparedRequest) -> Explanation {
        // The request was built from text that parsed when it was signed, so it parses again;
        // were it changed since, the workings would show less, never panic.
        let url = Url::parse(&request.url).ok();
        let query = url.as_ref().and_then(Url::query).unwrap_or("");
        let (signed_query, placed_query) = split(query, self.query_len);
        let (signed_body, placed_body) = match self.form_len {
            Some(len) => split(&request.body, len),
            None => ("", request.body.as_str()),
        };
        let pairs = |text: &str| parse_form(text).unwrap_or_default();
        let mut parameters: Vec<Parameter> = pairs(signed_query)
            .into_iter()
            .map(|(n, v)| Parameter::new(n, v, Source::Query))
            .chain(
                pairs(signed_body)
                    .into_iter()
                    .map(|(n, v)| Parameter::new(n, v, Source::FormBody)),
            )
            .collect();
        let authorization = request.header("Authorization").map(str::to_owned);
        let mut sent = match self.placement {
            Placement::Header => authorization
                .as_deref()
                .and_then(|a| parse_authorization(a).ok())
                .map(|h| h.params)
                .unwrap_or_default(),
            Placement::Query => pairs(placed_query),
            Placement::Body => pairs(placed_body),
        };
        // `oauth_signature` is placed last.
        let signature = sent.pop().map(|(_, v)| v).unwrap_or_default();
        parameters.extend(
            sent.into_iter()
                .map(|(n, v)| Parameter::new(n, v, Source::Protocol)),
        );
        let normalized = EncodedPairs::of(&parameters).normalized();
        let uri = url.as_ref().map(base_string_uri).unwrap_or_default();
        let parts = SignatureBaseString::new(&request.method, uri, normalized.clone());
        Explanation {
            method: request.method.clone(),
            signature_method: self.signature_method,
            placement: self.placement,
            parameters,
            normalized_parameters: normalized,
            base_string_uri: parts.uri.clone(),
            base_string: parts.to_base_string(),
            base_string_parts: parts,
            signing_key: masked_key(self.signature_method, self.key_mask),
            signature,
            authorization,
            url: request.url.clone(),
            body: request.body.clone(),
            content_type: request.header("Content-Type").map(str::to_owned),
            notes: self.notes.clone(),
        }
    }
}
