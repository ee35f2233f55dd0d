//! The path and query a target URL is forwarded with. Pure.

use url::Url;

/// The path and query as the caller wrote them: everything after the authority, up to a
/// fragment. The authority is found as the WHATWG URL parser finds it for http(s): after
/// `scheme:` and any run of `/` or `\\`, up to the first `/`, `\\`, `?` or `#` — so
/// `http:host/x?u=http://a/b` keeps `/x?u=http://a/b`. A path the parser would rewrite (a
/// backslash, a tab or newline it strips) falls back to the parsed URL.
pub fn raw_path_and_query(raw: &str, url: &Url) -> String {
    let parsed = || {
        let mut s = url.path().to_owned();
        if let Some(q) = url.query() {
            s.push('?');
            s.push_str(q);
        }
        s
    };
    let Some((_, rest)) = raw.split_once(':') else {
        return parsed();
    };
    if raw.contains(['\t', '\n', '\r']) {
        return parsed();
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let end_of_authority = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let tail = &rest[end_of_authority..];
    let tail = tail.split('#').next().unwrap_or_default();
    match tail.chars().next() {
        None => "/".to_owned(),
        Some('/') => tail.to_owned(),
        Some('?') => format!("/{tail}"),
        _ => parsed(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keeps_path_and_query_bytes() {
        let cases = [
            (
                "https://h.example/a%2Fb/c?x=%20y+z&y=~%7E&e=",
                "/a%2Fb/c?x=%20y+z&y=~%7E&e=",
            ),
            ("https://h.example?q=1", "/?q=1"),
            ("https://h.example", "/"),
            ("https://h.example:8443/p#frag", "/p"),
            ("https://h.example/a/../b?%zz", "/a/../b?%zz"),
            // Another URL in the query, with and without the `//` after the scheme.
            ("http:h.example/x?u=http://a/b", "/x?u=http://a/b"),
            ("http://h.example/x?u=http://a/b", "/x?u=http://a/b"),
            ("https:///h.example?u=https://a/b#f", "/?u=https://a/b"),
            ("http://h.example?u=http://a/b", "/?u=http://a/b"),
            ("http:h.example", "/"),
        ];
        for (url, want) in cases {
            assert_eq!(raw_path_and_query(url, &Url::parse(url).unwrap()), want, "{url}");
        }
    }
}
