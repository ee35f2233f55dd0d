//! A version 1 file from each side is imported, exported as version 2 and imported
//! again: every field survives, unknown ones included.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use token_store::*;

/// An empty store imports the document.
fn import(text: &str) -> Document {
    let mut store = Document::default();
    let plan = store.plan_import(Document::parse(text).unwrap());
    assert!(plan.duplicates.is_empty());
    store.apply_import(&plan);
    store
}

#[test]
fn version_1_files_from_either_side_survive_an_import_export_import() {
    for name in ["v1-cli.json", "v1-app-export.json"] {
        let v1 = Document::parse(&fixture(name)).unwrap();
        let first = import(&fixture(name));
        // Import keeps the saved `current` (none here) and takes everything else.
        assert_eq!((&first.tokens, &first.other), (&v1.tokens, &v1.other), "{name}");

        let exported = first.to_json().unwrap();
        assert!(
            exported.starts_with(r#"{"schema":"oauth-playground/tokens","version":2,"#),
            "{exported}"
        );
        let second = import(&exported);
        assert_eq!(second, first, "{name}");
        // Field by field, for the report when it fails.
        for (a, b) in second.tokens.iter().zip(&v1.tokens) {
            assert_eq!(a.oauth1(), b.oauth1(), "{name}: {}", a.id);
            assert_eq!(a.other, b.other, "{name}: {}", a.id);
            assert_eq!(
                (&a.id, &a.name, &a.provider, &a.created),
                (&b.id, &b.name, &b.provider, &b.created)
            );
        }
        assert_eq!(
            Document::parse(&second.to_json_pretty().unwrap()).unwrap(),
            second
        );
    }
    // The CLI's file is the one with unknown fields at both levels.
    let cli = import(&fixture("v1-cli.json"));
    let again = import(&cli.to_json().unwrap());
    assert_eq!(again.other["exported_by"], "oauth-playground 0.2");
    assert_eq!(
        again.tokens[0].other["future_field"]["nested"]
            .as_array()
            .unwrap()[1],
        "two"
    );
}
