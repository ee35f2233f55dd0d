//! The token document the app and the CLI share (docs/token-store.md): its schema name
//! and version, the entry type for OAuth 1.0a and OAuth 2.0 credentials, reading (with the
//! migration from version 1), writing, selection, the one upsert rule, the import plan and
//! the id scheme. Nothing else defines the format.
//!
//! Protocol-neutral and pure: no clock (callers pass the creation time), no I/O, no
//! protocol core. It compiles for wasm32 with the secret type only: its JSON is
//! [`json`]'s. One reader ([`Fields`]) and one writer ([`writer`]), both hand-written and
//! small in wasm, held together by tests/round_trip.rs. Natively (the CLI) the values and
//! entries also serialise through serde; the same test holds that side to them.

mod document;
mod entry;
pub mod fields;
mod import;
pub mod json;
mod oauth1_token;
mod oauth2_token;
mod writer;

pub use document::{Document, ReadError, SCHEMA, SelectError, Upserted, VERSION};
pub use entry::{Credential, Entry, new_id};
pub use fields::Fields;
pub use import::{Choice, Clash, Duplicate, ImportPlan};
pub use oauth_secret::{Secret, mask};
pub use oauth1_token::{DEFAULT_SIGNATURE_METHOD, OAuth1Endpoints, OAuth1Token};
pub use oauth2_token::{ClientAuth, OAuth2Endpoints, OAuth2Token};
