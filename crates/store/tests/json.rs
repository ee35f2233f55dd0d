//! The hand-written JSON reader and writer (`token_store::json`) against serde_json: the
//! same texts accepted and refused, the same values read, the same bytes written.
#![allow(clippy::unwrap_used)]

use token_store::json::{Value, parse, quote};

const VALID: &[&str] = &[
    r#"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
    r#"["\"\\\/\b\f\n\r\t", "\u00e9\u0001", "\ud83d\ude00", "é😀"]"#,
    "[0, -0, 1.5, -2e10, 3E+2, 4.25e-3, 12345678901234567890123]",
    " \t\n\r[] ",
    "{}",
    r#""just text""#,
    r#"{"nested": [[[{"deep": [1, {"x": []}]}]]]}"#,
];

const INVALID: &[&str] = &[
    "",
    "{",
    "[1,]",
    "{\"a\" 1}",
    "{a: 1}",
    "01",
    "1.",
    ".5",
    "-",
    "1e",
    "+1",
    "tru",
    "nul",
    "\"\\x\"",
    "\"\u{1}\"",
    "\"\\ud800\"",
    "\"\\ud800\\u0041\"",
    "[1] 2",
    "\"open",
    "[1 2]",
    "\u{a0}[]",
    "NaN",
];

#[test]
fn accepts_and_refuses_what_serde_json_does() {
    for text in VALID {
        let ours = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(ours == theirs, "{text}: {ours:?}");
        // Written back, serde_json reads the same value.
        let back: serde_json::Value = serde_json::from_str(&ours.to_json()).unwrap();
        assert_eq!(back, theirs, "{text}");
    }
    for text in INVALID {
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_err(),
            "{text:?} (serde_json)"
        );
        assert!(parse(text).is_err(), "{text:?}");
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(parse(&deep).is_err() && serde_json::from_str::<serde_json::Value>(&deep).is_err());
}

#[test]
fn writes_the_bytes_serde_json_writes() {
    // Keys in sorted order, as serde_json's map keeps them; ours keeps the order read.
    let text = r#"{"a":[],"b":{},"c":[1,"x\n\u0007\"\\é",{"d":null,"e":false}],"f":-1500.5}"#;
    let ours = parse(text).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(ours.to_json(), serde_json::to_string(&theirs).unwrap());
    assert_eq!(
        ours.to_json_pretty(),
        serde_json::to_string_pretty(&theirs).unwrap()
    );
    // The serde side of a value writes what the hand-written writer writes.
    assert_eq!(serde_json::to_string(&ours).unwrap(), ours.to_json());
    for s in ["plain", "\u{0}\u{1f}\u{7f}", "\"quoted\" \\ / tab\t", "emoji 😀"] {
        assert_eq!(quote(s), serde_json::to_string(s).unwrap(), "{s:?}");
    }
}

#[test]
fn members_keep_their_order_and_numbers_their_text() {
    let v = parse(r#"{"z": 1.50, "a": 1e2, "m": 12345678901234567890123}"#).unwrap();
    assert_eq!(v.to_json(), r#"{"z":1.50,"a":1e2,"m":12345678901234567890123}"#);
    assert_eq!(v["z"].as_u64(), None);
    assert_eq!(parse("42").unwrap().as_u64(), Some(42));
    assert_eq!(v["missing"], Value::Null);
}

#[test]
fn errors_say_what_and_where() {
    for (text, error) in [
        ("{x", "key must be a string at line 1 column 2"),
        ("[1,\n 2,\n x]", "expected value at line 3 column 2"),
        ("[1] 2", "trailing characters at line 1 column 5"),
    ] {
        assert_eq!(parse(text).unwrap_err(), error, "{text:?}");
    }
}
