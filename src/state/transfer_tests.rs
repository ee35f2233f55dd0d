//! Export and import as the page does them. The version 1 files of both sides (the store
//! crate's fixtures) are imported, exported as version 2 and imported again, and every
//! field of the original file is compared with the export as JSON, unknown fields
//! included: a check that does not go through the store's own reader.
#![allow(clippy::unwrap_used)]

use std::rc::Rc;

use serde_json::{Map, Value};
use token_store::{Choice, Clash, Credential, Document, Entry, OAuth1Token, SCHEMA, Secret};
use yew::Reducible;

use super::*;
use crate::state::tokens::{TokenAction, TokenStore};

const V1_CLI: &str = include_str!("../../crates/store/tests/fixtures/v1-cli.json");
const V1_APP: &str = include_str!("../../crates/store/tests/fixtures/v1-app-export.json");

/// Imports `text` into `store` as the page does: every duplicate keeps its default choice.
fn import(store: Rc<TokenStore>, text: &str) -> Rc<TokenStore> {
    let plan = store.doc.plan_import(parse(text).unwrap());
    store.reduce(TokenAction::Import(Box::new(plan)))
}

fn object(v: &Value) -> &Map<String, Value> {
    v.as_object().unwrap()
}

#[test]
fn version_1_files_from_either_side_survive_import_export_import() {
    for (name, v1) in [("v1-cli.json", V1_CLI), ("v1-app-export.json", V1_APP)] {
        let first = import(Rc::new(TokenStore::load(None)), v1);
        let exported = export(&first, false).unwrap();
        assert!(
            exported.starts_with(&format!(r#"{{"schema":"{SCHEMA}","version":2,"current":null,"#)),
            "{name}: {exported}"
        );
        let second = import(Rc::new(TokenStore::load(None)), &exported);
        assert_eq!(second.doc, first.doc, "{name}");
        let again = export(&second, false).unwrap();
        assert_eq!(again, exported, "{name}");

        // The original file, field by field, against the export.
        let (old, new): (Value, Value) = (
            serde_json::from_str(v1).unwrap(),
            serde_json::from_str(&again).unwrap(),
        );
        for (k, v) in object(&old) {
            match k.as_str() {
                "version" => assert_eq!(new[k], 2, "{name}"),
                // An import keeps the saved `current` (none in a fresh store).
                "current" => assert_eq!(new[k], Value::Null, "{name}"),
                "tokens" => {}
                _ => assert_eq!(&new[k], v, "{name}: {k}"),
            }
        }
        let (old_tokens, new_tokens) = (
            old["tokens"].as_array().unwrap(),
            new["tokens"].as_array().unwrap(),
        );
        assert_eq!(old_tokens.len(), new_tokens.len(), "{name}");
        for (o, n) in old_tokens.iter().zip(new_tokens) {
            assert_eq!(n["protocol"], "oauth1", "{name}");
            for (k, v) in object(o) {
                assert_eq!(&n[k], v, "{name}: token {}: {k}", o["id"]);
            }
            // Nothing but the protocol tag was added.
            let added: Vec<_> = object(n).keys().filter(|k| !object(o).contains_key(*k)).collect();
            assert_eq!(added, ["protocol"], "{name}: token {}", o["id"]);
        }
    }
}

#[test]
fn leaving_secrets_out_drops_every_secret_and_unknown_field() {
    let s = import(Rc::new(TokenStore::load(None)), V1_CLI);
    let bare = export(&s, true).unwrap();
    for secret in [
        "b5a0d0f8c7e6",
        "flickr-secret",
        "etrade token secret",
        "PRIVATE KEY",
        "future_field",
        "exported_by",
    ] {
        assert!(!bare.contains(secret), "{secret}: {bare}");
    }
    let back = parse(&bare).unwrap();
    assert_eq!(back.tokens.len(), 2);
    assert!(back.tokens.iter().all(lacks_secrets));
    assert!(!s.tokens().iter().any(lacks_secrets));
}

#[test]
fn bad_files_are_explained() {
    assert_eq!(parse(" ").unwrap_err(), "The file is empty.");
    assert!(parse("{nope").unwrap_err().contains("not valid JSON"));
    assert!(
        parse(&format!(r#"{{"schema":"{SCHEMA}","version":9,"tokens":[]}}"#))
            .unwrap_err()
            .contains("newer version")
    );
    assert_eq!(
        parse(&format!(r#"{{"schema":"{SCHEMA}","version":1,"tokens":[]}}"#)).unwrap_err(),
        "The file holds no tokens."
    );
}

fn tok(name: &str, token: &str, at: u64) -> Entry {
    Entry::new(
        Credential::OAuth1(OAuth1Token {
            consumer_key: "ck".into(),
            token: token.into(),
            token_secret: Secret::new(format!("secret-{token}")),
            ..OAuth1Token::default()
        }),
        name,
        "P",
        "c",
        at,
    )
}

#[test]
fn duplicates_wait_for_a_choice_and_nothing_is_overwritten_by_default() {
    let existing = Document {
        current: Some("1-t1".into()),
        tokens: vec![tok("A", "t1", 1), tok("B", "t2", 2)],
        ..Document::default()
    };
    let store = Rc::new(TokenStore {
        doc: existing.clone(),
        writable: true,
        ..TokenStore::default()
    });
    let incoming = Document {
        tokens: vec![tok("A renamed", "t1", 9), tok("B", "other", 2), tok("C", "t3", 3)],
        ..Document::default()
    };
    let mut plan = store.doc.plan_import(incoming);
    assert_eq!(plan.fresh.len(), 1);
    assert_eq!(
        plan.duplicates.iter().map(|d| d.clash).collect::<Vec<_>>(),
        [Clash::SameCredential, Clash::SameName]
    );
    assert_eq!(
        describe(&plan.duplicates[0]),
        "\"A renamed\" is the same token as the saved \"A\" (consumer ck)."
    );
    assert_eq!(
        describe(&plan.duplicates[1]),
        "A different token is already saved as \"B\"."
    );
    assert_eq!(Choice::ALL.map(label), ["Keep existing", "Replace", "Keep both"]);

    let kept = store.clone().reduce(TokenAction::Import(Box::new(plan.clone())));
    let ids: Vec<_> = kept
        .tokens()
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(ids, [("1-t1", "A"), ("2-t2", "B"), ("3-t3", "C")]);

    plan.duplicates[0].choice = Choice::Replace;
    plan.duplicates[1].choice = Choice::KeepBoth;
    let after = store.reduce(TokenAction::Import(Box::new(plan)));
    let rows: Vec<_> = after
        .tokens()
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.name.as_str(),
                t.oauth1().map(|o| o.token.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("1-t1", "A renamed", Some("t1")),
            ("2-t2", "B", Some("t2")),
            ("2-other", "B (2)", Some("other")),
            ("3-t3", "C", Some("t3")),
        ]
    );
    assert_eq!(after.doc.current.as_deref(), Some("1-t1"));
    assert!(matches!(after.tokens()[0].credential, Credential::OAuth1(_)));
}
