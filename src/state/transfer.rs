//! Exporting the token store to a JSON file and importing one back. An import never
//! overwrites silently: each duplicate (same consumer and token, or same name) waits for
//! the user's choice. Pure; `effects::files` downloads and reads the files.

use super::tokens::{SavedToken, StorageIssue, TokenStore};

/// The file name offered for downloads.
pub const FILE_NAME: &str = "oauth-playground-tokens.json";

/// The token store as a file (the storage schema, docs/token-store.md). With
/// `leave_secrets_out`, the token and consumer secrets and RSA keys are left out.
pub fn export(store: &TokenStore, leave_secrets_out: bool) -> String {
    let mut out = store.clone();
    if leave_secrets_out {
        for t in &mut out.tokens {
            t.token_secret.clear();
            t.consumer_secret = None;
            t.rsa_private_key = None;
        }
    }
    // The storage writer itself: one serializer in the wasm (a budget), compact JSON.
    out.to_json()
}

/// The tokens of an exported file, or why it cannot be imported.
pub fn parse(text: &str) -> Result<Vec<SavedToken>, String> {
    if text.trim().is_empty() {
        return Err("The file is empty.".into());
    }
    let store = TokenStore::load(Some(text));
    match store.issue {
        Some(StorageIssue::Unreadable { reason, .. }) => {
            Err(format!("This file cannot be imported: {reason}."))
        }
        _ if store.tokens.is_empty() => Err("The file holds no tokens.".into()),
        _ => Ok(store.tokens),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    #[default]
    KeepExisting,
    Replace,
    KeepBoth,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::KeepExisting, Choice::Replace, Choice::KeepBoth];

    pub fn label(self) -> &'static str {
        match self {
            Choice::KeepExisting => "Keep existing",
            Choice::Replace => "Replace",
            Choice::KeepBoth => "Keep both",
        }
    }
}

/// Why an imported token clashes with a saved one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    SameToken,
    SameName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub incoming: SavedToken,
    /// The saved token's id.
    pub existing: String,
    pub existing_name: String,
    pub clash: Clash,
    pub choice: Choice,
}

impl Duplicate {
    pub fn describe(&self) -> String {
        match self.clash {
            Clash::SameToken => format!(
                "\"{}\" is the same token as the saved \"{}\" (consumer {}).",
                self.incoming.name, self.existing_name, self.incoming.consumer_key
            ),
            Clash::SameName => format!(
                "A different token is already saved as \"{}\".",
                self.existing_name
            ),
        }
    }
}

/// What an import would do, before the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// Tokens that clash with nothing: added as they are.
    pub fresh: Vec<SavedToken>,
    pub duplicates: Vec<Duplicate>,
}

/// Sorts the incoming tokens into fresh ones and duplicates of `existing`.
pub fn plan(existing: &[SavedToken], incoming: Vec<SavedToken>) -> ImportPlan {
    let mut out = ImportPlan::default();
    for t in incoming {
        let same_token = existing
            .iter()
            .find(|e| e.token == t.token && e.consumer_key == t.consumer_key);
        let found = same_token.map(|e| (e, Clash::SameToken)).or_else(|| {
            existing
                .iter()
                .find(|e| e.name == t.name)
                .map(|e| (e, Clash::SameName))
        });
        match found {
            Some((e, clash)) => out.duplicates.push(Duplicate {
                existing: e.id.clone(),
                existing_name: e.name.clone(),
                incoming: t,
                clash,
                choice: Choice::KeepExisting,
            }),
            None => out.fresh.push(t),
        }
    }
    out
}

/// The token list after the import. A replaced token keeps its place and id (so
/// `current` still points at it); "Keep both" gives the newcomer a fresh id and, for
/// a clashing name, " (imported)".
pub fn apply(existing: &[SavedToken], plan: &ImportPlan) -> Vec<SavedToken> {
    let mut tokens = existing.to_vec();
    let mut added = Vec::new();
    for d in &plan.duplicates {
        match d.choice {
            Choice::KeepExisting => {}
            Choice::Replace => {
                if let Some(slot) = tokens.iter_mut().find(|t| t.id == d.existing) {
                    *slot = SavedToken {
                        id: d.existing.clone(),
                        ..d.incoming.clone()
                    };
                }
            }
            Choice::KeepBoth => {
                let mut t = d.incoming.clone();
                if tokens.iter().chain(&added).any(|o: &SavedToken| o.name == t.name) {
                    t.name = format!("{} (imported)", t.name);
                }
                added.push(t);
            }
        }
    }
    added.extend(plan.fresh.iter().cloned());
    for mut t in added {
        let base = if t.id.is_empty() {
            "imported".to_owned()
        } else {
            t.id.clone()
        };
        let mut n = 1;
        while t.id.is_empty() || tokens.iter().any(|o| o.id == t.id) {
            n += 1;
            t.id = format!("{base}-{n}");
        }
        tokens.push(t);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(id: &str, name: &str, token: &str) -> SavedToken {
        SavedToken {
            id: id.into(),
            name: name.into(),
            consumer_key: "ck".into(),
            token: token.into(),
            token_secret: format!("secret-{token}"),
            consumer_secret: Some("cs".into()),
            rsa_private_key: Some("-----BEGIN PRIVATE KEY-----".into()),
            ..SavedToken::default()
        }
    }

    fn store(tokens: Vec<SavedToken>) -> TokenStore {
        TokenStore {
            current: tokens.first().map(|t| t.id.clone()),
            tokens,
            writable: true,
            issue: None,
        }
    }

    #[test]
    fn export_round_trips_and_can_leave_secrets_out() {
        let s = store(vec![tok("1", "A", "t1")]);
        let full = export(&s, false);
        assert!(full.contains("\"schema\":\"oauth-playground/tokens\""), "{full}");
        assert!(full.contains("\"consumer_secret\":\"cs\""));
        assert_eq!(parse(&full).unwrap(), s.tokens);
        let bare = export(&s, true);
        assert!(full.contains("\"rsa_private_key\":\"-----BEGIN PRIVATE KEY-----\""));
        assert!(
            !bare.contains("secret-t1") && !bare.contains("consumer_secret") && !bare.contains("PRIVATE"),
            "{bare}"
        );
        let back = parse(&bare).unwrap();
        assert_eq!(
            (back[0].token.as_str(), back[0].token_secret.as_str()),
            ("t1", "")
        );
    }

    #[test]
    fn bad_files_are_explained() {
        assert_eq!(parse(" ").unwrap_err(), "The file is empty.");
        assert!(parse("{nope").unwrap_err().contains("not valid JSON"));
        assert!(
            parse(r#"{"schema":"oauth-playground/tokens","version":9,"tokens":[]}"#)
                .unwrap_err()
                .contains("newer")
        );
        assert_eq!(
            parse(r#"{"schema":"oauth-playground/tokens","version":1,"tokens":[]}"#).unwrap_err(),
            "The file holds no tokens."
        );
    }

    #[test]
    fn duplicates_wait_for_a_choice_and_nothing_is_overwritten_by_default() {
        let existing = vec![tok("1", "A", "t1"), tok("2", "B", "t2")];
        let incoming = vec![
            tok("9", "A renamed", "t1"),
            tok("2", "B", "other"),
            tok("3", "C", "t3"),
        ];
        let mut p = plan(&existing, incoming);
        assert_eq!(p.fresh.len(), 1);
        assert_eq!(
            p.duplicates.iter().map(|d| d.clash).collect::<Vec<_>>(),
            [Clash::SameToken, Clash::SameName]
        );
        assert!(
            p.duplicates[0]
                .describe()
                .contains("same token as the saved \"A\"")
        );
        // Defaults: keep existing; the fresh token joins with a new id (2 is taken? no: 3).
        let kept = apply(&existing, &p);
        assert_eq!(
            kept.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
        assert_eq!(kept[0].name, "A");

        p.duplicates[0].choice = Choice::Replace;
        p.duplicates[1].choice = Choice::KeepBoth;
        let after = apply(&existing, &p);
        let names: Vec<_> = after
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str(), t.token.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("1", "A renamed", "t1"),
                ("2", "B", "t2"),
                ("2-2", "B (imported)", "other"),
                ("3", "C", "t3")
            ]
        );
    }
}
