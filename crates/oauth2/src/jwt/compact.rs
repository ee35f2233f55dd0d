//! The compact serialisation, RFC 7515 §7.1: `BASE64URL(header) . BASE64URL(payload) .
//! BASE64URL(signature)`, decoded strictly (§5.2): three parts, base64url without padding,
//! a JSON object header (§4), no `crit` extension we do not implement (§4.1.11). Keys carried
//! in the header (`jwk`, `jku`, `x5u`) are shown but never used to verify (RFC 8725 §3.10).

use serde::Serialize;

use super::{Alg, JwtError};
use crate::b64;
use crate::jwks::Jwk;

pub const MAX_TOKEN_LEN: usize = 65536;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Header {
    /// As written; [`Header::alg`] parses it.
    pub alg: String,
    pub kid: Option<String>,
    pub typ: Option<String>,
    pub cty: Option<String>,
    /// An embedded public key (DPoP proofs carry one, RFC 9449 §4.2).
    pub jwk: Option<Jwk>,
    /// The whole header.
    pub members: serde_json::Map<String, serde_json::Value>,
}

impl Header {
    pub fn alg(&self) -> Result<Alg, JwtError> {
        Alg::parse(&self.alg)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jws {
    pub header: Header,
    /// The payload as a JSON object, when it is one (a JWT's claims, RFC 7519 §7.2).
    pub claims: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(skip)]
    pub payload: Vec<u8>,
    /// `header.payload` as sent: what the signature covers (§5.2 step 8).
    #[serde(skip)]
    pub signing_input: String,
    #[serde(skip)]
    pub signature: Vec<u8>,
}

fn malformed(why: impl Into<String>) -> JwtError {
    JwtError::Malformed(why.into())
}

impl Jws {
    pub fn decode(token: &str) -> Result<Self, JwtError> {
        let token = token.trim();
        if token.len() > MAX_TOKEN_LEN {
            return Err(JwtError::TooLong(token.len()));
        }
        let parts: Vec<&str> = token.split('.').collect();
        match parts.len() {
            3 => {}
            5 => return Err(JwtError::Encrypted),
            n => {
                return Err(malformed(format!(
                    "it has {n} part(s) separated by dots; a JWS has 3"
                )));
            }
        }
        let header_bytes = b64::decode(parts[0]).map_err(|e| malformed(format!("the header: {e}")))?;
        let members = match serde_json::from_slice::<serde_json::Value>(&header_bytes) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(_) => return Err(malformed("the header is not a JSON object")),
            Err(e) => return Err(malformed(format!("the header is not JSON ({e})"))),
        };
        let string = |name: &str| -> Result<Option<String>, JwtError> {
            match members.get(name) {
                None => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(malformed(format!("the header's {name} is not a string"))),
            }
        };
        let alg = string("alg")?.ok_or_else(|| malformed("the header has no alg (RFC 7515 §4.1.1)"))?;
        if let Some(crit) = members.get("crit") {
            return Err(JwtError::Critical(crit.to_string()));
        }
        let jwk = members
            .get("jwk")
            .map(Jwk::parse)
            .transpose()
            .map_err(|e| malformed(format!("the header's jwk: {e}")))?;
        let header = Header {
            alg,
            kid: string("kid")?,
            typ: string("typ")?,
            cty: string("cty")?,
            jwk,
            members: members.clone(),
        };
        let payload = b64::decode(parts[1]).map_err(|e| malformed(format!("the payload: {e}")))?;
        let claims = match serde_json::from_slice::<serde_json::Value>(&payload) {
            Ok(serde_json::Value::Object(m)) => Some(m),
            _ => None,
        };
        let signature = b64::decode(parts[2]).map_err(|e| malformed(format!("the signature: {e}")))?;
        Ok(Self {
            header,
            claims,
            payload,
            signing_input: format!("{}.{}", parts[0], parts[1]),
            signature,
        })
    }

    /// The claims, or a typed error when the payload is not a JSON object.
    pub fn claims(&self) -> Result<&serde_json::Map<String, serde_json::Value>, JwtError> {
        self.claims
            .as_ref()
            .ok_or_else(|| malformed("the payload is not a JSON object of claims"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7515 Appendix A.1.
    pub const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    #[test]
    fn rfc7515_a1_decodes() {
        let jws = Jws::decode(A1).unwrap();
        assert_eq!(jws.header.alg, "HS256");
        assert_eq!(jws.header.typ.as_deref(), Some("JWT"));
        let claims = jws.claims().unwrap();
        assert_eq!(claims["iss"], "joe");
        assert_eq!(claims["exp"], 1300819380);
        assert_eq!(claims["http://example.com/is_root"], true);
        assert_eq!(jws.signature.len(), 32);
    }

    #[test]
    fn malformed_tokens() {
        assert!(matches!(Jws::decode("a.b"), Err(JwtError::Malformed(_))));
        assert_eq!(Jws::decode("a.b.c.d.e"), Err(JwtError::Encrypted));
        assert!(matches!(
            Jws::decode("eyJhbGciOiJIUzI1NiJ9==.e30.AA"),
            Err(JwtError::Malformed(_))
        ));
        // {"alg":1}
        assert!(matches!(
            Jws::decode("eyJhbGciOjF9.e30.AA"),
            Err(JwtError::Malformed(_))
        ));
        // {"alg":"HS256","crit":["exp"]}
        let crit = format!("{}.e30.AA", b64::encode(r#"{"alg":"HS256","crit":["exp"]}"#));
        assert!(matches!(Jws::decode(&crit), Err(JwtError::Critical(_))));
        // {"alg":"none"} decodes (to be shown), but its alg never parses.
        let none = format!("{}.e30.", b64::encode(r#"{"alg":"none"}"#));
        assert_eq!(Jws::decode(&none).unwrap().header.alg(), Err(JwtError::AlgNone));
        assert!(matches!(
            Jws::decode(&"a".repeat(MAX_TOKEN_LEN + 1)),
            Err(JwtError::TooLong(_))
        ));
    }
}
