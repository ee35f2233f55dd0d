//! `NAME=VALUE` flags (`oauth2 … --param`, `lti launch --custom`): one parser, used as
//! clap's value parser, so a malformed one is refused before anything runs.

/// `name=value`, the name not blank; the value may be empty or hold more `=`.
pub fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.to_owned(), v.to_owned())),
        _ => Err(format!("{s:?} is not a parameter; write it as NAME=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_then_the_rest() {
        assert_eq!(parse_param("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(parse_param("a="), Ok(("a".into(), String::new())));
        for bad in ["a", "=b", " =b", ""] {
            assert_eq!(
                parse_param(bad),
                Err(format!("{bad:?} is not a parameter; write it as NAME=VALUE"))
            );
        }
    }
}
