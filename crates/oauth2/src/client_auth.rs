//! Client authentication at the token endpoint (and the revocation, introspection, device
//! and PAR endpoints, which take the same): RFC 6749 §2.3.1 (`client_secret_basic`,
//! `client_secret_post`), `none` for public clients (RFC 7591 §2), and the JWT assertions of
//! RFC 7523 §2.2 (`client_secret_jwt`, `private_key_jwt`, OIDC Core §9).

use std::fmt;

use serde::Serialize;

use crate::http::Param;
use crate::{Error, Secret, b64};

/// `token_endpoint_auth_method` values (RFC 7591 §2, OIDC Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AuthMethod {
    None,
    ClientSecretBasic,
    ClientSecretPost,
    ClientSecretJwt,
    PrivateKeyJwt,
}

impl AuthMethod {
    pub const ALL: [AuthMethod; 5] = [
        AuthMethod::ClientSecretBasic,
        AuthMethod::ClientSecretPost,
        AuthMethod::None,
        AuthMethod::PrivateKeyJwt,
        AuthMethod::ClientSecretJwt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::None => "none",
            AuthMethod::ClientSecretBasic => "client_secret_basic",
            AuthMethod::ClientSecretPost => "client_secret_post",
            AuthMethod::ClientSecretJwt => "client_secret_jwt",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
        }
    }

    pub fn parse(s: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| Error::InvalidValue {
                what: "client authentication method",
                value: s.to_owned(),
                why: format!("use one of {}", Self::ALL.map(AuthMethod::as_str).join(", ")),
            })
    }
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How this client proves who it is. The JWT methods carry an assertion already signed
/// ([`crate::jwt::client_assertion`]), so a signer outside this crate (Web Crypto) can sign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// A public client: `client_id` in the body and no `client_secret` at all, not even an
    /// empty one (servers reject that: Postman #13010).
    None {
        client_id: String,
    },
    /// `client_secret_basic` as RFC 6749 §2.3.1 says: id and secret form-encoded, then Base64.
    SecretBasic {
        client_id: String,
        secret: Secret,
    },
    /// `client_secret_basic` as many servers and tools (Bruno) do it instead: `id:secret`
    /// Base64-encoded as it is (RFC 7617 §2). The same bytes as [`ClientAuth::SecretBasic`]
    /// unless the id or secret has a character outside `A-Z a-z 0-9 * - . _`; offered for
    /// servers that skip the form-decoding.
    SecretBasicUnencoded {
        client_id: String,
        secret: Secret,
    },
    SecretPost {
        client_id: String,
        secret: Secret,
    },
    Jwt {
        method: JwtMethod,
        client_id: String,
        assertion: Secret,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum JwtMethod {
    /// HMAC over the client secret (RFC 7523 §2.2, OIDC Core §9).
    ClientSecretJwt,
    /// Signed with the client's private key, whose public half the server knows.
    PrivateKeyJwt,
}

/// The `Authorization: Basic` header taken apart, for the workings: what was encoded and
/// why it may differ from what a naive `id:secret` gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BasicWorkings {
    pub client_id: String,
    /// Whether the header form-encodes as §2.3.1 says ([`ClientAuth::SecretBasic`]) or
    /// not ([`ClientAuth::SecretBasicUnencoded`]).
    pub form_encoded: bool,
    pub form_encoded_client_id: String,
    /// Masked.
    pub form_encoded_secret: String,
    /// Whether form-encoding changes anything here: when it does, the two Basic variants
    /// differ, a server expecting the other one refuses the header, and `client_secret_post`
    /// avoids the question.
    pub encoding_changed_something: bool,
    /// The header with the Base64 masked.
    pub header: String,
}

/// What the method adds to a request.
pub(crate) struct Applied {
    pub headers: Vec<(String, String)>,
    pub params: Vec<Param>,
    pub basic: Option<BasicWorkings>,
}

/// `application/x-www-form-urlencoded` applied to one value (RFC 6749 Appendix B).
fn form_encode_one(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `Basic base64(form(client_id) ":" form(secret))`, RFC 6749 §2.3.1.
pub fn basic_header(client_id: &str, secret: &Secret) -> String {
    basic_value(&form_encode_one(client_id), &form_encode_one(secret.expose()))
}

/// `Basic base64(id ":" secret)`, RFC 7617 §2, of what is given.
fn basic_value(id: &str, secret: &str) -> String {
    format!("Basic {}", b64::encode_standard(format!("{id}:{secret}")))
}

impl ClientAuth {
    pub fn method(&self) -> AuthMethod {
        match self {
            ClientAuth::None { .. } => AuthMethod::None,
            ClientAuth::SecretBasic { .. } | ClientAuth::SecretBasicUnencoded { .. } => {
                AuthMethod::ClientSecretBasic
            }
            ClientAuth::SecretPost { .. } => AuthMethod::ClientSecretPost,
            ClientAuth::Jwt {
                method: JwtMethod::ClientSecretJwt,
                ..
            } => AuthMethod::ClientSecretJwt,
            ClientAuth::Jwt {
                method: JwtMethod::PrivateKeyJwt,
                ..
            } => AuthMethod::PrivateKeyJwt,
        }
    }

    pub fn client_id(&self) -> &str {
        match self {
            ClientAuth::None { client_id }
            | ClientAuth::SecretBasic { client_id, .. }
            | ClientAuth::SecretBasicUnencoded { client_id, .. }
            | ClientAuth::SecretPost { client_id, .. }
            | ClientAuth::Jwt { client_id, .. } => client_id,
        }
    }

    pub(crate) fn apply(&self) -> Result<Applied, Error> {
        if self.client_id().is_empty() {
            return Err(Error::InvalidValue {
                what: "client_id",
                value: String::new(),
                why: "the client must say who it is".into(),
            });
        }
        let empty_secret = |secret: &Secret| {
            secret.is_empty().then(|| Error::InvalidValue {
                what: "client secret",
                value: String::new(),
                why: format!("{} needs one; a public client uses none", self.method()),
            })
        };
        Ok(match self {
            ClientAuth::None { client_id } => Applied {
                headers: vec![],
                params: vec![Param::new(
                    "client_id",
                    client_id,
                    "a public client names itself and sends no secret (RFC 6749 §3.2.1)",
                )],
                basic: None,
            },
            ClientAuth::SecretBasic { client_id, secret } => {
                if let Some(e) = empty_secret(secret) {
                    return Err(e);
                }
                basic(client_id, secret, true)
            }
            ClientAuth::SecretBasicUnencoded { client_id, secret } => {
                if let Some(e) = empty_secret(secret) {
                    return Err(e);
                }
                if client_id.contains(':') {
                    return Err(Error::InvalidValue {
                        what: "client_id",
                        value: client_id.clone(),
                        why: "unencoded Basic cannot carry a ':' in the id (RFC 7617 §2); use the form-encoded Basic or client_secret_post".into(),
                    });
                }
                basic(client_id, secret, false)
            }
            ClientAuth::SecretPost { client_id, secret } => {
                if let Some(e) = empty_secret(secret) {
                    return Err(e);
                }
                Applied {
                    headers: vec![],
                    params: vec![
                        Param::new(
                            "client_id",
                            client_id,
                            "the client, in the body (RFC 6749 §2.3.1)",
                        ),
                        Param::secret(
                            "client_secret",
                            secret.expose(),
                            "the client's secret, in the body (RFC 6749 §2.3.1)",
                        ),
                    ],
                    basic: None,
                }
            }
            ClientAuth::Jwt {
                client_id,
                assertion,
                method,
            } => Applied {
                headers: vec![],
                params: vec![
                    Param::new(
                        "client_id",
                        client_id,
                        "names the client the assertion is for (RFC 7521 §4.2)",
                    ),
                    Param::new(
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "the assertion is a JWT (RFC 7523 §2.2)",
                    ),
                    Param::secret(
                        "client_assertion",
                        assertion.expose(),
                        match method {
                            JwtMethod::ClientSecretJwt => {
                                "a short-lived JWT signed with HMAC over the client secret (RFC 7523 §3)"
                            }
                            JwtMethod::PrivateKeyJwt => {
                                "a short-lived JWT signed with the client's private key (RFC 7523 §3)"
                            }
                        },
                    ),
                ],
                basic: None,
            },
        })
    }
}

/// The Basic header and its workings, form-encoded (§2.3.1) or not.
fn basic(client_id: &str, secret: &Secret, form_encoded: bool) -> Applied {
    let (id, sec) = if form_encoded {
        (form_encode_one(client_id), form_encode_one(secret.expose()))
    } else {
        (client_id.to_owned(), secret.expose().to_owned())
    };
    let header = basic_value(&id, &sec);
    Applied {
        basic: Some(BasicWorkings {
            client_id: client_id.to_owned(),
            form_encoded,
            encoding_changed_something: id != client_id || sec != secret.expose(),
            form_encoded_client_id: form_encode_one(client_id),
            form_encoded_secret: oauth_secret::mask(&form_encode_one(secret.expose())),
            header: format!("Basic {}", oauth_secret::mask(&header["Basic ".len()..])),
        }),
        headers: vec![("Authorization".into(), header)],
        params: vec![],
    }
}

/// Decodes a Basic header back to the id and secret as the server should (§2.3.1: Base64,
/// split at the first `:`, then form-decode each half). The sandbox and the workings use it.
pub fn decode_basic(header: &str) -> Result<(String, Secret), Error> {
    let bad = |why: &str| Error::InvalidValue {
        what: "Authorization header",
        value: "Basic …".into(),
        why: why.to_owned(),
    };
    let (scheme, rest) = header
        .trim()
        .split_once(' ')
        .ok_or_else(|| bad("it is not `Basic <base64>`"))?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(bad("its scheme is not Basic"));
    }
    let bytes = b64::decode_standard(rest.trim()).map_err(|e| bad(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| bad("it does not decode to UTF-8"))?;
    let (id, secret) = text
        .split_once(':')
        .ok_or_else(|| bad("it has no `:` between id and secret"))?;
    let decode = |s: &str| -> String {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok((decode(id), Secret::new(decode(secret))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_example_and_reserved_characters() {
        // RFC 6749 §2.3.1's example credentials.
        assert_eq!(
            basic_header("s6BhdRkqt3", &Secret::new("7Fjfp0ZBr1KtDRbnfVdmIw")),
            "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"
        );
        // `:` in the id would split wrongly without the encoding; space becomes `+`; non-ASCII
        // is UTF-8 then percent-encoded. base64("my%3Aclient:s%C3%A9cr%2Bt+%26%2F%3D")
        let h = basic_header("my:client", &Secret::new("sécr+t &/="));
        assert_eq!(
            h,
            format!(
                "Basic {}",
                b64::encode_standard("my%3Aclient:s%C3%A9cr%2Bt+%26%2F%3D")
            )
        );
        let (id, secret) = decode_basic(&h).unwrap();
        assert_eq!((id.as_str(), secret.expose()), ("my:client", "sécr+t &/="));
    }

    #[test]
    fn public_clients_send_no_secret_and_empty_secrets_are_refused() {
        let a = ClientAuth::None {
            client_id: "spa".into(),
        }
        .apply()
        .unwrap();
        assert!(a.headers.is_empty());
        assert_eq!(
            a.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["client_id"]
        );
        for auth in [
            ClientAuth::SecretBasic {
                client_id: "c".into(),
                secret: Secret::default(),
            },
            ClientAuth::SecretPost {
                client_id: "c".into(),
                secret: Secret::default(),
            },
        ] {
            assert!(auth.apply().is_err());
        }
        assert_eq!(
            AuthMethod::parse("private_key_jwt").unwrap(),
            AuthMethod::PrivateKeyJwt
        );
        assert!(AuthMethod::parse("basic").is_err());
    }

    #[test]
    fn unencoded_basic() {
        let raw = ClientAuth::SecretBasicUnencoded {
            client_id: "a b".into(),
            secret: Secret::new("p@ss"),
        }
        .apply()
        .unwrap();
        assert_eq!(
            raw.headers[0].1,
            format!("Basic {}", b64::encode_standard("a b:p@ss"))
        );
        assert!(!raw.basic.unwrap().form_encoded);
        // Where encoding changes nothing, both variants send the same bytes.
        let same = |auth: ClientAuth| auth.apply().unwrap().headers[0].1.clone();
        assert_eq!(
            same(ClientAuth::SecretBasicUnencoded {
                client_id: "s6BhdRkqt3".into(),
                secret: Secret::new("gX1fBat3bV")
            }),
            same(ClientAuth::SecretBasic {
                client_id: "s6BhdRkqt3".into(),
                secret: Secret::new("gX1fBat3bV")
            })
        );
        assert!(
            ClientAuth::SecretBasicUnencoded {
                client_id: "a:b".into(),
                secret: Secret::new("s")
            }
            .apply()
            .is_err()
        );
    }

    #[test]
    fn basic_workings_mask_the_secret() {
        let a = ClientAuth::SecretBasic {
            client_id: "a b".into(),
            secret: Secret::new("p@ss"),
        }
        .apply()
        .unwrap();
        let w = a.basic.unwrap();
        assert_eq!(w.form_encoded_client_id, "a+b");
        assert_eq!(w.form_encoded_secret, "••••••");
        assert!(w.encoding_changed_something);
        assert!(!w.header.contains(&basic_header("a b", &Secret::new("p@ss"))[6..]));
    }
}
