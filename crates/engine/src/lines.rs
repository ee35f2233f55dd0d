//! The text forms users type parameters and headers in: the app's text areas (one per line)
//! and the CLI's `-d NAME=VALUE` and `-H 'Name: value'` flags (one per flag, read by
//! [`parameter`] and [`header`]).

use std::fmt;

use oauth1::http_syntax::is_token;

/// One `name=value` parameter (one `-d` flag). The name and the value are trimmed (stray
/// spaces around a pasted value are the usual cause of a signature nobody can reproduce); a
/// name alone has an empty value, which is signed like any other (RFC 5849 §3.4.1.3.2).
/// `None` for a blank line.
pub fn parameter(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let (name, value) = line.split_once('=').unwrap_or((line, ""));
    Some((name.trim().to_owned(), value.trim().to_owned()))
}

/// `name=value` lines (a text area), in order; blank lines and `#` comments are skipped,
/// duplicates kept (§3.4.1.3.1 allows them).
pub fn parameters(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(parameter)
        .collect()
}

/// Why a header line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line has no `:`.
    NoColon(String),
    /// The name before the `:` is empty or not an RFC 9110 token (§5.1).
    BadName(String),
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::NoColon(line) => write!(
                f,
                "the header line \"{line}\" has no colon; write it as Name: value"
            ),
            LineError::BadName(name) if name.is_empty() => {
                f.write_str("a header line has no name before its colon")
            }
            LineError::BadName(name) => write!(
                f,
                "\"{name}\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
            ),
        }
    }
}

impl std::error::Error for LineError {}

/// One `Name: value` header; the value is trimmed (RFC 9110 §5.5: surrounding whitespace
/// is not part of it).
pub fn header(line: &str) -> Result<(String, String), LineError> {
    let line = line.trim();
    let (name, value) = line
        .split_once(':')
        .ok_or_else(|| LineError::NoColon(line.to_owned()))?;
    let name = name.trim();
    if !is_token(name) {
        return Err(LineError::BadName(name.to_owned()));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

/// `Name: value` lines, blank lines skipped; the first bad line is the error.
pub fn headers(text: &str) -> Result<Vec<(String, String)>, LineError> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(header)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn parameter_lines_trim_skip_comments_and_keep_bare_names() {
        assert_eq!(
            parameters(
                "scope=read,write\r\n\n# comment\n  expiration = never \nname=My App\nflag\na=b=c\na=2"
            ),
            pairs(&[
                ("scope", "read,write"),
                ("expiration", "never"),
                ("name", "My App"),
                ("flag", ""),
                ("a", "b=c"),
                ("a", "2"),
            ])
        );
        assert_eq!(parameter("  "), None);
        // A comment is a line of a text area; one parameter on its own is never one.
        assert_eq!(parameter("  #x=1"), Some(("#x".into(), "1".into())));
        assert_eq!(parameter("=v"), Some((String::new(), "v".into())));
    }

    #[test]
    fn header_lines_need_a_colon_and_a_token_name() {
        assert_eq!(
            headers("Accept: application/json\n\n  X-Trace-Id:abc:def  \r\n").unwrap(),
            pairs(&[("Accept", "application/json"), ("X-Trace-Id", "abc:def")])
        );
        let no_colon = headers("Accept application/json").unwrap_err();
        assert_eq!(
            no_colon.to_string(),
            "the header line \"Accept application/json\" has no colon; write it as Name: value"
        );
        assert_eq!(
            header("Bad Name: x").unwrap_err().to_string(),
            "\"Bad Name\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
        );
        assert_eq!(
            header(": x").unwrap_err().to_string(),
            "a header line has no name before its colon"
        );
    }
}
