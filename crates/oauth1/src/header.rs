//! The `Authorization: OAuth …` header, RFC 5849 §3.5.1, and the auth-param syntax it
//! shares with `WWW-Authenticate` (RFC 7235 §2.1).

use crate::Error;
use crate::encode::{decode, encode_into};

/// Builds `OAuth realm="…", name="enc(value)", …`. The realm is a quoted string, not
/// percent-encoded (§3.5.1).
pub fn build_authorization<'a>(
    realm: Option<&str>,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    write_authorization(realm, params, 0)
}

/// [`build_authorization`], where bit `i` of `plain` says that the `i`th name and value
/// are unreserved characters only, which encode to themselves (§3.6) and are copied.
pub(crate) fn write_authorization<'a>(
    realm: Option<&str>,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    plain: u32,
) -> String {
    let mut out = String::with_capacity(400);
    out.push_str("OAuth ");
    if let Some(realm) = realm {
        out.push_str("realm=\"");
        out.push_str(&quote(realm));
        out.push('"');
    }
    for (i, (name, value)) in params.into_iter().enumerate() {
        if out.len() > "OAuth ".len() {
            out.push_str(", ");
        }
        let as_is = i < 32 && plain & (1 << i) != 0;
        let put = |out: &mut String, text: &str| match as_is {
            true => out.push_str(text),
            false => encode_into(out, text),
        };
        put(&mut out, name);
        out.push_str("=\"");
        put(&mut out, value);
        out.push('"');
    }
    out
}

fn quote(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A parsed `OAuth` header: the realm (if any) and the decoded `oauth_*` parameters in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthorizationHeader {
    pub realm: Option<String>,
    pub params: Vec<(String, String)>,
}

/// Parses an `Authorization` header of scheme `OAuth` (case-insensitive). Values are
/// percent-decoded; the realm is kept as written.
pub fn parse_authorization(value: &str) -> Result<AuthorizationHeader, Error> {
    let bad = |why: &str| Error::InvalidAuthorizationHeader(why.to_owned());
    let (scheme, rest) = split_scheme(value);
    if !scheme.eq_ignore_ascii_case("OAuth") {
        return Err(bad("it does not start with \"OAuth \""));
    }
    let mut header = AuthorizationHeader::default();
    for (name, raw) in auth_params(rest).map_err(|e| bad(&e))? {
        if name.eq_ignore_ascii_case("realm") {
            header.realm = Some(raw);
        } else {
            header.params.push((decode(&name)?, decode(&raw)?));
        }
    }
    Ok(header)
}

pub(crate) fn split_scheme(value: &str) -> (&str, &str) {
    let value = value.trim();
    match value.find(|c: char| c.is_ascii_whitespace()) {
        Some(i) => (&value[..i], value[i..].trim_start()),
        None => (value, ""),
    }
}

/// Splits `a="x", b=y` into raw pairs; quoted values are unescaped, not decoded.
pub(crate) fn auth_params(input: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_ascii_whitespace() || c == ',' {
                break;
            }
            name.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!("the parameter {name:?} has no value"));
        }
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                    None => return Err(format!("the value of {name:?} has no closing quote")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c.is_ascii_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses_back() {
        let h = build_authorization(
            Some("Photos \"x\""),
            [
                ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
                ("oauth_signature", "tR3+Ty81lMeYAr/Fid0kMTYa/WM="),
            ],
        );
        assert_eq!(
            h,
            "OAuth realm=\"Photos \\\"x\\\"\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", \
             oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""
        );
        let parsed = parse_authorization(&h).unwrap();
        assert_eq!(parsed.realm.as_deref(), Some("Photos \"x\""));
        assert_eq!(
            parsed.params[1],
            ("oauth_signature".into(), "tR3+Ty81lMeYAr/Fid0kMTYa/WM=".into())
        );
    }

    #[test]
    fn parses_loose_spacing_and_tokens() {
        let parsed = parse_authorization("oauth  oauth_version=1.0 ,oauth_nonce=\"a%20b\"").unwrap();
        assert_eq!(
            parsed.params,
            vec![
                ("oauth_version".into(), "1.0".into()),
                ("oauth_nonce".into(), "a b".into())
            ]
        );
    }

    #[test]
    fn rejects_other_schemes_and_broken_quotes() {
        assert!(parse_authorization("Bearer abc").is_err());
        assert!(parse_authorization("OAuth oauth_nonce=\"abc").is_err());
        assert!(parse_authorization("OAuth oauth_nonce").is_err());
        assert!(parse_authorization("OAuth oauth_nonce=\"%zz\"").is_err());
    }
}
