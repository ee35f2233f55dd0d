#![allow(clippy::unwrap_used)]

use oauth2::Response;
use token_store::Entry;

use super::*;
use crate::state::oauth2::saved;

const TOKEN: &str = "http://127.0.0.1:8080/sandbox/oauth2/token";

fn stored(access: &str, refresh: Option<&str>, name: &str) -> Entry {
    let mut body = format!(r#"{{"access_token":"{access}","token_type":"Bearer""#);
    if let Some(r) = refresh {
        body.push_str(&format!(r#","refresh_token":"{r}""#));
    }
    body.push('}');
    let t = oauth2::parse_token_response(Response::new(200, &[], body.as_bytes())).unwrap();
    let asked = saved::Asked {
        issuer: "",
        token_endpoint: TOKEN,
        scope: None,
    };
    let auth = ClientAuth::None {
        client_id: "c".into(),
    };
    let mut e = saved::entry_for(&asked, &auth, &t, 1000, "2026-12-03T05:00:00.000Z", 1_000_000);
    e.name = name.into();
    e
}

#[test]
fn subjects_are_the_stored_oauth2_tokens_newest_first_labelled_without_the_token() {
    assert!(subjects(None).is_empty());
    assert!(subjects(Some("not json")).is_empty());
    let one = saved::save(None, stored("at-1", Some("rt-1"), "first")).unwrap();
    let two = saved::save(Some(&one), stored("at-2", None, "second")).unwrap();
    let s = subjects(Some(&two));
    let got: Vec<_> = s.iter().map(|x| (x.token.expose(), x.token_type)).collect();
    assert_eq!(
        got,
        [
            ("at-2", ACCESS_TOKEN),
            ("at-1", ACCESS_TOKEN),
            ("rt-1", "urn:ietf:params:oauth:token-type:refresh_token")
        ]
    );
    assert_eq!(s[0].label, "second: access token (2026-12-03T05:00:00.000Z)");
    assert!(s.iter().all(|x| !x.label.contains("at-")));
}

#[test]
fn the_request_carries_subject_audience_resource_and_scope() {
    let auth = ClientAuth::SecretBasic {
        client_id: "playground-web".into(),
        secret: Secret::new("s"),
    };
    let mut ask = Ask {
        subject_token_type: ACCESS_TOKEN.into(),
        ..Ask::default()
    };
    assert!(request(TOKEN, &auth, &ask).unwrap_err().contains("subject_token"));
    ask.subject_token = Secret::new(" at-1 ");
    ask.audience = "api-a  api-b".into();
    ask.resource = "https://rs.example/api".into();
    ask.scope = " api.read ".into();
    let built = request(TOKEN, &auth, &ask).unwrap();
    assert_eq!(
        built.request.body,
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=at-1\
         &subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token\
         &resource=https%3A%2F%2Frs.example%2Fapi&audience=api-a&audience=api-b&scope=api.read"
    );
    assert!(
        !built.workings.http.contains("at-1"),
        "the subject token is masked in the workings"
    );
}

#[test]
fn only_access_tokens_are_saved() {
    let parse = |body: &str| oauth2::parse_token_response(Response::new(200, &[], body.as_bytes())).unwrap();
    assert!(is_access_token(&parse(
        r#"{"access_token":"a","token_type":"Bearer"}"#
    )));
    assert!(is_access_token(&parse(
        r#"{"access_token":"a","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}"#
    )));
    assert!(!is_access_token(&parse(
        r#"{"access_token":"a","token_type":"N_A","issued_token_type":"urn:ietf:params:oauth:token-type:jwt"}"#
    )));
}
