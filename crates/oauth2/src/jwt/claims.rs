//! The registered claims a validator reads, RFC 7519 §4.1, and OIDC Core §2's id_token
//! claims. NumericDate may have a fraction (§2); it is truncated to whole seconds.

use super::JwtError;

pub type Claims = serde_json::Map<String, serde_json::Value>;

pub fn string<'a>(claims: &'a Claims, name: &str) -> Result<Option<&'a str>, JwtError> {
    match claims.get(name) {
        None => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(JwtError::Malformed(format!("the claim {name} is not a string"))),
    }
}

/// `aud`: one string or an array of strings (RFC 7519 §4.1.3).
pub fn audiences(claims: &Claims) -> Result<Vec<&str>, JwtError> {
    match claims.get("aud") {
        None => Ok(vec![]),
        Some(serde_json::Value::String(s)) => Ok(vec![s]),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| JwtError::Malformed("aud holds a value that is not a string".into()))
            })
            .collect(),
        Some(_) => Err(JwtError::Malformed("aud is neither a string nor an array".into())),
    }
}

pub fn numeric_date(claims: &Claims, name: &str) -> Result<Option<i64>, JwtError> {
    match claims.get(name) {
        None => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .map(|f| f.trunc() as i64)
            })
            .map(Some)
            .ok_or_else(|| JwtError::Malformed(format!("the claim {name} is not a NumericDate"))),
        Some(_) => Err(JwtError::Malformed(format!(
            "the claim {name} is not a number of seconds (RFC 7519 §2)"
        ))),
    }
}
