//! Exporting the token store to a file and importing one back, in the page's words. The
//! rules (the document, "Leave secrets out", the import plan and its choices) are the
//! store crate's (docs/token-store.md); `effects::files` downloads and reads the files.

use token_store::{Choice, Clash, Credential, Document, Duplicate, Entry};

use super::tokens::TokenStore;

/// The file name offered for downloads.
pub const FILE_NAME: &str = "oauth-playground-tokens.json";

/// The token store as a file, `current` included. With `leave_secrets_out`, every secret
/// and every field this version does not know is left out (`Document::without_secrets`).
pub fn export(store: &TokenStore, leave_secrets_out: bool) -> Result<String, String> {
    let doc = if leave_secrets_out {
        store.doc.without_secrets()
    } else {
        store.doc.clone()
    };
    doc.to_json().map_err(|e| e.to_string())
}

/// The document of an exported file (version 1 or 2), or why it cannot be imported.
pub fn parse(text: &str) -> Result<Document, String> {
    if text.trim().is_empty() {
        return Err("The file is empty.".into());
    }
    let doc = Document::parse(text).map_err(|e| format!("This file cannot be imported: {e}."))?;
    if doc.tokens.is_empty() {
        return Err("The file holds no tokens.".into());
    }
    Ok(doc)
}

/// The choice's label on its radio button.
pub fn label(choice: Choice) -> &'static str {
    match choice {
        Choice::KeepExisting => "Keep existing",
        Choice::Replace => "Replace",
        Choice::KeepBoth => "Keep both",
    }
}

/// Who a token was issued to: the OAuth 1.0a consumer or the OAuth 2.0 client.
pub fn issued_to(entry: &Entry) -> String {
    match &entry.credential {
        Credential::OAuth1(t) => format!("consumer {}", t.consumer_key),
        Credential::OAuth2(t) => format!("client {}", t.client_id),
    }
}

/// The duplicate's legend.
pub fn describe(d: &Duplicate) -> String {
    match d.clash {
        Clash::SameCredential => format!(
            "\"{}\" is the same token as the saved \"{}\" ({}).",
            d.incoming.name,
            d.existing_name,
            issued_to(&d.incoming)
        ),
        Clash::SameName => format!("A different token is already saved as \"{}\".", d.existing_name),
    }
}

/// Whether an imported entry has no secret to sign with (exported with "Leave secrets out").
pub fn lacks_secrets(entry: &Entry) -> bool {
    match &entry.credential {
        Credential::OAuth1(t) => t.token_secret.is_empty(),
        Credential::OAuth2(t) => t.access_token.is_empty(),
    }
}

#[cfg(test)]
#[path = "transfer_tests.rs"]
mod tests;
