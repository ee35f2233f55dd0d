//! The page's token store over the shared document: loading (version 1 migrates, bad
//! text is kept aside), the reducer, the signing view.
#![allow(clippy::unwrap_used)]

use super::*;
use oauth1::SignatureMethod;
use token_store::{OAuth2Token, SCHEMA};

use crate::state::presets::PresetId;

fn oauth1(token: &str) -> OAuth1Token {
    OAuth1Token {
        consumer_key: "ck".into(),
        token: token.into(),
        token_secret: Secret::new(format!("secret-{token}")),
        signature_method: "HMAC-SHA1".into(),
        ..OAuth1Token::default()
    }
}

fn entry(token: &str, at: u64) -> Entry {
    Entry::new(
        Credential::OAuth1(oauth1(token)),
        "Sandbox token",
        "Sandbox",
        "2026-11-27T04:08:17.000Z",
        at,
    )
}

fn save(s: Rc<TokenStore>, e: Entry) -> Rc<TokenStore> {
    s.reduce(TokenAction::Save(Box::new(e)))
}

#[test]
fn saves_write_version_2_and_read_back_the_same() {
    let s = save(Rc::new(TokenStore::load(None)), entry("aaaaaa1", 1));
    let s = save(s, entry("bbbbbb2", 2));
    let text = s.to_json().unwrap();
    assert!(
        text.starts_with(&format!(
            r#"{{"schema":"{SCHEMA}","version":2,"current":"2-bbbbbb""#
        )),
        "{text}"
    );
    let back = TokenStore::load(Some(&text));
    assert_eq!(back.doc, s.doc);
    assert!(back.writable && back.issue.is_none());
}

#[test]
fn a_saved_version_1_store_migrates_without_loss() {
    let v1 = format!(
        r#"{{"schema":"{SCHEMA}","version":1,"current":"a","tokens":[{{"id":"a","name":"A","provider":"P",
        "consumer_key":"ck","token":"t","token_secret":"ts","signature_method":"","scopes":"","created":"c",
        "extra":[["user_id","7"]],"consumer_secret":"cs","later":{{"x":[1]}}}}],"kept":true}}"#
    );
    let s = TokenStore::load(Some(&v1));
    assert!(s.writable && s.issue.is_none());
    let t = s.current().and_then(SavedToken::of).unwrap();
    assert_eq!(
        (
            t.token_secret.as_str(),
            t.consumer_secret.as_deref(),
            t.signature_method.as_str()
        ),
        ("ts", Some("cs"), "HMAC-SHA1")
    );
    let v2 = s.to_json().unwrap();
    assert!(
        v2.contains(r#""version":2"#) && v2.contains(r#""protocol":"oauth1""#),
        "{v2}"
    );
    assert!(
        v2.contains(r#""later":{"x":[1]}"#) && v2.contains(r#""kept":true"#),
        "{v2}"
    );
    assert_eq!(TokenStore::load(Some(&v2)).doc, s.doc);
}

#[test]
fn unreadable_data_is_kept_aside_and_not_writable() {
    for raw in [
        "{not json",
        "[1,2]",
        &format!(r#"{{"schema":"{SCHEMA}","version":3,"tokens":[]}}"#),
        &format!(r#"{{"schema":"{SCHEMA}","version":1,"tokens":"x"}}"#),
        &format!(r#"{{"schema":"{SCHEMA}","version":1}}"#),
        &format!(r#"{{"schema":"{SCHEMA}","version":2,"tokens":[{{"id":"a"}}]}}"#),
        "{}",
    ] {
        let s = TokenStore::load(Some(raw));
        assert!(!s.writable, "{raw}");
        let Some(StorageIssue::Unreadable { raw: kept, .. }) = &s.issue else {
            panic!("{raw}")
        };
        assert_eq!(kept, raw);
        assert!(
            s.issue
                .as_ref()
                .unwrap()
                .message()
                .contains("Nothing has been overwritten")
        );
        let s = Rc::new(s).reduce(TokenAction::AllowOverwrite);
        assert!(s.writable && s.issue.is_none());
    }
    let bad = format!(r#"{{"schema":"{SCHEMA}","version":1,"tokens":[{{"id":"a"}},{{"token":7}}]}}"#);
    let Some(StorageIssue::Unreadable { reason, .. }) = TokenStore::load(Some(&bad)).issue else {
        panic!("readable")
    };
    assert_eq!(
        reason,
        "a field has the wrong type (token 2: \"token\" is not text)"
    );
}

#[test]
fn the_same_credential_replaces_in_place_and_a_taken_name_is_numbered() {
    let s = save(Rc::new(TokenStore::load(None)), entry("aaaaaa1", 1));
    let s = save(s, entry("bbbbbb2", 2));
    assert_eq!(
        s.note.as_deref(),
        Some("A token is already named \"Sandbox token\": the new one is \"Sandbox token (2)\".")
    );
    let s = s.reduce(TokenAction::Select("1-aaaaaa".into()));
    let again = save(s, entry("aaaaaa1", 3));
    let ids: Vec<_> = again.tokens().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1-aaaaaa", "2-bbbbbb"]);
    assert_eq!(again.doc.current.as_deref(), Some("1-aaaaaa"));
    assert!(again.note.is_none());
    assert!(again.has_oauth1("ck", "aaaaaa1") && !again.has_oauth1("other", "aaaaaa1"));
}

#[test]
fn rename_select_delete_forget() {
    let s = save(Rc::new(TokenStore::load(None)), entry("aaaaaa1", 1));
    let s = save(s, entry("bbbbbb2", 2))
        .reduce(TokenAction::Rename("1-aaaaaa".into(), "Mine".into()))
        .reduce(TokenAction::Select("1-aaaaaa".into()));
    assert_eq!(s.current().map(|t| t.name.as_str()), Some("Mine"));
    let s = s.reduce(TokenAction::Delete("1-aaaaaa".into()));
    assert!(s.current().is_none());
    assert_eq!(s.tokens().len(), 1);
    let s = s.reduce(TokenAction::ForgetAll);
    assert!(s.tokens().is_empty() && s.doc.current.is_none());
}

#[test]
fn write_failures_are_reported_unless_there_is_no_storage() {
    let s = Rc::new(TokenStore::load(None)).reduce(TokenAction::WriteFailed("QuotaExceededError".into()));
    assert!(matches!(s.issue, Some(StorageIssue::WriteFailed(_))));
    let none = Rc::new(TokenStore {
        issue: Some(StorageIssue::Unavailable("SecurityError".into())),
        ..TokenStore::default()
    });
    let after = none.clone().reduce(TokenAction::WriteFailed("x".into()));
    assert!(Rc::ptr_eq(&none, &after));
}

#[test]
fn an_oauth2_entry_has_no_oauth1_signing_view() {
    let e = Entry::new(
        Credential::OAuth2(OAuth2Token {
            client_id: "app".into(),
            ..OAuth2Token::default()
        }),
        "n",
        "p",
        "c",
        5,
    );
    assert_eq!(SavedToken::of(&e), None);
    let v = SavedToken::of(&entry("aaaaaa1", 1)).unwrap();
    assert_eq!(
        (v.id.as_str(), v.token_secret.as_str()),
        ("1-aaaaaa", "secret-aaaaaa1")
    );
}

#[test]
fn a_finished_token_keeps_what_it_signs_with_and_where_it_came_from() {
    let config = Config {
        provider: PresetId::Custom,
        request_token_url: " https://p.example/rt ".into(),
        authorize_url: "https://p.example/auth?token={token}".into(),
        access_token_url: "https://p.example/at".into(),
        consumer_key: "ck".into(),
        consumer_secret: "cs".into(),
        signature_method: SignatureMethod::HmacSha256,
        rsa_private_key: "not used by HMAC".into(),
        request_token_params: "scope=read\nother=1".into(),
        authorize_params: "perms=write".into(),
        realm: " Photos ".into(),
        ..Config::default()
    };
    let pair = TokenPair {
        token: "abcdefgh".into(),
        secret: "ts".into(),
    };
    let extra = vec![("user_id".to_owned(), "42".to_owned())];
    let e = finished_token(
        &config,
        &pair,
        &extra,
        "2026-11-27T04:08:17.000Z",
        1_795_752_497_000,
    );
    let provider = presets::info_of(PresetId::Custom).label;
    assert_eq!(e.id, "1795752497000-abcdef");
    assert_eq!(
        (e.name.clone(), e.provider.as_str()),
        (format!("{provider} token"), provider)
    );
    let t = e.oauth1().unwrap();
    assert_eq!(
        (
            t.consumer_secret.as_ref().map(Secret::expose),
            t.token_secret.expose(),
            t.rsa_private_key.is_none()
        ),
        (Some("cs"), "ts", true)
    );
    assert_eq!(
        (t.signature_method.as_str(), t.scopes.as_str(), t.realm.as_deref()),
        ("HMAC-SHA256", "read write", Some("Photos"))
    );
    assert_eq!(t.extra, extra);
    assert_eq!(
        (
            t.endpoints.request_token.as_deref(),
            t.endpoints.authorize.as_deref(),
            t.endpoints.access_token.as_deref()
        ),
        (
            Some("https://p.example/rt"),
            Some("https://p.example/auth?token={token}"),
            Some("https://p.example/at")
        )
    );
    let rsa = Config {
        signature_method: SignatureMethod::RsaSha256,
        consumer_secret: String::new(),
        ..config
    };
    let t = finished_token(&rsa, &pair, &[], "c", 1);
    let t = t.oauth1().unwrap();
    assert_eq!(
        t.rsa_private_key.as_ref().map(Secret::expose),
        Some("not used by HMAC")
    );
    assert!(t.consumer_secret.is_none());
}

#[test]
fn each_added_token_error_points_at_its_field() {
    use engine::added_token::AddedToken;
    let form = AddedToken {
        consumer_key: "ck".into(),
        consumer_secret: "cs".into(),
        token: "tok".into(),
        token_secret: "ts".into(),
        base_url: "https://api.example/1".into(),
        ..AddedToken::default()
    };
    let field = |change: fn(&mut AddedToken)| {
        let mut f = form.clone();
        change(&mut f);
        added_error_field(&f.entry("", 0).unwrap_err())
    };
    assert_eq!(field(|f| f.signature_method = "MD5".into()), "add-method");
    assert_eq!(field(|f| f.consumer_key = "".into()), "add-consumer-key");
    assert_eq!(field(|f| f.consumer_secret = "".into()), "add-consumer-secret");
    assert_eq!(field(|f| f.signature_method = "RSA-SHA1".into()), "add-rsa-key");
    assert_eq!(field(|f| f.token = " ".into()), "add-token");
    assert_eq!(field(|f| f.token_secret = "".into()), "add-token-secret");
    assert_eq!(field(|f| f.base_url = "ftp://x/".into()), "add-base-url");
    assert_eq!(field(|f| f.base_url = "".into()), "add-base-url");
}

#[test]
fn a_token_added_by_hand_is_saved_by_the_one_upsert() {
    use engine::added_token::AddedToken;
    let added = AddedToken {
        consumer_key: "ck".into(),
        consumer_secret: "cs".into(),
        token: "tok".into(),
        token_secret: "ts".into(),
        base_url: "http://127.0.0.1:8080/sandbox/api".into(),
        ..AddedToken::default()
    };
    let entry = added.entry("2026-12-02T15:00:00.000Z", 1).unwrap();
    let store = Rc::new(TokenStore::load(None));
    let store = store.reduce(TokenAction::Save(Box::new(entry.clone())));
    assert_eq!(store.tokens().len(), 1);
    assert_eq!(store.current().map(|e| e.name.as_str()), Some("127.0.0.1 token"));
    let saved = SavedToken::of(&store.tokens()[0]).unwrap();
    assert_eq!((saved.token.as_str(), saved.token_secret.as_str()), ("tok", "ts"));
    // The same credential again replaces it in its place.
    let store = store.reduce(TokenAction::Save(Box::new(entry)));
    assert_eq!(store.tokens().len(), 1);
}
