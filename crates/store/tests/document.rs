//! The version gate, selection, the one upsert rule, the import plan and secret-free exports.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::json;
use token_store::*;

fn oauth1(id: &str, name: &str, token: &str) -> Entry {
    Entry {
        id: id.into(),
        name: name.into(),
        credential: Credential::OAuth1(OAuth1Token {
            consumer_key: "ck".into(),
            token: token.into(),
            token_secret: Secret::new(format!("secret-{token}")),
            ..OAuth1Token::default()
        }),
        ..oauth1_entry()
    }
}

fn doc(tokens: Vec<Entry>) -> Document {
    Document {
        current: tokens.first().map(|t| t.id.clone()),
        tokens,
        ..Document::default()
    }
}

fn ids_and_names(d: &Document) -> Vec<(&str, &str)> {
    d.tokens
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect()
}

#[test]
fn other_schemas_versions_and_broken_fields_are_refused_with_the_reason() {
    for (text, message) in [
        (
            "{nope",
            "it is not valid JSON (key must be a string at line 1 column 2)",
        ),
        (
            "[1]",
            "it is not an oauth-playground/tokens document (it has no \"schema\" field)",
        ),
        (
            r#"{"schema":"other","version":1}"#,
            "its schema is \"other\", not \"oauth-playground/tokens\"",
        ),
        (
            r#"{"schema":7,"version":1}"#,
            "a field has the wrong type (the document: \"schema\" is not text)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":3,"tokens":[]}"#,
            "it was written by a newer version (schema version 3; this one reads versions 1 to 2)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":0,"tokens":[]}"#,
            "its schema version is missing or not one this version reads (1 to 2)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":1}"#,
            "it has no \"tokens\" list",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":1,"tokens":"x"}"#,
            "a field has the wrong type (the document: \"tokens\" is not a list)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":1,"tokens":[{"id":"a"},{"token":7}]}"#,
            "a field has the wrong type (token 2: \"token\" is not text)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":2,"tokens":[{"id":"a","token":"t"}]}"#,
            "a field has the wrong type (token 1: \"protocol\" is missing)",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":2,"tokens":[{"protocol":"oauth3"}]}"#,
            "a field has the wrong type (token 1: \"protocol\" is not \"oauth1\" or \"oauth2\")",
        ),
        (
            r#"{"schema":"oauth-playground/tokens","version":2,"tokens":[{"protocol":"oauth2","expires_at":"soon"}]}"#,
            "a field has the wrong type (token 1: \"expires_at\" is not a whole number)",
        ),
    ] {
        assert_eq!(Document::parse(text).unwrap_err().to_string(), message, "{text}");
    }
}

#[test]
fn a_version_1_token_without_a_method_signs_as_hmac_sha1() {
    let text = r#"{"schema":"oauth-playground/tokens","version":1,"tokens":[{"token":"t","signature_method":""},{"token":"u"}]}"#;
    let d = Document::parse(text).unwrap();
    for t in &d.tokens {
        assert_eq!(t.oauth1().unwrap().signature_method, "HMAC-SHA1");
    }
}

#[test]
fn select_by_name_then_id_then_current_then_the_only_one() {
    let mut d = doc(vec![oauth1("1", "A", "t1"), oauth1("2", "B", "t2")]);
    assert_eq!(d.select(Some("B")).unwrap().id, "2");
    assert_eq!(d.select(Some("1")).unwrap().name, "A");
    assert_eq!(d.select(None).unwrap().id, "1");
    assert_eq!(
        d.select(Some("nope")).unwrap_err(),
        SelectError::NoSuchName("nope".into())
    );
    d.current = Some("gone".into());
    assert!(d.current().is_none());
    assert_eq!(d.select(None).unwrap_err(), SelectError::NoneCurrent);
    d.tokens[1].name = "A".into();
    assert_eq!(
        d.select(Some("A")).unwrap_err(),
        SelectError::AmbiguousName {
            name: "A".into(),
            count: 2
        }
    );
    d.tokens.pop();
    assert_eq!(d.select(None).unwrap().id, "1");
    assert_eq!(Document::default().select(None).unwrap_err(), SelectError::Empty);
}

#[test]
fn upsert_replaces_the_same_credential_in_place_and_never_by_name() {
    let mut d = doc(vec![oauth1("1", "A", "t1"), oauth1("2", "B", "t2")]);
    d.tokens[0].other = common::object(json!({"kept": 1, "both": "old"}));

    // The same consumer and token: replaced in place under its id, unknown fields merged.
    let mut again = oauth1("9", "A again", "t1");
    again.other = common::object(json!({"both": "new"}));
    assert_eq!(
        d.upsert(again),
        Upserted {
            id: "1".into(),
            replaced: true
        }
    );
    assert_eq!(ids_and_names(&d), [("1", "A again"), ("2", "B")]);
    assert_eq!(
        d.tokens[0].other,
        common::object(json!({"kept": 1, "both": "new"}))
    );
    assert_eq!(d.current.as_deref(), Some("1"));

    // Another token under a taken name and id: added, with a unique name and id.
    assert_eq!(
        d.upsert(oauth1("2", "B", "t3")),
        Upserted {
            id: "2-2".into(),
            replaced: false
        }
    );
    assert_eq!(d.upsert(oauth1("2", "B", "t4")).id, "2-3");
    assert_eq!(
        ids_and_names(&d),
        [("1", "A again"), ("2", "B"), ("2-2", "B (2)"), ("2-3", "B (3)")]
    );
    assert_eq!(d.current.as_deref(), Some("2-3"));

    // A replacement that takes another entry's name gets a unique one too.
    d.upsert(oauth1("x", "B", "t1"));
    assert_eq!(d.tokens[0].name, "B (4)");
    // The same token from another consumer is another credential.
    let mut other_consumer = oauth1("y", "Y", "t1");
    if let Credential::OAuth1(t) = &mut other_consumer.credential {
        t.consumer_key = "other".into();
    }
    assert!(!d.upsert(other_consumer).replaced);
    // An OAuth 2.0 entry never matches an OAuth 1.0a one.
    assert!(!d.upsert(oauth2_entry()).replaced);
    assert!(d.upsert(oauth2_entry()).replaced);
}

#[test]
fn new_ids_are_the_time_and_a_tag_that_is_never_a_bearer_secret() {
    let e = Entry::new(
        oauth1_entry().credential,
        "n",
        "p",
        "2026-11-27T04:08:17.000Z",
        1_795_752_497_000,
    );
    assert_eq!(e.id, "1795752497000-AkpTMd");
    assert_eq!(new_id(5, &oauth2_entry().credential), "5-app-12");
    let mut d = Document::default();
    let mut no_id = oauth1("", "n", "t");
    no_id.id.clear();
    assert_eq!(d.upsert(no_id).id, "token");
}

#[test]
fn import_waits_for_a_choice_per_duplicate_and_uses_the_upsert_identity() {
    let existing = doc(vec![oauth1("1", "A", "t1"), oauth1("2", "B", "t2")]);
    let mut incoming = doc(vec![
        oauth1("9", "A renamed", "t1"),
        oauth1("2", "B", "other"),
        oauth1("3", "C", "t3"),
    ]);
    incoming.other = common::object(json!({"exported_by": "x"}));
    let mut plan = existing.plan_import(incoming);
    assert_eq!(plan.fresh.len(), 1);
    assert_eq!(
        plan.duplicates
            .iter()
            .map(|d| (d.clash, d.existing.as_str()))
            .collect::<Vec<_>>(),
        [(Clash::SameCredential, "1"), (Clash::SameName, "2")]
    );

    // The defaults keep what is saved; the fresh entry joins.
    let mut kept = existing.clone();
    kept.apply_import(&plan);
    assert_eq!(ids_and_names(&kept), [("1", "A"), ("2", "B"), ("3", "C")]);
    assert_eq!(kept.other["exported_by"], "x");
    assert_eq!(kept.current.as_deref(), Some("1"));

    plan.duplicates[0].choice = Choice::Replace;
    plan.duplicates[1].choice = Choice::KeepBoth;
    let mut after = existing.clone();
    after.apply_import(&plan);
    assert_eq!(
        ids_and_names(&after),
        [("1", "A renamed"), ("2", "B"), ("2-2", "B (2)"), ("3", "C")]
    );

    // Replacing an entry that has gone since the plan adds it instead.
    let mut gone = existing.clone();
    gone.tokens.remove(0);
    gone.apply_import(&plan);
    assert!(gone.tokens.iter().any(|t| t.name == "A renamed"));
}

#[test]
fn without_secrets_leaves_out_every_secret_and_what_it_cannot_judge() {
    let d = v2_document().without_secrets();
    let text = d.to_json().unwrap();
    for secret in [
        "consumer secret",
        "token/secret",
        "PRIVATE KEY",
        "client-secret",
        "eyJhbG",
        "refresh-abc",
        "authorization_details",
        "pinned",
        "labels",
        "exported_by",
        "renew",
        "userinfo",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let back = Document::parse(&text).unwrap();
    let t = back.tokens[0].oauth1().unwrap();
    assert_eq!(
        (t.token.as_str(), t.token_secret.expose()),
        ("AkpTMdt4A6W07U93", "")
    );
    let t = back.tokens[1].oauth2().unwrap();
    assert_eq!((t.client_id.as_str(), t.access_token.expose()), ("app-1234", ""));
    assert_eq!(t.expires_at, Some(1_795_756_211));
    assert_eq!(back.current, d.current);
}

#[test]
fn debug_never_prints_a_secret() {
    let shown = format!("{:?}", v2_document());
    for secret in [
        "consumer secret",
        "token/secret",
        "client-secret",
        "eyJhbG",
        "refresh-abc",
        "MIIE",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn remove_takes_the_entry_out_and_current_with_it() {
    let mut d = doc(vec![oauth1("a", "A", "t1"), oauth1("b", "B", "t2")]);
    assert_eq!(d.remove("b").map(|e| e.name), Some("B".into()));
    assert_eq!(d.current.as_deref(), Some("a"));
    assert_eq!(d.remove("a").map(|e| e.name), Some("A".into()));
    assert_eq!(d.current, None);
    assert_eq!(d.remove("a"), None);
}

#[test]
fn the_api_base_url_is_read_and_written() {
    let text = r#"{"schema":"oauth-playground/tokens","version":2,"current":null,"tokens":[
        {"id":"a","name":"A","provider":"p","created":"c","protocol":"oauth1","consumer_key":"ck",
         "token":"t","token_secret":"s","signature_method":"HMAC-SHA1","scopes":"","extra":[],
         "endpoints":{"api":"https://shop.example/wp-json/wc/v3"}}]}"#;
    let d = Document::parse(text).unwrap();
    let t = d.tokens[0].oauth1().unwrap();
    assert_eq!(
        t.endpoints.api.as_deref(),
        Some("https://shop.example/wp-json/wc/v3")
    );
    assert!(t.endpoints.other.is_empty());
    assert_eq!(Document::parse(&d.to_json().unwrap()).unwrap(), d);
}
