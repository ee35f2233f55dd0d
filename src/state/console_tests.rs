//! Tests of the console's request model and reducer.

use std::rc::Rc;

use engine::CallId;
use engine::outcome::Outcome;
use oauth1::{Credentials, PreparedRequest, RequestSpec, SignOptions};
use yew::Reducible;

use super::*;
use crate::state::outcome::{CallEvent, CallStage, HttpResponse};

fn token() -> SavedToken {
    SavedToken {
        id: "1".into(),
        name: "Sandbox".into(),
        consumer_key: "ck".into(),
        token: "tok".into(),
        token_secret: "ts".into(),
        signature_method: "HMAC-SHA1".into(),
        consumer_secret: Some("cs".into()),
        ..SavedToken::default()
    }
}

fn req(method: &str, url: &str) -> ConsoleRequest {
    ConsoleRequest {
        method: method.into(),
        url: url.into(),
        ..ConsoleRequest::default()
    }
}

#[test]
fn query_lines_join_the_url_encoded_as_signed() {
    let r = ConsoleRequest {
        query: "q=a b+c&d\n\nempty\nx=é".into(),
        ..req("get", "https://h/p?z=1#frag")
    };
    assert_eq!(
        r.full_url().unwrap(),
        "https://h/p?z=1&q=a%20b%2Bc%26d&empty=&x=%C3%A9"
    );
    assert!(req("GET", "").full_url().unwrap_err().contains("Fill in"));
    assert!(
        req("GET", "ftp://h/")
            .full_url()
            .unwrap_err()
            .contains("must start with http:// or https://")
    );
    assert!(req("GET", "nope").full_url().unwrap_err().contains("not valid"));
}

#[test]
fn form_bodies_are_signed_and_json_gets_a_body_hash() {
    let config = Config::default();
    let form = ConsoleRequest {
        body_type: BodyType::Form,
        body: "status=hi there\ntag=a&b".into(),
        body_hash: true,
        ..req("post", "https://h/e")
    };
    let i = console_input(&form, &token(), &config).unwrap();
    assert_eq!(i.spec.method, "POST");
    assert_eq!(i.spec.body, "status=hi%20there&tag=a%26b");
    assert_eq!(i.spec.content_type.as_deref(), Some(FORM_CONTENT_TYPE));
    assert!(!i.options.body_hash, "never on form bodies");
    let s = oauth1::sign_request(&i.spec, &i.credentials, &i.options, "n", 1).unwrap();
    assert!(
        s.explanation
            .normalized_parameters
            .starts_with("oauth_consumer_key=ck")
    );
    assert!(
        s.explanation
            .normalized_parameters
            .ends_with("status=hi%20there&tag=a%26b")
    );

    let json = ConsoleRequest {
        body_type: BodyType::Json,
        body: "{\"a\":1}".into(),
        body_hash: true,
        headers: "Accept: application/json\nX-Trace: 1".into(),
        ..req("PUT", "https://h/e")
    };
    let i = console_input(&json, &token(), &config).unwrap();
    assert_eq!(i.spec.content_type.as_deref(), Some("application/json"));
    assert!(i.options.body_hash);
    let s = oauth1::sign_request(&i.spec, &i.credentials, &i.options, "n", 1).unwrap();
    assert!(s.explanation.normalized_parameters.contains("oauth_body_hash="));
    let mut sent = s.request;
    sent.headers.extend(i.extra_headers);
    assert_eq!(sent.header("X-Trace"), Some("1"));
    assert_eq!(sent.header("Content-Type"), Some("application/json"));
}

#[test]
fn a_content_type_header_wins_and_is_not_sent_twice() {
    let r = ConsoleRequest {
        body_type: BodyType::Raw,
        body: "<a/>".into(),
        headers: "content-type: application/xml".into(),
        ..req("POST", "https://h/e")
    };
    let i = console_input(&r, &token(), &Config::default()).unwrap();
    assert_eq!(i.spec.content_type.as_deref(), Some("application/xml"));
    assert!(i.extra_headers.is_empty());
}

#[test]
fn refusals_are_explained() {
    let c = Config::default();
    let auth = ConsoleRequest {
        headers: "Authorization: x".into(),
        ..req("GET", "https://h/")
    };
    assert!(
        console_input(&auth, &token(), &c)
            .unwrap_err()
            .contains("Authorization")
    );
    let bad = ConsoleRequest {
        headers: "no colon".into(),
        ..req("GET", "https://h/")
    };
    assert!(
        console_input(&bad, &token(), &c)
            .unwrap_err()
            .contains("no colon")
    );
    let body = ConsoleRequest {
        body_type: BodyType::Raw,
        body: "x".into(),
        ..req("GET", "https://h/")
    };
    assert!(
        console_input(&body, &token(), &c)
            .unwrap_err()
            .contains("cannot carry a body")
    );
    let no_secret = SavedToken {
        consumer_secret: None,
        ..token()
    };
    assert!(
        console_input(&req("GET", "https://h/"), &no_secret, &c)
            .unwrap_err()
            .contains("no consumer secret")
    );
    // The configuration's secret serves a token of the same consumer.
    let c = Config {
        consumer_key: "ck".into(),
        consumer_secret: "cfg".into(),
        realm: "R".into(),
        ..c
    };
    let i = console_input(&req("GET", "https://h/"), &no_secret, &c).unwrap();
    assert_eq!(i.credentials.consumer_secret.expose(), "cfg");
    assert_eq!(i.options.realm.as_deref(), Some("R"));
}

#[test]
fn reducer_records_history_and_ignores_stale_responses() {
    let s = Rc::new(Console::default())
        .reduce(ConsoleAction::Set(ConsoleField::Url, "https://h/me".into()))
        .reduce(ConsoleAction::Set(ConsoleField::BodyType, "json".into()))
        .reduce(ConsoleAction::Set(ConsoleField::BodyHash, "true".into()));
    assert_eq!(s.request.body_type, BodyType::Json);
    assert!(s.request.body_hash);
    let signed = PreparedRequest {
        method: "GET".into(),
        url: "https://h/me".into(),
        headers: vec![],
        body: String::new(),
    };
    let e = oauth1::sign_request(
        &RequestSpec::new("GET", "https://h/me"),
        &Credentials {
            consumer_key: "k".into(),
            ..Credentials::default()
        },
        &SignOptions::default(),
        "n",
        1,
    )
    .unwrap()
    .explanation;
    let call = |id: CallId, stage: CallStage| ConsoleAction::Call {
        event: CallEvent { id, stage },
        at: "t".into(),
    };
    let signed_stage = || CallStage::Signed {
        request: signed.clone(),
        explanation: Box::new(e.clone()),
    };
    let received = |status: u16, elapsed_ms: u64| CallStage::Received {
        response: HttpResponse::new(status, ""),
        outcome: Outcome::Resource,
        elapsed_ms: Some(elapsed_ms),
    };
    let (old, new) = (CallId::next(), CallId::next());
    let s = s
        .reduce(call(old, CallStage::Started))
        .reduce(call(new, CallStage::Started));
    assert!(s.call.in_flight);
    // A signature that finishes after another Send belongs to the old call.
    let late = s.clone().reduce(call(old, signed_stage()));
    assert!(late.call.request.is_none() && late.history.entries.is_empty());
    let s = s.reduce(call(new, signed_stage()));
    assert!(s.call.in_flight && s.call.request.is_some());
    let stale = s.clone().reduce(call(old, received(500, 1)));
    assert!(stale.call.in_flight);
    let s = s.reduce(call(new, received(200, 12)));
    assert_eq!((s.call.in_flight, s.call.elapsed_ms), (false, Some(12)));
    assert_eq!(s.history.entries[0].summary(), "GET https://h/me → 200");
    let s = s.reduce(ConsoleAction::SetUrl("https://h/other".into()));
    assert_eq!(s.request.url, "https://h/other");
    assert_eq!(s.loads, 1, "the view re-creates its selects");
    let first = s.history.entries[0].request.clone();
    let s = s.reduce(ConsoleAction::Load(first));
    assert_eq!((s.request.url.as_str(), s.loads), ("https://h/me", 2));
    assert_eq!(s.reduce(ConsoleAction::ClearHistory).history.entries.len(), 0);
}

#[test]
fn a_request_reads_back_what_it_writes() {
    let r = ConsoleRequest {
        method: "PATCH".into(),
        url: "https://h/x".into(),
        query: "a=1".into(),
        headers: "Accept: text/plain".into(),
        body_type: BodyType::Raw,
        body: "hi".into(),
        body_hash: true,
    };
    let v = crate::state::json::parse(&crate::state::json::text(|out| r.write(out))).unwrap();
    let f = crate::state::json::Fields::of(&v, "r").unwrap();
    assert_eq!(ConsoleRequest::read(&f).unwrap(), r);
}

#[test]
fn an_rsa_token_signs_with_its_own_key_else_the_configurations() {
    let pem = include_str!("../../crates/oauth1/tests/fixtures/oauthlib_rsa_1024_pkcs8.pem");
    let rsa = SavedToken {
        signature_method: "RSA-SHA256".into(),
        consumer_secret: None,
        rsa_private_key: Some(pem.into()),
        ..token()
    };
    let c = Config::default();
    let i = console_input(&req("GET", "https://h/"), &rsa, &c).unwrap();
    assert_eq!(i.credentials.rsa_key.map(|k| k.pkcs8_der().len()), Some(636));
    let keyless = SavedToken {
        rsa_private_key: None,
        ..rsa.clone()
    };
    assert_eq!(
        console_input(&req("GET", "https://h/"), &keyless, &c).unwrap_err(),
        "The token \"Sandbox\" is signed with RSA-SHA256, which needs the consumer's RSA private key, and \
         none is saved with the token or given. Paste it in the configuration, with this token's consumer key."
    );
    // The configuration's key serves a token of its own consumer only (the engine's rule).
    let other = Config {
        consumer_key: "another".into(),
        rsa_private_key: pem.into(),
        ..c.clone()
    };
    assert!(console_input(&req("GET", "https://h/"), &keyless, &other).is_err());
    let c = Config {
        consumer_key: "ck".into(),
        rsa_private_key: pem.into(),
        ..c
    };
    assert!(console_input(&req("GET", "https://h/"), &keyless, &c).is_ok());
}

#[test]
fn an_unknown_signature_method_is_refused_as_the_cli_refuses_it() {
    let odd = SavedToken {
        signature_method: "HMAC-MD5".into(),
        ..token()
    };
    let e = console_input(&req("GET", "https://h/"), &odd, &Config::default()).unwrap_err();
    assert_eq!(
        e,
        "The token \"Sandbox\" was saved with the signature method \"HMAC-MD5\", which is not one of \
         HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT; correct its \
         signature_method to sign with it."
    );
    // The export panel offers no snippet for it either.
    assert_eq!(
        crate::state::snippets::SnippetToken::new(&odd, &Config::default()).unwrap_err(),
        e
    );
}

fn consumer_config() -> Config {
    Config {
        consumer_key: "ck".into(),
        consumer_secret: "cs".into(),
        ..Config::default()
    }
}

#[test]
fn one_legged_calls_send_no_token_unless_an_empty_one_is_asked_for() {
    let r = req("GET", "http://127.0.0.1:8080/sandbox/api/one-legged?per_page=1");
    let token_of = |empty: bool| {
        let i = one_legged_input(&r, &consumer_config(), empty).unwrap();
        let s = oauth1::sign_request(&i.spec, &i.credentials, &i.options, "n", 1).unwrap();
        s.explanation
            .parameters
            .iter()
            .find(|p| p.name == "oauth_token")
            .map(|p| p.value.clone())
    };
    assert_eq!(token_of(false), None);
    assert_eq!(token_of(true), Some(String::new()));
    let no_secret = Config {
        consumer_secret: String::new(),
        ..consumer_config()
    };
    assert_eq!(
        one_legged_input(&r, &no_secret, false).unwrap_err(),
        "HMAC-SHA1 signs with the consumer secret: fill it in (in the configuration above)."
    );
    assert_eq!(
        one_legged_input(&req("GET", ""), &consumer_config(), false).unwrap_err(),
        "Fill in the URL."
    );
}

#[test]
fn warnings_come_from_the_engine_before_sending() {
    let plaintext = Config {
        signature_method: SignatureMethod::Plaintext,
        ..consumer_config()
    };
    let w = call_warnings(&req("GET", "http://api.example/x"), None, &plaintext);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].starts_with("PLAINTEXT over plain http to api.example:"),
        "{w:?}"
    );
    // The token's own method decides when a token signs.
    assert_eq!(
        call_warnings(&req("GET", "http://api.example/x"), Some(&token()), &plaintext),
        Vec::<String>::new()
    );
    let woo = req("GET", "https://shop.example/wp-json/wc/v3/orders");
    assert_eq!(call_warnings(&woo, None, &consumer_config()).len(), 1);
    assert!(call_warnings(&woo, Some(&token()), &consumer_config()).is_empty());
}

#[test]
fn the_one_legged_choice_is_kept_with_the_call() {
    let c = Rc::new(Console::default());
    let c = c.reduce(ConsoleAction::Set(ConsoleField::OneLegged, "true".into()));
    let c = c.reduce(ConsoleAction::Set(ConsoleField::EmptyToken, "true".into()));
    assert!(c.one_legged && c.empty_token && !c.call_one_legged);
    let c = c.reduce(ConsoleAction::Call {
        event: CallEvent {
            id: CallId::next(),
            stage: CallStage::Started,
        },
        at: "t".into(),
    });
    assert!(c.call_one_legged);
}

#[test]
fn the_flow_warns_once_about_plaintext_without_tls() {
    let c = Config {
        request_token_url: "http://api.example/oauth/request_token".into(),
        access_token_url: "http://api.example/oauth/access_token".into(),
        resource_url: "https://api.example/1/me".into(),
        signature_method: SignatureMethod::Plaintext,
        ..Config::default()
    };
    let w = flow_warnings(&c);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("PLAINTEXT over plain http to api.example:"));
    let hmac = Config {
        signature_method: SignatureMethod::HmacSha1,
        ..c
    };
    assert!(flow_warnings(&hmac).is_empty());
}
