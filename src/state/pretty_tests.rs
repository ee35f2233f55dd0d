//! Tests of the JSON and XML pretty-printers.

use super::*;

fn text(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text() + "\n").collect()
}

#[test]
fn json_keeps_order_and_numbers_and_finds_urls() {
    let body = r#"{"z":1.50,"a":[true,null,"x\"y"],"e":{},"u":"https://api.example/1?a=b","n":{"k":[]}}"#;
    let (format, sections) = pretty(body, Some("application/json; charset=utf-8")).unwrap();
    assert_eq!(format, Format::Json);
    assert_eq!(sections.len(), 1);
    assert_eq!(
        text(&sections[0].lines),
        "{\n  \"z\": 1.50,\n  \"a\": [\n    true,\n    null,\n    \"x\\\"y\"\n  ],\n  \"e\": {},\n  \
         \"u\": \"https://api.example/1?a=b\",\n  \"n\": {\n    \"k\": []\n  }\n}\n"
    );
    let links: Vec<_> = sections[0]
        .lines
        .iter()
        .flat_map(|l| &l.tokens)
        .filter_map(|t| t.link.clone())
        .collect();
    assert_eq!(links, ["https://api.example/1?a=b"]);
}

#[test]
fn not_json_is_left_alone() {
    for body in ["{", "{\"a\":}", "[1,]", "{} x", "plain text", "[1e]"] {
        assert!(pretty(body, None).is_none(), "{body}");
    }
    assert!(pretty("<p>hi</p>", Some("text/html")).is_none());
    let deep = "[".repeat(MAX_DEPTH + 5) + &"]".repeat(MAX_DEPTH + 5);
    assert!(pretty(&deep, None).is_none());
}

#[test]
fn large_documents_collapse_per_top_level_member() {
    let items: Vec<String> = (0..30)
        .map(|i| format!("{{\"id\":{i},\"tags\":[\"a\",\"b\"]}}"))
        .collect();
    let body = format!("[{}]", items.join(","));
    let (_, sections) = pretty(&body, None).unwrap();
    assert_eq!(sections.len(), 32);
    assert_eq!(sections[0].summary, None);
    assert_eq!(sections[1].summary.as_deref(), Some("{ …"));
    assert_eq!(
        text(&sections[1].lines),
        "  {\n    \"id\": 0,\n    \"tags\": [\n      \"a\",\n      \"b\"\n    ]\n  },\n"
    );
    assert_eq!(text(&sections[31].lines), "]\n");
}

#[test]
fn xml_is_indented_text_stays_inline() {
    let body = "<?xml version=\"1.0\"?><user id=\"1\"><name>Jo &amp; co</name><empty/><!-- c --><list>\n<i a='>'>1</i></list><br></br></user>";
    let (format, sections) = pretty(body, Some("application/xml")).unwrap();
    assert_eq!(format, Format::Xml);
    assert_eq!(
        text(&sections[0].lines),
        "<?xml version=\"1.0\"?>\n<user id=\"1\">\n  <name>Jo &amp; co</name>\n  <empty/>\n  <!-- c -->\n  <list>\n    \
         <i a='>'>1</i>\n  </list>\n  <br></br>\n</user>\n"
    );
    assert!(pretty("<a><b", None).is_none());
}

#[test]
fn json_numbers_follow_the_grammar() {
    for ok in ["0", "-0", "12", "1.5", "-1.25e+3", "1E9", "0.0e-1"] {
        assert!(is_number(ok), "{ok}");
    }
    for bad in ["", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1.2.3", "--1"] {
        assert!(!is_number(bad), "{bad}");
    }
}
