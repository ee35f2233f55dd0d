//! Signing one request in two halves: collect the parameters and build the base string
//! (RFC 5849 §3.4.1), then add the signature and place the protocol parameters (§3.5).
//! Sans-IO: the nonce and timestamp are handed in (§3.3). The halves are apart so that a
//! signer outside this crate, such as the browser's Web Crypto for RSA-SHA*, can sit between.

use url::Url;

use crate::Error;
use crate::assemble::{Checked, check, protocol_parameters};
use crate::base_string::SignatureBaseString;
use crate::encode::parse_form;
use crate::explain::{Explanation, masked_signing_key};
use crate::params::{Parameter, Source, normalize};
use crate::place::{Unplaced, place};
use crate::request::{Credentials, PreparedRequest, RequestSpec, SignOptions, Signed};
use crate::sign::{self, SignatureMethod, SigningKey};
use crate::uri::base_string_uri;

/// A request whose base string is built, waiting for its `oauth_signature`.
#[derive(Debug, Clone)]
pub struct UnsignedRequest {
    method: String,
    url: Url,
    body: String,
    content_type: Option<String>,
    options: SignOptions,
    /// The `oauth_*` parameters in the order they are sent (§3.1).
    protocol: Vec<(&'static str, String)>,
    parameters: Vec<Parameter>,
    normalized: String,
    base_string: SignatureBaseString,
    base_string_text: String,
    signing_key: String,
    notes: Vec<String>,
}

/// Signs a request with this crate's signers. `nonce` and `timestamp` come from the caller
/// (§3.3) so tests can assert exact bytes; see [`crate::generate_nonce`].
pub fn sign_request(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
) -> Result<Signed, Error> {
    let unsigned = prepare_request(spec, credentials, options, nonce, timestamp)?;
    let key = SigningKey {
        consumer_secret: &credentials.consumer_secret,
        token_secret: &credentials.token_secret,
        rsa_key: credentials.rsa_key.as_ref(),
    };
    let signature = sign::sign(options.signature_method, unsigned.base_string(), key)?;
    Ok(unsigned.finish(signature))
}

/// The first half of [`sign_request`]: everything up to the signature base string.
pub fn prepare_request(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
) -> Result<UnsignedRequest, Error> {
    let Checked {
        method,
        url,
        body,
        content_type,
        form,
        mut notes,
    } = check::<Url>(spec, credentials, options)?;

    // §3.4.1.3.1: query, then form body; the header's parameters are our protocol ones.
    let mut parameters: Vec<Parameter> = Vec::new();
    if let Some(q) = url.query() {
        for (n, v) in parse_form(q)? {
            parameters.push(Parameter::new(n, v, Source::Query));
        }
    }
    if form {
        for (n, v) in parse_form(&body)? {
            parameters.push(Parameter::new(n, v, Source::FormBody));
        }
    }
    if let Some(p) = parameters.iter().find(|p| p.name == "oauth_signature") {
        return Err(Error::ReservedParameter(p.name.clone()));
    }

    let protocol: Vec<(&'static str, String)> = protocol_parameters(
        credentials,
        options,
        nonce,
        &timestamp.to_string(),
        form,
        &body,
        &mut notes,
    )
    .into_iter()
    .map(|(name, value)| (name, value.into_owned()))
    .collect();
    for (name, _) in &protocol {
        if parameters.iter().any(|p| p.name == *name) {
            return Err(Error::DuplicateProtocolParameter(name.to_string()));
        }
    }
    parameters.extend(
        protocol
            .iter()
            .map(|(n, v)| Parameter::new(*n, v.clone(), Source::Protocol)),
    );

    let normalized = normalize(&parameters);
    let base_string = SignatureBaseString::new(&method, base_string_uri(&url), normalized.clone());
    let base_string_text = base_string.to_base_string();
    Ok(UnsignedRequest {
        method,
        url,
        body,
        content_type,
        options: options.clone(),
        protocol,
        parameters,
        normalized,
        base_string,
        base_string_text,
        signing_key: masked_signing_key(options.signature_method, credentials),
        notes,
    })
}

impl UnsignedRequest {
    /// The signature base string (§3.4.1.1): the text to sign.
    pub fn base_string(&self) -> &str {
        &self.base_string_text
    }

    pub fn signature_method(&self) -> SignatureMethod {
        self.options.signature_method
    }

    /// The second half: adds `oauth_signature` (not yet percent-encoded) and puts the
    /// protocol parameters where the options say (§3.5).
    pub fn finish(self, signature: String) -> Signed {
        let UnsignedRequest {
            method,
            url,
            body,
            content_type,
            options,
            protocol,
            parameters,
            normalized,
            base_string,
            base_string_text,
            signing_key,
            mut notes,
        } = self;
        let request = place(
            Unplaced {
                method: method.clone(),
                url,
                body,
                content_type: content_type.clone(),
            },
            &options,
            protocol.iter().map(|(n, v)| (*n, v.as_str())),
            0,
            &signature,
            &mut notes,
        );
        let authorization = find_authorization(&request);
        let explanation = Explanation {
            method,
            signature_method: options.signature_method,
            placement: options.placement,
            parameters,
            normalized_parameters: normalized,
            base_string_uri: base_string.uri.clone(),
            base_string: base_string_text,
            base_string_parts: base_string,
            signing_key,
            signature,
            authorization,
            url: request.url.clone(),
            body: request.body.clone(),
            content_type,
            notes,
        };
        Signed { request, explanation }
    }
}

/// The `Authorization` header that [`place`] wrote, for the workings.
fn find_authorization(request: &PreparedRequest) -> Option<String> {
    request
        .headers
        .iter()
        .find(|(name, _)| name == "Authorization")
        .map(|(_, value)| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Placement;
    use crate::{RsaKey, Secret};

    const PKCS8: &str = include_str!("../tests/fixtures/oauthlib_rsa_1024_pkcs8.pem");

    fn inputs(method: SignatureMethod) -> (RequestSpec, Credentials, SignOptions) {
        let spec = RequestSpec::new("post", "https://api.example.com/x?b=2").with_form_body("a=1");
        let credentials = Credentials {
            consumer_key: "ck".into(),
            consumer_secret: Secret::new("cs"),
            token: Some("t".into()),
            token_secret: Secret::new("ts"),
            rsa_key: Some(RsaKey::from_pem(PKCS8).unwrap()),
        };
        let options = SignOptions {
            signature_method: method,
            realm: Some("r".into()),
            ..SignOptions::default()
        };
        (spec, credentials, options)
    }

    #[test]
    fn the_two_halves_make_the_same_request_as_sign_request() {
        let (spec, credentials, options) = inputs(SignatureMethod::HmacSha256);
        let unsigned = prepare_request(&spec, &credentials, &options, "n", 7).unwrap();
        assert_eq!(unsigned.signature_method(), SignatureMethod::HmacSha256);
        assert!(
            unsigned
                .base_string()
                .starts_with("POST&https%3A%2F%2Fapi.example.com%2Fx&a%3D1")
        );
        let external = crate::sign::sign(
            SignatureMethod::HmacSha256,
            unsigned.base_string(),
            SigningKey {
                consumer_secret: &credentials.consumer_secret,
                token_secret: &credentials.token_secret,
                rsa_key: None,
            },
        )
        .unwrap();
        let two_halves = unsigned.finish(external);
        let whole = sign_request(&spec, &credentials, &options, "n", 7).unwrap();
        assert_eq!(two_halves.request, whole.request);
        assert_eq!(two_halves.explanation, whole.explanation);
    }

    #[test]
    fn a_signature_from_outside_is_placed_as_given() {
        let (spec, credentials, mut options) = inputs(SignatureMethod::RsaSha1);
        options.placement = Placement::Query;
        let signed = prepare_request(&spec, &credentials, &options, "n", 7)
            .unwrap()
            .finish("a+b/c=".into());
        assert!(
            signed.request.url.ends_with("&oauth_signature=a%2Bb%2Fc%3D"),
            "{}",
            signed.request.url
        );
        assert_eq!(signed.explanation.signature, "a+b/c=");
    }

    #[cfg(not(feature = "rsa"))]
    #[test]
    fn without_the_rsa_feature_rsa_needs_an_outside_signer() {
        let (spec, credentials, options) = inputs(SignatureMethod::RsaSha256);
        assert_eq!(
            sign_request(&spec, &credentials, &options, "n", 7).unwrap_err(),
            Error::NoRsaSigner { method: "RSA-SHA256" }
        );
        assert_eq!(credentials.rsa_key.unwrap().pkcs8_der().len(), 636);
    }
}
