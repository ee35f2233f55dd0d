//! JSON Web Keys, RFC 7517: a key set (§5) as a server publishes it, each key's members
//! (§4, and RFC 7518 §6 for RSA, EC and oct), unknown members kept. Keys of a type this
//! crate does not know are skipped, as §5 asks, and said so. The RFC 7638 thumbprint names a
//! key (DPoP's `jkt`, RFC 9449 §6).

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::{Members, json_object};
use crate::{Error, Secret, b64};

const DOCUMENT: &str = "JWK";

#[derive(Clone, PartialEq, Serialize)]
pub struct Jwk {
    pub kty: String,
    pub kid: Option<String>,
    /// `use` (§4.2): `sig` or `enc`.
    pub use_: Option<String>,
    pub alg: Option<String>,
    pub crv: Option<String>,
    pub n: Option<String>,
    pub e: Option<String>,
    pub x: Option<String>,
    pub y: Option<String>,
    /// The symmetric key of a `kty: oct` key, e.g. a client secret for HS256.
    #[serde(skip)]
    pub k: Option<Secret>,
    /// The whole key as it came, private members included when there are any.
    #[serde(skip)]
    pub members: serde_json::Map<String, serde_json::Value>,
}

/// The public members only: a private key's `d` and a symmetric `k` never reach a log.
impl std::fmt::Debug for Jwk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Jwk({}", self.public_json())?;
        if self.has_private_members() || self.k.is_some() {
            f.write_str(" + [redacted]")?;
        }
        f.write_str(")")
    }
}

/// RFC 7518 §6.2.2, §6.3.2: a public key never carries these.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

impl Jwk {
    pub fn parse(value: &serde_json::Value) -> Result<Self, Error> {
        let serde_json::Value::Object(map) = value else {
            return Err(Error::WrongType {
                document: DOCUMENT,
                member: "(the key)".into(),
                why: "expected an object".into(),
            });
        };
        let m = Members {
            map,
            document: DOCUMENT,
        };
        Ok(Self {
            kty: m.required("kty")?,
            kid: m.string("kid")?,
            use_: m.string("use")?,
            alg: m.string("alg")?,
            crv: m.string("crv")?,
            n: m.string("n")?,
            e: m.string("e")?,
            x: m.string("x")?,
            y: m.string("y")?,
            k: m.string("k")?.map(Secret::new),
            members: map.clone(),
        })
    }

    /// A `kty: oct` key from a shared secret (HS256 id_tokens use the client secret's
    /// UTF-8 bytes, OIDC Core §10.1).
    pub fn symmetric(secret: &Secret) -> Self {
        let k = b64::encode(secret.expose());
        let mut members = serde_json::Map::new();
        members.insert("kty".into(), "oct".into());
        members.insert("k".into(), k.clone().into());
        Self {
            kty: "oct".into(),
            kid: None,
            use_: None,
            alg: None,
            crv: None,
            n: None,
            e: None,
            x: None,
            y: None,
            k: Some(Secret::new(k)),
            members,
        }
    }

    pub fn has_private_members(&self) -> bool {
        PRIVATE_MEMBERS.iter().any(|m| self.members.contains_key(*m))
    }

    /// The public members only, as a JSON object (for a DPoP header or a published JWKS).
    pub fn public_json(&self) -> serde_json::Value {
        let mut out = self.members.clone();
        for m in PRIVATE_MEMBERS.iter().chain(&["k"]) {
            out.remove(*m);
        }
        serde_json::Value::Object(out)
    }

    /// A member decoded from base64url, or a typed error naming it.
    pub fn bytes(&self, member: &'static str) -> Result<Vec<u8>, Error> {
        let text = match member {
            "n" => self.n.as_deref(),
            "e" => self.e.as_deref(),
            "x" => self.x.as_deref(),
            "y" => self.y.as_deref(),
            "k" => self.k.as_ref().map(Secret::expose),
            _ => self.members.get(member).and_then(|v| v.as_str()),
        }
        .ok_or(Error::MissingMember {
            document: DOCUMENT,
            member,
        })?;
        b64::decode(text).map_err(|e| Error::WrongType {
            document: DOCUMENT,
            member: member.into(),
            why: e,
        })
    }

    /// RFC 7638 §3: SHA-256 over the required members in lexicographic order, no spaces.
    pub fn thumbprint(&self) -> Result<String, Error> {
        let get = |name: &'static str| -> Result<String, Error> {
            let v = match name {
                "crv" => self.crv.clone(),
                "e" => self.e.clone(),
                "n" => self.n.clone(),
                "x" => self.x.clone(),
                "y" => self.y.clone(),
                "k" => self.k.as_ref().map(|k| k.expose().to_owned()),
                _ => None,
            };
            let v = v.ok_or(Error::MissingMember {
                document: DOCUMENT,
                member: name,
            })?;
            Ok(serde_json::Value::String(v).to_string())
        };
        let kty = serde_json::Value::String(self.kty.clone()).to_string();
        let json = match self.kty.as_str() {
            "RSA" => format!(r#"{{"e":{},"kty":{kty},"n":{}}}"#, get("e")?, get("n")?),
            "EC" => format!(
                r#"{{"crv":{},"kty":{kty},"x":{},"y":{}}}"#,
                get("crv")?,
                get("x")?,
                get("y")?
            ),
            "OKP" => format!(r#"{{"crv":{},"kty":{kty},"x":{}}}"#, get("crv")?, get("x")?),
            "oct" => format!(r#"{{"k":{},"kty":{kty}}}"#, get("k")?),
            other => {
                return Err(Error::InvalidValue {
                    what: "kty",
                    value: other.into(),
                    why: "use RSA, EC, OKP or oct".into(),
                });
            }
        };
        Ok(b64::encode(Sha256::digest(json.as_bytes())))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
    /// Keys left out, and why; and warnings such as private members in a published set.
    pub notes: Vec<String>,
}

const KNOWN_KTY: [&str; 4] = ["RSA", "EC", "OKP", "oct"];

pub fn parse_jwks(body: &[u8]) -> Result<JwkSet, Error> {
    let map = json_object(body, "JWKS")?;
    let keys = match map.get("keys") {
        Some(serde_json::Value::Array(keys)) => keys,
        Some(_) => {
            return Err(Error::WrongType {
                document: "JWKS",
                member: "keys".into(),
                why: "expected an array of keys".into(),
            });
        }
        None => {
            return Err(Error::MissingMember {
                document: "JWKS",
                member: "keys",
            });
        }
    };
    let mut set = JwkSet {
        keys: Vec::new(),
        notes: Vec::new(),
    };
    for (i, value) in keys.iter().enumerate() {
        match Jwk::parse(value) {
            Ok(k) if KNOWN_KTY.contains(&k.kty.as_str()) => {
                if k.has_private_members() {
                    set.notes.push(format!(
                        "Key {i} carries private members: whoever published it leaked its private key."
                    ));
                }
                set.keys.push(k);
            }
            Ok(k) => set.notes.push(format!(
                "Key {i} has the unknown kty {:?} and is skipped (RFC 7517 §5).",
                k.kty
            )),
            Err(e) => set.notes.push(format!("Key {i} is skipped: {e}.")),
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_thumbprint_example() {
        // RFC 7638 §3.1.
        let key = serde_json::json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let jwk = Jwk::parse(&key).unwrap();
        assert_eq!(
            jwk.thumbprint().unwrap(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn sets_skip_unknown_and_flag_private_keys() {
        let set = parse_jwks(br#"{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b","kid":"1"},{"kty":"XYZ"},{"kid":"no-kty"},{"kty":"oct","k":"c2VjcmV0","d":"x"}]}"#).unwrap();
        assert_eq!(set.keys.len(), 2);
        assert_eq!(set.notes.len(), 3);
        assert!(set.keys[1].public_json().get("k").is_none());
        assert!(parse_jwks(b"{}").is_err());
        assert!(parse_jwks(br#"{"keys":{}}"#).is_err());
        assert!(!format!("{:?}", set.keys[1]).contains("c2VjcmV0\""));
    }
}
