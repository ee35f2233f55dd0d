//! The console's history: the last `MAX` calls, newest first, kept in localStorage under
//! `STORAGE_KEY`. Entries hold no secrets: no Authorization header, no token or consumer
//! secret, no `oauth_*` parameter (`ConsoleRequest::without_secrets`).

use super::console::ConsoleRequest;
use super::json::{self, Fields, Object, Value, parse};

pub const STORAGE_KEY: &str = "oauth-playground.console-history";
pub const SCHEMA: &str = "oauth-playground/console-history";
pub const VERSION: u64 = 1;
pub const MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub request: ConsoleRequest,
    /// ISO 8601 time it was sent.
    pub at: String,
    /// The response's status; `None` while in flight or when no response came.
    pub status: Option<u16>,
}

impl HistoryEntry {
    /// A one-line summary, e.g. `GET https://api.example/me → 200`.
    pub fn summary(&self) -> String {
        let status = self.status.map(|s| format!(" → {s}")).unwrap_or_default();
        format!("{} {}{status}", self.request.method, self.request.url)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub entries: Vec<HistoryEntry>,
}

impl History {
    /// Reads the stored text; anything unreadable starts an empty history (it holds
    /// nothing that cannot be typed again).
    pub fn load(raw: Option<&str>) -> Self {
        let mut entries = raw
            .and_then(|r| parse(r).ok())
            .filter(|v| v.get("schema").and_then(Value::as_str) == Some(SCHEMA))
            .filter(|v| v.get("version").and_then(Value::as_u64) == Some(VERSION))
            .and_then(|v| read_entries(&v).ok())
            .unwrap_or_default();
        entries.truncate(MAX);
        // Stored by an older build or edited by hand: clean again.
        for e in &mut entries {
            e.request = e.request.without_secrets();
        }
        Self { entries }
    }

    pub fn to_json(&self) -> String {
        json::text(|out| {
            let mut doc = Object::new(out);
            doc.str("schema", SCHEMA).num("version", VERSION);
            json::array(doc.key("entries"), &self.entries, |out, e| {
                let mut m = Object::new(out);
                e.request.write(m.key("request"));
                m.str("at", &e.at);
                match e.status {
                    Some(s) => m.num("status", u64::from(s)),
                    None => m.value("status", &Value::Null),
                };
                m.end();
            });
            doc.end();
        })
    }

    /// Records a call at the top; the same request sent again moves up instead of repeating.
    pub fn push(&mut self, request: &ConsoleRequest, at: &str) {
        let request = request.without_secrets();
        self.entries.retain(|e| e.request != request);
        self.entries.insert(
            0,
            HistoryEntry {
                request,
                at: at.to_owned(),
                status: None,
            },
        );
        self.entries.truncate(MAX);
    }

    /// The status of the newest call.
    pub fn set_status(&mut self, status: u16) {
        if let Some(e) = self.entries.first_mut() {
            e.status = Some(status);
        }
    }
}

fn read_entries(doc: &Value) -> Result<Vec<HistoryEntry>, String> {
    let f = Fields::of(doc, "the history")?;
    f.list("entries")?
        .iter()
        .map(|e| {
            let e = Fields::of(e, "an entry")?;
            let request = match e.object("request")? {
                Some(r) => ConsoleRequest::read(&r)?,
                None => ConsoleRequest::default(),
            };
            let mut at = String::new();
            e.string("at", &mut at)?;
            let status = e.number("status")?.and_then(|s| u16::try_from(s).ok());
            Ok(HistoryEntry { request, at, status })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::console::BodyType;

    fn req(url: &str) -> ConsoleRequest {
        ConsoleRequest {
            url: url.into(),
            ..ConsoleRequest::default()
        }
    }

    #[test]
    fn bounded_newest_first_and_deduplicated() {
        let mut h = History::default();
        for i in 0..25 {
            h.push(&req(&format!("https://h/{i}")), "t");
        }
        assert_eq!(h.entries.len(), MAX);
        assert_eq!(h.entries[0].request.url, "https://h/24");
        h.push(&req("https://h/10"), "t2");
        assert_eq!(h.entries.len(), MAX);
        assert_eq!(h.entries[0].at, "t2");
        assert_eq!(
            h.entries
                .iter()
                .filter(|e| e.request.url == "https://h/10")
                .count(),
            1
        );
        h.set_status(200);
        assert_eq!(h.entries[0].summary(), "GET https://h/10 → 200");
    }

    #[test]
    fn stored_history_holds_no_secrets() {
        let mut h = History::default();
        let r = ConsoleRequest {
            method: "POST".into(),
            url: "https://h/x?a=1&oauth_token=TOKEN&oauth_signature=SIG".into(),
            query: "b=2\noauth_nonce=N".into(),
            headers: "Accept: application/json\nAuthorization: OAuth oauth_signature=\"S\"\ncookie: sid=1"
                .into(),
            body_type: BodyType::Form,
            body: "status=hi\noauth_token_secret=SECRET".into(),
            body_hash: false,
        };
        h.push(&r, "2025-01-01T00:00:00.000Z");
        let json = h.to_json();
        for secret in ["TOKEN", "SIG", "oauth_", "Authorization", "SECRET", "sid=1"] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        let back = History::load(Some(&json));
        assert_eq!(back, h);
        let e = &back.entries[0].request;
        assert_eq!(e.url, "https://h/x?a=1");
        assert_eq!(
            (e.query.as_str(), e.headers.as_str(), e.body.as_str()),
            ("b=2", "Accept: application/json", "status=hi")
        );
    }

    #[test]
    fn unreadable_or_dirty_storage() {
        assert!(History::load(Some("{nope")).entries.is_empty());
        assert!(
            History::load(Some(r#"{"schema":"x","version":1,"entries":[]}"#))
                .entries
                .is_empty()
        );
        assert!(History::load(None).entries.is_empty());
        let dirty = r#"{"schema":"oauth-playground/console-history","version":1,"entries":[
            {"request":{"url":"https://h/","headers":"Authorization: OAuth x"},"at":"t"}]}"#;
        let h = History::load(Some(dirty));
        assert_eq!(h.entries[0].request.headers, "");
        assert_eq!(h.entries[0].request.method, "GET");
    }
}
