//! Importing a token document into another: nothing is overwritten silently. An incoming
//! entry that holds the same credential as a saved one, or else has a saved one's name,
//! waits for the user's choice; the others are added.

use crate::json::Map;

use crate::{Document, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// The imported entry is dropped (the default).
    #[default]
    KeepExisting,
    /// The imported entry takes the saved one's place and id, so `current` still holds.
    Replace,
    /// Both stay; the newcomer gets a unique id and, when its name is taken, `NAME (2)`.
    KeepBoth,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::KeepExisting, Choice::Replace, Choice::KeepBoth];
}

/// Why an incoming entry waits for a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// The same credential as the saved entry ([`Entry::same_credential`]), the rule
    /// [`Document::upsert`] replaces by.
    SameCredential,
    /// Another credential under a saved entry's name.
    SameName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub incoming: Entry,
    /// The saved entry's id and name.
    pub existing: String,
    pub existing_name: String,
    pub clash: Clash,
    pub choice: Choice,
}

/// What an import would do, before the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// Entries that clash with nothing: added as they are (ids made unique).
    pub fresh: Vec<Entry>,
    pub duplicates: Vec<Duplicate>,
    /// The imported document's unknown top-level fields; the saved document gains those it
    /// lacks.
    pub other: Map,
}

impl Document {
    /// Sorts `incoming`'s entries into fresh ones and duplicates of this document's.
    pub fn plan_import(&self, incoming: Document) -> ImportPlan {
        let mut plan = ImportPlan {
            other: incoming.other,
            ..ImportPlan::default()
        };
        for t in incoming.tokens {
            let found = self
                .tokens
                .iter()
                .find(|e| e.same_credential(&t))
                .map(|e| (e, Clash::SameCredential))
                .or_else(|| {
                    self.tokens
                        .iter()
                        .find(|e| e.name == t.name)
                        .map(|e| (e, Clash::SameName))
                });
            match found {
                Some((e, clash)) => plan.duplicates.push(Duplicate {
                    existing: e.id.clone(),
                    existing_name: e.name.clone(),
                    incoming: t,
                    clash,
                    choice: Choice::default(),
                }),
                None => plan.fresh.push(t),
            }
        }
        plan
    }

    /// Carries out the plan with its choices. `current` is left as it was. A replaced
    /// entry that has gone since the plan was made is added instead: nothing is dropped
    /// that the user chose to keep.
    pub fn apply_import(&mut self, plan: &ImportPlan) {
        let mut added = Vec::new();
        for d in &plan.duplicates {
            match d.choice {
                Choice::KeepExisting => {}
                Choice::Replace => match self.tokens.iter().position(|t| t.id == d.existing) {
                    Some(i) => {
                        self.replace_at(i, d.incoming.clone());
                    }
                    None => added.push(d.incoming.clone()),
                },
                Choice::KeepBoth => added.push(d.incoming.clone()),
            }
        }
        for t in added.into_iter().chain(plan.fresh.iter().cloned()) {
            self.add(t);
        }
        for (k, v) in &plan.other {
            if !self.other.contains_key(k) {
                self.other.insert(k.clone(), v.clone());
            }
        }
    }
}
