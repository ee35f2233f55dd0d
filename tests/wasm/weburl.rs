//! crates/weburl's browser-backed `Url` (the page's `url`) against the url crate itself,
//! on URLs chosen to be awkward: every component, the slices, the edits the core makes,
//! and the error texts the page shows.

use wasm_bindgen_test::wasm_bindgen_test;

/// Everything the shared crates read from a parsed URL, the same way for either type.
macro_rules! describe {
    ($krate:ident, $input:expr) => {
        match $krate::Url::parse($input) {
            Ok(mut u) => {
                use $krate::Position as P;
                let mut s = format!(
                    "{} | scheme {} user {:?} password {:?} host {:?} host_str {:?} domain {:?} \
                     port {:?} known {:?} path {:?} query {:?} fragment {:?} origin {} {} \
                     pairs {:?} | slices {:?} {:?} {:?} {:?} {:?} {:?}",
                    u.as_str(),
                    u.scheme(),
                    u.username(),
                    u.password(),
                    u.host(),
                    u.host_str(),
                    u.domain(),
                    u.port(),
                    u.port_or_known_default(),
                    u.path(),
                    u.query(),
                    u.fragment(),
                    u.origin().is_tuple(),
                    u.origin().ascii_serialization(),
                    u.query_pairs().collect::<Vec<_>>(),
                    &u[..P::AfterScheme],
                    &u[P::BeforeUsername..P::AfterUsername],
                    &u[P::BeforeHost..P::AfterHost],
                    &u[P::BeforePort..P::AfterPort],
                    &u[P::BeforePath..P::AfterPath],
                    &u[P::BeforeQuery..],
                );
                u.set_fragment(None);
                s += &format!(" | no fragment {}", u.as_str());
                u.set_query(Some("a b&c='d\"#<>\t\u{e9}"));
                s += &format!(" | query set {}", u.as_str());
                u.set_fragment(Some("top `x`"));
                u.set_query(None);
                s += &format!(" | query removed {}", u.as_str());
                s
            }
            Err(e) => format!("error: {e}"),
        }
    };
}

const AWKWARD: &[&str] = &[
    "http://Example.COM:80/a/../b/./c?x=1 2#frag",
    "HTTPS://user:pa%20ss@EXAMPLE.com:443/",
    "https://example.com:8443/%7euser/Path?q=%41'b",
    "https://ExAmPlE.com/CaSe/Path",
    "http://user:pass@host.example:8080/p",
    "http://user@host.example/",
    "http://:pw@host.example/",
    "http://[::FFFF:127.0.0.1]:8080/x",
    "http://[2001:db8::1]/",
    "http://0x7f.1/",
    "http://0/",
    "http://127.0.0.1./",
    "http://example.com./a",
    "http://a.b/?",
    "http://a.b/#",
    "http://a.b?q#f?g",
    "http:\\\\example.com\\a\\b",
    "http:example.com/x",
    "http:/example.com/x",
    "http:///x",
    "  http://example.com/ \t",
    "http://ex\tam\nple.com/",
    "http://xn--bcher-kva.de/",
    "http://EXAMPLE.com:/x",
    "http://example.com:0/",
    "http://example.com:65535/",
    "http://host.example:08080/",
    "http://localhost:3000",
    "http://app.localhost/x",
    "http://example.com/%zz?%zz#%zz",
    "http://example.com/\u{e9}?\u{e9}#\u{e9}",
    "http://example.com/a\"b<c>`d{e}|f",
    "http://example.com/a|b%7cc?d|e#f|g",
    "http://example.com/|?|#|",
    "https://example.com/?a=1&b=%2B&c=+&d&=e&f=",
    "javascript:alert(1)",
    "mailto:Someone@Example.com",
    "data:text/plain,hi",
    "ftp://FTP.example.com:21/file",
    "ws://x:80/ws",
    "wss://x:443/",
    "file:///tmp/x",
    "file://HOST/share",
    "foo://Host:99/p?q#f",
    "foo:///p",
    "foo://1.2.3.4/",
    "web+demo:/.//not-a-host/",
    "blob:https://example.com:443/uuid",
    // Refused, each with the url crate's reason.
    "http://bücher.de/",
    "http://b%C3%BCcher.de/",
    "https://example.com:65536/",
    "http://example.com:99999/",
    "http://example.com:abc/",
    "http://example.com:8a/",
    "http://",
    "https://",
    "http://@/x",
    "http://user@/x",
    "http://:80/",
    "http://[::1/",
    "http://[::1]:x/",
    "http://x.example:1:2/",
    "http://[:::1]/",
    "http://[::1]x/",
    "http://1.2.3.4.5/",
    "http://256.0.0.1/",
    "http://999999999999/",
    "http://09/",
    "http://exa mple.com/",
    "http://exa%20mple.com/",
    "http://a<b/",
    "http://a^b/",
    "http://a%zzb/",
    "foo://[::1]:x/",
    "foo://[::1]x/",
    "foo://a b/",
    "foo://h:99999/",
    "/relative",
    "relative",
    "",
    "not a url",
    "1http://x/",
    "://x",
];

#[wasm_bindgen_test]
fn the_browser_backed_url_agrees_with_the_url_crate() {
    let mut differ = Vec::new();
    for input in AWKWARD {
        let (ours, theirs) = (describe!(url, input), describe!(real_url, input));
        if ours != theirs {
            differ.push(format!("{input:?}\n  browser:   {ours}\n  url crate: {theirs}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} differ:\n{}",
        differ.len(),
        AWKWARD.len(),
        differ.join("\n")
    );
}

#[wasm_bindgen_test]
fn the_base_string_uri_is_built_from_the_browser_parse() {
    // RFC 5849 §3.4.1.2: scheme and host lowercased, default port dropped, path as given.
    let cases = [
        (
            "HTTP://EXAMPLE.COM:80/r%20v/X?id=123",
            "http://example.com/r%20v/X",
        ),
        (
            "https://www.Example.net:8080/?q=1",
            "https://www.example.net:8080/",
        ),
        ("https://example.com:443", "https://example.com/"),
        ("http://[::1]:8080/a#f", "http://[::1]:8080/a"),
    ];
    for (input, want) in cases {
        let url = oauth1::uri::parse_url(input).expect(input);
        assert_eq!(oauth1::uri::base_string_uri(&url), want, "{input}");
    }
}

#[wasm_bindgen_test]
fn the_page_shows_the_url_crates_reasons() {
    // oauth1::uri::parse_url's messages, which name the url crate's error kind or quote its text.
    let cases = [
        (
            "http://example.com:99999/",
            r#"the port in "http://example.com:99999/" is not a number from 1 to 65535"#,
        ),
        (
            "/relative",
            r#"the URL "/relative" is not valid: it is not absolute; start it with https://"#,
        ),
        (
            "http://bücher.de/",
            r#"the URL "http://bücher.de/" is not valid: invalid international domain name"#,
        ),
        ("http://", r#"the URL "http://" is not valid: empty host"#),
        // Not in the table above: the url crate's IDNA stub debug-asserts on uppercase.
        (
            "http://B\u{dc}CHER.de/",
            "the URL \"http://B\u{dc}CHER.de/\" is not valid: invalid international domain name",
        ),
        (
            "http://[::1/",
            r#"the URL "http://[::1/" is not valid: invalid IPv6 address"#,
        ),
        (
            "http://256.0.0.1/",
            r#"the URL "http://256.0.0.1/" is not valid: invalid IPv4 address"#,
        ),
        (
            "http://a<b/",
            r#"the URL "http://a<b/" is not valid: invalid international domain name"#,
        ),
        (
            "http://[::1]:x/",
            r#"the port in "http://[::1]:x/" is not a number from 1 to 65535"#,
        ),
    ];
    for (input, shown) in cases {
        assert_eq!(oauth1::uri::parse_url(input).expect_err(input).to_string(), shown);
    }
}
